"""The namespaces of the data model (docs/DATA-MODEL.md), as plain strings and rdflib Namespaces.

Plain strings serve the pyoxigraph path (mapping, store, queries); rdflib Namespaces serve validation and
serialisation. schema.org is always https (VOCABULARY.md pitfall 2).
"""

from __future__ import annotations

BASE = "https://w3id.org/osce-kg/"
OSCE_NS = BASE + "ontology#"
ID_NS = BASE + "id/"
FOW_NS = BASE + "field-of-work/"
MTYPE_NS = BASE + "meeting-type/"
FOTYPE_NS = BASE + "field-operation-type/"
GRAPH_NS = BASE + "graph/"
SHAPES_NS = BASE + "shapes#"
FOW_SCHEME = BASE + "scheme/fields-of-work"
MTYPE_SCHEME = BASE + "scheme/meeting-types"

SCHEMA_NS = "https://schema.org/"
ORG_NS = "http://www.w3.org/ns/org#"
PROV_NS = "http://www.w3.org/ns/prov#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
FOAF_NS = "http://xmlns.com/foaf/0.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SH_NS = "http://www.w3.org/ns/shacl#"
TIME_NS = "http://www.w3.org/2006/time#"
SEM_NS = "http://semanticweb.cs.vu.nl/2009/11/sem/"
DCAT_NS = "http://www.w3.org/ns/dcat#"
VOID_NS = "http://rdfs.org/ns/void#"
WD_NS = "http://www.wikidata.org/entity/"

GRAPH_ONTOLOGY = GRAPH_NS + "ontology"
GRAPH_REFERENCE = GRAPH_NS + "reference"
GRAPH_INFERRED = GRAPH_NS + "inferred"
GRAPH_NEWS_PREFIX = GRAPH_NS + "news/"

PREFIXES: dict[str, str] = {
    "osce": OSCE_NS,
    "osceid": ID_NS,
    "fow": FOW_NS,
    "mtype": MTYPE_NS,
    "fotype": FOTYPE_NS,
    "graph": GRAPH_NS,
    "oscesh": SHAPES_NS,
    "schema": SCHEMA_NS,
    "org": ORG_NS,
    "prov": PROV_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "foaf": FOAF_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "sh": SH_NS,
    "time": TIME_NS,
    "sem": SEM_NS,
    "dcat": DCAT_NS,
    "void": VOID_NS,
    "wd": WD_NS,
}

_RDFLIB_NAMESPACES = {"OSCE": OSCE_NS, "OSCEID": ID_NS, "FOW": FOW_NS, "MTYPE": MTYPE_NS, "GRAPH": GRAPH_NS,
                      "SDO": SCHEMA_NS, "ORG": ORG_NS, "PROV": PROV_NS, "DCAT": DCAT_NS, "VOID": VOID_NS}


def __getattr__(name: str) -> object:
    """rdflib Namespaces (OSCE, SDO, …) made on first use: importing rdflib costs ~0.3 s of start-up, which
    the query path of the CLI and the server's workers do not need."""
    if name in _RDFLIB_NAMESPACES:
        from rdflib import Namespace

        return Namespace(_RDFLIB_NAMESPACES[name])
    raise AttributeError(f"module 'osce_kg.namespaces' has no attribute {name!r}")


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
