"""The pipeline: pages → records → news graphs → validated → stored, as one library call.

Everything is read, extracted, mapped and validated before the first write, so bad input (with
`on_error="fail"`) leaves the store exactly as it was; the writes themselves go in atomic batches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from osce_kg.errors import InputError, OsceKgError
from osce_kg.iris import sha1_hex
from osce_kg.mapping import MappedItem, Mapper
from osce_kg.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, OSCE_NS
from osce_kg.pages import Page, find_page_files, read_page, sample_pages
from osce_kg.resources import ontology_file, reference_file
from osce_kg.store import SOURCE_HASH, Store

BATCH_SIZE = 500


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

    def summary(self) -> str:
        return (f"{self.pages} pages read, {self.items} news items ({self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged), {self.events} events, {self.people} people, {self.triples} "
                f"triples written, {len(self.warnings)} warnings, {len(self.skipped)} skipped, "
                f"{len(self.invalid)} invalid, {self.seconds:.1f} s")


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
    from osce_kg.extract import extract

    return extract(page.text)


def read_pages(paths: Iterable[Path], on_error: str, report: BuildReport) -> list[Page]:
    pages = []
    for path in find_page_files(paths):
        try:
            pages.append(read_page(path))
        except InputError as error:
            if on_error == "fail":
                raise
            report.skipped.append((str(path), error.message))
    return pages


def build(store: Store, paths: Iterable[Path] | None = None, *, on_error: str = "fail",
          validate: bool = True, on_invalid: str = "reject",
          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build pages (or the bundled samples when `paths` is None) into `store`.

    on_error: "fail" stops at the first unreadable page with nothing written; "skip" lists it and goes on.
    on_invalid: "reject" keeps items that violate the shapes out of the store; "store" keeps them anyway.
    """
    started = time.perf_counter()
    report = BuildReport()
    if paths is None:
        pages = [read_page(p, source=f"osce-kg:samples/{p.name}") for p in sample_pages()]
    else:
        pages = read_pages(paths, on_error, report)
    report.pages = len(pages)

    mapper = Mapper()
    items: dict[str, MappedItem] = {}
    sources: dict[str, set[str]] = {}
    for n, page in enumerate(pages, 1):
        try:
            record = extract_page(page)
            mapped = mapper.map_page(record, source=page.source, source_hash=page.sha256, url=page.url,
                                     node_id=page.node_id)
        except OsceKgError:
            raise
        except Exception as error:  # an extractor bug must not lose the batch: name the page
            if on_error == "fail":
                raise InputError(f"could not extract this page ({type(error).__name__}: {error})",
                                 path=page.source) from error
            report.skipped.append((page.source, f"{type(error).__name__}: {error}"))
            continue
        for item in mapped:
            items[item.key] = item  # the same item met twice is ingested once (last wins)
            sources.setdefault(page.source, set()).add(item.key)
            report.warnings.extend(f"{page.source}: {w}" for w in item.warnings)
        if progress:
            progress(n, len(pages))
    report.items = len(items)

    known = store.news_hashes()
    by_source = _keys_by_source(store)
    fresh = {k: it for k, it in items.items() if known.get(k) != _item_hash(it)}
    report.unchanged = len(items) - len(fresh)

    if validate and fresh:
        fresh = _validate(fresh, on_invalid, report)

    stale = set()
    for source, keys in sources.items():
        stale |= {k for k in by_source.get(source, set()) if k not in keys}
    batches = [list(fresh.values())[i:i + BATCH_SIZE] for i in range(0, len(fresh), BATCH_SIZE)] or [[]]
    ensure_base_graphs(store)
    for n, batch in enumerate(batches):
        remove = [_graph_of(k) for k in stale] if n == 0 else []
        store.replace_graphs({it.graph: it.quads for it in batch}, remove=remove)
        for item in batch:
            report.added += item.key not in known
            report.replaced += item.key in known
            report.events += item.events
            report.people += item.people
            report.triples += len(item.quads)
    report.removed = len(stale)
    report.seconds = time.perf_counter() - started
    return report


def _graph_of(key: str) -> str:
    from osce_kg.iris import news_graph_iri

    return news_graph_iri(key)


def _item_hash(item: MappedItem) -> str:
    for quad in item.quads:
        if quad.predicate.value == SOURCE_HASH and quad.subject == quad.graph_name:
            return quad.object.value
    return ""


def _keys_by_source(store: Store) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    rows = store.ox.query(f"SELECT ?g ?src WHERE {{ GRAPH ?g {{ ?g <{OSCE_NS}sourceFile> ?src }} }}")
    for row in rows:
        source = row["src"].value.split("#item-", 1)[0]
        key = row["g"].value.rsplit("/", 1)[-1]
        result.setdefault(source, set()).add(key)
    return result


def _validate(items: dict[str, MappedItem], on_invalid: str, report: BuildReport) -> dict[str, MappedItem]:
    from rdflib import Graph

    from osce_kg.terms import to_rdflib
    from osce_kg.validate import ItemValidator

    validator = ItemValidator()
    graphs = {}
    for key, item in items.items():
        graph = Graph()
        for q in item.quads:
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        graphs[key] = graph
    results = validator.validate(graphs)
    kept = {}
    for key, item in items.items():
        violations = [r for r in results.get(key, []) if r.severity == "Violation"]
        if violations and on_invalid == "reject":
            first = violations[0]
            report.invalid.append((item.title, f"{first.message} ({first.component} on {first.focus})"))
            continue
        kept[key] = item
    return kept
