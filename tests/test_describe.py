"""The dataset description: every VoID/DCAT figure equals an independent count over the export; deterministic.

The independent counts are SPARQL queries run by pyoxigraph over the exported N-Quads file loaded into a fresh
store; the description is read back with rdflib. Also here: `osce-kg docs` (the ontology's HTML page).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from osce_kg.describe import DATASET_IRI, LICENSE, describe_source, serialize_description
from osce_kg.export import export
from osce_kg.store import Store

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef(DATASET_IRI)
PRE = """PREFIX schema: <https://schema.org/> PREFIX osce: <https://w3id.org/osce-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> """


@pytest.fixture(scope="module")
def exported(samples_store, tmp_path_factory):
    """The samples exported as N-Quads (with the description beside it), and a fresh store of that file."""
    path, _ = samples_store
    folder = tmp_path_factory.mktemp("described")
    target = folder / "kg.nq"
    with Store(path, read_only=True) as store:
        export(store, "nquads", target, sparql_endpoint="https://example.org/sparql", progress=False)
    independent = ox.Store()
    independent.load(path=str(target), format=ox.RdfFormat.N_QUADS)
    description = Graph().parse(folder / "kg.void.ttl", format="turtle")
    return target, independent, description


def one(store: ox.Store, query: str) -> ox.Literal | ox.NamedNode | None:
    rows = list(store.query(PRE + query, use_default_graph_as_union=True))
    return rows[0][0] if rows else None


def number(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return int(values[0])


def test_void_figures_equal_independent_counts(exported):
    _, data, description = exported
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    assert number(description, DATASET, VOID.triples) == int(one(data, f"SELECT (COUNT(*) AS ?n) WHERE {distinct}").value)
    assert number(description, DATASET, VOID.distinctSubjects) == int(one(
        data, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").value)
    assert number(description, DATASET, VOID.distinctObjects) == int(one(
        data, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").value)
    assert number(description, DATASET, VOID.entities) == int(one(
        data, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
              "FILTER(isIRI(?s) && STRSTARTS(STR(?s), 'https://w3id.org/osce-kg/id/')) }").value)
    assert number(description, DATASET, VOID.triples) > 5000


def test_class_and_property_partitions_equal_independent_counts(exported):
    _, data, description = exported
    classes = {row[0].value: int(row[1].value) for row in data.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c",
        use_default_graph_as_union=True)}
    properties = {row[0].value: int(row[1].value) for row in data.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?p",
        use_default_graph_as_union=True)}
    described_classes = {str(description.value(part, VOID["class"])): number(description, part, VOID.entities)
                         for part in description.objects(DATASET, VOID.classPartition)}
    described_properties = {str(description.value(part, VOID.property)): number(description, part, VOID.triples)
                            for part in description.objects(DATASET, VOID.propertyPartition)}
    assert described_classes == classes
    assert described_properties == properties
    assert number(description, DATASET, VOID.classes) == len(classes)
    assert number(description, DATASET, VOID.properties) == len(properties)
    vocabularies = {str(v) for v in description.objects(DATASET, VOID.vocabulary)}
    assert {"https://schema.org/", "https://w3id.org/osce-kg/ontology#", "http://www.w3.org/ns/org#"} <= vocabularies


def test_wikidata_linkset(exported):
    _, data, description = exported
    linkset = URIRef(DATASET_IRI + "#wikidata-links")
    assert (DATASET, VOID.subset, linkset) in description
    assert description.value(linkset, VOID.linkPredicate) == URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    expected = int(one(data, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { "
                             "?s skos:exactMatch ?o FILTER STRSTARTS(STR(?o), 'http://www.wikidata.org/entity/') "
                             "} } }").value)
    assert number(description, linkset, VOID.triples) == expected > 50
    target = description.value(linkset, VOID.objectsTarget)
    assert str(description.value(target, VOID.uriSpace)) == "http://www.wikidata.org/entity/"


def test_dcat_coverage_license_and_modified_come_from_the_data(exported):
    _, data, description = exported
    assert (DATASET, DCT.license, URIRef(LICENSE)) in description
    assert description.value(DATASET, DCT.publisher) is not None
    assert str(description.value(DATASET, VOID.uriSpace)) == "https://w3id.org/osce-kg/id/"
    assert description.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    modified = one(data, "SELECT (MAX(?t) AS ?m) WHERE { GRAPH ?g { ?s prov:generatedAtTime ?t } }")
    assert description.value(DATASET, DCT.modified) == Literal(
        modified.value, datatype=URIRef("http://www.w3.org/2001/XMLSchema#dateTime"))
    period = description.value(DATASET, DCT.temporal)
    first = one(data, "SELECT (MIN(STR(?d)) AS ?m) WHERE { GRAPH ?g { ?s schema:datePublished ?d } }")
    last = one(data, "SELECT (MAX(STR(?d)) AS ?m) WHERE { GRAPH ?g { ?s schema:datePublished ?d } }")
    assert str(description.value(period, DCAT.startDate)) == first.value[:10]
    assert str(description.value(period, DCAT.endDate)) == last.value[:10]
    states = {row[0].value for row in data.query(
        PRE + "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?x schema:mentions|osce:country ?c } "
              "GRAPH ?r { ?c a ?t VALUES ?t { osce:ParticipatingState osce:PartnerState } } }",
        use_default_graph_as_union=True)}
    assert {str(s) for s in description.objects(DATASET, DCT.spatial)} == states
    assert len(states) > 5


def test_distribution_size_type_and_checksum(exported):
    target, _, description = exported
    [distribution] = list(description.objects(DATASET, DCAT.distribution))
    assert number(description, distribution, DCAT.byteSize) == target.stat().st_size
    assert description.value(distribution, DCAT.mediaType) == \
        URIRef("https://www.iana.org/assignments/media-types/application/n-quads")
    checksum = description.value(distribution, SPDX.checksum)
    assert str(description.value(checksum, SPDX.checksumValue)) == hashlib.sha256(target.read_bytes()).hexdigest()


def test_description_has_no_blank_nodes_and_does_not_count_itself(exported):
    target, _, description = exported
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in description for t in triple)
    assert b"rdfs.org/ns/void" not in target.read_bytes()  # the export does not contain its description


def test_describe_twice_is_byte_identical_and_jsonld_says_the_same(samples_store, tmp_path):
    from osce_kg.cli import main

    path, _ = samples_store
    outputs = []
    for n, fmt in ((1, "turtle"), (2, "turtle"), (3, "jsonld")):
        target = tmp_path / f"d{n}.{fmt}"
        try:
            main(["describe", "--store", str(path), "--format", fmt, "-o", str(target)])
        except SystemExit as exit_info:
            assert not exit_info.code
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    turtle = Graph().parse(data=outputs[0], format="turtle")
    jsonld = Graph().parse(data=outputs[2], format="json-ld")
    assert set(turtle) == set(jsonld)


def test_partial_dates_widen_the_temporal_coverage(tmp_path):
    news = "https://w3id.org/osce-kg/id/news/"
    graph = "https://w3id.org/osce-kg/graph/news/x"

    def item(key: str, value: str, datatype: str) -> ox.Quad:
        return ox.Quad(ox.NamedNode(news + key), ox.NamedNode("https://schema.org/datePublished"),
                       ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype)),
                       ox.NamedNode(graph))

    with Store(tmp_path / "s") as store:
        store.replace_graphs({graph: [item("a", "2019", "gYear"), item("b", "2024-02", "gYearMonth"),
                                      item("c", "2021-06-01", "date")]})
        description = Graph().parse(data=serialize_description(describe_source(store)), format="turtle")
    period = description.value(DATASET, DCT.temporal)
    assert description.value(period, DCAT.startDate) == Literal("2019-01-01", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    assert str(description.value(period, DCAT.endDate)) == "2024-02-29"
    assert description.value(DATASET, DCT.modified) is None  # no generatedAtTime: no invented date


# -- osce-kg docs -------------------------------------------------------------------------------------------------
def test_docs_page_lists_every_term_with_label_domain_and_range(tmp_path):
    from rdflib import OWL, RDF, RDFS

    from osce_kg.cli import main
    from osce_kg.resources import ontology_file

    pages = []
    for n in (1, 2):
        target = tmp_path / f"ontology{n}.html"
        try:
            main(["docs", "-o", str(target)])
        except SystemExit as exit_info:
            assert not exit_info.code
        pages.append(target.read_bytes())
    assert pages[0] == pages[1]  # deterministic
    html = pages[0].decode()
    ontology = Graph().parse(ontology_file())
    ns = "https://w3id.org/osce-kg/ontology#"
    terms = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in ontology.subjects(RDF.type, t) if str(s).startswith(ns)}
    assert len(terms) > 40
    for term in terms:
        assert f'id="{str(term)[len(ns):]}"' in html, term
        label = ontology.value(term, RDFS.label)
        assert label is None or str(label).replace("'", "&#39;") in html
    assert "Domain" in html and "Range" in html and "Subclass of" in html
    assert "<script" not in html and "http://" not in html.split("<body>")[0].replace("http://www.w3.org", "")


def test_docs_escapes_markup_in_comments(tmp_path):
    from osce_kg.commands.docs import render

    ontology = tmp_path / "o.ttl"
    ontology.write_text("""@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/osce-kg/ontology> a owl:Ontology .
<https://w3id.org/osce-kg/ontology#X> a owl:Class ; rdfs:label "X <b>" ; rdfs:comment "a <script>alert(1)</script>" .
""", encoding="utf-8")
    html = render(Path(ontology))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "jsonld"])
def test_sidecar_description_equals_describe_of_the_same_file(samples_store, tmp_path, fmt):
    """`export -o` counts on the export's own stream; `describe` reads the store again: same bytes."""
    from osce_kg.describe import Distribution

    path, _ = samples_store
    target = tmp_path / f"kg.{fmt}"
    with Store(path, read_only=True) as store:
        export(store, fmt, target, progress=False)
        again = describe_source(store, distributions=[Distribution.of_file(target, fmt)])
    assert (tmp_path / "kg.void.ttl").read_bytes() == serialize_description(again)


def test_figures_on_awkward_literals_equal_sparql_counts(tmp_path):
    """Quotes, newlines, spaces and non-Latin text inside literals must not confuse the line-based counter."""
    from test_export import awkward_quads

    with Store(tmp_path / "s") as store:
        store.replace_graphs(awkward_quads())
        description = Graph().parse(data=serialize_description(describe_source(store)), format="turtle")
        data = store.ox

        def count(query: str) -> int:
            return int(next(iter(data.query(query, use_default_graph_as_union=True)))[0].value)

        distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        assert number(description, DATASET, VOID.triples) == count(f"SELECT (COUNT(*) AS ?n) WHERE {distinct}")
        assert number(description, DATASET, VOID.distinctObjects) == count(
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert number(description, DATASET, VOID.distinctSubjects) == count(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert number(description, DATASET, VOID.entities) == count(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/osce-kg/id/')) }")
        linkset = URIRef(DATASET_IRI + "#wikidata-links")
        assert number(description, linkset, VOID.triples) == 1  # stated in two graphs, counted once
