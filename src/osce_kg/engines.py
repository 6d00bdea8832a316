"""Interchangeable SHACL engines behind one `Validator` interface, and the data they all read.

Why several engines: pyshacl is the reference (pure Python, the engine the shapes were written and tested
against) but takes minutes on a dataset of a million triples. pyshifty (`shifty`, Rust) and pyshacl-turbo
(Rust behind pySHACL's API) take seconds. A fast engine is used only where its agreement with pyshacl has been
*proven*, not assumed: on our own bundled shapes, without inference. tests/test_engines.py proves it on every
negative fixture and on a benchmark graph with injected violations; anything else (custom shapes, `--infer`)
runs on pyshacl unless the caller names an engine explicitly.

Every engine gets the same data, normalised the same way (PITFALLS.md #1): RDF 1.1 literals, where a plain
string *is* an `xsd:string`. The Rust engines read N-Triples (the fastest format to parse); pyshacl reads an
rdflib Graph whose `xsd:string` literals were turned into plain ones by `osce_kg.terms`. pyshacl mixes the
ontology into the data graph (`ont_graph`); the other engines get the ontology's triples appended to the data,
which is the same thing. Each engine's report is normalised to `Result` objects, so results can be compared as
sets of (focus, path, component, severity).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from osce_kg.terms import to_oxigraph, to_rdflib

if TYPE_CHECKING:
    from osce_kg.validate import Report, Result

ENGINES = ("pyshacl", "shifty", "turbo")
CHOICES = ("auto", *ENGINES)
#: The engine `auto` picks where agreement is proven (see the module docstring and tests/test_engines.py).
FAST_ENGINE = "shifty"
#: The versions tests/test_engines.py proved equivalent to pyshacl. `auto` takes no other version: an upgrade
#: must pass the differential tests and be added here (and pinned in pyproject.toml) before it is trusted.
PROVEN_VERSIONS = {"shifty": ("0.5.1",), "turbo": ("0.6.5",)}

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_NEWS_ARTICLE = "https://schema.org/NewsArticle"
_MENTIONS = "https://schema.org/mentions"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

# Shapes graphs that are exactly our bundled shapes, registered by `validate.load_shapes()` (a fresh graph each
# call). Only for these has the differential test proven that the fast engine agrees with pyshacl; identity, not
# content, is checked so a caller's own shapes never take the fast path by accident. (Not the size either: pyshacl
# itself adds two triples to a shapes graph it validated with.)
_CERTIFIED: weakref.WeakSet[Graph] = weakref.WeakSet()


def certify(shapes: Graph) -> Graph:
    """Mark a shapes graph as our bundled shapes (the ones tests/test_engines.py proves agreement on)."""
    _CERTIFIED.add(shapes)
    return shapes


def is_certified(shapes: Graph) -> bool:
    return shapes in _CERTIFIED


_MODULES = {"pyshacl": "pyshacl", "shifty": "shifty", "turbo": "pyshacl_turbo"}


def installed_version(engine: str) -> str | None:
    """The installed version of an engine's package, None when it is not installed (the Rust ones are optional)."""
    from importlib import metadata

    try:
        module = __import__(_MODULES[engine])
    except ImportError:
        return None
    version = getattr(module, "__version__", None)
    if version is None:
        version = metadata.version({"shifty": "pyshifty", "turbo": "pyshacl-turbo"}.get(engine, engine))
    return str(version)


def available(engine: str) -> bool:
    """Whether an engine's package is installed."""
    return installed_version(engine) is not None


def proven(engine: str) -> bool:
    """Whether the installed version of a fast engine is one the differential tests proved (PROVEN_VERSIONS)."""
    return installed_version(engine) in PROVEN_VERSIONS.get(engine, ())


def choose(engine: str, shapes: Graph, *, infer: str = "none") -> str:
    """The engine to run: `auto` takes the fast engine only where agreement with pyshacl is proven."""
    if engine != "auto":
        if engine not in ENGINES:
            raise ValueError(f"unknown SHACL engine {engine!r} (one of {', '.join(CHOICES)})")
        if engine != "pyshacl" and infer != "none":
            raise ValueError(f"--infer {infer} needs pyshacl (engine {engine} does no RDFS/OWL inference)")
        return engine
    if infer == "none" and is_certified(shapes) and proven(FAST_ENGINE):
        return FAST_ENGINE
    return "pyshacl"


# =====================================================================================================================
#  The data
# =====================================================================================================================

def _ox_triple(s: object, p: object, o: object) -> ox.Triple:
    return ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]


def ntriples_of(graph: Graph) -> bytes:
    """An rdflib graph as N-Triples, through pyoxigraph so `xsd:string` and plain literals come out alike."""
    return ox.serialize((_ox_triple(s, p, o) for s, p, o in graph), format=ox.RdfFormat.N_TRIPLES) or b""


class Data:
    """The data to validate, held once (an rdflib Graph or a pyoxigraph Store) and converted lazily.

    Why both: pyshacl needs an rdflib Graph, which costs ~15 s to build for a million triples; the Rust engines
    need N-Triples, which pyoxigraph writes in well under a second. Loading files or a store straight into an
    in-memory pyoxigraph Store keeps the fast path fast; the rdflib Graph is built only if pyshacl runs.
    Report enrichment (labels, the news item of a node) reads whichever form is there.
    """

    def __init__(self, graph: Graph | None = None, store: ox.Store | None = None) -> None:
        if (graph is None) == (store is None):
            raise ValueError("give exactly one of graph, store")
        self._graph = graph
        self._store = store
        self._ntriples: bytes | None = None

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad | ox.Triple]) -> Data:
        """Quads of any graphs, merged into one default graph (as `Store.to_rdflib` merges them)."""
        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        return cls(store=store)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> Data:
        """RDF files (any format pyoxigraph reads), merged, with the same clear errors as `load_files`."""
        from osce_kg.store import read_rdf_files

        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in read_rdf_files(paths))
        return cls(store=store)

    def graph(self) -> Graph:
        """The data as an rdflib Graph (literals normalised by `osce_kg.terms`), built once."""
        if self._graph is None:
            assert self._store is not None
            graph = Graph()
            for quad in self._store:
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            self._graph = graph
        return self._graph

    def ntriples(self) -> bytes:
        """The data as N-Triples, built once."""
        if self._ntriples is None:
            if self._store is not None:
                self._ntriples = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            else:
                assert self._graph is not None
                self._ntriples = ntriples_of(self._graph)
        return self._ntriples or b""

    # ---- lookups for report enrichment (labels, the news item a focus node came from) ------------------------------

    def _node(self, text: str, like: object = None) -> object:
        if isinstance(like, BNode):
            return BNode(text) if self._graph is not None else ox.BlankNode(text)
        return URIRef(text) if self._graph is not None else ox.NamedNode(text)

    def value(self, subject: object, predicate: str) -> str | None:
        if self._graph is not None:
            found = self._graph.value(subject, URIRef(predicate))  # type: ignore[arg-type]
            return None if found is None else str(found)
        assert self._store is not None
        for quad in self._store.quads_for_pattern(subject, ox.NamedNode(predicate), None):  # type: ignore[arg-type]
            return quad.object.value  # type: ignore[union-attr]
        return None

    def subject_of(self, predicate: str, obj: object) -> str | None:
        if self._graph is not None:
            found = self._graph.value(None, URIRef(predicate), obj)  # type: ignore[arg-type]
            return None if found is None else str(found)
        assert self._store is not None
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(predicate), obj):  # type: ignore[arg-type]
            return quad.subject.value  # type: ignore[union-attr]
        return None

    def has_type(self, subject: object, cls: str) -> bool:
        if self._graph is not None:
            return (subject, URIRef(_RDF_TYPE), URIRef(cls)) in self._graph
        assert self._store is not None
        return any(True for _ in self._store.quads_for_pattern(
            subject, ox.NamedNode(_RDF_TYPE), ox.NamedNode(cls)))  # type: ignore[arg-type]

    def describe(self, focus: object) -> tuple[str | None, str | None]:
        """(label, news item) of a focus node, both optional."""
        if isinstance(focus, Literal) or focus is None:
            return None, None
        node = self._node(str(focus), focus)
        label = self.value(node, _RDFS_LABEL) or self.value(node, _SKOS_PREF)
        if self.has_type(node, _NEWS_ARTICLE):
            news: str | None = str(focus)
        else:
            news = self.value(node, _DERIVED) or self.subject_of(_MENTIONS, node)
        return label, news


# =====================================================================================================================
#  The engines
# =====================================================================================================================

class Validator(Protocol):
    """One SHACL engine with its shapes prepared: validates data, returns a normalised `Report`."""

    name: str

    def validate(self, data: Data, *, focus_nodes: Iterable[str] | None = None) -> Report:
        """Validate the data (with the ontology mixed in). With `focus_nodes`, only results on those nodes.

        `focus_nodes` has pyshacl's meaning: the shapes' own targets, restricted to the given nodes (never
        every shape on every node; PITFALLS.md #9).
        """
        ...


def _short(node: object) -> str:
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    return text


def _shape_name(shapes: Graph, shape: object) -> str:
    """A result's shape, named by its node shape when it is an anonymous property shape."""
    if isinstance(shape, BNode):
        parent = shapes.value(None, URIRef(_SH + "property"), shape)
        if parent is not None:
            return str(parent)
    return str(shape or "")


def results_from_graph(report_graph: Graph, data: Data, shapes: Graph,
                       keep: set[str] | None = None) -> list[Result]:
    """The results of a report graph as sorted `Result`s (only foci in `keep`, when given).

    Only the report's `sh:result`s count. pyshacl also types the nested results it hangs under `sh:detail`
    (why an `sh:node` failed) as sh:ValidationResult; counting those reported a literal value as a focus node
    and made pyshacl and the other engines disagree on any sh:node failure.
    """
    from osce_kg.validate import SEVERITY_ORDER, Result

    sh = {name: URIRef(_SH + name) for name in ("focusNode", "resultPath", "value", "sourceConstraintComponent",
                                                  "resultSeverity", "resultMessage", "sourceShape")}
    results = []
    for node in set(report_graph.objects(None, URIRef(_SH + "result"))):  # top-level only, never sh:detail
        focus = report_graph.value(node, sh["focusNode"])
        if keep is not None and str(focus) not in keep:
            continue
        label, news = data.describe(focus)
        path = report_graph.value(node, sh["resultPath"])
        value = report_graph.value(node, sh["value"])
        results.append(Result(
            focus=str(focus), path=str(path) if path is not None else None,
            component=_short(report_graph.value(node, sh["sourceConstraintComponent"])),
            severity=_short(report_graph.value(node, sh["resultSeverity"])),
            message=str(report_graph.value(node, sh["resultMessage"]) or ""),
            value=str(value) if value is not None else None,
            shape=_shape_name(shapes, report_graph.value(node, sh["sourceShape"])),
            label=label, news=news))
    results.sort(key=lambda r: (-SEVERITY_ORDER.get(r.severity, 2), r.shape or "", r.focus, r.path or "",
                                r.component, r.value or ""))
    return results


def results_from_ntriples(report: bytes, data: Data, shapes: Graph, keep: set[str] | None = None) -> list[Result]:
    """Like `results_from_graph`, from a report in N-Triples, read with pyoxigraph.

    Why not rdflib: a dataset of a million triples can have tens of thousands of results (seven triples each);
    rdflib's parser would take longer than the Rust engine's whole validation. Blank-node labels are kept, so a
    `sh:sourceShape` that is one of our property shapes maps back to its node shape.
    """
    from osce_kg.validate import SEVERITY_ORDER, Result

    fields: dict[str, dict[str, object]] = {}
    kinds: set[str] = set()
    for triple in ox.parse(report, ox.RdfFormat.N_TRIPLES):
        subject = triple.subject.value  # type: ignore[union-attr]
        predicate = triple.predicate.value
        if predicate == _SH + "result":  # top-level results only: nested sh:detail results are not results
            kinds.add(triple.object.value)  # type: ignore[union-attr]
        elif predicate.startswith(_SH):
            fields.setdefault(subject, {}).setdefault(predicate[len(_SH):], triple.object)
    results = []
    for node in kinds:
        f = fields.get(node, {})
        focus = to_rdflib(f["focusNode"])  # type: ignore[arg-type]
        if keep is not None and str(focus) not in keep:
            continue
        label, news = data.describe(focus)
        path, value, shape = f.get("resultPath"), f.get("value"), f.get("sourceShape")
        results.append(Result(
            focus=str(focus), path=path.value if path is not None else None,  # type: ignore[attr-defined]
            component=_short(f["sourceConstraintComponent"].value),  # type: ignore[attr-defined]
            severity=_short(f["resultSeverity"].value),  # type: ignore[attr-defined]
            message=f["resultMessage"].value if "resultMessage" in f else "",  # type: ignore[attr-defined]
            value=value.value if value is not None else None,  # type: ignore[attr-defined]
            shape=_shape_name(shapes, to_rdflib(shape)) if shape is not None else "",  # type: ignore[arg-type]
            label=label, news=news))
    results.sort(key=lambda r: (-SEVERITY_ORDER.get(r.severity, 2), r.shape or "", r.focus, r.path or "",
                                r.component, r.value or ""))
    return results


class PyshaclValidator:
    """The reference engine: pyshacl with SHACL-AF (`advanced`), the ontology mixed in, warnings allowed."""

    name = "pyshacl"

    def __init__(self, shapes: Graph, ontology: Graph | None = None, *, infer: str = "none") -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.infer = {"none": "none", "rdfs": "rdfs", "owlrl": "owlrl"}[infer]

    def validate(self, data: Data, *, focus_nodes: Iterable[str] | None = None) -> Report:
        import pyshacl

        from osce_kg.validate import Report, cached_sparql_parsing

        kwargs: dict[str, object] = {}
        if focus_nodes is not None:
            kwargs["focus_nodes"] = [URIRef(str(node)) for node in focus_nodes]
        graph = data.graph()
        with cached_sparql_parsing():
            _conforms, report_graph, _text = pyshacl.validate(
                graph, shacl_graph=self.shapes, ont_graph=self.ontology, inference=self.infer, advanced=True,
                allow_warnings=True, **kwargs)
        return Report(results=results_from_graph(report_graph, data, self.shapes), graph=report_graph)


class _NTriplesEngine:
    """What the Rust engines share: data ∪ ontology as N-Triples in, report as N-Triples out.

    `focus_nodes` is applied to the results: pyshacl restricts each shape's *targeted* focus nodes to the given
    ones, which yields exactly the whole-graph results on those nodes. Validating the whole (small) graph of a
    build batch costs the Rust engines milliseconds, so nothing is gained by restricting targets up front.
    """

    name = "?"

    def __init__(self, shapes: Graph, ontology: Graph | None = None) -> None:
        self.shapes = shapes
        self.ontology_nt = ntriples_of(ontology) if ontology is not None else b""

    def _run(self, data_nt: bytes) -> bytes | Graph:
        """The engine's report, as N-Triples or as an rdflib Graph."""
        raise NotImplementedError

    def validate(self, data: Data, *, focus_nodes: Iterable[str] | None = None) -> Report:
        from osce_kg.validate import Report

        nt = data.ntriples()
        report = self._run(nt + b"\n" + self.ontology_nt if self.ontology_nt else nt)
        keep = None if focus_nodes is None else {str(node) for node in focus_nodes}
        if isinstance(report, Graph):
            return Report(results=results_from_graph(report, data, self.shapes, keep), graph=report)
        return Report(results=results_from_ntriples(report, data, self.shapes, keep), ntriples=report)


class ShiftyValidator(_NTriplesEngine):
    """pyshifty (module `shifty`), a Rust SHACL engine; shapes parsed and planned once (`PreparedValidator`).

    `graph_mode="data"`: evaluate on the data graph only, as pyshacl does (the default "union" would let the
    shapes' own triples answer sh:class checks). `on_unsupported="error"`: a SHACL construct the engine cannot
    run must fail loudly, never be skipped silently. No SHACL-AF rules run (`run_infer=False`): our shapes have
    none, and pyshacl runs none either.
    """

    name = "shifty"

    def __init__(self, shapes: Graph, ontology: Graph | None = None) -> None:
        super().__init__(shapes, ontology)
        from shifty import _shifty

        self._prepared = _shifty.PreparedValidator(shapes=shapes.serialize(format="nt", encoding="utf-8"),
                                                   shapes_format="nt")

    def _run(self, data_nt: bytes) -> bytes | Graph:
        result = self._prepared.validate_w3c(data=data_nt, data_format="nt", graph_mode="data", run_infer=False,
                                             sort_results=False, on_unsupported="error")
        if result.diagnostics:
            raise RuntimeError("shifty: " + "; ".join(result.diagnostics))
        return result._report_ntriples.encode("utf-8")


class TurboValidator(_NTriplesEngine):
    """pyshacl-turbo: pySHACL's API and report over a Rust engine; shapes compiled once (`compile_shapes`).

    The data goes in as an in-memory pyoxigraph Store, which the package reads natively as N-Quads (an rdflib
    Graph would be re-serialised in Python first).
    """

    name = "turbo"

    def __init__(self, shapes: Graph, ontology: Graph | None = None) -> None:
        super().__init__(shapes, ontology)
        import pyshacl_turbo

        self._compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)

    def _run(self, data_nt: bytes) -> bytes | Graph:
        store = ox.Store()
        store.load(data_nt, format=ox.RdfFormat.N_TRIPLES)
        _conforms, report_graph, _text = self._compiled.validate(store, allow_warnings=True)
        if not isinstance(report_graph, Graph):  # a ValidationFailure: the engine refused the shapes or data
            raise RuntimeError(f"pyshacl-turbo: {report_graph}")
        return report_graph


def make(engine: str, shapes: Graph, ontology: Graph | None = None, *, infer: str = "none") -> Validator:
    """A prepared validator for one engine (`choose` first for `auto`)."""
    if engine == "pyshacl":
        return PyshaclValidator(shapes, ontology, infer=infer)
    if infer != "none":
        raise ValueError(f"--infer {infer} needs pyshacl (engine {engine} does no RDFS/OWL inference)")
    if engine == "shifty":
        return ShiftyValidator(shapes, ontology)
    if engine == "turbo":
        return TurboValidator(shapes, ontology)
    raise ValueError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")


def key(result: Result) -> tuple[str, str | None, str, str]:
    """What two engines must agree on for a result: focus node, path, constraint component, severity."""
    return (result.focus, result.path, result.component, result.severity)


def keys(results: Iterable[Result]) -> set[tuple[str, str | None, str, str]]:
    return {key(r) for r in results}


def iter_batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
