"""OWL RL inference in graph:inferred: engines, normalisation, drop/rebuild, and queries that need it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from osce_kg import inference, queries
from osce_kg.errors import OsceKgError
from osce_kg.resources import ontology_file
from osce_kg.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "mini.trig"
INFERRED = "https://w3id.org/osce-kg/graph/inferred"
ONTOLOGY = "https://w3id.org/osce-kg/graph/ontology"
OSCE = "https://w3id.org/osce-kg/id/org/osce"

# Needs org:subOrganizationOf ⊑ org:transitiveSubOrganizationOf (transitive): only the closure answers it.
UNDER_OSCE = f"""SELECT ?unit WHERE {{ GRAPH ?g {{ ?unit org:transitiveSubOrganizationOf <{OSCE}> }} }}
ORDER BY ?unit"""
# Needs osce:Organization ⊑ prov:Agent (a subclass axiom of the ontology).
AGENTS = "SELECT ?agent WHERE { GRAPH ?g { ?agent a prov:Agent } } ORDER BY ?agent"
ALL_UNITS = sorted(f"https://w3id.org/osce-kg/id/{u}" for u in (
    "org/secretariat", "org/transnational-threats-department", "org/strategic-police-matters-unit",
    "org/support-programme-for-ukraine", "org/odihr", "org/chairpersonship", "field-operation/kosovo-1999",
    "field-operation/bishkek-1998", "field-operation/ukraine-1999", "field-operation/central-asia-1995",
    "field-operation/tashkent-2000", "field-operation/uzbekistan-2006"))


def load_fixture(path: Path) -> Store:
    store = Store(path)
    store.bulk_load(FIXTURE, "trig")
    store.bulk_load(ontology_file(), "turtle", ONTOLOGY)
    return store


def column(result: object, name: str) -> list[str]:
    return [row[name].value for row in result]  # type: ignore[attr-defined]


@pytest.fixture()
def store(tmp_path):
    with load_fixture(tmp_path / "store") as s:
        yield s


def test_a_query_needing_inference_answers_only_with_infer(store):
    assert column(queries.run_text(store, UNDER_OSCE), "unit") == []
    report = inference.ensure_closure(store)
    assert report.rebuilt and report.engine == "reasonable" and report.inferred_triples > 0
    # The closure is in the store, yet a query without --infer does not see it …
    assert column(queries.run_text(store, UNDER_OSCE), "unit") == []
    assert "https://w3id.org/osce-kg/id/org/odihr" not in column(queries.run_text(store, AGENTS), "agent")
    # … and with --infer it does: transitive sub-organisation (three levels) and a subclass axiom.
    assert column(queries.run_text(store, UNDER_OSCE, infer=True), "unit") == ALL_UNITS
    assert "https://w3id.org/osce-kg/id/org/odihr" in column(queries.run_text(store, AGENTS, infer=True), "agent")


def test_default_graph_queries_also_leave_the_closure_out(store):
    inference.ensure_closure(store)
    text = f"SELECT ?unit WHERE {{ ?unit org:transitiveSubOrganizationOf <{OSCE}> }}"
    assert column(queries.run_text(store, text), "unit") == []
    assert len(column(queries.run_text(store, text, infer=True), "unit")) == len(ALL_UNITS)


FIXTURE_VALUES = {"entity": "Lviv", "city": "Kyiv", "type": "training", "field": "Policing", "from": "2023-01-01",
                  "to": "2024-12-31", "event": "training course, Kyiv, 2023-05-29"}


def test_canned_queries_give_the_same_rows_with_a_closure_present(store):
    """graph:inferred in the store changes no answer unless --infer is given."""
    runnable = {name: {p.name: FIXTURE_VALUES[p.name] for p in q.params if p.required}
                for name, q in queries.catalogue().items()
                if all(p.name in FIXTURE_VALUES for p in q.params if p.required)}
    before = {name: list(queries.run(name, params, store=store)) for name, params in runnable.items()}
    inference.ensure_closure(store)
    after = {name: list(queries.run(name, params, store=store)) for name, params in runnable.items()}
    assert len(runnable) >= 25
    assert before == after


def test_the_closure_graph_holds_only_new_triples_and_a_stamp(store):
    inference.ensure_closure(store)
    graph = ox.NamedNode(INFERRED)
    inferred = [q for q in store.ox.quads_for_pattern(None, None, None, graph)]
    stamp = [q for q in inferred if q.subject == graph]
    assert len(stamp) == 1 and stamp[0].object.value.startswith("sha1:")
    for quad in inferred:
        if quad.subject == graph:
            continue
        assert not any(True for _ in store.ox.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
                       if _.graph_name != graph), quad
        assert not (quad.predicate.value.endswith("#sameAs") and quad.subject == quad.object)


def test_reasonable_output_is_normalised_to_plain_literals():
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, XSD

    person = URIRef("https://w3id.org/osce-kg/id/person/x")
    triples = [(person, RDFS.label, Literal("X")),
               (URIRef("https://w3id.org/osce-kg/ontology#Person"), RDFS.subClassOf,
                URIRef("https://schema.org/Person")),
               (person, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef("https://w3id.org/osce-kg/ontology#Person"))]
    new = inference.closure(triples, "reasonable")
    assert (person, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("https://schema.org/Person")) in new
    literals = [o for _s, _p, o in new if isinstance(o, Literal)]
    assert all(lit.datatype != XSD.string for lit in literals)
    assert (person, RDFS.label, Literal("X")) not in new  # an input triple, even if the engine re-typed it


def test_drop_and_rebuild(store):
    assert inference.ensure_closure(store).rebuilt
    assert not inference.ensure_closure(store).rebuilt  # current: nothing to do
    assert inference.ensure_closure(store, "reasonable", force=True).rebuilt
    news = "https://w3id.org/osce-kg/graph/news/eeeeeeeeee05"
    store.replace_graphs({news: [ox.Quad(ox.NamedNode("https://w3id.org/osce-kg/id/org/extra"),
                                         ox.NamedNode("http://www.w3.org/ns/org#subOrganizationOf"),
                                         ox.NamedNode("https://w3id.org/osce-kg/id/org/odihr"),
                                         ox.NamedNode(news))]})
    assert not inference.is_fresh(store)
    assert inference.ensure_closure(store).rebuilt  # the data changed
    assert "https://w3id.org/osce-kg/id/org/extra" in column(queries.run_text(store, UNDER_OSCE, infer=True), "unit")
    dropped = inference.drop_closure(store)
    assert dropped > 0 and INFERRED not in store.named_graphs()
    assert store.count(news) == 1  # dropping the closure touches nothing else


def test_a_read_only_store_without_a_current_closure_is_a_clear_error(tmp_path):
    load_fixture(tmp_path / "s").close()
    with Store(tmp_path / "s", read_only=True) as reader, pytest.raises(OsceKgError, match="osce-kg infer"):
        inference.ensure_closure(reader)


def test_cli_infer_and_query_run_infer(tmp_path):
    load_fixture(tmp_path / "s").close()
    env = dict(os.environ, OSCE_KG_STORE=str(tmp_path / "s"))
    query_file = tmp_path / "under.rq"
    query_file.write_text(UNDER_OSCE)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "osce_kg", *args], capture_output=True, text=True, env=env,
                              timeout=300)

    plain = cli("query", "run", "--file", str(query_file), "--format", "csv")
    assert plain.returncode == 0 and plain.stdout.split() == ["unit"]
    inferred = cli("query", "run", "--file", str(query_file), "--format", "csv", "--infer")
    assert inferred.returncode == 0, inferred.stderr
    assert inferred.stdout.split()[1:] == ALL_UNITS
    assert "rebuilt" in inferred.stderr
    assert cli("sparql", UNDER_OSCE, "--format", "csv").stdout.split() == ["unit"]
    assert cli("sparql", UNDER_OSCE, "--format", "csv", "--infer").stdout.split()[1:] == ALL_UNITS
    built = cli("infer", "--engine", "reasonable")
    assert built.returncode == 0 and "up to date" in built.stdout
    dropped = cli("infer", "--drop")
    assert dropped.returncode == 0 and "dropped graph:inferred" in dropped.stdout


def _instance_level(triples: set[tuple]) -> set[tuple]:
    """Instance-level triples: about our entities, without reflexive owl:sameAs, literal-datatype typing and
    `rdf:type owl:Thing` (engines differ on which individuals they type owl:Thing; it says nothing)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, XSD

    kept = set()
    for s, p, o in triples:
        if not isinstance(s, URIRef) or not str(s).startswith("https://w3id.org/osce-kg/"):
            continue
        if str(s).startswith("https://w3id.org/osce-kg/ontology"):
            continue
        if p == OWL.sameAs and s == o:
            continue
        if p == RDF.type and (o == OWL.Thing or o == RDFS.Literal or str(o).startswith(str(XSD))):
            continue
        if isinstance(o, Literal) and p == RDF.type:
            continue
        kept.add((s, p, o))
    return kept


@pytest.mark.slow
def test_both_engines_give_the_same_instance_closure_on_the_development_corpus(samples_store):
    with Store(samples_store[0], read_only=True) as s:
        data = s.to_rdflib(inference.input_graphs(s))
    by_reasonable = _instance_level(inference.closure(data, "reasonable"))
    by_owlrl = _instance_level(inference.closure(data, "owlrl"))
    assert len(by_reasonable) > 500
    assert by_reasonable == by_owlrl
