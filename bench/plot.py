"""How each benchmark figure grows with the corpus: `python bench/plot.py` after `bench/run.py` at several scales.

Reads bench/results/bench-<scale>.json, fits log(seconds) = a + k·log(pages) per figure (k is the growth
exponent: 1 is linear), prints a Markdown table of the figures per scale with k, and draws them on log-log
axes into bench/results/growth.png (the README shows it).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ORDER = ["1k", "3k", "10k", "30k"]


def series(figures: list[dict]) -> dict[str, list[float]]:
    """Seconds per figure, one value per scale (in the order of `figures`)."""
    out: dict[str, list[float]] = {
        "build, 1 job, no validation": [f["build"]["build_1job_novalidate"]["seconds"] for f in figures],
        "build, 2 jobs, no validation": [f["build"]["build_2jobs_novalidate"]["seconds"] for f in figures],
        "build, 2 jobs, with validation": [f["build"]["build_2jobs_validate"]["seconds"] for f in figures],
        "bulk load (osce-kg load)": [f["bulk_load"]["ours_s"] for f in figures],
        "export N-Quads": [f["export"]["nquads"]["seconds"] for f in figures],
        "export Turtle": [f["export"]["turtle"]["seconds"] for f in figures],
        "canned queries, median": [statistics.median(q["ours_s"] for q in f["queries"] if "ours_s" in q)
                                   for f in figures],
        "canned queries, sum": [sum(q["ours_s"] for q in f["queries"] if "ours_s" in q) for f in figures],
    }
    return out


def exponent(pages: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) against log(pages)."""
    xs, ys = [math.log(p) for p in pages], [math.log(max(s, 1e-6)) for s in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=RESULTS / "growth.png")
    args = parser.parse_args()
    figures = [json.loads((RESULTS / f"bench-{s}.json").read_text()) for s in ORDER
               if (RESULTS / f"bench-{s}.json").exists()]
    if len(figures) < 2:
        raise SystemExit("need bench/results/bench-<scale>.json for at least two scales (run bench/run.py)")
    pages = [f["pages"] for f in figures]
    data = series(figures)
    header = " | ".join(f"{f['scale']} ({f['quads']:,} quads)" for f in figures)
    lines = [f"| figure (seconds) | {header} | growth exponent |", "|---" * (len(figures) + 2) + "|"]
    for name, values in data.items():
        cells = " | ".join(f"{v:.2f}" for v in values)
        lines.append(f"| {name} | {cells} | {exponent(pages, values):.2f} |")
    rss = [f["build"]["build_2jobs_validate"]["peak_rss_mb"] for f in figures]
    lines.append(f"| peak RSS of the validated build (MB) | {' | '.join(str(r) for r in rss)} | "
                 f"{exponent(pages, rss):.2f} |")
    print("\n".join(lines))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    for name, values in data.items():
        ax.plot(pages, values, marker="o", label=f"{name} (k = {exponent(pages, values):.2f})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("generated pages")
    ax.set_ylabel("seconds")
    ax.set_title("osce-kg: growth of each figure with the corpus (log-log; k = 1 is linear)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"\n(plot: {args.out})")


if __name__ == "__main__":
    main()
