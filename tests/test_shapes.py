"""The SHACL shapes (shapes/osce.ttl): valid SHACL, documented, satisfied by the reference data and by a valid news
graph, and each SHACL-SPARQL constraint caught by a fixture that breaks exactly that constraint.

Validation follows the project's rule (VOCABULARY.md pitfall 11): one rdflib Graph = the data MERGED with the
reference graph, the ontology mixed in, pyshacl with advanced features (osce_kg.validate.validate_graph)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from osce_kg.validate import validate_graph  # noqa: E402

SHAPES = REPO / "shapes" / "osce.ttl"
ONTOLOGY = REPO / "ontology" / "osce.ttl"
REFERENCE = REPO / "ontology" / "reference.ttl"
FIXTURES = REPO / "tests" / "fixtures"
OSCESH = Namespace("https://w3id.org/osce-kg/shapes#")
OSCE = Namespace("https://w3id.org/osce-kg/ontology#")
ID = Namespace("https://w3id.org/osce-kg/id/")
SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(REFERENCE, format="turtle")


def merged(reference: Graph, *fixtures: Path | str) -> tuple[Graph, list[URIRef]]:
    """Reference data + fixture(s) as one graph, and the fixture's subjects (the focus nodes of a news batch)."""
    data = Graph()
    for triple in reference:
        data.add(triple)
    focus: set[URIRef] = set()
    for fixture in fixtures:
        part = Graph().parse(data=fixture, format="turtle") if isinstance(fixture, str) else Graph().parse(fixture)
        for triple in part:
            data.add(triple)
        focus |= {s for s in part.subjects() if isinstance(s, URIRef)}
    return data, sorted(focus)


# ---------------------------------------------------------------------------------------------------------------------
# The shapes graph itself
# ---------------------------------------------------------------------------------------------------------------------

def meta_validate(graph: Graph) -> tuple[bool, str]:
    """Validate a shapes graph against SHACL-for-SHACL (pyshacl's baked-in shacl-shacl graph)."""
    from pyshacl.entrypoints import meta_validate as pyshacl_meta_validate

    conforms, _report, text = pyshacl_meta_validate(graph, inference="none")
    return conforms, text


def test_shapes_conform_to_shacl_for_shacl(shapes):
    conforms, text = meta_validate(shapes)
    assert conforms, text


def test_meta_validation_catches_a_broken_shape():
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:Shape> a sh:NodeShape ; sh:property [ sh:path <urn:x:p> ; sh:minCount "one" ] .""", format="turtle")
    conforms, _text = meta_validate(broken)
    assert not conforms


def test_every_shape_is_documented_and_has_a_deliberate_severity(shapes):
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    targeted = {s for s in node_shapes
                if any(shapes.value(s, p) is not None
                       for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf))}
    assert len(targeted) >= 30
    for shape in node_shapes:
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, SH.description) is not None, shape
    for shape in targeted:
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
    for prop in shapes.objects(None, SH.property):
        assert shapes.value(prop, SH.name) is not None, prop
        assert shapes.value(prop, SH.description) is not None, prop
        # A property shape's results carry its own severity, not its node shape's: state it every time.
        assert shapes.value(prop, SH.severity) in (SH.Violation, SH.Warning, SH.Info), prop
    used = {shapes.value(s, SH.severity) for s in targeted}
    assert used == {SH.Violation, SH.Warning, SH.Info}


def test_every_class_of_the_data_model_has_a_shape(shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    expected = {OSCE.NewsItem, OSCE.Event, SDO.Person, OSCE.RoleStatement, SDO.Quotation, OSCE.TextSpan,
                OSCE.Organization, OSCE.FieldOperation, OSCE.ParticipatingState, OSCE.PartnerState,
                OSCE.HistoricalState, OSCE.Territory, OSCE.City, SDO.City, SDO.AdministrativeArea, OSCE.Project,
                OSCE.FieldOfWork, OSCE.MeetingType, OSCE.Chairpersonship, OSCE.CountryParticipation,
                ORG.Membership, OSCE.NameAssignment}
    assert expected <= targets, expected - targets


# ---------------------------------------------------------------------------------------------------------------------
# Data that must conform
# ---------------------------------------------------------------------------------------------------------------------

def test_reference_data_conforms(shapes, ontology, reference):
    report = validate_graph(reference, shapes, ontology=ontology)
    assert report.conforms, report.results[:10]


def test_valid_news_graph_conforms(shapes, ontology, reference):
    data, _focus = merged(reference, FIXTURES / "valid_news.ttl")
    report = validate_graph(data, shapes, ontology=ontology)
    assert report.conforms, report.results


def test_valid_news_graph_conforms_with_focus_nodes(shapes, ontology, reference):
    data, focus = merged(reference, FIXTURES / "valid_news.ttl")
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus)
    assert report.conforms, report.results


# ---------------------------------------------------------------------------------------------------------------------
# Each SHACL-SPARQL constraint: one fixture, exactly one result
# ---------------------------------------------------------------------------------------------------------------------

SPARQL_CASES = {
    # fixture: (source shape, focus node, result path or None, severity)
    "event_end_before_start": (OSCESH.EventDateOrderShape, ID["event/b00000000001-e1"], SDO.endDate, "Violation"),
    "women_men_exceed_count": (OSCESH.EventGenderCountShape, ID["event/b00000000002-e1"], OSCE.participantCount,
                               "Warning"),
    "published_in_future": (OSCESH.PublicationNotInFutureShape, ID["news/b00000000003"], SDO.datePublished,
                            "Violation"),
    "published_before_1973": (OSCESH.PublicationNotBefore1973Shape, ID["news/b00000000004"], SDO.datePublished,
                              "Violation"),
    "news_without_field_of_work": (OSCESH.NewsItemAboutShape, ID["news/b00000000005"], SDO.about, "Violation"),
    "field_operation_host_partner": (OSCESH.FieldOperationHostShape, ID["field-operation/test-japan-2020"],
                                     OSCE.hostTerritory, "Violation"),
    "dissolution_before_founding": (OSCESH.DissolutionAfterFoundingShape, ID["field-operation/test-austria-2005"],
                                    SDO.dissolutionDate, "Violation"),
    "role_without_news_item": (OSCESH.RoleStatementProvenanceShape, ID["role/b00000000008-jane-tester"],
                               PROV.wasDerivedFrom, "Violation"),
    "bad_iri_subject": (OSCESH.IriSchemeShape, ID["org/National_Police"], None, "Violation"),
    "bad_iri_object": (OSCESH.IriSchemeShape, ID["news/b00000000010"], SDO.mentions, "Violation"),
}


def test_every_sparql_constraint_has_a_broken_fixture(shapes):
    with_sparql = set(shapes.subjects(SH.sparql, None))
    assert with_sparql == {case[0] for case in SPARQL_CASES.values()}
    assert {p.stem for p in (FIXTURES / "shapes").glob("*.ttl")} == set(SPARQL_CASES)


@pytest.mark.parametrize("fixture", sorted(SPARQL_CASES))
def test_broken_fixture_triggers_exactly_its_constraint(shapes, ontology, reference, fixture):
    shape, focus, path, severity = SPARQL_CASES[fixture]
    data, focus_nodes = merged(reference, FIXTURES / "shapes" / f"{fixture}.ttl")
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus_nodes)
    found = [(r.shape, r.focus, r.path, r.component, r.severity) for r in report.results]
    expected = (str(shape), str(focus), str(path) if path is not None else None, "SPARQLConstraintComponent",
                severity)
    assert found == [expected]


# ---------------------------------------------------------------------------------------------------------------------
# A few core constraints that guard the contract
# ---------------------------------------------------------------------------------------------------------------------

NEWS = """
@prefix osce: <https://w3id.org/osce-kg/ontology#> . @prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/osce-kg/id/news/c00000000001> a schema:NewsArticle , osce:NewsItem ;
    rdfs:label "T" ; schema:headline "T" {extra} ; dcterms:identifier "c00000000001" ;
    schema:publisher <https://w3id.org/osce-kg/id/org/secretariat> ;
    schema:about <https://w3id.org/osce-kg/field-of-work/unknown> .
"""


@pytest.mark.parametrize("extra, path, component, severity", [
    (', "T2" ; schema:datePublished "2023-05-31"^^xsd:date', SDO.headline, "MaxCountConstraintComponent", "Violation"),
    ('; schema:datePublished "2023-05-31"', SDO.datePublished, "DatatypeConstraintComponent", "Violation"),
    ('; schema:datePublished "2023-05-31"^^xsd:date , "2023-06-01"^^xsd:date', SDO.datePublished,
     "MaxCountConstraintComponent", "Violation"),
    ('', SDO.datePublished, "MinCountConstraintComponent", "Info"),
])
def test_news_item_core_constraints(shapes, ontology, reference, extra, path, component, severity):
    data, focus = merged(reference, NEWS.replace("{extra}", extra))
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus)
    found = [(r.path, r.component, r.severity) for r in report.results]
    assert found == [(str(path), component, severity)]


def test_kosovo_typed_as_a_country_is_a_violation(shapes, ontology, reference):
    data, focus = merged(reference, "<https://w3id.org/osce-kg/id/territory/kosovo> a <https://schema.org/Country> .")
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus)
    assert [(r.shape, r.component, r.severity) for r in report.results] == \
        [(str(OSCESH.TerritoryShape), "NotConstraintComponent", "Violation")]


def test_literals_through_the_store_still_conform(shapes, ontology, reference):
    """Plain and xsd:string literals both pass (no sh:in on strings; PITFALLS.md 1)."""
    data, focus = merged(reference, FIXTURES / "valid_news.ttl")
    xsd_string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    for s, p, o in list(data):
        if isinstance(o, Literal) and o.datatype is None and not o.language:
            data.remove((s, p, o))
            data.add((s, p, Literal(str(o), datatype=xsd_string)))
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus)
    assert report.conforms, report.results


# ---------------------------------------------------------------------------------------------------------------------
# The IRI scheme regex, on the examples of docs/DATA-MODEL.md
# ---------------------------------------------------------------------------------------------------------------------

GOOD_IRIS = ["news/a1b2c3d4e5f6", "news/234776", "event/a1b2c3d4e5f6-e1", "event/a1b2c3d4e5f6-e12-from-af",
             "person/yuriy-vykhodets", "role/a1b2c3d4e5f6-yuriy-vykhodets", "quote/a1b2c3d4e5f6-q1",
             "span/a1b2c3d4e5f6-120-380", "country/ua", "country/hist-serbia-and-montenegro", "territory/kosovo",
             "org/osce", "org/national-police-of-ukraine", "field-operation/kosovo-1999", "place/chisinau",
             "project/strengthening-capacity", "chairpersonship/2023", "membership/mn-partner",
             "name/tajikistan-1994-2", "listing/0123456789ab", "agent/extractor-0.1.0"]
BAD_IRIS = ["news/a1b2-c3", "event/a1b2c3d4e5f6", "event/k-e1-from-AFG", "person/Yuriy_Vykhodets", "country/ukr",
            "country/UA", "org/-osce", "org/osce-", "place/chi--sinau", "chairpersonship/23", "thing/x", "org/"]


def iri_scheme_regex(shapes: Graph) -> str:
    queries = [str(shapes.value(c, SH.select)) for c in shapes.objects(OSCESH.IriSchemeShape, SH.sparql)]
    queries += [str(shapes.value(t, SH.select)) for t in shapes.objects(OSCESH.IriSchemeShape, SH.target)]
    assert len(queries) == 3, "two constraints and the SPARQL target that selects their focus nodes"
    patterns = {m for q in queries for m in re.findall(r'REGEX\(STR\([?$]\w+\), "([^"]+)"\)', q)}
    assert len(patterns) == 1, "the two IRI-scheme constraints and their target must use the same regex"
    return patterns.pop()


@pytest.mark.parametrize("path", GOOD_IRIS)
def test_iri_scheme_accepts(shapes, path):
    assert re.search(iri_scheme_regex(shapes), str(ID) + path)


@pytest.mark.parametrize("path", BAD_IRIS)
def test_iri_scheme_rejects(shapes, path):
    assert not re.search(iri_scheme_regex(shapes), str(ID) + path)


@pytest.mark.parametrize("unmention, shape, path", [
    ("<person/yuriy-vykhodets>", OSCESH.RoleStatementShape, OSCE.person),
    ("<person/yuriy-vykhodets>", OSCESH.QuotationShape, SDO.spokenByCharacter),
    ("<project/strengthening-cyber-investigation-capacity>", OSCESH.ProjectShape, None),
])
def test_people_and_projects_of_a_page_are_mentioned_by_its_news_item(shapes, ontology, reference, unmention,
                                                                       shape, path):
    """The headline counts read people and projects from schema:mentions alone; the shapes hold the mapper to it."""
    text = (FIXTURES / "valid_news.ttl").read_text(encoding="utf-8")
    mentions = re.search(r"schema:mentions [^;]+;", text).group(0)
    objects = [o.strip() for o in mentions.removeprefix("schema:mentions").rstrip(";").split(",")]
    assert unmention in objects
    kept = ", ".join(o for o in objects if o != unmention)
    broken = text.replace(mentions, f"schema:mentions {kept} ;")
    data, focus = merged(reference, broken)
    report = validate_graph(data, shapes, ontology=ontology, focus_nodes=focus)
    found = {(r.shape, r.path) for r in report.results if r.severity == "Violation"}
    if path is not None:
        assert (str(shape), str(path)) in found
    else:
        assert any(s == str(shape) for s, _p in found), found
