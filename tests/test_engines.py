"""Differential tests: every fast SHACL engine gives pyshacl's results, or `auto` must not pick it.

Agreement is proven, never assumed: the same data (same literal normalisation) goes to pyshacl and to each fast
engine, on every negative fixture of tests/fixtures/shapes/ (whole graph and build-style focus nodes), on the
core-constraint cases, and on a generated benchmark graph into which known violations were injected. Results
are compared as sets of (focus node, path, constraint component, severity) — messages differ between engines and
are not compared.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from osce_kg import engines
from osce_kg.validate import (
    ItemValidator,
    load_ontology,
    load_reference,
    load_shapes,
    validate_data,
    validate_graph,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
OSCE = Namespace("https://w3id.org/osce-kg/ontology#")
SDO = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/osce-kg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OSCESH = Namespace("https://w3id.org/osce-kg/shapes#")

FAST = [name for name in engines.ENGINES if name != "pyshacl"]


def _engine_param(name: str):
    return pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} not installed"))


FAST_PARAMS = [_engine_param(name) for name in FAST]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def reference() -> Graph:
    return load_reference()


@pytest.fixture(scope="module")
def validators(shapes, ontology) -> dict[str, engines.Validator]:
    return {name: engines.make(name, shapes, ontology) for name in engines.ENGINES if engines.available(name)}


def merged(reference: Graph, part: Graph) -> tuple[Graph, list[str]]:
    data = Graph()
    for triple in reference:
        data.add(triple)
    for triple in part:
        data.add(triple)
    return data, sorted({str(s) for s in part.subjects() if isinstance(s, URIRef)})


_PYSHACL_CACHE: dict[tuple[str, bool], set] = {}


def pyshacl_keys(validators, name: str, data: Graph, focus: list[str] | None) -> set:
    """pyshacl's results for a case, computed once per case (it is the slow side)."""
    cache_key = (name, focus is not None)
    if cache_key not in _PYSHACL_CACHE:
        report = validators["pyshacl"].validate(engines.Data(graph=data), focus_nodes=focus)
        _PYSHACL_CACHE[cache_key] = engines.keys(report.results)
    return _PYSHACL_CACHE[cache_key]


# ---------------------------------------------------------------------------------------------------------------------
# Every negative fixture, and the valid one
# ---------------------------------------------------------------------------------------------------------------------

CASES = sorted(p.stem for p in (FIXTURES / "shapes").glob("*.ttl"))


@pytest.mark.parametrize("engine", FAST_PARAMS)
@pytest.mark.parametrize("fixture", [*CASES, "valid_news"])
@pytest.mark.parametrize("with_focus", [False, True], ids=["whole-graph", "focus-nodes"])
def test_fast_engine_agrees_on_every_fixture(validators, reference, engine, fixture, with_focus):
    path = FIXTURES / "valid_news.ttl" if fixture == "valid_news" else FIXTURES / "shapes" / f"{fixture}.ttl"
    data, focus = merged(reference, Graph().parse(path))
    expected = pyshacl_keys(validators, fixture, data, focus if with_focus else None)
    found = validators[engine].validate(engines.Data(graph=data), focus_nodes=focus if with_focus else None)
    assert engines.keys(found.results) == expected
    assert len(expected) == (0 if fixture == "valid_news" else 1)  # the corpus' own contract still holds


NEWS = """
@prefix osce: <https://w3id.org/osce-kg/ontology#> . @prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/osce-kg/id/news/c00000000001> a schema:NewsArticle , osce:NewsItem ;
    rdfs:label "T" ; schema:headline "T" {extra} ; dcterms:identifier "c00000000001" ;
    schema:publisher <https://w3id.org/osce-kg/id/org/secretariat> ;
    schema:about <https://w3id.org/osce-kg/field-of-work/unknown> .
"""
CORE = {
    "two-headlines": ', "T2" ; schema:datePublished "2023-05-31"^^xsd:date',
    "plain-date": '; schema:datePublished "2023-05-31"',
    "two-dates": '; schema:datePublished "2023-05-31"^^xsd:date , "2023-06-01"^^xsd:date',
    "no-date": "",
    "string-typed-literals": '; schema:datePublished "2023-05-31"^^xsd:date ; osce:contentType "News"^^xsd:string',
}


@pytest.mark.parametrize("engine", FAST_PARAMS)
@pytest.mark.parametrize("case", sorted(CORE))
def test_fast_engine_agrees_on_core_constraints(validators, reference, engine, case):
    data, focus = merged(reference, Graph().parse(data=NEWS.replace("{extra}", CORE[case]), format="turtle"))
    expected = pyshacl_keys(validators, f"core-{case}", data, focus)
    found = validators[engine].validate(engines.Data(graph=data), focus_nodes=focus)
    assert engines.keys(found.results) == expected
    assert bool(expected) == (case != "string-typed-literals")  # xsd:string-typed literals conform, as plain ones


# ---------------------------------------------------------------------------------------------------------------------
# A generated benchmark graph with injected violations
# ---------------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bench_graph(tmp_path_factory) -> Graph:
    """A small benchmark corpus (bench/generate.py) built without validation, merged into one graph."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate
    from osce_kg.build import build
    from osce_kg.store import Store

    folder = tmp_path_factory.mktemp("bench")
    pages = generate(24, 7, folder / "pages")
    with Store(folder / "store") as store:
        build(store, pages, validate=False, jobs=1)
        return store.to_rdflib(store.named_graphs())


def _first(graph: Graph, cls: URIRef, n: int = 0) -> URIRef:
    return sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))[n]


def _set(graph: Graph, subject: URIRef, predicate: URIRef, *values: object) -> None:
    graph.remove((subject, predicate, None))
    for value in values:
        graph.add((subject, predicate, value))


def mutate(graph: Graph) -> tuple[Graph, list[tuple[str, str | None, str, str]]]:
    """A copy with known violations injected, and the (focus, path, component, severity) each must produce."""
    g = Graph()
    for triple in graph:
        g.add(triple)
    date = XSD.date
    expected: list[tuple[str, str | None, str, str]] = []

    def expect(focus: URIRef, path: URIRef | None, component: str, severity: str = "Violation") -> None:
        expected.append((str(focus), str(path) if path is not None else None, component, severity))

    e = [_first(g, OSCE.Event, i) for i in range(6)]
    _set(g, e[0], SDO.startDate, Literal("2020-05-10", datatype=date))  # end before start
    _set(g, e[0], SDO.endDate, Literal("2020-05-01", datatype=date))
    expect(e[0], SDO.endDate, "SPARQLConstraintComponent")
    _set(g, e[1], OSCE.participantCount, Literal(10))  # women + men > count
    _set(g, e[1], OSCE.women, Literal(8))
    _set(g, e[1], OSCE.men, Literal(7))
    _set(g, e[1], OSCE.participantCountApprox)
    expect(e[1], OSCE.participantCount, "SPARQLConstraintComponent", "Warning")
    _set(g, e[2], OSCE.participantCount, Literal("twelve"))  # wrong datatype
    _set(g, e[2], OSCE.women)
    _set(g, e[2], OSCE.men)
    expect(e[2], OSCE.participantCount, "DatatypeConstraintComponent")
    _set(g, e[3], OSCE.women, Literal(-3))  # negative count
    expect(e[3], OSCE.women, "MinInclusiveConstraintComponent")
    _set(g, e[4], OSCE.status, Literal("finished"))  # not planned/ongoing
    expect(e[4], OSCE.status, "PatternConstraintComponent")
    _set(g, e[5], SDO.startDate, Literal("last spring"))  # not a (partial) date
    expect(e[5], SDO.startDate, "NodeConstraintComponent")

    n = [_first(g, OSCE.NewsItem, i) for i in range(8)]
    _set(g, n[0], SDO.headline)  # missing headline
    expect(n[0], SDO.headline, "MinCountConstraintComponent")
    _set(g, n[1], SDO.datePublished, Literal("2023-01-01"))  # plain string date
    expect(n[1], SDO.datePublished, "DatatypeConstraintComponent")
    _set(g, n[2], SDO.datePublished, Literal("2099-01-01", datatype=date))  # in the future
    expect(n[2], SDO.datePublished, "SPARQLConstraintComponent")
    _set(g, n[3], SDO.datePublished, Literal("1950-01-01", datatype=date))  # before 1973
    expect(n[3], SDO.datePublished, "SPARQLConstraintComponent")
    _set(g, n[4], SDO.about)  # no field of work
    expect(n[4], SDO.about, "SPARQLConstraintComponent")
    g.add((n[5], SDO.headline, Literal("A second headline")))  # two headlines
    expect(n[5], SDO.headline, "MaxCountConstraintComponent")
    g.add((n[6], SDO.mentions, ID["thing/not_in_the_scheme"]))  # bad linked IRI
    expect(n[6], SDO.mentions, "SPARQLConstraintComponent")
    _set(g, n[7], SDO.publisher, Literal("OSCE"))  # publisher is not an agent
    expect(n[7], SDO.publisher, "NodeConstraintComponent", "Warning")
    for s, p, o in list(g.triples((n[7], None, None))):  # RDF 1.1 xsd:string literals must change nothing
        if isinstance(o, Literal) and o.datatype is None and not o.language:
            g.remove((s, p, o))
            g.add((s, p, Literal(str(o), datatype=XSD.string)))

    bad = ID["person/Jane_Doe"]  # bad subject IRI
    g.add((bad, RDF.type, SDO.Person))
    g.add((bad, SDO.name, Literal("Jane Doe")))
    expect(bad, None, "SPARQLConstraintComponent")
    expect(bad, None, "PatternConstraintComponent")
    role = _first(g, OSCE.RoleStatement)
    _set(g, role, PROV.wasDerivedFrom)  # role statement without its news item
    expect(role, PROV.wasDerivedFrom, "SPARQLConstraintComponent")
    span = _first(g, OSCE.TextSpan)
    _set(g, span, OSCE.startOffset, Literal(500))  # start after end
    _set(g, span, OSCE.endOffset, Literal(20))
    expect(span, OSCE.startOffset, "LessThanOrEqualsConstraintComponent")
    # a person with a role and a project, no longer mentioned by their (only) news item
    person = next(p for p in sorted(g.objects(None, OSCE.person)) if len(set(g.subjects(SDO.mentions, p))) == 1)
    g.remove((None, SDO.mentions, person))
    for statement in g.subjects(OSCE.person, person):
        expect(statement, OSCE.person, "NodeConstraintComponent")
    for quotation in g.subjects(SDO.spokenByCharacter, person):
        expect(quotation, SDO.spokenByCharacter, "NodeConstraintComponent")
    project = ID["project/unmentioned-project"]  # the generated pages name no project: one is added
    for p, o in ((RDF.type, OSCE.Project), (RDF.type, PROV.Activity), (RDFS.label, Literal("Unmentioned project")),
                 (SDO.name, Literal("Unmentioned project")), (PROV.wasDerivedFrom, n[0])):
        g.add((project, p, o))
    expect(project, None, "NodeConstraintComponent")
    g.add((ID["territory/kosovo"], RDF.type, SDO.Country))  # a territory typed as a country
    expect(ID["territory/kosovo"], None, "NotConstraintComponent")
    return g, expected


@pytest.fixture(scope="module")
def mutated(bench_graph, reference):
    data, _expected = mutate(bench_graph)
    for triple in reference:  # the store of a build holds the reference data; make sure it is there
        data.add(triple)
    return data, _expected


@pytest.fixture(scope="module")
def mutated_pyshacl(validators, mutated) -> set:
    data, expected = mutated
    found = engines.keys(validators["pyshacl"].validate(engines.Data(graph=data)).results)
    missing = set(expected) - found
    assert not missing, f"the injected violations are not all found by pyshacl: {missing}"
    return found


@pytest.mark.parametrize("engine", FAST_PARAMS)
def test_fast_engine_agrees_on_a_mutated_benchmark_graph(validators, mutated, mutated_pyshacl, engine):
    data, _expected = mutated
    found = engines.keys(validators[engine].validate(engines.Data(graph=data)).results)
    assert found == mutated_pyshacl, {"extra": found - mutated_pyshacl, "missing": mutated_pyshacl - found}


@pytest.mark.parametrize("engine", FAST_PARAMS)
def test_fast_engine_agrees_from_the_store_path(validators, mutated, mutated_pyshacl, engine):
    """The CLI's fast path reads pyoxigraph quads, never an rdflib Graph: same results."""
    data, _expected = mutated
    quads = (engines._ox_triple(s, p, o) for s, p, o in data)
    found = engines.keys(validators[engine].validate(engines.Data.from_quads(quads)).results)
    assert found == mutated_pyshacl


def _batch(data: Graph, count: int) -> dict[str, Graph]:
    """News graphs cut out of the mutated graph (items, their events, spans, role statements), minus reference."""
    reference = load_reference()
    items: dict[str, Graph] = {}
    for news in sorted(data.subjects(RDF.type, OSCE.NewsItem))[:count]:
        graph = Graph()
        nodes = {news} | set(data.subjects(PROV.wasDerivedFrom, news)) | set(data.subjects(PROV.wasQuotedFrom, news))
        for node in nodes:
            for triple in data.triples((node, None, None)):
                if triple not in reference:
                    graph.add(triple)
        items[str(news).rsplit("/", 1)[-1]] = graph
    return items


def _whole_graph_by_item(shapes: Graph, items: dict[str, Graph]) -> dict[str, set]:
    """The reference semantics of a batch: pyshacl on the WHOLE merged graph, results on the batch's nodes."""
    data = load_reference()
    owner: dict[str, str] = {}
    for key, graph in items.items():
        for triple in graph:
            data.add(triple)
        for subject in graph.subjects():
            owner.setdefault(str(subject), key)
    report = engines.make("pyshacl", shapes, load_ontology()).validate(engines.Data(graph=data))
    expected: dict[str, set] = {key: set() for key in items}
    for result in report.results:
        if result.focus in owner:
            expected[owner[result.focus]].add(engines.key(result))
    return expected


@pytest.mark.parametrize("engine", FAST_PARAMS)
def test_item_validator_agrees_batch_by_batch(shapes, mutated, engine):
    """`build`'s incremental path gives exactly the whole-graph results on the nodes each batch adds."""
    items = _batch(mutated[0], 10)
    expected = _whole_graph_by_item(shapes, items)
    fast = ItemValidator(shapes, engine=engine).validate(items)
    assert {k: engines.keys(v) for k, v in fast.items()} == expected
    assert any(expected.values())


def test_pyshacl_focus_nodes_skip_nested_shapes(shapes, mutated):
    """Why the fast engine's batch path does not use pyshacl's `focus_nodes` semantics.

    pyshacl applies its focus-node filter to every shape evaluation, including the nested ones behind sh:node,
    sh:or and sh:not, whose focus is a *value* (a place, a date literal): values outside the list pass vacuously.
    So `ItemValidator(engine="pyshacl")` misses e.g. an event date "last spring" (PartialDate) or a dateline
    that is not a place, which the whole graph reports. When this starts failing, pyshacl was fixed.
    """
    items = _batch(mutated[0], 10)
    expected = _whole_graph_by_item(shapes, items)
    focus = ItemValidator(shapes, engine="pyshacl").validate(items)
    missed = set().union(*expected.values()) - set().union(*(engines.keys(v) for v in focus.values()))
    assert missed and {component for _f, _p, component, _s in missed} == {"NodeConstraintComponent"}


# ---------------------------------------------------------------------------------------------------------------------
# When the fast path is taken
# ---------------------------------------------------------------------------------------------------------------------

def test_auto_takes_the_fast_engine_only_for_our_shapes_without_inference(shapes):
    fast = engines.FAST_ENGINE if engines.proven(engines.FAST_ENGINE) else "pyshacl"
    assert engines.choose("auto", shapes) == fast
    assert engines.choose("auto", shapes, infer="rdfs") == "pyshacl"
    copy = Graph()
    for triple in shapes:
        copy.add(triple)
    assert engines.choose("auto", copy) == "pyshacl"  # same content, but not certified: never assumed
    assert engines.choose("auto", load_shapes([REPO / "shapes" / "osce.ttl"])) == "pyshacl"
    assert engines.choose("pyshacl", shapes) == "pyshacl"
    with pytest.raises(ValueError):
        engines.choose("shifty", shapes, infer="owlrl")
    with pytest.raises(ValueError):
        engines.choose("nope", shapes)


@pytest.mark.parametrize("engine", FAST)
def test_the_installed_fast_engines_are_the_proven_versions(engine):
    """pyproject.toml pins these; a different version must pass this file and be added to PROVEN_VERSIONS."""
    if not engines.available(engine):
        pytest.skip(f"{engine} not installed")
    assert engines.proven(engine), (engine, engines.installed_version(engine), engines.PROVEN_VERSIONS[engine])


def test_validate_graph_reports_the_engine_it_used(reference, ontology):
    data, _focus = merged(reference, Graph().parse(FIXTURES / "shapes" / "event_end_before_start.ttl"))
    slow = validate_graph(data, load_shapes([REPO / "shapes" / "osce.ttl"]), ontology=ontology)
    assert slow.engine == "pyshacl"
    auto = validate_data(engines.Data(graph=data), load_shapes(), ontology=ontology)
    assert auto.engine == engines.choose("auto", load_shapes())
    assert engines.keys(auto.results) == engines.keys(slow.results)
    assert [r.shape for r in auto.results] == [str(OSCESH.EventDateOrderShape)]
    assert auto.graph is not None and len(auto.graph) > 5  # the sh:ValidationReport, parsed on demand


@pytest.mark.parametrize("engine", FAST_PARAMS)
def test_cli_engines_give_the_same_json_report(tmp_path, mutated, engine):
    data, _expected = mutated
    path = tmp_path / "data.nt"
    data.serialize(path, format="nt", encoding="utf-8")

    def run(name: str) -> dict:
        result = subprocess.run([sys.executable, "-m", "osce_kg", "validate", str(path), "--engine", name,
                                 "--format", "json"], capture_output=True, text=True, timeout=600)
        assert result.returncode == 1, result.stderr
        return json.loads(result.stdout)

    slow, fast = run("pyshacl"), run(engine)
    key = ("focus", "path", "component", "severity")
    assert {tuple(r[k] for k in key) for r in fast["results"]} == {tuple(r[k] for k in key) for r in slow["results"]}
    assert fast["failures"] == slow["failures"]
    # labels, news items and shape names come from the data and the shapes, not from the engine
    enrich = ("focus", "path", "component", "severity", "shape", "label", "news")
    assert sorted(tuple(r[k] or "" for k in enrich) for r in fast["results"]) == \
        sorted(tuple(r[k] or "" for k in enrich) for r in slow["results"])


def test_cli_rejects_a_fast_engine_with_inference(tmp_path):
    path = tmp_path / "empty.nt"
    path.write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "osce_kg", "validate", str(path), "--engine", "shifty",
                             "--infer", "rdfs"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "needs pyshacl" in result.stderr
