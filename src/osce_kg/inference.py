"""OWL RL inference, materialised in its own named graph `graph:inferred` (docs/DATA-MODEL.md).

Why a materialised graph and not query rewriting: Oxigraph has no reasoner, and the canned queries must give
the same rows on any SPARQL server; a graph of plain triples works everywhere. `graph:inferred` holds the OWL RL
closure of data + ontology MINUS its input, so it can be dropped and rebuilt at any time without touching a
news graph. Queries see it only when asked (`osce-kg query run --infer`, `queries.run(..., infer=True)`):
without inference `osce_kg.queries.run_text` keeps it out of `GRAPH ?g` patterns.

Engines: `reasonable` (Rust, default: 0.5 s on the development corpus) or `owlrl` (pure Python, ~40× slower,
PITFALLS #8). Both see the same input, built with `Store.to_rdflib` from every named graph except
`graph:inferred`, and their output goes through the same normalisation:

* `reasonable` returns plain strings as `"x"^^xsd:string` (PITFALLS #1): they become plain literals, so they
  match the input and do not come back as "new" triples;
* triples with a literal or blank subject (owlrl's datatype axioms) cannot be stored usefully: dropped;
* reflexive `owl:sameAs` (`x owl:sameAs x`, one per resource) carries no information: dropped.

Freshness: graph:inferred carries `<graph:inferred> osce:sourceHash "sha1:…"`, a digest of the engine and of
every input graph (news source hashes, reference and ontology hashes, graph list and triple count).
`ensure_closure` rebuilds only when that digest changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from osce_kg.errors import OsceKgError
from osce_kg.namespaces import GRAPH_INFERRED, OSCE_NS, OWL_NS, XSD_NS

ENGINES = ("reasonable", "owlrl")
DEFAULT_ENGINE = "reasonable"

SOURCE_HASH = OSCE_NS + "sourceHash"
OWL_SAME_AS = OWL_NS + "sameAs"
XSD_STRING = XSD_NS + "string"


@dataclass
class InferenceReport:
    """What `ensure_closure` / `build_closure` did (the CLI prints `summary()`)."""

    engine: str
    input_triples: int = 0
    inferred_triples: int = 0
    rebuilt: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.rebuilt:
            return f"graph:inferred is up to date ({self.inferred_triples} triples, engine {self.engine})"
        return (f"graph:inferred rebuilt with {self.engine}: {self.inferred_triples} inferred triples from "
                f"{self.input_triples} input triples in {self.seconds:.1f} s")


def input_graphs(store: object) -> list[str]:
    """Every named graph the closure is computed from: all but graph:inferred itself."""
    return [g for g in store.named_graphs() if g != GRAPH_INFERRED]  # type: ignore[attr-defined]


def _input_digest(store: object) -> str:
    digest = hashlib.sha1()
    for graph in input_graphs(store):
        digest.update(graph.encode())
        digest.update(str(store.graph_hash(graph)).encode())  # type: ignore[attr-defined]
    ox_store: ox.Store = store.ox  # type: ignore[attr-defined]
    inferred = sum(1 for _ in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_INFERRED)))
    digest.update(str(len(ox_store) - inferred).encode())
    return digest.hexdigest()


def fingerprint(store: object, engine: str, *, input_digest: str | None = None) -> str:
    """A digest that changes whenever the input of the closure (or the engine) changes."""
    base = input_digest or _input_digest(store)
    return "sha1:" + hashlib.sha1(f"{engine}|{base}".encode()).hexdigest()


def current_fingerprint(store: object) -> str | None:
    """The digest recorded in graph:inferred, or None when there is no closure graph."""
    return store.graph_hash(GRAPH_INFERRED)  # type: ignore[attr-defined]


def closure(triples: Iterable[tuple], engine: str = DEFAULT_ENGINE) -> set[tuple]:
    """The OWL RL closure of some rdflib triples, normalised, MINUS the (normalised) input.

    Pure function of its input, so the engines can be compared on the same data (tests/test_inference.py).
    """
    from rdflib import Graph

    if engine not in ENGINES:
        raise OsceKgError(f"unknown inference engine {engine!r} (one of {', '.join(ENGINES)})")
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    base = {_normalise(t) for t in graph}
    if engine == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        result: Iterable[tuple] = reasoner.reason()
    else:
        import owlrl

        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                               datatype_axioms=False).expand(graph)
        result = graph
    new: set[tuple] = set()
    for triple in result:
        triple = _normalise(triple)
        if triple in base or not _storable(triple):
            continue
        new.add(triple)
    return new


def _normalise(triple: tuple) -> tuple:
    from rdflib import Literal

    return tuple(Literal(str(t)) if isinstance(t, Literal) and t.language is None and t.datatype is not None
                 and str(t.datatype) == XSD_STRING else t for t in triple)


def _storable(triple: tuple) -> bool:
    from rdflib import URIRef

    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
        return False
    return not (str(predicate) == OWL_SAME_AS and subject == obj)


def build_closure(store: object, engine: str = DEFAULT_ENGINE) -> InferenceReport:
    """Compute the closure of every graph but graph:inferred and replace graph:inferred with it (atomically)."""
    import time

    from osce_kg.terms import to_oxigraph

    started = time.perf_counter()
    stamp = fingerprint(store, engine)
    graphs = input_graphs(store)
    data = store.to_rdflib(graphs)  # type: ignore[attr-defined]
    new = closure(data, engine)
    graph = ox.NamedNode(GRAPH_INFERRED)
    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in sorted(new)]
    quads.append(ox.Quad(graph, ox.NamedNode(SOURCE_HASH), ox.Literal(stamp), graph))
    store.replace_graphs({GRAPH_INFERRED: quads})  # type: ignore[attr-defined]
    return InferenceReport(engine=engine, input_triples=len(data), inferred_triples=len(new), rebuilt=True,
                           seconds=time.perf_counter() - started)


def is_fresh(store: object, engine: str | None = None) -> bool:
    """Whether graph:inferred exists and was built from the current input (by `engine`, or by any engine)."""
    current = current_fingerprint(store)
    if current is None:
        return False
    base = _input_digest(store)
    return current in {fingerprint(store, e, input_digest=base) for e in ([engine] if engine else ENGINES)}


def ensure_closure(store: object, engine: str | None = None, *, force: bool = False) -> InferenceReport:
    """Make graph:inferred present and current; rebuild only when its input changed (or `force`).

    engine=None accepts a current closure from either engine and builds a missing one with the default.
    """
    if not force and is_fresh(store, engine):
        return InferenceReport(engine=engine or "any", inferred_triples=max(_count(store) - 1, 0))
    if getattr(store, "read_only", False):
        raise OsceKgError("the closure graph is missing or stale and the store is open read-only; "
                          "run `osce-kg infer` first")
    return build_closure(store, engine or DEFAULT_ENGINE)


def drop_closure(store: object) -> int:
    """Remove graph:inferred; returns how many triples it held."""
    count = _count(store)
    store.remove_graphs([GRAPH_INFERRED])  # type: ignore[attr-defined]
    return count


def _count(store: object) -> int:
    return store.count(GRAPH_INFERRED)  # type: ignore[attr-defined]
