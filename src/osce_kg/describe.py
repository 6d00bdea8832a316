"""The dataset description (VoID + DCAT) that linked-data portals read before they read the data.

Every figure is computed from the same sorted, deduplicated triple stream that the export writes
(`osce_kg.export.sorted_merged_lines`), so `void:triples` is the number of distinct triples over all graphs of the
export (a triple stated in two news graphs counts once), and the description is never counted in itself.

Deterministic on purpose: describing the same data twice gives the same bytes. There is no wall-clock time in it:
`dcterms:modified` is the latest `prov:generatedAtTime` in the data (when the newest item was built), and the
temporal coverage comes from the news items' dates. The nodes of the description (partitions, the period, the
linkset, the distributions) get IRIs under `https://w3id.org/osce-kg/dataset#…` rather than blank nodes, so two
descriptions compare line by line.

Counting conventions (stated here because VoID leaves some open):
* `void:entities` — distinct IRI subjects inside `void:uriSpace` (`https://w3id.org/osce-kg/id/`);
* `void:distinctSubjects` / `void:distinctObjects` — distinct terms in that position (IRIs, literals, blank nodes);
* class partition `void:entities` — distinct subjects typed with the class; property partition `void:triples` —
  distinct triples with the property;
* the Wikidata `void:Linkset` counts `skos:exactMatch` triples whose object is a `http://www.wikidata.org/entity/`
  IRI (VOCABULARY.md pitfall 6: links are skos:exactMatch, never owl:sameAs);
* `dcterms:spatial` lists the participating and partner States a news item mentions (`schema:mentions`) or an
  event took place in (`osce:country`).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from osce_kg.namespaces import (
    DCAT_NS,
    DCTERMS_NS,
    FOAF_NS,
    ID_NS,
    OSCE_NS,
    PREFIXES,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SKOS_NS,
    VOID_NS,
    WD_NS,
    XSD_NS,
)

DATASET_IRI = "https://w3id.org/osce-kg/dataset"
ONTOLOGY_IRI = "https://w3id.org/osce-kg/ontology"
URI_SPACE = ID_NS
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGE_EN = "http://publications.europa.eu/resource/authority/language/ENG"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"
SPDX_NS = "http://spdx.org/rdf/terms#"
TITLE = "osce-kg: a knowledge graph of OSCE news"
DESCRIPTION = ("Events, organisations, people, places, projects and quotations read off news pages of the "
               "Organization for Security and Co-operation in Europe (OSCE), one named graph per news item, with "
               "reference data on the participating States, Partners for Co-operation, OSCE structures and field "
               "operations, linked to Wikidata. Every statement keeps the text span it was read from.")
RIGHTS = ("The data is published under CC BY 4.0. Quoted passages (osce:text, schema:text) are excerpts of "
          "OSCE news pages; the OSCE's terms of use apply to those excerpts.")
PUBLISHER_NAME = "osce-kg developers"
KEYWORDS = ("OSCE", "news", "events", "international organizations", "knowledge graph")

RDF_TYPE = RDF_NS + "type"
STATE_CLASSES = {OSCE_NS + "ParticipatingState", OSCE_NS + "PartnerState"}
MENTION_PROPERTIES = {SCHEMA_NS + "mentions", OSCE_NS + "country"}
NEWS_PREFIX = ID_NS + "news/"
_PARTIAL_DATE = re.compile(r"(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?")


@dataclass
class DatasetStats:
    """The figures of the description, computed in one pass over sorted distinct triples."""

    triples: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    entities: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    wikidata_links: int = 0
    first_date: str | None = None
    last_date: str | None = None
    states: list[str] = field(default_factory=list)
    modified: str | None = None
    example: str | None = None
    graphs: int = 0

    @property
    def vocabularies(self) -> list[str]:
        """Namespaces of the properties and classes used (VoID's `void:vocabulary`)."""
        return sorted({namespace_of(iri) for iri in (*self.classes, *self.properties)})


def namespace_of(iri: str) -> str:
    """The namespace of a term: up to and including the last `#`, else the last `/`."""
    cut = iri.rfind("#")
    if cut < 0:
        cut = iri.rfind("/")
    return iri[: cut + 1] if cut >= 0 else iri


def _date_bounds(lexical: str) -> tuple[str, str] | None:
    """First and last day of an `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` value (time zones ignored)."""
    match = _PARTIAL_DATE.match(lexical)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1] if year.isdigit() else 28
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def _datetime_key(lexical: str) -> tuple[Any, str]:
    try:
        parsed = datetime.fromisoformat(lexical.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return (parsed.isoformat(), lexical)
        return (parsed.astimezone(timezone.utc).replace(tzinfo=None).isoformat(), lexical)
    except ValueError:
        return (lexical, lexical)


def _b(iri: str) -> bytes:
    return f"<{iri}>".encode()


_TYPE, _EXACT, _PUBLISHED, _GENERATED = (_b(RDF_TYPE), _b(SKOS_NS + "exactMatch"), _b(SCHEMA_NS + "datePublished"),
                                        _b(PROV_NS + "generatedAtTime"))
_MENTIONS = {_b(p) for p in MENTION_PROPERTIES}
_STATES = {_b(c) for c in STATE_CLASSES}
_NEWS_ITEM = _b(OSCE_NS + "NewsItem")
_ENTITY, _NEWS, _WIKIDATA = b"<" + URI_SPACE.encode(), b"<" + NEWS_PREFIX.encode(), b"<" + WD_NS.encode()


def _lexical(literal: bytes) -> str | None:
    """The lexical form of a typed literal term whose value needs no unescaping (dates, date-times)."""
    if not literal.startswith(b'"'):
        return None
    end = literal.rfind(b'"')
    return literal[1:end].decode() if end > 0 else None


class StatsCollector:
    """Counts the figures of the description from sorted, distinct N-Triples lines, one line at a time.

    Works on the bytes of Oxigraph's canonical N-Triples (`s p o .`, single spaces, IRIs and blank nodes never
    contain a space), so it can ride along the export's own stream: the description costs no second read of the
    store. Subjects must arrive grouped (sorted lines guarantee it) for `distinct_subjects`.
    """

    def __init__(self, graphs: int = 0, chunk_lines: int | None = None) -> None:
        from osce_kg.export import DEFAULT_CHUNK_LINES, SortedLines

        self.stats = DatasetStats(graphs=graphs)
        # distinct objects by external sort too, so that memory stays bounded on big graphs
        self._objects = SortedLines(chunk_lines or DEFAULT_CHUNK_LINES)
        self._subject: bytes | None = None
        self._classes: dict[bytes, int] = {}
        self._properties: dict[bytes, int] = {}
        self._states: set[bytes] = set()
        self._mentioned: set[bytes] = set()
        self._first: str | None = None
        self._last: str | None = None
        self._modified: tuple[Any, str] | None = None
        self._example: bytes | None = None

    def add_line(self, line: bytes) -> None:
        subject, predicate, obj = line[:-3].split(b" ", 2) if line.endswith(b" .\n") else \
            line.rstrip(b"\n").rstrip(b" .").split(b" ", 2)
        stats = self.stats
        stats.triples += 1
        if subject != self._subject:
            self._subject = subject
            stats.distinct_subjects += 1
            if subject.startswith(_ENTITY):
                stats.entities += 1
        self._objects.add(obj + b"\n")
        self._properties[predicate] = self._properties.get(predicate, 0) + 1
        if predicate == _TYPE:
            if obj.startswith(b"<"):
                self._classes[obj] = self._classes.get(obj, 0) + 1
                if obj in _STATES and subject.startswith(b"<"):
                    self._states.add(subject)
                if obj == _NEWS_ITEM and subject.startswith(b"<") and \
                        (self._example is None or subject < self._example):
                    self._example = subject
        elif predicate == _EXACT:
            if obj.startswith(_WIKIDATA):
                stats.wikidata_links += 1
        elif predicate == _PUBLISHED:
            lexical = _lexical(obj) if subject.startswith(_NEWS) else None
            bounds = _date_bounds(lexical) if lexical else None
            if bounds:
                self._first = bounds[0] if self._first is None or bounds[0] < self._first else self._first
                self._last = bounds[1] if self._last is None or bounds[1] > self._last else self._last
        elif predicate in _MENTIONS:
            if obj.startswith(b"<"):
                self._mentioned.add(obj)
        elif predicate == _GENERATED:
            lexical = _lexical(obj)
            if lexical:
                key = _datetime_key(lexical)
                if self._modified is None or key > self._modified:
                    self._modified = key

    def result(self) -> DatasetStats:
        stats = self.stats
        stats.distinct_objects = sum(1 for _ in self._objects)
        stats.classes = {iri[1:-1].decode(): n for iri, n in self._classes.items()}
        stats.properties = {iri[1:-1].decode(): n for iri, n in self._properties.items()}
        stats.first_date, stats.last_date = self._first, self._last
        stats.states = sorted(iri[1:-1].decode() for iri in self._mentioned & self._states)
        stats.modified = self._modified[1] if self._modified else None
        stats.example = self._example[1:-1].decode() if self._example else None
        return stats


def collect_stats(lines: Iterable[bytes], graphs: int = 0, chunk_lines: int | None = None) -> DatasetStats:
    """The figures of sorted, distinct N-Triples lines (see `StatsCollector`)."""
    collector = StatsCollector(graphs, chunk_lines)
    for line in lines:
        collector.add_line(line)
    return collector.result()


@dataclass
class Distribution:
    """One file of the dataset: what DCAT says about it."""

    name: str
    fmt: str
    byte_size: int
    sha256: str
    download_url: str | None = None

    @classmethod
    def of_file(cls, path: Path, fmt: str | None = None, *, base_url: str | None = None) -> Distribution:
        from osce_kg.export import format_of

        path = Path(path)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        url = base_url.rstrip("/") + "/" + quote(path.name) if base_url else None
        return cls(path.name, format_of(path, fmt), path.stat().st_size, digest.hexdigest(), url)

    @property
    def media_type(self) -> str:
        from osce_kg.export import MEDIA_TYPES

        return MEDIA_TYPES[self.fmt]


def _fragment(kind: str, iri: str) -> str:
    """A stable, readable fragment for a partition: `class-schema-Event`, or a hash when the name is awkward."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_.]*", local):
            return f"{kind}-{prefix}-{local}"
    return f"{kind}-x{hashlib.sha1(iri.encode()).hexdigest()[:12]}"


def description_triples(stats: DatasetStats, distributions: Iterable[Distribution] = (), *,
                        sparql_endpoint: str | None = None, context_iri: str | None = None) -> list[ox.Triple]:
    """The VoID + DCAT description as sorted triples (no blank nodes)."""
    triples: list[ox.Triple] = []
    dataset = ox.NamedNode(DATASET_IRI)

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def node(fragment: str) -> ox.NamedNode:
        return ox.NamedNode(f"{DATASET_IRI}#{fragment}")

    def lit(value: object, datatype: str | None = None) -> ox.Literal:
        if datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(XSD_NS + datatype))
        return ox.Literal(str(value))

    def add(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(subject, iri(predicate), obj))

    def count(n: int) -> ox.Literal:
        return lit(n, "integer")

    add(dataset, RDF_TYPE, iri(VOID_NS + "Dataset"))
    add(dataset, RDF_TYPE, iri(DCAT_NS + "Dataset"))
    add(dataset, DCTERMS_NS + "title", lit(TITLE))
    add(dataset, RDFS_NS + "label", lit(TITLE))
    add(dataset, DCTERMS_NS + "description", lit(DESCRIPTION))
    add(dataset, DCTERMS_NS + "license", iri(LICENSE))
    add(dataset, DCTERMS_NS + "rights", node("rights"))
    add(node("rights"), RDF_TYPE, iri(DCTERMS_NS + "RightsStatement"))
    add(node("rights"), RDFS_NS + "label", lit(RIGHTS))
    add(dataset, DCTERMS_NS + "publisher", node("publisher"))
    add(node("publisher"), RDF_TYPE, iri(FOAF_NS + "Organization"))
    add(node("publisher"), FOAF_NS + "name", lit(PUBLISHER_NAME))
    add(dataset, DCTERMS_NS + "language", iri(LANGUAGE_EN))
    add(dataset, DCTERMS_NS + "conformsTo", iri(ONTOLOGY_IRI))
    for keyword in KEYWORDS:
        add(dataset, DCAT_NS + "keyword", lit(keyword))
    if stats.modified:
        add(dataset, DCTERMS_NS + "modified", lit(stats.modified, "dateTime"))
    if stats.first_date and stats.last_date:
        period = node("temporal")
        add(dataset, DCTERMS_NS + "temporal", period)
        add(period, RDF_TYPE, iri(DCTERMS_NS + "PeriodOfTime"))
        add(period, DCAT_NS + "startDate", lit(stats.first_date, "date"))
        add(period, DCAT_NS + "endDate", lit(stats.last_date, "date"))
    for state in stats.states:
        add(dataset, DCTERMS_NS + "spatial", iri(state))

    # VoID figures
    add(dataset, VOID_NS + "uriSpace", lit(URI_SPACE))
    add(dataset, VOID_NS + "triples", count(stats.triples))
    add(dataset, VOID_NS + "entities", count(stats.entities))
    add(dataset, VOID_NS + "distinctSubjects", count(stats.distinct_subjects))
    add(dataset, VOID_NS + "distinctObjects", count(stats.distinct_objects))
    add(dataset, VOID_NS + "classes", count(len(stats.classes)))
    add(dataset, VOID_NS + "properties", count(len(stats.properties)))
    if stats.example:
        add(dataset, VOID_NS + "exampleResource", iri(stats.example))
    for vocabulary in stats.vocabularies:
        add(dataset, VOID_NS + "vocabulary", iri(vocabulary))
    for cls, n in stats.classes.items():
        partition = node(_fragment("class", cls))
        add(dataset, VOID_NS + "classPartition", partition)
        add(partition, VOID_NS + "class", iri(cls))
        add(partition, VOID_NS + "entities", count(n))
    for prop, n in stats.properties.items():
        partition = node(_fragment("property", prop))
        add(dataset, VOID_NS + "propertyPartition", partition)
        add(partition, VOID_NS + "property", iri(prop))
        add(partition, VOID_NS + "triples", count(n))
    if sparql_endpoint:
        add(dataset, VOID_NS + "sparqlEndpoint", iri(sparql_endpoint))

    # the Wikidata links, as a linkset (a subset of the dataset)
    linkset, wikidata = node("wikidata-links"), node("wikidata")
    add(dataset, VOID_NS + "subset", linkset)
    add(linkset, RDF_TYPE, iri(VOID_NS + "Linkset"))
    add(linkset, VOID_NS + "linkPredicate", iri(SKOS_NS + "exactMatch"))
    add(linkset, VOID_NS + "subjectsTarget", dataset)
    add(linkset, VOID_NS + "objectsTarget", wikidata)
    add(linkset, VOID_NS + "triples", count(stats.wikidata_links))
    add(wikidata, RDF_TYPE, iri(VOID_NS + "Dataset"))
    add(wikidata, DCTERMS_NS + "title", lit("Wikidata"))
    add(wikidata, VOID_NS + "uriSpace", lit(WD_NS))
    add(wikidata, FOAF_NS + "homepage", iri("https://www.wikidata.org/"))

    # one distribution per file
    for dist in distributions:
        part = node("distribution-" + quote(dist.name, safe=""))
        add(dataset, DCAT_NS + "distribution", part)
        add(part, RDF_TYPE, iri(DCAT_NS + "Distribution"))
        add(part, DCTERMS_NS + "title", lit(dist.name))
        add(part, DCAT_NS + "mediaType", iri(IANA_MEDIA + dist.media_type))
        add(part, DCAT_NS + "byteSize", lit(dist.byte_size, "nonNegativeInteger"))
        add(part, DCTERMS_NS + "license", iri(LICENSE))
        checksum = node("distribution-" + quote(dist.name, safe="") + "-sha256")
        add(part, SPDX_NS + "checksum", checksum)
        add(checksum, RDF_TYPE, iri(SPDX_NS + "Checksum"))
        add(checksum, SPDX_NS + "algorithm", iri(SPDX_NS + "checksumAlgorithm_sha256"))
        add(checksum, SPDX_NS + "checksumValue", lit(dist.sha256, "hexBinary"))
        if dist.fmt == "jsonld" and context_iri:
            add(part, DCTERMS_NS + "conformsTo", iri(context_iri))
        if dist.download_url:
            add(part, DCAT_NS + "downloadURL", iri(dist.download_url))
            add(part, DCAT_NS + "accessURL", iri(dist.download_url))
            add(dataset, VOID_NS + "dataDump", iri(dist.download_url))
        elif sparql_endpoint:
            add(part, DCAT_NS + "accessURL", iri(sparql_endpoint))
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def describe_source(source: Any, graphs: Iterable[str] | None = None, *,
                    distributions: Iterable[Distribution] = (), sparql_endpoint: str | None = None,
                    chunk_lines: int | None = None) -> list[ox.Triple]:
    """Describe the chosen graphs (all by default) of a store or endpoint."""
    from osce_kg.export import (
        DEFAULT_CHUNK_LINES,
        chosen_graphs,
        context_version_iri,
        sorted_merged_lines,
    )

    chosen = chosen_graphs(source, graphs)
    lines = sorted_merged_lines(source, chosen, chunk_lines=chunk_lines or DEFAULT_CHUNK_LINES)
    return description_triples(collect_stats(lines, graphs=len(chosen), chunk_lines=chunk_lines), distributions,
                               sparql_endpoint=sparql_endpoint, context_iri=context_version_iri())


def serialize_description(triples: list[ox.Triple], fmt: str = "turtle") -> bytes:
    """Turtle (with our prefixes and spdx:) or JSON-LD (with the published context)."""
    import io

    if fmt == "jsonld":
        from osce_kg.export import write_jsonld

        buffer = io.BytesIO()
        write_jsonld(triples, buffer)
        return buffer.getvalue()
    from osce_kg.export import SortedPrefixHeader

    prefixes = dict(PREFIXES)
    prefixes["spdx"] = SPDX_NS
    prefixes["dataset"] = DATASET_IRI + "#"
    buffer = io.BytesIO()
    header = SortedPrefixHeader(buffer)
    ox.serialize(triples, header, ox.RdfFormat.TURTLE, prefixes=prefixes)
    header.finish()
    return buffer.getvalue()
