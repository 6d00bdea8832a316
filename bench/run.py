"""Benchmarks, measured side by side in one run: `python bench/run.py --scale 10k`.

Figures: build pages/s with 1 and 2 jobs (no validation) and the speed-up; build with validation; peak RSS
of each build (a subprocess each, so figures don't mix); bulk load triples/s against pyoxigraph's own loader;
each canned query's median latency on our store layer, on raw pyoxigraph with the same SPARQL text, and on
rdflib's in-memory engine; export time per format. Prints a Markdown table and writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SCALES = {"1k": 1_000, "3k": 3_000, "10k": 10_000, "30k": 30_000}


def timed_subprocess(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout of a command in its own process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "sys.stderr.write(r.stderr[-2000:]); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
            "print(r.stdout)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    first, _, rest = out.stdout.partition("\n")
    seconds, rss_kb, rc = first.split()
    if rc != "0":
        raise RuntimeError(f"{args} failed: {out.stderr}")
    return float(seconds), int(rss_kb) // 1024, rest


def osce_kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "osce_kg", *args]


def median_seconds(function, repeat: int) -> float:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def paired_medians(first, second, repeat: int, budget: float = 0.5) -> tuple[float, float]:
    """Median times of two functions run alternately (so drift and cache effects hit both alike).

    At least `repeat` pairs, more for fast functions until about `budget` seconds are spent: five samples of a
    one-millisecond query are mostly noise, and a ratio of two such medians more so.
    """
    first(), second()  # warm-up
    times: tuple[list[float], list[float]] = ([], [])
    spent = 0.0
    while len(times[0]) < repeat or (spent < budget and len(times[0]) < 1000):
        for function, samples in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
            spent += samples[-1]
    return statistics.median(times[0]), statistics.median(times[1])


class TimeLimit(Exception):
    pass


def within(seconds: float, function):
    """Run `function` with a wall-clock limit (SIGALRM interrupts rdflib's pure-Python evaluation)."""
    import signal

    def expire(signum, frame):
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def example_params(example: str) -> dict[str, str]:
    """The `--param k=v` pairs of a query's `# example:` line (queries with required parameters run with them)."""
    import shlex

    words = shlex.split(example)
    pairs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--param", "-p")]
    return dict(pair.split("=", 1) for pair in pairs)


#: for example parameters naming a development-corpus entity the generated corpus lacks: its class
FIRST_OF_TYPE = {"event": "https://w3id.org/osce-kg/ontology#Event", "news": "https://schema.org/NewsArticle"}


def resolvable(store, query, params: dict[str, str]) -> dict[str, str]:
    """The example's parameters, with an event or news item the generated corpus lacks replaced by its first one."""
    from osce_kg import queries
    from osce_kg.errors import QueryError

    out = dict(params)
    try:
        queries.bind(store, query, out)
    except QueryError:
        for param in query.params:
            cls = FIRST_OF_TYPE.get(param.type)
            if param.name in out and cls:
                row = next(iter(store.ox.query(f"SELECT ?x WHERE {{ GRAPH ?g {{ ?x a <{cls}> }} }} LIMIT 1")))
                out[param.name] = row["x"].value
        queries.bind(store, query, out)
    return out


def cli_wall_times(store_path: Path) -> list[dict]:
    """`osce-kg query run NAME` end to end (Python start-up, imports, store opening, query, output), once each."""
    from osce_kg import queries
    from osce_kg.store import Store

    rows = []
    store = Store(store_path, read_only=True)
    chosen = {name: resolvable(store, query, example_params(query.example)
                               if any(p.required for p in query.params) else {})
              for name, query in queries.catalogue().items()}
    store.close()
    for name, params in chosen.items():
        args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
        graph_answer = re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", queries.get(name).text, re.I | re.M)
        started = time.perf_counter()
        run = subprocess.run(osce_kg("query", "run", name, "--store", str(store_path), "--format",
                                     "ntriples" if graph_answer else "csv", *args), capture_output=True)
        seconds = time.perf_counter() - started
        rows.append({"query": name, "wall_s": seconds} if run.returncode == 0 else
                    {"query": name, "error": run.stderr.decode("utf-8", "replace").strip()[-200:]})
    return rows


def query_figures(store_path: Path, nquads: Path, repeat: int, with_rdflib: bool,
                  rdflib_limit: float = 60.0) -> list[dict]:
    import pyoxigraph as ox

    from osce_kg import queries
    from osce_kg.store import Store

    rows = []
    store = Store(store_path, read_only=True)
    raw = ox.Store.read_only(str(store_path))
    dataset = None
    if with_rdflib:
        from rdflib import Dataset

        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(nquads, format="nquads")
        rows.append({"query": "(rdflib parse of the N-Quads)", "rdflib_s": time.perf_counter() - started})
    for name, query in queries.catalogue().items():
        params = example_params(query.example) if any(p.required for p in query.params) else {}
        params = resolvable(store, query, params)
        # What `osce-kg query run` and the server answer by default: a listing's first page.
        text = queries.with_bindings(queries.paged(query), queries.bind(store, query, params))
        ours, plain = paired_medians(
            lambda name=name, params=params: queries.run(name, params, store=store, limit=queries.PAGE),
            lambda text=text: list(raw.query(text, use_default_graph_as_union=True)), repeat)
        row = {"query": name, "params": params,
               "rows": len(queries.run(name, params, store=store, limit=queries.PAGE)),
               "ours_s": ours, "raw_s": plain, "ours_over_raw": ours / plain if plain else None}
        if query.page:  # and the whole listing (`--all`), for the record
            row["all_rows"] = len(queries.run(name, params, store=store, limit=None))
            row["all_s"] = median_seconds(lambda name=name, params=params: list(
                queries.run(name, params, store=store, limit=None)), max(1, repeat // 2))
        if dataset is not None:
            try:
                started = time.perf_counter()
                within(rdflib_limit, lambda text=text: list(dataset.query(text)))
                slow = time.perf_counter() - started
                row.update(rdflib_s=slow, rdflib_over_ours=slow / ours if ours else None)
            except TimeLimit:
                row.update(rdflib_s=None, rdflib_error=f"> {rdflib_limit:.0f} s",
                           rdflib_over_ours=rdflib_limit / ours if ours else None, rdflib_lower_bound=True)
            except Exception as error:  # noqa: BLE001 - a query rdflib cannot run is reported, not fatal
                row["rdflib_error"] = f"{type(error).__name__}: {error}"[:120]
        rows.append(row)
    store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="1k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib side (slow at 30k)")
    parser.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds per query on rdflib")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    pages = SCALES[args.scale]
    work = args.work or Path(tempfile.mkdtemp(prefix="osce-kg-bench-"))
    corpus = work / f"pages-{pages}-{args.seed}"
    if not corpus.exists():
        generate(pages, args.seed, corpus)
    figures: dict[str, object] = {"scale": args.scale, "pages": pages, "cpus": os.cpu_count()}

    builds = {}
    for label, extra in (("build_1job_novalidate", ["--jobs", "1", "--no-validate"]),
                         ("build_2jobs_novalidate", ["--jobs", "2", "--no-validate"]),
                         ("build_2jobs_validate", ["--jobs", "2"])):
        store = work / f"store-{label}"
        subprocess.run(["rm", "-rf", str(store)], check=True)
        seconds, rss, out = timed_subprocess(osce_kg("build", str(corpus), "--store", str(store), "--quiet", *extra))
        builds[label] = {"seconds": seconds, "pages_per_s": pages / seconds, "peak_rss_mb": rss}
    builds["speedup_2jobs"] = (builds["build_1job_novalidate"]["seconds"] /
                               builds["build_2jobs_novalidate"]["seconds"])
    figures["build"] = builds
    store = work / "store-build_2jobs_validate"

    exports = {}
    for fmt, suffix in (("nquads", "nq"), ("trig", "trig"), ("turtle", "ttl"), ("ntriples", "nt"),
                        ("jsonld", "jsonld"), ("rdfxml", "rdf")):
        target = work / f"kg.{suffix}"
        seconds, rss, _ = timed_subprocess(osce_kg("export", "--store", str(store), "--format", fmt, "-o",
                                                   str(target)))
        exports[fmt] = {"seconds": seconds, "bytes": target.stat().st_size, "peak_rss_mb": rss}
    figures["export"] = exports
    nquads = work / "kg.nq"

    import pyoxigraph as ox

    triples = sum(1 for _ in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    figures["quads"] = triples
    subprocess.run(["rm", "-rf", str(work / "load-ours"), str(work / "load-raw")], check=True)
    ours, ours_rss, _ = timed_subprocess(osce_kg("load", str(nquads), "--store", str(work / "load-ours")))
    raw_code = ("import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
                "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()")
    raw, raw_rss, _ = timed_subprocess([sys.executable, "-c", raw_code, str(work / "load-raw"), str(nquads)])
    figures["bulk_load"] = {"ours_s": ours, "raw_s": raw, "ours_over_raw": ours / raw,
                            "triples_per_s": triples / ours, "peak_rss_mb": ours_rss}

    started = time.perf_counter()
    figures["queries"] = query_figures(store, nquads, args.repeat, not args.no_rdflib, args.rdflib_limit)
    figures["queries_seconds"] = time.perf_counter() - started
    figures["cli_query_run"] = cli_wall_times(store)
    figures["self_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    out = results / f"bench-{args.scale}.json"
    out.write_text(json.dumps(figures, indent=1))
    print(markdown(figures))
    print(f"\n(JSON: {out})")


def markdown(f: dict) -> str:
    b = f["build"]
    lines = [f"### osce-kg benchmark, {f['scale']} pages ({f['pages']} pages, {f['quads']} quads, {f['cpus']} cores)",
             "", "| figure | value |", "|---|---|"]
    for label in ("build_1job_novalidate", "build_2jobs_novalidate", "build_2jobs_validate"):
        lines.append(f"| {label.replace('_', ' ')} | {b[label]['pages_per_s']:.0f} pages/s "
                     f"({b[label]['seconds']:.1f} s, peak RSS {b[label]['peak_rss_mb']} MB) |")
    lines.append(f"| speed-up with 2 jobs | {b['speedup_2jobs']:.2f}× |")
    bl = f["bulk_load"]
    lines.append(f"| bulk load (osce-kg load) | {bl['triples_per_s']:.0f} quads/s, {bl['ours_over_raw']:.2f}× "
                 f"pyoxigraph's own bulk loader ({bl['ours_s']:.1f} s vs {bl['raw_s']:.1f} s) |")
    for fmt, e in f["export"].items():
        lines.append(f"| export {fmt} | {e['seconds']:.2f} s, {e['bytes'] / 1e6:.1f} MB, peak RSS "
                     f"{e['peak_rss_mb']} MB |")
    wall = {q["query"]: q["wall_s"] for q in f.get("cli_query_run", []) if "wall_s" in q}
    lines += ["", "Listings (†) answer one page of 100 rows by default, as `osce-kg query run` and the server do; "
                  "the last column is the whole listing (`--all`).", "",
              "| canned query | rows | ours (ms) | raw pyoxigraph (ms) | ours/raw | rdflib (ms) | rdflib/ours | "
              "`osce-kg query run` wall (ms) | whole listing: rows, ms |", "|---|---|---|---|---|---|---|---|---|"]
    for q in f["queries"]:
        if "ours_s" not in q:
            lines.append(f"| {q['query']} | | | | | {(q.get('rdflib_s') or 0) * 1000:.0f} | | | |")
            continue
        rd = f"{q['rdflib_s'] * 1000:.1f}" if q.get("rdflib_s") else q.get("rdflib_error", "–")
        bound = "≥ " if q.get("rdflib_lower_bound") else ""
        ratio = f"{bound}{q['rdflib_over_ours']:.1f}×" if q.get("rdflib_over_ours") else "–"
        name = q["query"] + (" †" if "all_s" in q else "") + (
            " (" + ", ".join(f"{k}={v}" for k, v in q["params"].items()) + ")" if q.get("params") else "")
        whole = f"{q['all_rows']}, {q['all_s'] * 1000:.0f}" if "all_s" in q else ""
        cli = f"{wall[q['query']] * 1000:.0f}" if q["query"] in wall else "–"
        lines.append(f"| {name} | {q.get('rows', '')} | {q['ours_s'] * 1000:.1f} | {q['raw_s'] * 1000:.1f} | "
                     f"{q['ours_over_raw']:.2f} | {rd} | {ratio} | {cli} | {whole} |")
    lines += ["", *summary(f)]
    return "\n".join(lines)


def summary(f: dict) -> list[str]:
    """The issue's query targets, checked against the figures."""
    measured = [q for q in f["queries"] if "ours_s" in q]
    speedups = sorted(q["rdflib_over_ours"] for q in measured if q.get("rdflib_over_ours"))
    slower = [q["query"] for q in measured if q.get("rdflib_s") and q["rdflib_s"] < q["ours_s"]]
    over = [f"{q['query']} ({q['ours_s'] * 1000:.0f} ms)" for q in measured if q["ours_s"] >= 0.2]
    worst = max(measured, key=lambda q: q["ours_over_raw"] or 0)
    walls = [q["wall_s"] for q in f.get("cli_query_run", []) if "wall_s" in q]
    lines = [f"- canned queries: {len(measured)}; under 200 ms: {len(measured) - len(over)}"
             + (f"; over: {', '.join(over)}" if over else "")]
    if speedups:
        lines.append(f"- median speed-up over rdflib: {statistics.median(speedups):.1f}× "
                     f"(lower bounds where rdflib hit its time limit); slower than rdflib: {', '.join(slower) or 'none'}")
    lines.append(f"- ours/raw pyoxigraph: median {statistics.median(q['ours_over_raw'] for q in measured):.2f}, "
                 f"worst {worst['ours_over_raw']:.2f} ({worst['query']})")
    if walls:
        lines.append(f"- `osce-kg query run` wall time: median {statistics.median(walls) * 1000:.0f} ms, "
                     f"under 1 s: {sum(w < 1 for w in walls)} of {len(walls)}")
    return lines


if __name__ == "__main__":
    main()
