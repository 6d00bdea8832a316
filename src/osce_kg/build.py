"""The pipeline: pages → records → news graphs → validated → stored, as one library call.

Everything is read, extracted, mapped and validated before the first write, so bad input (with
`on_error="fail"`) leaves the store exactly as it was; the writes themselves go in atomic batches.

Extraction and mapping are pure Python and CPU-bound, so `jobs > 1` spreads pages over worker processes.
pyoxigraph terms cannot cross a process boundary, so each worker sends back its items' triples as N-Triples
text, which is exactly what the store's atomic update consumes.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from osce_kg.errors import InputError
from osce_kg.iris import news_graph_iri, sha1_hex
from osce_kg.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, OSCE_NS
from osce_kg.pages import Page, iter_pages, read_page, sample_pages
from osce_kg.resources import ontology_file, reference_file
from osce_kg.store import SOURCE_HASH, Store

if TYPE_CHECKING:
    from osce_kg.validate import ItemValidator

# Items per batch (one atomic write, ~135k quads). Each batch is one bulk ingest, and every ingest adds files that
# RocksDB compacts in the background: 500-item batches cost 9 s of compaction CPU per 10k pages, 2000-item ones
# 2 s (bench/results), for ~150 MB more memory.
BATCH_SIZE = 2000
PARALLEL_THRESHOLD = 64  # below this many pages, worker start-up costs more than it saves
Progress = Callable[[int, int], None]


@dataclass
class BuildReport:
    """What a build did; the CLI prints it as the closing summary."""

    pages: int = 0
    items: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    events: int = 0
    people: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1

    def summary(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        return (f"{self.pages} pages read, {self.items} news items ({self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged, {self.removed} removed), {self.events} events, {self.people} "
                f"people, {self.triples} triples written, {len(self.warnings)} warnings, {len(self.skipped)} "
                f"skipped, {len(self.invalid)} invalid, {self.seconds:.1f} s ({rate:.0f} pages/s, "
                f"{self.jobs} job{'s' if self.jobs != 1 else ''})")


@dataclass
class Item:
    """One mapped news item, in a form that crosses process boundaries (triples as N-Triples text)."""

    key: str
    title: str
    source: str
    source_hash: str
    ntriples: str
    triples: int
    events: int
    people: int
    warnings: list[str]

    @property
    def graph(self) -> str:
        return news_graph_iri(self.key)


def ensure_base_graphs(store: Store) -> bool:
    """Load (or refresh) the ontology and reference graphs when their files changed. True if written."""
    wanted: dict[str, list[ox.Quad]] = {}
    for graph_iri, path in ((GRAPH_ONTOLOGY, ontology_file()), (GRAPH_REFERENCE, reference_file())):
        data = path.read_bytes()
        digest = "sha1:" + sha1_hex(data.decode("utf-8"))
        if store.graph_hash(graph_iri) == digest:
            continue
        graph = ox.NamedNode(graph_iri)
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse(data, ox.RdfFormat.TURTLE)]
        quads.append(ox.Quad(graph, ox.NamedNode(SOURCE_HASH), ox.Literal(digest), graph))
        wanted[graph_iri] = quads
    if wanted:
        store.replace_graphs(wanted)
    return bool(wanted)


def extract_page(page: Page) -> dict:
    """The extraction record of a page, with gaps filled from what the source knew (HTML meta, JSONL)."""
    from osce_kg.extract import extract

    record = extract(page.text)
    for key in ("title", "date_published", "content_type"):
        if not record.get(key) and page.metadata.get(key):
            record[key] = page.metadata[key]
    for key in ("issuers", "fields_of_work"):
        if not record.get(key) and page.metadata.get(key):
            record[key] = list(page.metadata[key])
    return record


# -- workers ---------------------------------------------------------------------------------------------------
_MAPPER = None


def _mapper(ingest_time: str):
    global _MAPPER
    from osce_kg.mapping import Mapper

    if _MAPPER is None or _MAPPER.ingest_time != ingest_time:
        _MAPPER = Mapper(ingest_time=ingest_time)
    return _MAPPER


def process_page(page: Page, ingest_time: str) -> list[Item] | tuple[str, str]:
    """Extract and map one page; an extractor failure comes back as (source, reason), never as a crash."""
    try:
        record = extract_page(page)
        mapped = _mapper(ingest_time).map_page(record, source=page.source, source_hash=page.sha256,
                                               url=page.url, node_id=page.node_id)
    except Exception as error:  # noqa: BLE001 - report the page, keep the batch
        return (page.source, f"could not extract this page ({type(error).__name__}: {error})")
    return [Item(key=m.key, title=m.title, source=page.source, source_hash=page.sha256,
                 ntriples="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in m.quads),
                 triples=len(m.quads), events=m.events, people=m.people, warnings=m.warnings)
            for m in mapped]


def _process_chunk(pages: list[Page], ingest_time: str) -> list[list[Item] | tuple[str, str]]:
    return [process_page(p, ingest_time) for p in pages]


def process_pages(pages: list[Page], ingest_time: str, jobs: int,
                  progress: Progress | None = None) -> Iterator[list[Item] | tuple[str, str]]:
    """Results in page order, computed in `jobs` worker processes (in this process for small inputs).

    At most about one batch of pages is in flight ahead of the consumer: `pool.map` would run every page at
    once, and while the main process validates and writes, finished results would pile up in memory (a
    validated 30k-page build peaked at 941 MB that way, 692 MB this way, in the same 135 s). A batch ahead
    keeps the workers busy while a batch is written.
    """
    total = len(pages)
    if jobs <= 1 or total < PARALLEL_THRESHOLD:
        for n, page in enumerate(pages, 1):
            yield process_page(page, ingest_time)
            if progress:
                progress(n, total)
        return
    chunk = max(8, min(64, total // (jobs * 8) or 1))
    chunks = (pages[i:i + chunk] for i in range(0, total, chunk))
    ahead = max(2 * jobs, BATCH_SIZE // chunk + jobs)  # chunks submitted and not yet consumed
    done = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        running: deque[Future] = deque(pool.submit(_process_chunk, c, ingest_time) for c in islice(chunks, ahead))
        while running:
            results = running.popleft().result()
            more = next(chunks, None)
            if more is not None:
                running.append(pool.submit(_process_chunk, more, ingest_time))
            yield from results
            done += len(results)
            if progress:
                progress(done, total)


# -- the build -------------------------------------------------------------------------------------------------
def read_pages(paths: Iterable[Path], on_error: str, report: BuildReport,
               columns: dict[str, str] | None = None) -> list[Page]:
    pages = []
    for page in iter_pages(paths, columns=columns):
        if isinstance(page, InputError):
            if on_error == "fail":
                raise page
            where = f"{page.path}:{page.line}" if page.line else str(page.path)
            report.skipped.append((where, page.message))
        else:
            pages.append(page)
    return pages


def build(store: Store, paths: Iterable[Path] | None = None, *, on_error: str = "fail",
          validate: bool = True, on_invalid: str = "reject", jobs: int | None = None,
          progress: Progress | None = None, quarantine: Path | None = None,
          columns: dict[str, str] | None = None) -> BuildReport:
    """Build pages (or the bundled samples when `paths` is None) into `store`.

    on_error: "fail" stops at the first unreadable page with nothing written (every page is read before the
        first write); "skip" lists it and goes on. A page the extractor cannot handle stops a "fail" build
        after the batches already written (each one whole, in its own transaction).
    on_invalid: "reject" keeps items that violate the shapes out of the store; "store" keeps them anyway;
        "quarantine" keeps them out and writes each (its N-Triples and its report) to `quarantine`
        (default: the folder `<store>.quarantine` beside the store) for a person to look at.
    jobs: worker processes for extraction (default: the number of cores).
    columns: for JSON Lines / CSV sources, record field → column name (see `osce_kg.records`).
    """
    import datetime as dt

    started = time.perf_counter()
    report = BuildReport(jobs=jobs or os.cpu_count() or 1)
    if paths is None:
        pages = [read_page(p, source=f"osce-kg:samples/{p.name}") for p in sample_pages()]
    else:
        pages = read_pages(paths, on_error, report, columns)
    report.pages = len(pages)
    if report.pages < PARALLEL_THRESHOLD:
        report.jobs = 1  # process_pages works in this process for small inputs: say so in the summary
    ingest_time = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()

    # Pipelined: each batch of new or changed items is validated and written (one atomic transaction) as soon
    # as it is complete, while the workers go on extracting; memory holds one batch, not the whole build.
    known = store.news_hashes()
    previous_by_source = _keys_by_source(store)
    ensure_base_graphs(store)
    folder = quarantine or store.path.with_name(store.path.name + ".quarantine")
    sources: dict[str, set[str]] = {}
    ingested: dict[str, str] = {}  # key -> source hash taken in this build (the same item twice: once)
    written: set[str] = set()
    pending: dict[str, Item] = {}
    writes = 0  # batches written: from two on, the store is compacted at the end

    validator: ItemValidator | None = None  # made once: preparing the shapes and reference data takes ~1 s

    def flush() -> None:
        nonlocal validator, writes
        batch = dict(pending)
        pending.clear()
        if validate and batch:
            if validator is None:
                from osce_kg.validate import ItemValidator

                validator = ItemValidator()
            batch = _validate(batch, on_invalid, report, folder, validator)
        if not batch:
            return
        content = {it.graph: it.ntriples for it in batch.values()}
        if any(k in known or k in written for k in batch):
            store.replace_graphs(content)  # one atomic update: drops and inserts together
        else:
            store.add_graphs(content)  # only new graphs: one atomic extend
        writes += 1
        for key, item in batch.items():
            if key not in written:
                report.added += key not in known
                report.replaced += key in known
                report.events += item.events
                report.people += item.people
            report.triples += item.triples
            written.add(key)

    for result in process_pages(pages, ingest_time, report.jobs, progress):
        if isinstance(result, tuple):
            source, reason = result
            if on_error == "fail":
                raise InputError(reason, path=source)
            report.skipped.append(result)
            continue
        for item in result:
            sources.setdefault(item.source, set()).add(item.key)
            report.warnings.extend(f"{item.source}: {w}" for w in item.warnings)
            if ingested.get(item.key) == item.source_hash:
                continue  # met twice with the same content: ingested once
            ingested[item.key] = item.source_hash
            if known.get(item.key) == item.source_hash and item.key not in written:
                continue  # unchanged since the last build
            pending[item.key] = item
        if len(pending) >= BATCH_SIZE:
            flush()
    flush()
    report.items = len(ingested)
    report.unchanged = sum(1 for k, h in ingested.items() if known.get(k) == h and k not in written)

    # A page whose title changed gets a new key: its old graph (same source) goes, in one last transaction.
    stale: set[str] = set()
    for source, keys in previous_by_source.items():
        if source in sources:
            stale |= keys - sources[source]
    if stale:
        store.remove_graphs([news_graph_iri(k) for k in stale])
    report.removed = len(stale)
    if writes >= 2:  # each batch left files of its own; one batch (the usual update) is not worth it
        store.optimize()
    report.seconds = time.perf_counter() - started
    return report


def _keys_by_source(store: Store) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    rows = store.ox.query(f"SELECT ?g ?src WHERE {{ GRAPH ?g {{ ?g <{OSCE_NS}sourceFile> ?src }} }}")
    for row in rows:
        key = row["g"].value.rsplit("/", 1)[-1]
        result.setdefault(row["src"].value.split("#item-", 1)[0], set()).add(key)
    return result


def _validate(items: dict[str, Item], on_invalid: str, report: BuildReport, quarantine: Path,
              validator: ItemValidator) -> dict[str, Item]:
    results = validator.validate({key: item.ntriples for key, item in items.items()})
    kept = {}
    for key, item in items.items():
        violations = [r for r in results.get(key, []) if r.severity == "Violation"]
        if violations and on_invalid in ("reject", "quarantine"):
            first = violations[0]
            report.invalid.append((item.title, f"{first.message} ({first.component} on {first.focus})"))
            if on_invalid == "quarantine":
                _quarantine(quarantine, item, results[key])
            continue
        kept[key] = item
    return kept


def _quarantine(folder: Path, item: Item, results: list) -> None:
    """Write a rejected item and the reasons beside the store, atomically, for a person to look at."""
    import json

    from osce_kg.output import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{item.key}.nt", (item.ntriples + "\n").encode("utf-8"))
    atomic_write(folder / f"{item.key}.report.json", json.dumps(
        {"key": item.key, "title": item.title, "source": item.source,
         "results": [r.__dict__ for r in results]}, indent=1, ensure_ascii=False).encode("utf-8"))
