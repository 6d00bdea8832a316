"""Extraction record → RDF quads: one named graph per news item (docs/DATA-MODEL.md is the contract).

Names are linked to reference entities by label (`osce_kg.reference`); what the reference data does not know
is minted under `osceid:` with a slug, so the same name gives the same IRI on every page and every run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from osce_kg import __version__
from osce_kg.iris import entity_iri, news_graph_iri, news_iri, news_key, slug
from osce_kg.namespaces import (
    DCTERMS_NS,
    FOAF_NS,
    FOW_NS,
    FOW_SCHEME,
    ID_NS,
    MTYPE_NS,
    ORG_NS,
    OSCE_NS,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SKOS_NS,
    XSD_NS,
)
from osce_kg.reference import ReferenceIndex, reference_index

RDF_TYPE = ox.NamedNode(RDF_NS + "type")
_XSD = {name: ox.NamedNode(XSD_NS + name) for name in
        ("date", "gYearMonth", "gYear", "integer", "boolean", "dateTime")}

_EVENT_TYPES = [
    (re.compile(r"observ", re.I), "election-observation-mission"),
    (re.compile(r"train|course|workshop|seminar|school|exercise|simulation|lecture|class", re.I), "training"),
    (re.compile(r"conference|forum|roundtable|round table|meeting|session|dialogue|debate", re.I), "conference"),
    (re.compile(r"visit|tour|trip|mission", re.I), "visit"),
]
_GOVERNMENT = re.compile(r"^(?:the\s+)?government\s+of\s+(?:the\s+)?(.+)$", re.I)


def schema(term: str) -> ox.NamedNode:
    return ox.NamedNode(SCHEMA_NS + term)


def osce(term: str) -> ox.NamedNode:
    return ox.NamedNode(OSCE_NS + term)


def date_literal(value: str | None) -> ox.Literal | None:
    """An xsd:date, xsd:gYearMonth or xsd:gYear literal, or None for a value that is not a real date."""
    if not value:
        return None
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
            return ox.Literal(value, datatype=_XSD["date"])
        if len(value) == 7 and 1 <= int(value[5:]) <= 12 and value[4] == "-":
            return ox.Literal(value, datatype=_XSD["gYearMonth"])
        if len(value) == 4 and value.isdigit():
            return ox.Literal(value, datatype=_XSD["gYear"])
    except ValueError:
        return None
    return None


def _text(value: object) -> ox.Literal:
    # Control characters other than tab/newline are not allowed in XML 1.0 (RDF/XML export); drop them here.
    cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", str(value))
    return ox.Literal(cleaned)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=_XSD["integer"])


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str) and v]  # type: ignore[union-attr]


@dataclass
class MappedItem:
    """The triples of one news item, ready for validation and storage."""

    key: str
    graph: str
    news: str
    title: str
    quads: list[ox.Quad] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    events: int = 0
    people: int = 0


class _Graph:
    """Collects the triples of one news graph, without duplicates, in a stable order."""

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.seen: set[tuple[str, str, str]] = set()
        self.quads: list[ox.Quad] = []

    def add(self, s: str | ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal | str | None) -> None:
        if o is None:
            return
        subject = s if isinstance(s, ox.NamedNode) else ox.NamedNode(s)
        obj = ox.NamedNode(o) if isinstance(o, str) else o
        key = (str(subject), str(p), str(obj))
        if key not in self.seen:
            self.seen.add(key)
            self.quads.append(ox.Quad(subject, p, obj, self.graph))


class Mapper:
    """Maps extraction records to quads. One instance can map many records (it caches nothing per page)."""

    def __init__(self, index: ReferenceIndex | None = None, *, ingest_time: str | None = None) -> None:
        self.index = index or reference_index()
        self.ingest_time = ingest_time or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()

    # -- linking ---------------------------------------------------------------------------------------------
    def country(self, name: str) -> str | None:
        return self.index.lookup(name, "country", "territory")

    def agent(self, g: _Graph, name: str) -> str:
        """An organisation (or a State acting as one) for a name, linked or minted."""
        match = _GOVERNMENT.match(name.strip())
        if match and (iri := self.country(match.group(1))):
            return iri
        if iri := self.index.lookup(name, "org", "field-operation", "country"):
            return iri
        inner = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", name)
        if inner:  # "Unit (Sub-unit)" links the sub-unit; "Body (ACRONYM)" links the body
            for part in (inner.group(2), inner.group(1)):
                if iri := self.index.lookup(part, "org", "field-operation"):
                    return iri
        iri = entity_iri("org", re.sub(r"\s*\([A-Z][A-Za-z/.-]{1,12}\)\s*$", "", name) or name)
        g.add(iri, RDF_TYPE, ox.NamedNode(ORG_NS + "Organization"))
        g.add(iri, ox.NamedNode(RDFS_NS + "label"), _text(name))
        return iri

    def place(self, g: _Graph, name: str, kind: str, state: str | None = None) -> str:
        """A place for a name: the reference city when its labels know it ("Prishtinë/Priština" is
        `place/pristina`), else minted from the name."""
        if known := self.index.lookup(name, "place"):
            return known
        iri = entity_iri("place", name)
        if kind == "city":
            g.add(iri, RDF_TYPE, schema("City"))
            g.add(iri, RDF_TYPE, osce("City"))
        else:
            g.add(iri, RDF_TYPE, schema("AdministrativeArea"))
        g.add(iri, ox.NamedNode(RDFS_NS + "label"), _text(name))
        if state:
            g.add(iri, schema("containedInPlace"), state)
        return iri

    def field_of_work(self, g: _Graph, name: str) -> str:
        if iri := self.index.lookup(name, "fow"):
            return iri
        iri = FOW_NS + slug(name)
        g.add(iri, RDF_TYPE, ox.NamedNode(SKOS_NS + "Concept"))
        g.add(iri, RDF_TYPE, osce("FieldOfWork"))
        g.add(iri, ox.NamedNode(SKOS_NS + "prefLabel"), _text(name))
        g.add(iri, ox.NamedNode(RDFS_NS + "label"), _text(name))
        g.add(iri, ox.NamedNode(SKOS_NS + "inScheme"), FOW_SCHEME)
        return iri

    def _state_of_city(self, city: str) -> str | None:
        """The State (or Kosovo) a city lies in, from the extractor's gazetteer; None when unknown."""
        try:
            from osce_kg.extract import gazetteer
        except ImportError:
            return None
        name = gazetteer.city_state(city)
        if name:
            return self.country(name)
        if gazetteer.city_lookup(city) or any(gazetteer.city_lookup(p.strip()) for p in city.split("/")):
            return self.country("Kosovo")  # the gazetteer knows the place and gives it no State: Kosovo
        return None

    # -- records ---------------------------------------------------------------------------------------------
    def map_page(self, record: dict, *, source: str, source_hash: str, url: str | None = None,
                 node_id: str | None = None) -> list[MappedItem]:
        """A page's record → its news items (one for a single page, one per entry of a listing page)."""
        if record.get("content_type") == "Listing" or record.get("items"):
            listing_key = news_key(record.get("title") or "listing", None)
            items = []
            seen_titles: set[str] = set()
            for n, item in enumerate(record.get("items") or [], 1):
                title = " ".join(str(item.get("title", "")).split()).casefold()
                if title in seen_titles:
                    continue  # the same entry twice on one listing page (EXTRACTION §14)
                seen_titles.add(title)
                items.append(self.map_record(item, source=f"{source}#item-{n}", source_hash=source_hash,
                                             listing=(listing_key, record.get("title") or "Listing")))
            return items
        return [self.map_record(record, source=source, source_hash=source_hash, url=url, node_id=node_id)]

    def map_record(self, record: dict, *, source: str, source_hash: str, url: str | None = None,
                   node_id: str | None = None, listing: tuple[str, str] | None = None) -> MappedItem:
        title = str(record.get("title") or "").strip() or "(untitled)"
        published = record.get("date_published")
        key = news_key(title, published, node_id)
        item = MappedItem(key=key, graph=news_graph_iri(key), news=news_iri(key), title=title)
        g = _Graph(item.graph)
        news = item.news
        label = ox.NamedNode(RDFS_NS + "label")

        g.add(news, RDF_TYPE, schema("NewsArticle"))
        g.add(news, RDF_TYPE, osce("NewsItem"))
        g.add(news, label, _text(title))
        g.add(news, schema("headline"), _text(title))
        g.add(news, ox.NamedNode(DCTERMS_NS + "identifier"), _text(key))
        g.add(news, schema("datePublished"), date_literal(published))
        if record.get("content_type"):
            g.add(news, osce("contentType"), _text(record["content_type"]))
            if "press" in str(record["content_type"]).lower():
                g.add(news, ox.NamedNode(DCTERMS_NS + "type"), MTYPE_NS + "press-release")
        if url:
            g.add(news, schema("url"), ox.NamedNode(url))
        for name in _as_list(record.get("issuers")):
            g.add(news, schema("publisher"), self.agent(g, name))
        for name in _as_list(record.get("issuers_inferred")):
            g.add(news, osce("inferredIssuer"), self.agent(g, name))
        fields = [self.field_of_work(g, f) for f in _as_list(record.get("fields_of_work"))]
        for iri in fields or [FOW_NS + "unknown"]:
            g.add(news, schema("about"), iri)

        # Places and States mentioned.
        states = {n: self.country(n) for n in _as_list(record.get("states"))}
        for n, iri in states.items():
            if iri is None:
                item.warnings.append(f"unknown State {n!r}")
            g.add(news, schema("mentions"), iri)
        for n in _as_list(record.get("historical_states")):
            g.add(news, schema("mentions"), self.index.lookup(n, "country"))
        cities: dict[str, str] = {}
        for name in _as_list(record.get("cities")):
            cities[name] = self.place(g, name, "city", self._state_of_city(name))
            g.add(news, schema("mentions"), cities[name])
        for name in _as_list(record.get("other_places")):
            iri = self.country(name) if name == "Kosovo" else None
            g.add(news, schema("mentions"), iri or self.place(g, name, "area"))
        if record.get("x_dateline_city"):
            dateline = str(record["x_dateline_city"])
            iri = cities.get(dateline) or self.place(g, dateline, "city", self._state_of_city(dateline))
            g.add(news, schema("locationCreated"), iri)

        # Projects.
        projects = {name: entity_iri("project", name) for name in _as_list(record.get("projects"))}
        for name, iri in projects.items():
            g.add(iri, RDF_TYPE, osce("Project"))
            g.add(iri, RDF_TYPE, ox.NamedNode(PROV_NS + "Activity"))
            g.add(iri, label, _text(name))
            g.add(iri, schema("name"), _text(name))
            g.add(iri, ox.NamedNode(PROV_NS + "wasDerivedFrom"), news)
            g.add(news, schema("mentions"), iri)

        # Events.
        for n, event in enumerate(record.get("events") or [], 1):
            self._event(g, item, n, event, fields, projects, published)

        # People, their roles as of this page, and what they said.
        persons: dict[str, str] = {}
        for person in record.get("people") or []:
            name = str(person.get("name") or "").strip()
            if not name:
                continue
            iri = entity_iri("person", name)
            persons[name] = iri
            item.people += 1
            g.add(iri, RDF_TYPE, schema("Person"))
            g.add(iri, RDF_TYPE, ox.NamedNode(FOAF_NS + "Person"))
            g.add(iri, label, _text(name))
            g.add(iri, schema("name"), _text(name))
            g.add(news, schema("mentions"), iri)
            if person.get("title"):
                g.add(iri, schema("honorificPrefix"), _text(person["title"]))
            employer = self.agent(g, person["organisation"]) if person.get("organisation") else None
            if person.get("role"):
                g.add(iri, schema("jobTitle"), _text(person["role"]))
            g.add(iri, schema("worksFor"), employer)
            if person.get("role") or employer:
                role = f"{ID_NS}role/{key}-{slug(name)}"
                g.add(role, RDF_TYPE, osce("RoleStatement"))
                g.add(role, osce("person"), iri)
                if person.get("role"):
                    g.add(role, schema("jobTitle"), _text(person["role"]))
                g.add(role, schema("worksFor"), employer)
                g.add(role, osce("asOf"), date_literal(published))
                g.add(role, ox.NamedNode(PROV_NS + "wasDerivedFrom"), news)
        for n, quote in enumerate(record.get("x_quotes") or [], 1):
            if not isinstance(quote, dict) or not quote.get("text"):
                continue
            iri = f"{ID_NS}quote/{key}-q{n}"
            g.add(iri, RDF_TYPE, schema("Quotation"))
            g.add(iri, schema("text"), _text(quote["text"]))
            g.add(iri, schema("isPartOf"), news)
            speaker = persons.get(str(quote.get("speaker") or ""))
            g.add(iri, schema("spokenByCharacter"), speaker)

        # Listing entry and provenance of the page.
        if listing:
            listing_iri = f"{ID_NS}listing/{listing[0]}"
            g.add(listing_iri, RDF_TYPE, osce("Listing"))
            g.add(listing_iri, label, _text(listing[1]))
            g.add(news, osce("listing"), listing_iri)
        graph = item.graph
        g.add(graph, RDF_TYPE, ox.NamedNode(PROV_NS + "Entity"))
        g.add(graph, ox.NamedNode(PROV_NS + "wasDerivedFrom"), news)
        g.add(graph, osce("sourceFile"), _text(source))
        g.add(graph, osce("sourceHash"), _text(source_hash))
        g.add(graph, ox.NamedNode(PROV_NS + "generatedAtTime"), ox.Literal(self.ingest_time,
                                                                          datatype=_XSD["dateTime"]))
        g.add(graph, ox.NamedNode(PROV_NS + "wasAttributedTo"), f"{ID_NS}agent/extractor-{__version__}")
        item.quads = g.quads
        return item

    def _event(self, g: _Graph, item: MappedItem, n: int, event: dict, fields: list[str],
               projects: dict[str, str], published: str | None) -> None:
        iri = f"{ID_NS}event/{item.key}-e{n}"
        news = item.news
        item.events += 1
        kind = str(event.get("kind") or "event")
        g.add(iri, RDF_TYPE, schema("Event"))
        g.add(iri, RDF_TYPE, osce("Event"))
        g.add(iri, osce("kind"), _text(kind))
        for pattern, concept in _EVENT_TYPES:
            if pattern.search(kind):
                g.add(iri, ox.NamedNode(DCTERMS_NS + "type"), MTYPE_NS + concept)
                break
        start, end = date_literal(event.get("start")), date_literal(event.get("end"))
        g.add(iri, schema("startDate"), start)
        g.add(iri, schema("endDate"), end)
        states = [s for s in (self.country(x) for x in _as_list(event.get("state"))) if s]
        for state in states:
            g.add(iri, osce("country"), state)
        cities = _as_list(event.get("city"))
        for city in cities:
            g.add(iri, schema("location"), self.place(g, city, "city", states[0] if len(states) == 1 else
                                                      self._state_of_city(city)))
        if not cities:
            for state in states:
                g.add(iri, schema("location"), state)
        where = ", ".join(cities) or ", ".join(_as_list(event.get("state")))
        g.add(iri, ox.NamedNode(RDFS_NS + "label"),
              _text(", ".join(x for x in (kind, where, event.get("start") or "") if x)))
        for role, prop in (("organisers", schema("organizer")), ("partners", osce("partner")),
                           ("funders", schema("funder"))):
            for name in _as_list(event.get(role)):
                g.add(iri, prop, self.agent(g, name))
        count = event.get("participant_count")
        if isinstance(count, int) and count >= 0:
            g.add(iri, osce("participantCount"), _int(count))
            g.add(iri, osce("participantCountApprox"),
                  ox.Literal("true" if event.get("participant_count_approx") else "false",
                             datatype=_XSD["boolean"]))
        for gender in ("women", "men"):
            if isinstance(event.get(gender), int):
                g.add(iri, osce(gender), _int(event[gender]))
        for country, number in (event.get("by_country") or {}).items():
            state = self.country(country)
            if state and isinstance(number, int):
                node = f"{iri}-from-{state.rsplit('/', 1)[-1]}"
                g.add(iri, osce("participantsFrom"), node)
                g.add(node, RDF_TYPE, osce("CountryParticipation"))
                g.add(node, osce("country"), state)
                g.add(node, osce("participantCount"), _int(number))
        if event.get("status") in ("planned", "ongoing"):
            g.add(iri, osce("status"), _text(event["status"]))
        if event.get("mode") == "online":
            g.add(iri, schema("eventAttendanceMode"), schema("OnlineEventAttendanceMode"))
        elif event.get("mode") == "blended":
            g.add(iri, schema("eventAttendanceMode"), schema("MixedEventAttendanceMode"))
        for key, prop in (("x_planned_sessions", "plannedSessions"),
                          ("x_target_participants", "targetParticipantCount")):
            if isinstance(event.get(key), int) and event[key] >= 0:
                g.add(iri, osce(prop), _int(event[key]))
        for key, prop in (("duration", "duration"), ("audience", "audience"), ("venue", "venue"),
                          ("event_title", "eventTitle"), ("course_title", "eventTitle"),
                          ("count_note", "countNote"), ("date_note", "dateNote")):
            if event.get(key):
                g.add(iri, osce(prop), _text(event[key]))
        project_name = event.get("x_project")
        if isinstance(project_name, str) and project_name in projects:
            linked = [projects[project_name]]
        else:
            linked = list(projects.values()) if len(projects) == 1 else []
        for project in linked:
            g.add(iri, osce("partOfProject"), project)
            for name in _as_list(event.get("funders")):
                g.add(project, schema("funder"), self.agent(g, name))
            for name in _as_list(event.get("organisers")):
                agent = self.agent(g, name)
                if agent.startswith((ID_NS + "org/", ID_NS + "field-operation/")) and self.index.label(agent):
                    g.add(project, ox.NamedNode(PROV_NS + "wasAssociatedWith"), agent)
        for concept in fields:
            g.add(iri, osce("about"), concept)
        g.add(iri, ox.NamedNode(PROV_NS + "wasDerivedFrom"), news)
        for span in _spans(event.get("x_evidence")):
            span_iri = f"{ID_NS}span/{item.key}-{span['start']}-{span['end']}"
            g.add(iri, osce("evidence"), span_iri)
            g.add(span_iri, RDF_TYPE, osce("TextSpan"))
            g.add(span_iri, osce("text"), _text(span["text"]))
            g.add(span_iri, osce("startOffset"), _int(span["start"]))
            g.add(span_iri, osce("endOffset"), _int(span["end"]))
            g.add(span_iri, ox.NamedNode(PROV_NS + "wasQuotedFrom"), news)


def _spans(evidence: object) -> Iterable[dict]:
    items = evidence if isinstance(evidence, list) else [evidence] if isinstance(evidence, dict) else []
    for span in items:
        if (isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int)
                and span.get("text")):
            yield span
