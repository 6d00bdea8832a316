"""SHACL validation speed, measured side by side in one run: `python bench/validation.py --scale 100k --scale 1M`.

For each scale: a generated corpus (bench/generate.py) built without validation, its store merged into one graph
(written once as N-Triples). Then, each in its own process with a time limit, so figures don't mix:

* pyshacl on the whole graph (the reference; the time of building its rdflib Graph is reported apart),
* each fast engine (pyshifty, pyshacl-turbo) on the whole graph, from the same N-Triples,
* `osce-kg validate FILE --engine E` end to end (parse, validate, JSON report),
* the incremental per-batch path `build` uses (`ItemValidator`: reference data + 500 news graphs at a time,
  results on what each batch adds), with the fast engine and, where affordable, with pyshacl.

Agreement is checked on the way: every engine's results, as a set of (focus, path, component, severity), must
equal pyshacl's. Prints a Markdown table and writes JSON to bench/results/validation-<scales>.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: pages per scale; about 80 triples a page (news, events, spans, role statements, provenance) + reference data.
SCALES = {"10k": 60, "100k": 1_250, "250k": 3_000, "1M": 12_500}
FAST = ("shifty", "turbo")


# ---------------------------------------------------------------------------------------------------------------------
#  Measurements (each runs in a child process: `--measure KIND`)
# ---------------------------------------------------------------------------------------------------------------------

def _keys_digest(results: list) -> tuple[int, str, list]:
    from osce_kg.engines import keys

    found = sorted(keys(results), key=lambda k: tuple(x or "" for x in k))
    digest = hashlib.sha256(json.dumps(found).encode()).hexdigest()[:16]
    return len(found), digest, found


def measure_whole(engine: str, nt: Path, keys_out: Path) -> dict:
    """One engine on the whole graph, from N-Triples; the data conversion it needs is timed apart."""
    import pyoxigraph as ox

    from osce_kg import engines
    from osce_kg.validate import load_ontology, load_shapes

    shapes, ontology = load_shapes(), load_ontology()
    started = time.perf_counter()
    store = ox.Store()
    store.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    data = engines.Data(store=store)
    if engine == "pyshacl":
        data.graph()  # pyshacl needs an rdflib Graph: build it before the clock starts
    else:
        data.ntriples()
    prepared = time.perf_counter()
    validator = engines.make(engine, shapes, ontology)
    report = validator.validate(data)
    done = time.perf_counter()
    count, digest, found = _keys_digest(report.results)
    keys_out.write_text(json.dumps(found))
    return {"engine": engine, "load_s": prepared - started, "validate_s": done - prepared, "results": count,
            "digest": digest, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def measure_incremental(engine: str, store_path: Path, keys_out: Path) -> dict:
    """`build`'s path: every news graph of the store through `ItemValidator`, in build's batch size."""
    from rdflib import Graph

    from osce_kg.build import BATCH_SIZE
    from osce_kg.engines import key
    from osce_kg.store import Store, graph_kind
    from osce_kg.terms import to_rdflib
    from osce_kg.validate import ItemValidator

    with Store(store_path, read_only=True) as store:
        items: dict[str, Graph] = {}
        for iri in store.named_graphs():
            if graph_kind(iri) == "news":
                graph = Graph()
                for q in store.quads(iri):
                    graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
                items[iri.rsplit("/", 1)[-1]] = graph
    started = time.perf_counter()
    validator = ItemValidator(engine=engine)
    keys = list(items)
    found: set = set()
    for start in range(0, len(keys), BATCH_SIZE):
        for results in validator.validate({k: items[k] for k in keys[start:start + BATCH_SIZE]}).values():
            found |= {key(r) for r in results}
    seconds = time.perf_counter() - started
    ordered = sorted(found, key=lambda k: tuple(x or "" for x in k))
    keys_out.write_text(json.dumps(ordered))
    return {"engine": validator.engine, "items": len(items), "validate_s": seconds, "results": len(found),
            "digest": hashlib.sha256(json.dumps(ordered).encode()).hexdigest()[:16],
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def child(args: list[str], timeout: float) -> dict:
    """Run a measurement in its own process; a run over the time limit is reported, not fatal."""
    started = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout}
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["?"], "wall_s": time.perf_counter() - started}
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli_end_to_end(engine: str, nt: Path, out: Path, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, "-m", "osce_kg", "validate", str(nt), "--engine", engine,
                              "--format", "json", "-o", str(out)], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout_s": timeout}
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 1):
        return {"error": run.stderr.strip()[-300:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {(r["focus"], r["path"], r["component"], r["severity"]) for r in report["results"]}
    ordered = sorted(found, key=lambda k: tuple(x or "" for x in k))
    return {"seconds": seconds, "results": len(found),
            "digest": hashlib.sha256(json.dumps([list(k) for k in ordered]).encode()).hexdigest()[:16]}


# ---------------------------------------------------------------------------------------------------------------------
#  One scale
# ---------------------------------------------------------------------------------------------------------------------

def prepare(scale: str, work: Path, seed: int) -> tuple[Path, Path, int]:
    """The corpus, its store (built without validation) and the merged graph as N-Triples, made once."""
    from generate import generate

    pages = SCALES[scale]
    corpus = work / f"pages-{pages}-{seed}"
    if not corpus.exists():
        generate(pages, seed, corpus)
    store = work / f"store-{pages}-{seed}"
    if not store.exists():
        subprocess.run([sys.executable, "-m", "osce_kg", "build", str(corpus), "--store", str(store),
                        "--no-validate", "--quiet"], check=True)
    nt = work / f"kg-{pages}-{seed}.nt"
    if not nt.exists():
        from osce_kg.engines import Data
        from osce_kg.store import Store

        with Store(store, read_only=True) as opened:
            data = Data.from_quads(q for g in opened.named_graphs() for q in opened.quads(g))
        nt.write_bytes(data.ntriples())
    with open(nt, "rb") as handle:
        triples = sum(1 for _ in handle)
    return store, nt, triples


def run_scale(scale: str, work: Path, seed: int, timeout: float, pyshacl_limit: int,
              incremental_pyshacl_limit: int) -> dict:
    store, nt, triples = prepare(scale, work, seed)
    row: dict[str, object] = {"scale": scale, "pages": SCALES[scale], "triples": triples}
    keys = work / f"keys-{scale}"
    keys.mkdir(exist_ok=True)
    whole = {}
    if triples <= pyshacl_limit:
        whole["pyshacl"] = child(["--measure", "whole", "--engine", "pyshacl", "--nt", str(nt),
                                  "--keys", str(keys / "pyshacl.json")], timeout)
    else:
        whole["pyshacl"] = {"skipped": f"more than {pyshacl_limit} triples"}
    for engine in FAST:
        whole[engine] = child(["--measure", "whole", "--engine", engine, "--nt", str(nt),
                               "--keys", str(keys / f"{engine}.json")], timeout)
    row["whole"] = whole
    row["cli"] = {engine: cli_end_to_end(engine, nt, keys / f"cli-{engine}.json", timeout) for engine in FAST}
    incremental = {"fast": child(["--measure", "incremental", "--engine", "auto", "--store", str(store),
                                  "--keys", str(keys / "incremental-fast.json")], timeout)}
    if triples <= incremental_pyshacl_limit:
        incremental["pyshacl"] = child(["--measure", "incremental", "--engine", "pyshacl", "--store", str(store),
                                        "--keys", str(keys / "incremental-pyshacl.json")], timeout)
    row["incremental"] = incremental
    reference = whole["pyshacl"].get("digest")
    row["agreement"] = {name: (None if reference is None or "digest" not in fig else fig["digest"] == reference)
                        for name, fig in [*whole.items(), *((f"cli-{k}", v) for k, v in row["cli"].items())]}
    # build's path is checked against whole-graph results restricted to news-graph nodes (the same semantics)
    return row


# ---------------------------------------------------------------------------------------------------------------------
#  Report
# ---------------------------------------------------------------------------------------------------------------------

def _s(fig: dict, field: str = "validate_s") -> str:
    if "timeout_s" in fig:
        return f"> {fig['timeout_s']:.0f} (time limit)"
    if "skipped" in fig:
        return "not run"
    if "error" in fig:
        return f"error: {fig['error']}"
    return f"{fig[field]:.1f}"


def _ratio(base: dict, fig: dict, field: str = "validate_s") -> str:
    if "validate_s" not in base or field not in fig:
        return "–"
    return f"{base['validate_s'] / fig[field]:.1f}×"


def markdown(rows: list[dict], cpus: int) -> str:
    lines = [f"### SHACL validation, osce-kg shapes ({cpus} cores; seconds, ratio = pyshacl whole graph / figure)",
             "", "| scale | triples | pyshacl whole | shifty whole | turbo whole | shifty CLI end-to-end | "
                 "turbo CLI end-to-end | build path, fast engine | build path, pyshacl | same results as pyshacl |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        w, c, i = row["whole"], row["cli"], row["incremental"]
        base = w["pyshacl"]
        agree = ", ".join(f"{k}: {'yes' if v else 'NO' if v is False else '–'}" for k, v in row["agreement"].items()
                          if k != "pyshacl")
        ipy = i.get("pyshacl", {"skipped": True})
        lines.append(
            f"| {row['scale']} | {row['triples']:,} | {_s(base)} | {_s(w['shifty'])} ({_ratio(base, w['shifty'])}) | "
            f"{_s(w['turbo'])} ({_ratio(base, w['turbo'])}) | {_s(c['shifty'], 'seconds')} "
            f"({_ratio(base, c['shifty'], 'seconds')}) | {_s(c['turbo'], 'seconds')} "
            f"({_ratio(base, c['turbo'], 'seconds')}) | {_s(i['fast'])} ({_ratio(base, i['fast'])}) | "
            f"{_s(ipy)} | {agree} |")
    lines += ["", "Whole-graph figures exclude loading (pyshacl's rdflib Graph build is in the JSON as load_s); "
                  "CLI figures are wall time of `osce-kg validate FILE --engine E --format json` including "
                  "Python start-up, parsing and the report. The build path validates every news graph in batches "
                  "of 500 merged with the reference data (what `osce-kg build` does)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", action="append", choices=SCALES, help="repeatable (default: 100k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="work folder, reused between runs (default: a temporary one)")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds per measurement")
    parser.add_argument("--pyshacl-limit", type=int, default=1_200_000,
                        help="run pyshacl on the whole graph only up to this many triples")
    parser.add_argument("--incremental-pyshacl-limit", type=int, default=150_000,
                        help="run build's path with pyshacl only up to this many triples")
    parser.add_argument("--measure", choices=["whole", "incremental"], help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--nt", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keys", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure == "whole":
        print(json.dumps(measure_whole(args.engine, args.nt, args.keys)))
        return
    if args.measure == "incremental":
        print(json.dumps(measure_incremental(args.engine, args.store, args.keys)))
        return
    scales = args.scale or ["100k"]
    work = args.work or Path(tempfile.mkdtemp(prefix="osce-kg-validation-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in scales:
        rows.append(run_scale(scale, work, args.seed, args.timeout, args.pyshacl_limit,
                              args.incremental_pyshacl_limit))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    figures = {"cpus": os.cpu_count(), "rows": rows}
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    out = results / f"validation-{'-'.join(scales)}.json"
    out.write_text(json.dumps(figures, indent=1))
    print(markdown(rows, os.cpu_count() or 1))
    print(f"\n(JSON: {out})")


if __name__ == "__main__":
    main()
