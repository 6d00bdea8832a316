"""SHACL validation on the data involved, with pyshacl or a proven-equivalent fast engine (PITFALLS.md #2, #9, #11).

`build` validates each batch of new news graphs merged with the reference data, and keeps the results on the nodes
the batch adds, so the reference data is not reported each time. `osce-kg validate` validates a whole dataset
(files, the store) in one call. Which engine runs is `osce_kg.engines`' business:
`auto` (the default) takes the Rust engine only for our bundled shapes without inference, where
tests/test_engines.py proves it gives pyshacl's results; anything else runs on pyshacl.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from osce_kg.resources import ontology_file, reference_file, shapes_dir

if TYPE_CHECKING:
    from osce_kg.engines import Data

SEVERITY_ORDER = {"Info": 0, "Warning": 1, "Violation": 2}


@dataclass(frozen=True)
class Result:
    """One validation result, flattened for reports."""

    focus: str
    path: str | None
    component: str
    severity: str
    message: str
    value: str | None
    shape: str | None
    label: str | None = None
    news: str | None = None  # the news item the focus node came from, when known


class Report:
    """Flattened results, plus the standard sh:ValidationReport graph for the Turtle/JSON-LD renderings.

    A fast engine hands over its report as N-Triples; the rdflib graph is parsed from them only when asked for,
    because at a million triples the report can be larger than the engine's whole run is long.
    """

    def __init__(self, results: list[Result] | None = None, graph: Graph | None = None, *,
                 ntriples: bytes | None = None, engine: str | None = None) -> None:
        self.results: list[Result] = results if results is not None else []
        self._graph = graph
        self._ntriples = ntriples
        self.engine = engine

    @property
    def graph(self) -> Graph | None:
        if self._graph is None and self._ntriples is not None:
            self._graph = Graph().parse(data=self._ntriples, format="nt")
            self._graph.bind("sh", SH)
        return self._graph

    @graph.setter
    def graph(self, value: Graph | None) -> None:
        self._graph = value

    def __repr__(self) -> str:
        return f"Report(engine={self.engine!r}, results={len(self.results)})"

    @property
    def conforms(self) -> bool:
        return not self.results

    def at_or_above(self, severity: str) -> list[Result]:
        floor = SEVERITY_ORDER[severity]
        return [r for r in self.results if SEVERITY_ORDER.get(r.severity, 2) >= floor]


def load_shapes(paths: Iterable[Path] | None = None) -> Graph:
    """Our bundled shapes (certified for the fast engine, see `osce_kg.engines`), or the given files."""
    from osce_kg.engines import certify

    graph = Graph()
    for path in paths or sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph if paths else certify(graph)


def load_shapes_files(paths: Iterable[Path]) -> Graph:
    """User-given shapes files (any RDF format), with a clear error (exit 2) for bad ones."""
    from osce_kg.errors import InputError

    for path in paths:
        if not Path(path).is_file():
            raise InputError("no such shapes file", path=path)
    graph = load_files(paths)
    if not any(graph.triples((None, RDF.type, SH.NodeShape))) and not any(
            graph.triples((None, RDF.type, SH.PropertyShape))):
        raise InputError("no SHACL node or property shapes in the shapes file(s)", path=next(iter(paths)))
    return graph


def load_ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def load_reference() -> Graph:
    return Graph().parse(reference_file(), format="turtle")


_SDO = "https://schema.org/"
_PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def news_of(data: Graph, focus: object) -> str | None:
    """The news item a node came from: itself, what it was derived from, or an item that mentions it."""
    if (focus, RDF.type, URIRef(_SDO + "NewsArticle")) in data:
        return str(focus)
    derived = data.value(focus, _PROV_DERIVED)
    if derived is not None:
        return str(derived)
    mentioning = data.value(None, URIRef(_SDO + "mentions"), focus)
    return str(mentioning) if mentioning is not None else None


def _results(report_graph: Graph, data: Graph, shapes: Graph | None = None) -> list[Result]:
    """A pyshacl report graph as sorted `Result`s (kept for callers of the old helper)."""
    from osce_kg.engines import Data, results_from_graph

    return results_from_graph(report_graph, Data(graph=data), shapes if shapes is not None else Graph())


@contextlib.contextmanager
def cached_sparql_parsing() -> Iterator[None]:
    """Parse each SHACL-SPARQL constraint once instead of once per focus node.

    pyshacl runs a SPARQL-based constraint as `graph.query(text, initBindings={"this": node})` for every focus
    node, and rdflib parses the (identical) text every time: 46 ms of pyparsing per call against well under
    1 ms of evaluation — 64 of 78 s when validating the 25 sample pages. A prepared rdflib `Query` is made for
    reuse with different initial bindings, so caching it by its text, base and namespaces is exact.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    @functools.lru_cache(maxsize=512)
    def prepared(text: str, base: str | None, namespaces: tuple) -> object:
        return processor.translateQuery(processor.parseQuery(text), base, dict(namespaces) or None)

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            strOrQuery = prepared(strOrQuery, base, tuple(sorted((initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def validate_graph(data: Graph, shapes: Graph | None = None, *, ontology: Graph | None = None,
                   infer: str = "none", focus_nodes: list[URIRef] | None = None, engine: str = "auto") -> Report:
    """Validate `data` against `shapes` (ours by default). `infer`: none, rdfs or owlrl (pyshacl's own).

    `engine`: auto (the fast engine where agreement is proven, else pyshacl), pyshacl, shifty or turbo.
    """
    from osce_kg.engines import Data

    return validate_data(Data(graph=data), shapes, ontology=ontology, infer=infer, focus_nodes=focus_nodes,
                         engine=engine)


def validate_data(data: Data, shapes: Graph | None = None, *, ontology: Graph | None = None, infer: str = "none",
                  focus_nodes: Iterable[object] | None = None, engine: str = "auto") -> Report:
    """`validate_graph` for data held as `osce_kg.engines.Data` (files or a store read without rdflib)."""
    from osce_kg import engines

    shapes = shapes if shapes is not None else load_shapes()
    name = engines.choose(engine, shapes, infer=infer)
    validator = engines.make(name, shapes, ontology, infer=infer)
    report = validator.validate(data, focus_nodes=None if focus_nodes is None else [str(n) for n in focus_nodes])
    report.engine = name
    return report


class ItemValidator:
    """Validates batches of new news graphs against the shapes, merged with the reference data.

    The engine's shapes are prepared once; each batch is the reference data + the batch's graphs, and only
    results on the batch's own subjects count, so `build` validates what it adds. A fast engine validates the
    batch graph whole and keeps the results on those subjects: exactly the whole-graph results. pyshacl gets them
    as `focus_nodes` (16 ms instead of 178 ms an item, PITFALLS.md #9), which is exact for targets but skips
    nested sh:node/sh:or checks on values outside the list (tests/test_engines.py,
    test_pyshacl_focus_nodes_skip_nested_shapes).
    """

    def __init__(self, shapes: Graph | None = None, *, engine: str = "auto") -> None:
        from osce_kg import engines

        self.shapes = shapes if shapes is not None else load_shapes()
        self.ontology = load_ontology()
        self.base = load_reference()
        self.engine = engines.choose(engine, self.shapes)
        self._validator = engines.make(self.engine, self.shapes, self.ontology)
        self._base_nt = engines.ntriples_of(self.base) if self.engine != "pyshacl" else b""

    def validate(self, items: Mapping[str, Graph | str]) -> dict[str, list[Result]]:
        """news key → results for that item (empty list: conforms).

        An item is an rdflib Graph or its N-Triples text. `build` passes text: a fast engine then reads it as
        it is, and no rdflib Graph is built at all (building them cost more than validating, PITFALLS.md #1).
        """
        from osce_kg.engines import Data, ntriples_of

        if not items:
            return {}
        texts = {k: v.encode("utf-8") if isinstance(v, str) else ntriples_of(v) for k, v in items.items()}
        owner: dict[str, str] = {}
        for key, text in texts.items():
            for triple in ox.parse(text, ox.RdfFormat.N_TRIPLES):
                if isinstance(triple.subject, ox.NamedNode):
                    owner.setdefault(triple.subject.value, key)
        if self.engine == "pyshacl":
            data = Graph()
            for triple in self.base:
                data.add(triple)
            for key, item in items.items():
                graph = item if isinstance(item, Graph) else _graph_of(texts[key])
                for triple in graph:
                    data.add(triple)
            source = Data(graph=data)
        else:  # the reference data was serialised once; each batch adds only its own N-Triples
            store = ox.Store()
            store.load(self._base_nt + b"\n".join(texts.values()), format=ox.RdfFormat.N_TRIPLES)
            source = Data(store=store)
        report = self._validator.validate(source, focus_nodes=list(owner))
        by_item: dict[str, list[Result]] = {key: [] for key in items}
        for result in report.results:
            by_item.setdefault(owner.get(result.focus, "?"), []).append(result)
        return by_item


def _graph_of(ntriples: bytes) -> Graph:
    from osce_kg.terms import to_rdflib

    graph = Graph()
    for t in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def load_files(paths: Iterable[Path]) -> Graph:
    """Parse RDF files (any format pyoxigraph reads) into one rdflib Graph, with clear errors."""
    from osce_kg.store import quads_to_rdflib, read_rdf_files

    return quads_to_rdflib(read_rdf_files(paths))
