"""The extractor: one plain-text OSCE page -> one extraction record (EXTRACTION.md).

`extract(text)` parses the layout (:mod:`layout`), reads the header facts (date, label, issuers, fields),
finds events (:mod:`events`) and asks the entity finders (:mod:`entities`) for projects, people, states,
cities and other places.  Entity finders receive the *masked* page (boilerplate blanked, same length), so
every offset in the record is an offset into the original page; evidence (`x_evidence`, `x_quotes`) keeps
those offsets.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from osce_kg.extract import layout as L
from osce_kg.extract.dates import find_dates, parse_date
from osce_kg.extract.events import Context, EventFinder, split_sentences

try:  # the gazetteer is written by the entities engineer; minimal stand-ins keep the core usable
    from osce_kg.extract.gazetteer import canonical_state, canonical_unit
except ImportError:  # pragma: no cover - only while the gazetteer is missing
    def canonical_unit(name: str) -> str | None:
        n = re.sub(r"^the\s+", "", name.strip())
        return n if n.startswith("OSCE ") else None

    def canonical_state(name: str) -> str | None:
        return None

try:
    from osce_kg.extract.gazetteer import successor_unit
except ImportError:  # pragma: no cover
    def successor_unit(name: str) -> str | None:
        return None

try:
    from osce_kg.extract import entities as _E
except ImportError:  # pragma: no cover - entities.py arrives from a parallel work stream
    _E = None  # type: ignore[assignment]

__all__ = ["extract"]


# ---------------------------------------------------------------------------------------------- entity access
class _Mention:
    """Stand-in for entities.Mention when entities.py is not there."""

    def __init__(self, text: str, value: str, start: int, end: int) -> None:
        self.text, self.value, self.start, self.end = text, value, start, end


@cache
def _alternation(kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled alternation per gazetteer table (units, cities, states), built on first use."""
    from osce_kg.extract import gazetteer as G
    if kind == "units":
        table = {k: v for k, v in G.UNIT_ALIASES.items() if len(k) > 3}
        rx = r"\b(?:{})\b"
    elif kind == "cities":
        table = {n: n for n in G.CITY_VARIANTS if n not in G.AMBIGUOUS_CITIES}
        rx = r"(?<![\w/])(?:{})(?![\w/])"
    else:
        table = {**G.STATE_ADJ_FORMS, **G.STATE_NAME_FORMS}
        rx = r"\b(?:{})\b"
    alt = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
    return re.compile(rx.format(alt)), table


def _fallback_units(masked: str) -> list[Any]:
    try:
        rx, table = _alternation("units")
    except ImportError:  # pragma: no cover
        return []
    return [_Mention(m.group(0), table[m.group(0)], m.start(), m.end()) for m in rx.finditer(masked)]


def _fallback_cities(masked: str) -> list[Any]:
    try:
        rx, _ = _alternation("cities")
    except ImportError:  # pragma: no cover
        return []
    return [_Mention(m.group(0), m.group(0), m.start(), m.end()) for m in rx.finditer(masked)]


def _fallback_states(masked: str) -> tuple[list[Any], list[Any]]:
    try:
        rx, forms = _alternation("states")
    except ImportError:  # pragma: no cover
        return [], []
    return [_Mention(m.group(0), forms[m.group(0)], m.start(), m.end()) for m in rx.finditer(masked)], []


def _ent(name: str, *args: Any, default: Any = None) -> Any:
    fn = getattr(_E, name, None) if _E is not None else None
    if fn is None:
        return default
    return fn(*args)


def _state_of_city(city: str) -> str | None:
    r = _ent("state_of_city", city, default=None)
    if r is not None or _E is not None and hasattr(_E, "state_of_city"):
        return r
    try:
        from osce_kg.extract.gazetteer import city_state
    except ImportError:  # pragma: no cover
        return None
    return city_state(city)


# ---------------------------------------------------------------------------------------------- helpers
def _in(m: Any, a: int, b: int) -> bool:
    return a <= m.start and m.end <= b


def _dedupe(vals: list[str]) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v and v not in out:
            out.append(v)
    return out


def _host_state(unit: str) -> tuple[str | None, bool]:
    """The state a field operation works in ('OSCE Mission to Skopje' -> North Macedonia); Kosovo flag."""
    for u in (unit, successor_unit(unit) or ""):
        m = re.search(r"\b(?:to|in)\s+(?:the\s+)?(.+)$", u)
        if not m or not re.match(r"OSCE (?:Mission|Presence|Centre|Programme Office|Project Co-ordinator|Office)", u):
            continue
        place = m.group(1)
        if place == "Kosovo":
            return None, True
        st = canonical_state(place)
        if st:
            return st, False
        st = _state_of_city(place)
        if st:
            return st, False
    return None, False


# wording of a statement the page itself issues (EXTRACTION §7: "statements the page itself issues")
_STATEMENT_HINT = re.compile(
    r"\b(?:condemn|denounce|deplore|(?:today |strongly )?welcome[sd]? the|express(?:ed|es)? (?:deep |grave |serious )?"
    r"(?:concern|regret|condolences|alarm)|is (?:concerned|alarmed|saddened)|regrets|statement)", re.I)
_CONTACT_UNIT = re.compile(r"(?:please contact|contact:?|Media contact:?)\s+(?:the\s+)?(?P<u>OSCE [^,:\n]+)", re.I)
_QUOTE_SPANS = re.compile(r"“([^”]{8,})”|\"([^\"\n]{8,})\"")
_SPEECH = r"(?:said|says|added|adds|noted|notes|stressed|stresses|told|tells|explained|emphasized|emphasised|underlined)"
_SAID_AFTER = re.compile(rf"^[,\s]*(?:{_SPEECH}\s+(?P<who1>[^,.;\"“]{{2,90}})|(?P<who2>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
                         rf"|[Hh]e|[Ss]he|[Tt]hey)\s+{_SPEECH})")
_NAME_TITLE = re.compile(r"^(?:Ambassador|Amb\.|Dr\.|Professor|Prof\.|Mr\.|Ms\.|Mrs\.)\s+")


def _speaker(who: str, pos: int, people: list[tuple[str, int, int]]) -> str | None:
    """The person a speech tag names: a full name, a surname, or 'he/she' for the last person mentioned."""
    who = _NAME_TITLE.sub("", who.strip())
    earlier = [p for p in people if p[2] <= pos]
    if who.lower() in ("he", "she", "they"):
        return earlier[-1][0] if earlier else None
    for name, _s, _e in people:
        if who.startswith(name) or name.endswith(" " + who) or name == who:
            return name
    m = re.match(r"(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*", who)
    return m.group(0) if m and not re.search(r"\b(?:OSCE|Head|Director|Minister)\b", m.group(0)) else None


def _quotes(masked: str, a: int, b: int, people: list[tuple[str, int, int]]) -> list[dict]:
    """Quotations with their speakers ('..., said X', 'X said: "..."', a continued quote keeps its speaker)."""
    out: list[dict] = []
    prev_end, prev_who = -1, None
    for m in _QUOTE_SPANS.finditer(masked, a, b):
        q = m.group(1) or m.group(2)
        s = m.start(1) if m.group(1) else m.start(2)
        before = masked[max(a, m.start() - 200):m.start()]
        if len(q.split()) < 5 or re.search(r"\b(?:[Pp]roject|entitled|titled|called|named|[Pp]rogramme)\s*$", before):
            continue  # a name or a title in quotes, not speech
        who = None
        mm = _SAID_AFTER.match(masked[m.end():m.end() + 120])
        if mm:
            who = _speaker(mm["who1"] or mm["who2"], m.start(), people)
        if who is None and re.search(rf"\b{_SPEECH}\b[^\"“”]{{0,40}}[:,]?\s*$", before):
            near = [p for p in people if m.start() - 200 <= p[1] and p[2] <= m.start()]
            if near:
                who = near[-1][0]
        if who is None and prev_who and 0 <= m.start() - prev_end < 220 and re.search(
                rf"\b{_SPEECH}\b", masked[prev_end:m.start()]):
            who = prev_who
        out.append({"text": q, "speaker": who, "start": s, "end": s + len(q)})
        prev_end, prev_who = m.end(), who
    return out


# ---------------------------------------------------------------------------------------------- record
class _PageEntities:
    """Entity mentions of the whole masked page, computed once and sliced per entry."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        st = _ent("find_states", masked, default=None)
        self.states, self.hist = st if st is not None else _fallback_states(masked)
        self.cities = _ent("find_cities", masked, default=None)
        if self.cities is None:
            self.cities = _fallback_cities(masked)
        self.others = _ent("find_other_places", masked, default=[]) or []
        self.people = _ent("find_people", masked, default=[]) or []
        self.projects = _ent("find_projects", masked, default=[]) or []
        orgs = _ent("find_organisations", masked, default=None)
        if orgs is None:
            orgs = _fallback_units(masked)
        self.units = [o for o in orgs if canonical_unit(o.value) or canonical_unit(o.text)]


def _date_published(entry: L.Entry, is_event_page: bool) -> tuple[date | None, str | None, str | None]:
    """(date, explanation, evidence key) following the order of EXTRACTION §3."""
    meta, dl = entry.meta, entry.dateline
    own = parse_date(meta["issued_on"][0]) if meta.get("issued_on") else None
    pub = parse_date(meta["publishing_date"][0]) if meta.get("publishing_date") else None
    if own or pub:
        dp = own or pub
        src = f"page date field kept; the dateline says {dl.date.isoformat()}" if dl and dl.date and dl.date != dp \
            else None
        return dp, src, "issued_on" if own else "publishing_date"
    if entry.newsroom_date:
        src = "date line under the title (Newsroom place-date line or section date line)"
        if dl and dl.date and dl.date != entry.newsroom_date:
            src += f"; the dateline says {dl.date.isoformat()} (conflict); the header line is kept"
        return entry.newsroom_date, src, "date_line"
    if dl and dl.date:
        return dl.date, "dateline", "dateline"
    if entry.stamp and not is_event_page:
        return entry.stamp, "date stamp of the portal that republished the page", None
    if is_event_page:
        return None, "event page: the Date: line is the event date", None
    return None, "no date field and no dated dateline", None


def _content_type(entry: L.Entry, is_event_page: bool, listing_item: bool) -> tuple[str | None, str | None]:
    """(label, explanation when inferred) following EXTRACTION §4."""
    ct: str | None = None
    src: str | None = None
    if entry.meta.get("content_type"):
        ct = entry.meta["content_type"][0]
    elif entry.label:
        ct = entry.label
    elif is_event_page:
        ct, src = "Event", f"sub-site event page ({entry.event_type})"
    elif entry.dateline is not None and entry.dateline.caps:
        ct = "Press release" if listing_item else "Press Release"
        src = "no label; inferred from the CAPS dateline"
    elif entry.section and L._SECTION_PRESS.match(entry.section):
        ct, src = "Press Release", f"section heading '{entry.section}'"
    elif entry.section and L._SECTION_NEWS.match(entry.section):
        ct, src = "News Item", f"section heading '{entry.section}'"
    if listing_item and ct not in ("News", "Press release", "Press statement", None):
        ct = {"Press Release": "Press release", "News Item": "News"}.get(ct)
    elif not listing_item and ct is not None and ct not in _PAGE_TYPES:
        # a 'Content type:' value outside the vocabulary (found by fuzzing: 'New?') is no content type
        ct = next((t for t in _PAGE_TYPES if t.lower() == ct.strip().lower()), None)
    return ct, src


# the content types of a single page in the extraction schema (a listing page is 'Listing')
_PAGE_TYPES = ("News Item", "Press Release", "Event", "News", "Press release", "Press statement")


def _metadata_lists(entry: L.Entry) -> tuple[list[str], list[str]]:
    """(issuers in canonical form, fields of work as written) from the metadata lines (§5, §6)."""
    raw: list[str] = []
    for key in ("issued_by", "where_we_are", "source"):
        for v in entry.meta.get(key, []):
            raw.extend(L.split_list(v) if key == "where_we_are" else [v])
    fields: list[str] = []
    for key in ("fields_of_work", "what_we_do"):
        for v in entry.meta.get(key, []):
            fields.extend(L.split_list(v))
    return _dedupe([canonical_unit(x) or x for x in raw]), _dedupe(fields)


def _header_issuer(entry: L.Entry, masked: str) -> list[str]:
    """An author named by a press-contact line, or by the sub-site / section the page sits in (§5)."""
    cm = _CONTACT_UNIT.search(masked, entry.body_start, entry.body_end)
    if cm:
        cu = canonical_unit(cm["u"].strip())
        if cu:
            return [cu]
    for h in (entry.site, entry.section):
        cu = canonical_unit(h) if h else None
        if cu:
            return [cu]
    return []


def _page_host(units: list[str], body_states: list[str]) -> tuple[str | None, bool]:
    """The state the page's field operation works in, else the only state the body names; Kosovo flag."""
    for u in units:
        host, kosovo = _host_state(u)
        if host or kosovo:
            return host, kosovo
    distinct = _dedupe(body_states)
    return (distinct[0], False) if len(distinct) == 1 else (None, False)


def _statement_organisers(events: list, unit_names: list[tuple[str, int, int]]) -> None:
    """A statement's authors are the units named before its verb ('X and Y today jointly condemned')."""
    for ev in events:
        if ev.statement:
            s0 = ev.sentences[0]
            vm = re.search(r"\b(?:condemn|denounce|deplore|welcome|note|urge|call|express|regret)", s0.plain)
            lim = s0.start + (vm.start() if vm else len(s0.plain))
            subj_units = _dedupe([n for n, s, _e in unit_names if s0.start <= s < lim])
            if subj_units:
                ev.organisers = subj_units


def _page_cities(ctx: Context, city_mentions: list[tuple[str, int, int]], dl: L.Dateline | None,
                 events: list[dict]) -> list[str]:
    """Cities in page order, the dateline city at its place, every event city included (§11)."""
    order: dict[str, int] = {}
    for c, s, _ in city_mentions:
        order.setdefault(c, s)
    for c in ctx.dateline_cities:
        order.setdefault(c, dl.start if dl else 0)
    cities = sorted(_dedupe(ctx.dateline_cities + [c for c, _, _ in city_mentions]), key=lambda c: order.get(c, 0))
    for ev in events:
        evc = ev.get("city")
        for c in [evc] if isinstance(evc, str) else (evc or []):
            if c not in cities:
                cities.append(c)
    return _folded_unique(cities)


def _build(page: L.Page, entry: L.Entry, ents: _PageEntities, listing_item: bool) -> dict:
    """The record of one page or listing entry."""
    text, masked = page.text, page.masked
    a, b = entry.title_start, entry.body_end
    dl = entry.dateline
    rec: dict[str, Any] = {"title": entry.title or _fallback_title(text)}
    is_event_page = entry.event_type is not None and bool({"date", "location"} & entry.meta_present)

    dp, src, src_key = _date_published(entry, is_event_page)
    rec["date_published"] = dp.isoformat() if dp else None
    if src:
        rec["date_published_source"] = src
    anchor = dl.date if dl and dl.date else dp
    ct, ct_src = _content_type(entry, is_event_page, listing_item)
    rec["content_type"] = ct
    if ct_src:
        rec["content_type_source"] = ct_src
    issuers, fields = _metadata_lists(entry)
    rec["issuers"] = issuers
    rec["fields_of_work"] = fields

    # entity mentions of this entry (title + body)
    units = [u for u in ents.units if _in(u, a, b)]
    unit_names = [(canonical_unit(u.text) or canonical_unit(u.value) or u.value, u.start, u.end) for u in units]
    cities_m = [c for c in ents.cities if _in(c, a, b)]
    dl_city_spans = {(s, e) for _, s, e in (dl.cities if dl else [])}
    city_mentions = [(c.value, c.start, c.end) for c in cities_m if (c.start, c.end) not in dl_city_spans]
    states_m = [s for s in ents.states if _in(s, a, b)]
    inferred = [] if issuers else _header_issuer(entry, masked)
    host, kosovo = _page_host(issuers + inferred + [n for n, _, _ in unit_names if n],
                              [s.value for s in states_m if s.start >= entry.body_start])

    ctx = Context(
        anchor=anchor, date_published=dp, dateline_cities=_dateline_cities(dl, cities_m, text),
        dateline_date=dl.date if dl else None, title=entry.title, title_start=a,
        issuers=issuers or inferred, caps_dateline=bool(dl),
        statement_page=ct == "Press statement" or (dl is not None and bool(_STATEMENT_HINT.search(
            entry.title + " " + masked[entry.body_start:entry.body_start + 400]))),
        city_mentions=city_mentions, state_mentions=[(s.value, s.start, s.end) for s in states_m],
        unit_mentions=[u for u in unit_names if u[1] >= entry.body_start], state_of_city=_state_of_city,
        canonical_unit=canonical_unit, canonical_state=canonical_state, host_state=host, host_state_kosovo=kosovo,
        adjectives=_ADJECTIVES, captions=entry.captions, is_kosovo=_is_kosovo_city,
        year_anchor=anchor or _first_full_date(masked, entry.body_start, b),
        person_mentions=[(where.text, where.start, where.end) for _p, where in ents.people if _in(where, a, b)],
        project_mentions=[(p.value, p.start, p.end) for p in ents.projects if _in(p, a, b)],
    )
    # the dateline is not body text for events (its city is not the event city, §7.2)
    ev_masked = masked if not dl else masked[:dl.start] + " " * (dl.end - dl.start) + masked[dl.end:]
    events = EventFinder(ctx, split_sentences(ev_masked, entry.body_start, b)).find()
    _statement_organisers(events, unit_names)
    if not issuers and not inferred:
        # the unit that runs the main activity, else the first unit the body names (§5)
        for ev in events[:1]:
            inferred = [o for o in ev.organisers if canonical_unit(o)] or [p for p in ev.partners if canonical_unit(p)]
        body_units = [u for u in units if u.start >= entry.body_start]
        if not inferred and body_units:
            inferred = [canonical_unit(body_units[0].text) or body_units[0].value]
        for ev in events:
            if not ev.organisers and not ev.incident:
                ev.organisers = list(inferred[:1])
    if is_event_page:
        _event_page_facts(events, entry, ctx)
    rec["events"] = [ev.to_record(anchor) for ev in events]
    if not issuers:
        rec["issuers_inferred"] = _dedupe(inferred)

    # projects, people, places (entities.py), dateline and event cities added here
    rec["projects"] = _dedupe([p.value for p in ents.projects if _in(p, a, b)])
    people: list[dict] = []
    for person, where in ents.people:
        if _in(where, a, b) and person.get("name") not in [p["name"] for p in people]:
            people.append(dict(person))
    rec["people"] = people
    rec["states"] = _dedupe([s.value for s in states_m])
    hist = _dedupe([h.value for h in ents.hist if _in(h, a, b)])
    if hist:
        rec["historical_states"] = hist
    rec["cities"] = _page_cities(ctx, city_mentions, dl, rec["events"])
    rec["other_places"] = _dedupe([o.value for o in ents.others if _in(o, a, b)])
    aliases = _ent("city_aliases", rec["cities"], default={}) or {}
    if aliases:
        rec["city_aliases"] = aliases
    # one city (the first of a VIENNA/SARAJEVO dateline); all of them in x_dateline_cities
    rec["x_dateline_city"] = ctx.dateline_cities[0] if ctx.dateline_cities else None
    if len(ctx.dateline_cities) > 1:
        rec["x_dateline_cities"] = list(ctx.dateline_cities)
    rec["x_quotes"] = _quotes(masked, entry.body_start, b, [(p["name"], w.start, w.end) for p, w in ents.people])
    rec["x_evidence"] = _record_evidence(text, entry, src_key)
    return rec


def _fallback_title(text: str) -> str:
    """A degenerate page (menu only, empty): its first text line, so the record stays valid."""
    for ln in text.splitlines():
        s = ln.strip().lstrip("-").strip()
        if s:
            return s
    return "(untitled)"


def _span(text: str, s: int, e: int) -> dict:
    return {"text": text[s:e], "start": s, "end": e}


def _record_evidence(text: str, entry: L.Entry, date_key: str | None) -> dict:
    """Where the header facts come from: title, date line or dateline, metadata values."""
    ev: dict[str, Any] = {"title": _span(text, entry.title_start, entry.title_end)}
    if date_key in entry.meta_spans and entry.meta_spans[date_key]:
        ev["date_published"] = _span(text, *entry.meta_spans[date_key][0])
    elif date_key == "date_line" and entry.date_line_span:
        ev["date_published"] = _span(text, *entry.date_line_span)
    elif date_key == "dateline" and entry.dateline:
        ev["date_published"] = _span(text, entry.dateline.start, entry.dateline.end)
    if entry.dateline:
        ev["dateline"] = _span(text, entry.dateline.start, entry.dateline.end)
    for key in ("issued_by", "where_we_are", "source", "fields_of_work", "what_we_do", "content_type"):
        if entry.meta_spans.get(key):
            ev[key] = [_span(text, s, e) for s, e in entry.meta_spans[key]]
    return ev


def _event_page_facts(events: list, entry: L.Entry, ctx: Context) -> None:
    """Sub-site event pages: the Date: and Location: lines describe the page's (first) event."""
    if not events:
        return
    ev = events[0]
    when = " ".join(entry.meta.get("date", []))
    if when and ev.start is None:
        ds = find_dates(when.replace(" - ", "-"), None)
        if ds:
            ev.start, ev.end = ds[0].start, ds[0].end
    where = " ".join(entry.meta.get("location", []))
    if where and not ev.city:
        first = where.split(",")[0].strip()
        if _state_of_city(first) or _is_kosovo_city(first):
            ev.city = [first]
            ev.state = [_state_of_city(first)] if _state_of_city(first) else []


def _first_full_date(masked: str, a: int, b: int) -> date | None:
    """The first date with a written year in the body: the year anchor of pages that have no date."""
    for e in find_dates(masked[a:b], None):
        if len(e.start or "") == 10:
            return date.fromisoformat(e.start)  # type: ignore[arg-type]
    return None


def _is_kosovo_city(city: str) -> bool:
    """A place the gazetteer knows and puts in Kosovo (no state), as opposed to an unknown place."""
    try:
        from osce_kg.extract.gazetteer import CITY_STATE, city_lookup
    except ImportError:  # pragma: no cover
        return False
    for part in [city, *re.split(r"\s*/\s*", city)]:
        n = city_lookup(part)
        if n is not None:
            return CITY_STATE.get(n) is None
    return False


def _adjectives() -> dict[str, str]:
    try:
        from osce_kg.extract.gazetteer import STATE_ADJ_FORMS
    except ImportError:  # pragma: no cover
        return {}
    return dict(STATE_ADJ_FORMS)


_ADJECTIVES = _adjectives()


def _folded_unique(cities: list[str]) -> list[str]:
    """One entry per place: 'Vushtrri/Vučitrn' and 'VUSHTRRI/VUČITRN' are the same place."""
    out: list[str] = []
    seen: set[str] = set()
    for c in cities:
        k = c.lower()
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _dateline_cities(dl: L.Dateline | None, cities_m: list[Any], text: str) -> list[str]:
    """Dateline cities in normal case; the body's own spelling wins when it has one."""
    if dl is None:
        return []
    out = []
    for raw, s, e in dl.cities:
        norm = L.normal_case(raw)
        for c in cities_m:
            if c.value.lower() == norm.lower() and (c.start, c.end) != (s, e):
                norm = c.value
                break
        out.append(norm)
    return out


def extract(text: str) -> dict:
    """One record per page (EXTRACTION.md §1); a listing page carries its entries in `items` (§14)."""
    page = L.parse_page(text)
    ents = _PageEntities(page.masked)
    if not page.listing:
        return _build(page, page.entries[0], ents, listing_item=False)
    items = [_build(page, e, ents, listing_item=True) for e in page.entries]
    rec: dict[str, Any] = {
        "title": page.heading or "News and press releases",
        "date_published": None,
        "content_type": "Listing",
        "issuers": [],
        "fields_of_work": [],
        "events": [],
    }
    for key in ("projects", "states", "cities", "other_places", "historical_states"):
        vals: list[str] = []
        for it in items:
            vals.extend(it.get(key, []))
        if key != "historical_states" or vals:
            rec[key] = _dedupe(vals)
    people: list[dict] = []
    for it in items:
        for p in it["people"]:
            if p["name"] not in [q["name"] for q in people]:
                people.append(p)
    rec["people"] = people
    aliases: dict[str, str] = {}
    for it in items:
        aliases.update(it.get("city_aliases") or {})
    if aliases:
        rec["city_aliases"] = aliases
    rec["items"] = items
    return rec

