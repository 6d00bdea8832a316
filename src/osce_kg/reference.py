"""Linking names to reference entities (States, OSCE units, fields of work, places) by their labels.

The reference graph (`ontology/reference.ttl`) is the one source of names: every entity carries its
`rdfs:label`/`skos:prefLabel` and `skos:altLabel`/`skos:hiddenLabel` forms (former names, acronyms, demonyms).
The index is built once per process with pyoxigraph (milliseconds) and answers in a dict lookup.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox

from osce_kg.namespaces import FOW_NS, ID_NS, MTYPE_NS
from osce_kg.resources import reference_file

_LABEL_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label ?kind WHERE {
  { ?s rdfs:label ?label BIND(0 AS ?kind) } UNION { ?s skos:prefLabel ?label BIND(0 AS ?kind) }
  UNION { ?s skos:altLabel ?label BIND(1 AS ?kind) } UNION { ?s skos:hiddenLabel ?label BIND(2 AS ?kind) }
  UNION { ?s skos:notation ?label BIND(1 AS ?kind) }
  FILTER(isIRI(?s))
}"""


def normalise(name: str) -> str:
    """Case, accents, punctuation and a leading "the"/"OSCE" do not matter when linking a name."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^(the|osce) ", "", text)
    return text


def category(iri: str) -> str:
    """country, territory, org, field-operation, place, person, fow, mtype… from the IRI scheme."""
    if iri.startswith(FOW_NS):
        return "fow"
    if iri.startswith(MTYPE_NS):
        return "mtype"
    if iri.startswith(ID_NS):
        return iri[len(ID_NS):].split("/", 1)[0]
    return "other"


@dataclass
class ReferenceIndex:
    """normalised label → IRIs, best label kind first, per category."""

    by_label: dict[str, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str, *categories: str) -> str | None:
        entries = self.by_label.get(normalise(name))
        if not entries:
            return None
        for cat in categories or tuple(entries):
            if cat in entries:
                return entries[cat]
        return None

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)


@functools.lru_cache(maxsize=1)
def reference_index() -> ReferenceIndex:
    store = ox.Store()
    with open(reference_file(), "rb") as handle:
        store.load(handle, ox.RdfFormat.TURTLE)
    index = ReferenceIndex()
    ranked: dict[tuple[str, str], int] = {}
    for row in store.query(_LABEL_QUERY):
        iri, label, kind = row["s"].value, row["label"].value, int(row["kind"].value)
        cat = category(iri)
        key = normalise(label)
        if not key:
            continue
        previous = ranked.get((key, cat))
        if previous is None or kind < previous:
            ranked[(key, cat)] = kind
            index.by_label.setdefault(key, {})[cat] = iri
        if kind == 0 and iri not in index.labels:
            index.labels[iri] = label
    return index
