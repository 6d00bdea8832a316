"""Entity recognition for the extractor: states, cities, other places, people, projects, organisations.

Every finder takes the *masked* page (boilerplate replaced by spaces) and returns mentions whose offsets
point into that string. Rules follow EXTRACTION.md §8–§13; all regexes are compiled at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer as gz
from .gazetteer import canonical_state, canonical_unit, successor_unit  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Mention:
    text: str   # as written in the page
    value: str  # canonical form
    start: int
    end: int


# --------------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------------

_UP = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
_LO = "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower() and c.isalpha())
UP = f"[{_UP}]"
LO = f"[{_LO}]"
LB = r"(?<![^\W\d_])"          # not preceded by a letter (digits allowed: '2021COPENHAGEN')
RB = r"(?![^\W\d_])"           # not followed by a letter


def _alt(forms) -> str:
    """A regex alternation of literal strings, written as a trie (shared prefixes factored out) so that the
    engine checks one branch per character; greedy optional tails give the longest match first."""
    trie: dict = {}
    for w in set(forms):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [re.escape(k) + build(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
        return body

    return build(trie)


def _lb(text: str, i: int) -> bool:
    """Left word boundary: position i is not preceded by a letter (digits allowed: '2021COPENHAGEN')."""
    return i == 0 or not text[i - 1].isalpha()


def _scan(rx: re.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """finditer for patterns compiled without a leading boundary assertion (keeps the regex engine's
    first-character prefilter); yields only matches that start at a left word boundary."""
    it = rx.finditer(text, pos) if endpos is None else rx.finditer(text, pos, endpos)
    for m in it:
        if _lb(text, m.start()):
            yield m


def _overlaps(a: int, b: int, spans) -> bool:
    return any(s < b and a < e for s, e in spans)


_CAP_WORD = rf"{UP}[{_UP}{_LO}'’\-]*"

# words that, right after a place name, show it is part of a proper name (organisation, event, document)
_ORG_HEADS = (
    "State|National|International|Regional|City|Municipal|Police|Law|Technical|Medical|Pedagogical|Humanitarian|"
    "Linguistic|Process|Document|Group|Ministerial|University|Institute|Centre|Center|Academy|College|School|Agency|"
    "Airport|Court|Council|Declaration|Charter|Conference|Forum|Summit|Initiative|Protocol|Agreement|Agreements|"
    "Accords?|Format|Club|Bar|Association|Chamber|Bureau|Department|Office|Committee|Commission|Administration|"
    "Assembly|Prosecutor|Prosecutor's|Police's|Appeals|District Court|Basic Court|Water|Oblast|Regional|Declaration|"
    "Convention|Memorandum|Plan|Strategy|Principles|Recommendations|Guidelines|Mechanism|Platform|Dialogue|Talks|"
    "Mission|Station|Branch|Bank|Fund|Foundation|Network|Hospital|Prison|Penitentiary|Theatre|Museum|Library|"
    "Gymnasium|Faculty|Youth|Media|Press|Radio|Television|TV|Municipality|Co-operation|Cooperation|Organization|"
    "Organisation|Treaty|Pact|Stock|Exchange|Business|Chamber|Framework|Peace|Final|Act|Human|Dimension|Round|"
    "Ministerial|Format|Criteria|Principles|Formula|Consensus|Model|Summer|Winter|Marathon|Festival|Film|Games|"
    "Olympic|Cup|Derby|Times|Post|News|Herald|Daily|Gazette|Observer|Express|Journal|Tribune|Institute's"
)
_ORG_AFTER_RE = re.compile(rf"[ \t]+(?:{_ORG_HEADS}){RB}|[ \t]+(?:agreements?|protocols?|format|document|declaration|"
                           rf"accords?|memorandum|principles|process|criteria|mechanism|group){RB}")
# 'OSCE Centre in X', 'OSCE Mission to X', 'Embassy in X', 'University of X' (names of organisations)
_ORG_BEFORE_RE = re.compile(
    r"(?:OSCE(?:'s|’s)?\s+(?:[A-Z][\w\-]*\s+){1,4}(?:in|to|at)\s+|"
    r"(?:Field\s+Office|Embassy|Consulate(?:\s+General)?|Liaison\s+Office|Programme\s+Office|Spillover\s+Monitor\s+"
    r"Mission|Special\s+Monitoring\s+Mission|Observer\s+Mission)\s+(?:in|to|at)\s+(?:the\s+)?|"
    r"(?:University|Universities|Institute|Academy|Faculty|Embassy|Embassies)\s+of\s+(?:the\s+)?)$"
)


_ORG_AFTER2_RE = re.compile(rf"(?:[ \t]+{UP}[\w'’\-]*){{1,3}}[ \t]+(?:University|Institute|Academy|College|School|"
                            rf"Centre|Center|Agency|Hospital|Museum|Library|Theatre|Council|Court|Committee){RB}")
_UNIT_HEAD_BEFORE_RE = re.compile(
    r"((?:Programme\s+|Field\s+|Liaison\s+)?(?:Centre|Mission|Presence|Office|Project\s+Co-ordinator|"
    r"Project\s+Coordinator)\s+(?:in|to)\s+)$")


def _in_org_name(text: str, start: int, end: int) -> bool:
    if _ORG_AFTER_RE.match(text, end) or _ORG_AFTER2_RE.match(text, end):
        return True
    before = text[max(0, start - 60):start]
    if _ORG_BEFORE_RE.search(before):
        return True
    m = _UNIT_HEAD_BEFORE_RE.search(before)
    return bool(m and canonical_unit(re.sub(r"\s+", " ", m.group(1)) + text[start:end]))


# --------------------------------------------------------------------------------------------------
# states
# --------------------------------------------------------------------------------------------------

_STATE_FORMS: dict[str, tuple[str, str]] = {}   # form → (kind, canonical)   kind: name | adj | hist
for _f, _c in gz.STATE_NAME_FORMS.items():
    _STATE_FORMS[_f] = ("name", _c)
    if len(_f) >= 4 and not _f.isupper():
        _STATE_FORMS.setdefault(_f.upper(), ("name", _c))
for _f, _c in gz.STATE_ADJ_FORMS.items():
    _STATE_FORMS.setdefault(_f, ("adj", _c))
for _f, _c in gz.HISTORICAL_FORMS.items():
    _STATE_FORMS[_f] = ("hist", _c)
# the Kosovo-era labels handled before states (never states)
_STATE_RE = re.compile(rf"(?:{_alt(_STATE_FORMS)})(?:'s|’s)?{RB}")
_LANGUAGE_ADJ = {
    "Albanian", "Armenian", "Azerbaijani", "Belarusian", "Bosnian", "Bulgarian", "Croatian", "Czech", "Danish",
    "Dutch", "Estonian", "Finnish", "French", "Georgian", "German", "Greek", "Hungarian", "Icelandic", "Italian",
    "Kazakh", "Kyrgyz", "Latvian", "Lithuanian", "Macedonian", "Maltese", "Moldovan", "Mongolian", "Montenegrin",
    "Norwegian", "Polish", "Portuguese", "Romanian", "Russian", "Serbian", "Slovak", "Slovenian", "Slovene",
    "Spanish", "Swedish", "Tajik", "Turkish", "Turkmen", "Ukrainian", "Uzbek", "Chinese", "Japanese", "Korean",
    "Thai", "Luxembourgish", "Azeri",
}
_ETHNIC_WORDS = {"Serb", "Serbs", "Croat", "Croats", "Bosniak", "Bosniaks", "Roma", "Ashkali", "Egyptian",
                 "Egyptians", "Gorani", "Turk", "Turks", "Sinti", "Albanians", "Kosovo", "Romani", "Jews", "Jewish",
                 "Muslim", "Muslims", "Orthodox", "Catholic", "Uzbeks", "Tajiks", "Russians", "Hungarians"}
_GROUP_WORDS = set(gz.STATE_ADJ_FORMS) | _ETHNIC_WORDS | {"English", "Arabic", "Romani"}
_GROUP_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*[-/]\s*)"
_GROUP_BACK_RE = re.compile(rf"({_alt(_GROUP_WORDS)}){_GROUP_SEP}$")
_GROUP_NEXT_RE = re.compile(rf"{_GROUP_SEP}({_alt(_GROUP_WORDS)}){RB}")
_ETHNIC_NEXT_RE = re.compile(
    r"\s*-?\s*(?:communit(?:y|ies)|minorit(?:y|ies)|ethnicity|origin|descent|speakers?|speaking|language|languages|"
    r"translation|translations|version|versions|interpretation|subtitles|mother tongue|Cypriots?|Serbs?|Croats?|"
    r"Bosniaks?|population|nationals?\s+minorit)" + RB
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([\w’'\-]+)")
_FUNCTION_WORDS = {"and", "or", "as", "is", "are", "was", "were", "to", "into", "the", "for", "with", "in", "on",
                   "at", "by", "from", "of", "but", "which", "who", "that", "than", "while", "if", "so", "a", "an"}
_ETHNIC_PREV_RE = re.compile(r"(?:ethnic|Ethnic|Kosovo|Kosovo-|Bosnian|Montenegrin|Macedonian|Serbian)[\s\-]*$")
_LANG_PREV_RE = re.compile(r"(?:\b(?:in|into|speak|speaks|spoke|spoken|speaking|learn|learning|learned|teach|"
                           r"teaching|taught|study|studying|studied|from|languages?|translated|fluent)\s+)$", re.I)
_DIRECTION_PREV_RE = re.compile(r"(?:North|South|Latin|Central|Northern|Southern|Eastern|Western)\s+$")


def _adj_is_state(text: str, m: re.Match) -> bool:
    form = m.group(0)
    base = form[:-2] if form.endswith(("'s", "’s")) else form
    start, end = m.start(), m.end()
    before = text[max(0, start - 40):start]
    if _ETHNIC_PREV_RE.search(before) or _DIRECTION_PREV_RE.search(before) or _ADJ_PREV_RE.search(before):
        return False  # 'ethnic Albanians', 'North American', 'Turkish Cypriot
    # walk the coordination group forwards ('Kazakh, Tajik, Turkmen and Uzbek law enforcement')
    words = [base]
    j = end
    while True:
        g = _GROUP_NEXT_RE.match(text, j)
        if not g:
            break
        words.append(g.group(1))
        j = g.end()
    # and backwards ('Roma, Ashkali and Egyptian')
    back = _GROUP_BACK_RE.findall(before)
    if back:
        words.extend(back)
        k = before.rfind(back[-1])
        if k >= 0 and _ETHNIC_PREV_RE.search(before[:k]):
            return False
    if any(w in _ETHNIC_WORDS for w in words if w != base) or (base in _ETHNIC_WORDS and base != "Egyptian"):
        return False
    if base == "Egyptian" and re.search(r"(?:Ashkali|Roma)\W*(?:and|,)?\s*$", before):
        return False
    if _ETHNIC_NEXT_RE.match(text, j):
        return False
    if base not in _LANGUAGE_ADJ and not any(w in _LANGUAGE_ADJ for w in words):
        return True
    if base not in _LANGUAGE_ADJ:  # plural people noun ('Afghans') or a non-language demonym
        return True
    if "English" in words or "Arabic" in words:
        nxt = _NEXT_WORD_RE.match(text, j)
        if not nxt or nxt.group(1).lower() in _FUNCTION_WORDS:
            return False
    nxt = _NEXT_WORD_RE.match(text, j)
    if nxt and nxt.group(1).lower() not in _FUNCTION_WORDS and nxt.group(1)[0].isalpha():
        return True
    if re.match(r"\s*-\s*\w", text[j:j + 3]) and not _ETHNIC_NEXT_RE.match(text, j):
        return True
    # no noun follows: a language ('in Russian', 'Romanian and English.') unless 'the Dutch' etc.
    if _LANG_PREV_RE.search(before):
        return False
    return bool(re.search(r"\bthe\s+$", before)) and not form.endswith("s")


_ADJ_PREV_RE = re.compile(rf"(?<![\w\-])(?:{_alt(gz.STATE_ADJ_FORMS)})[ \t]+$")
_JORDAN_PERSON_RE = re.compile(rf"[ \t]+{UP}{LO}+")


@lru_cache(maxsize=32)
def _find_states_impl(text: str) -> tuple[list[Mention], list[Mention]]:
    states: list[Mention] = []
    hist: list[Mention] = []
    for m in _scan(_STATE_RE, text):
        form = m.group(0)
        base = form[:-2] if form.endswith(("'s", "’s")) else form
        kind, canon = _STATE_FORMS.get(base, (None, None))
        if kind is None:
            continue
        if kind == "hist":
            if base in ("Yugoslav",) and re.match(r"\s+Republic of Macedonia", text[m.end():m.end() + 30]):
                continue
            hist.append(Mention(form, canon, m.start(), m.end()))
            continue
        if kind == "adj" and not _adj_is_state(text, m):
            continue
        if kind == "name":
            if base in ("Jordan", "Georgia", "Chad") and _JORDAN_PERSON_RE.match(text, m.end()) and not \
                    re.match(r"[ \t]+(?:and|or)\b", text[m.end():]):
                nxtw = _JORDAN_PERSON_RE.match(text, m.end()).group(0).strip()
                if nxtw not in gz.STATE_NAME_FORMS and not re.match(_ORG_HEADS, nxtw):
                    continue
            if base == "US" and (text[max(0, m.start() - 1):m.start()] == "-" or text[m.end():m.end() + 1] == "$"):
                continue
            if base in ("Macedonia",) and re.search(r"(?:North|Northern|Aegean|Pirin)\s+$", text[max(0, m.start() - 10):m.start()]):
                continue
        states.append(Mention(form, canon, m.start(), m.end()))
    return states, hist


# --------------------------------------------------------------------------------------------------
# other places (regions, Kosovo, named areas)
# --------------------------------------------------------------------------------------------------

_TYPE_SING = ["region", "oblast", "province", "district", "velayat", "etrap", "canton", "rayon", "raion",
              "county", "krai", "governorate", "municipality", "prefecture"]
_TYPE_PLUR = {"regions": "region", "oblasts": "oblast", "provinces": "province", "districts": "district",
              "velayats": "velayat", "etraps": "etrap", "cantons": "canton", "rayons": "rayon", "raions": "raion",
              "counties": "county", "krais": "krai", "governorates": "governorate",
              "Regions": "Region", "Oblasts": "Oblast", "Provinces": "Province", "Districts": "District",
              "Cantons": "Canton"}
_TYPE_ALL = _TYPE_SING + [t.capitalize() for t in _TYPE_SING]
_NOT_REGION_NAME = {
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "North-Eastern",
    "North-Western", "South-Eastern", "South-Western", "The", "All", "Several", "Other", "These", "Those", "Both",
    "Some", "Many", "Each", "Every", "Border", "Rural", "Urban", "Mountain", "Mountainous", "Remote", "Local",
    "Administrative", "Autonomous", "Electoral", "Police", "Military", "Judicial", "Federal", "Capital", "Home",
    "Frontline", "Front-line", "Neighbouring", "Affected", "Liberated", "Occupied", "Conflict-affected", "OSCE",
    "Tolerance", "Youth", "Women", "Election", "Selected", "Target", "Pilot", "Partner", "Participating", "Ukrainian",
    "Kosovo", "Mediterranean", "Balkan", "Asian", "European", "Caucasus", "In", "At", "On", "For", "From", "Of",
    "And", "Its", "Their", "Five", "Four", "Three", "Two", "Six", "Seven", "Eight", "Nine", "Ten", "Mine", "Most",
    "Rights", "Black", "Baltic", "Danube", "Caspian", "Aral", "Sea", "Adriatic", "Balkans", "Asia", "Europe",
    "Arctic", "Alpine", "Nordic", "Euro-Atlantic", "Eurasian", "Euro-Asian", "Pan-European", "Island", "Islands", "Coastal", "Eastern-European", "Transboundary", "Cross-border",
}
_RNAME = rf"{UP}[\w'’]*(?:-{UP}?[\w'’]+)*(?:/{UP}[\w'’]*(?:-{UP}?[\w'’]+)*)?(?:\s+{UP}[\w'’]*(?:-[\w'’]+)*)?"
_REGION_LIST_RE = re.compile(
    rf"{LB}({_RNAME}(?:(?:\s*,\s*|\s*,?\s+and\s+){_RNAME})*)\s+({'|'.join(_TYPE_PLUR)}){RB}"
)
_REGION_ONE_RE = re.compile(rf"{LB}({_RNAME})\s+({'|'.join(_TYPE_ALL)}){RB}(?!\s+(?:Court|court|Council)\b)")
_TYPE_WORD_RE = re.compile(rf"(?:{_alt(list(_TYPE_PLUR) + _TYPE_ALL)}){RB}")
_CANTON_NUM_RE = re.compile(rf"{LB}(?:Canton|canton)\s+\d{{1,2}}\b")
_ENTITIES = [
    "Republika Srpska", "Federation of Bosnia and Herzegovina", "Brčko District", "Brcko District", "Donbas", "Donbass",
    "Crimea", "Autonomous Republic of Crimea", "Transnistria", "Transdniestria", "Trans-Dniester", "Gagauzia",
    "Abkhazia", "South Ossetia", "Tskhinvali region", "Nagorno-Karabakh", "Chechnya", "Chechen Republic", "Dagestan",
    "Ingushetia", "Sandžak", "Sandjak", "Sanjak", "Vojvodina", "Preševo Valley", "Presevo Valley", "Fergana Valley",
    "Ferghana Valley", "Karakalpakstan", "Republic of Karakalpakstan", "Gorno-Badakhshan",
    "Gorno-Badakhshan Autonomous Oblast", "Gorno-Badakhshan Autonomous Region", "GBAO", "Adjara", "Ajara",
    "Nakhchivan Autonomous Republic", "Zakarpattia", "Transcarpathia", "Gagauz Autonomous Territorial Unit",
    "ATU Gagauzia", "Gagauz-Yeri", "Kosovo", "KOSOVO", "Rasht Valley", "Kent", "Khatlon", "Sughd", "Sogd",
    "Mountainous Badakhshan", "Badakhshan", "Pamir", "Pamirs", "South Caucasus", "Donbas region",
]
_ENTITY_RE = re.compile(rf"(?:{_alt(_ENTITIES)}){RB}")
_CONTEXT_ONLY_AREAS = {"Kent", "Khatlon", "Sughd", "Sogd", "Badakhshan", "South Caucasus", "Pamir", "Pamirs"}
_SUPRA = {"South Caucasus"}


@lru_cache(maxsize=32)
def _region_spans_impl(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, as-written, value) for region/oblast/... mentions (one per named unit)."""
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    list_matches = []
    one_matches = []
    last_end = -1
    for tm in _scan(_TYPE_WORD_RE, text):
        ws = max(0, tm.start() - 200)
        if tm.group(0) in _TYPE_PLUR:
            for m in _REGION_LIST_RE.finditer(text, ws, tm.end()):
                if m.end() == tm.end() and m.start() >= last_end:
                    list_matches.append(m)
                    last_end = m.end()
                    break
        else:
            for m in _REGION_ONE_RE.finditer(text, max(0, tm.start() - 60), min(len(text), tm.end() + 12)):
                if m.end(2) == tm.end():
                    one_matches.append(m)
                    break
    for m in list_matches:
        names = re.split(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+", m.group(1))
        typ = _TYPE_PLUR[m.group(2)]
        pos = m.start(1)
        for n in names:
            n = n.strip()
            k = text.find(n, pos)
            pos = k + len(n)
            pm = re.match(r"^([\w\-]+)['’]s\s+(.+)$", n)
            if pm and canonical_state(pm.group(1)):   # "Ukraine's Donbas and Crimea regions"
                k += len(n) - len(pm.group(2))
                n = pm.group(2)
            first = n.split()[0]
            if (first in _NOT_REGION_NAME and not (typ == "velayat" and len(n.split()) == 1)) or \
                    n in gz.STATE_NAME_FORMS or n in gz.STATE_ADJ_FORMS:
                # 'Western Balkan regions', 'Ukrainian regions' - but keep '... Kharkiv' of 'Eastern Kharkiv'?
                if len(n.split()) == 2 and n.split()[1][0].isupper() and first in _NOT_REGION_NAME and \
                        n.split()[1] not in _NOT_REGION_NAME and n.split()[1] not in gz.STATE_ADJ_FORMS:
                    n = n.split()[1]
                    k = text.find(n, k)
                else:
                    continue
            out.append((k, k + len(n), n, f"{n} {typ}"))
        taken.append((m.start(), m.end()))
    for m in one_matches:
        if _overlaps(m.start(), m.end(), taken):
            continue
        name, typ = m.group(1), m.group(2)
        words = name.split()
        if words[0] in _NOT_REGION_NAME or name in gz.STATE_NAME_FORMS or name in gz.STATE_ADJ_FORMS:
            if len(words) == 2 and words[1] not in _NOT_REGION_NAME and words[1] not in gz.STATE_ADJ_FORMS:
                name = words[1]
            else:
                continue
        if typ.lower() == "municipality" or name in _NOT_REGION_NAME or len(name) < 3:
            continue
        s = m.start(2) - 1 - len(name)
        while text[s:s + len(name)] != name and s > m.start():
            s -= 1
        value = f"{name} {typ}"
        if typ.lower() == "county":
            value = name
        out.append((s, m.end(), text[s:m.end()], value))
        taken.append((s, m.end()))
    for m in _CANTON_NUM_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            v = m.group(0)
            out.append((m.start(), m.end(), v, v[0].upper() + v[1:]))
    return sorted(out)


_KENT_CTX_RE = re.compile(r"(?:\b(?:to|in|from|visit|of)\s+)$")


@lru_cache(maxsize=32)
def _find_other_places_impl(text: str) -> list[Mention]:
    out: list[Mention] = []
    regions = _region_spans(text)
    spans = [(s, e) for s, e, _, _ in regions]
    for s, e, t, v in regions:
        out.append(Mention(t, v, s, e))
    for m in _scan(_ENTITY_RE, text):
        if _overlaps(m.start(), m.end(), spans):
            continue
        t = m.group(0)
        if t in ("Kosovo", "KOSOVO"):
            if re.match(r"\s+Polje\b", text[m.end():m.end() + 8]):
                continue
            out.append(Mention(t, "Kosovo", m.start(), m.end()))
            continue
        if t in _SUPRA:
            continue
        if t in _CONTEXT_ONLY_AREAS:
            if _ORG_AFTER_RE.match(text, m.end()):
                continue
            if t == "Kent" and not _KENT_CTX_RE.search(text[max(0, m.start() - 12):m.start()]):
                continue
        if _ORG_AFTER_RE.match(text, m.end()) and t not in ("Republika Srpska",):
            continue
        # 'the Donbas region' is covered above; 'northern Donbas' keeps Donbas
        out.append(Mention(t, t, m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


# --------------------------------------------------------------------------------------------------
# cities
# --------------------------------------------------------------------------------------------------

_CITY_FORMS = sorted(set(gz.CITY_VARIANTS), key=lambda x: (-len(x), x))
_CITY_RE = re.compile(rf"(?:{_alt(_CITY_FORMS)}){RB}")
_NORTH_SOUTH_RE = re.compile(r"[ \t]+(?:North|South)\b")
_SLASH_EXT_RE = re.compile(rf"(?:[ \t]*/[ \t]*{UP}[{_LO}'’\-][\w'’\-]*(?:[ \t]{UP}[{_LO}][\w'’\-]*)?)+")
_CAPS_TOKEN = rf"{UP}[{_UP}'’.\-]*"
# datelines: 'VIENNA, 13 August 2014 –', 'OSH, Kyrgyzstan, 28 April ...', '12 September 2025, SARAJEVO –',
# glued 'September 2021COPENHAGEN, ...', 'SKOPJE 12 July 2007', a lone 'VIENNA' line
_DATELINE_RE = re.compile(
    rf"({_CAPS_TOKEN}(?:(?:[ \t]*/[ \t]*|[ \t]+){_CAPS_TOKEN})*)"
    rf"(?=[ \t]*(?:,|\(|[–—-]|\d{{1,2}}[ \t]+{UP}{LO}+|$))", re.M
)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.")
_DATEY_RE = re.compile(
    rf"[ \t]*,?[ \t]*(?:{UP}{LO}+(?:[ \t]+{UP}{LO}+)?,[ \t]*)?(?:\d{{1,2}}[ \t]+(?:{_MONTHS})|(?:{_MONTHS})[ \t]+\d{{1,2}})"
    rf"|[ \t]*\(OSCE\)")
_DATELINE_PREV_RE = re.compile(r"(?:^|\n)[ \t]*$|\d$|\d{4},[ \t]$")
_NOT_CITY_CAPS = {"OSCE", "ODIHR", "HCNM", "RFOM", "PA", "EU", "UN", "UNDP", "UNHCR", "NATO", "PACE", "PHOTO", "NEWS",
                  "PRESS", "RELEASE", "VIENNA-BASED", "UNICEF", "IOM", "BIH", "SPU", "PCU", "TNTD", "CPC", "LEOM", "EOM",
                  "BOMNAF", "EULEX", "UNMIK", "KFOR", "USAID", "GICHD", "IMAS", "MP", "TV", "ID", "IT", "IATG", "NGO",
                  "CSO", "OK", "FAQ", "EUR", "USD", "CEPOL", "AIRPOL", "SMM", "OSCE PA"}
_CITY_CTX_PREV_RE = re.compile(
    r"(?:\b(?:in|to|from|near|at|of|outside|around|via|visited|visit|visits|and|town|city|village|capital)\s+)$")
# contextual patterns for places not in the gazetteer
_TOWN_HINT_RE = re.compile(r"(?:town|city|village|settlement|municipality|hamlet|capital)s?\s+of\s")
_TOWN_RE = re.compile(
    rf"\b(?:town|city|village|villages|settlement|municipality|hamlet|capital)\s+of\s+({_CAP_WORD}(?:[ \t]*/[ \t]*{_CAP_WORD})*"
    rf"(?:[ \t]{UP}[\w'’\-]+)?)"
)
# these start with the place itself (fast first-character scan); the preposition before it is checked in code
_IN_X_REGION_RE = re.compile(
    rf"({_CAP_WORD}(?:[ \t]*/[ \t]*{_CAP_WORD})*),\s+(?:the\s+)?{_CAP_WORD}\s+"
    rf"(?:region|oblast|province|district|velayat|etrap|canton|Region|Oblast|Province|District)\b"
)
_IN_X_STATE_RE = re.compile(
    rf"({_CAP_WORD}),\s+(?:the\s+)?(?:{_alt(gz.STATE_NAME_FORMS)})\b(?!\s+(?:and|or)\b)"
)
_PLACE_PREP_RE = re.compile(r"\b(?:in|at|to|near|from|of)\s+$")
_BI_PART = rf"{UP}{LO}[{_LO}'’\-]+(?:[ \t]{UP}{LO}+)?"
_LEFT_BI_RE = re.compile(rf"({_BI_PART})/[ \t]?$")
_IN_BILINGUAL_RE = re.compile(rf"({_BI_PART}(?:/[ \t]?{_BI_PART})+)(?![\w/])")
_FIELD_OPS_LIST_RE = re.compile(
    r"(?:field\s+operations|offices|field\s+offices|missions|presences|OSCE\s+(?:field\s+)?(?:operations|offices))"
    r"\s+(?:based\s+)?(?:in|at)\s+$"
)


def _normal_case(s: str) -> str:
    if s in gz.CITY_UPPER:
        return gz.CITY_UPPER[s]
    norm = re.sub(r"\s*/\s*", "/", s)
    if norm in gz.CITY_UPPER:
        return gz.CITY_UPPER[norm]
    t = s.title().replace("’S", "’s").replace("'S", "'s")
    return re.sub(r"-(On|Na|Lui|Pri|I|E|De|Am|Ob|Sur)-", lambda mm: "-" + mm.group(1).lower() + "-", t)


def _split_slash(value: str) -> list[str]:
    """'Vienna/Sarajevo' → two cities; bilingual forms ('Prishtinë/Priština') stay whole."""
    parts = [p.strip() for p in value.split("/") if p.strip()]
    if len(parts) < 2:
        return [value]
    if gz.city_lookup(value):
        return [value]
    keys = [gz.city_key(p) for p in parts]
    if all(keys) and len(set(keys)) == len(keys):
        return parts
    return [value]


def _is_place_word(w: str) -> bool:
    return w in gz.STATE_NAME_FORMS or w in gz.STATE_ADJ_FORMS or w in _NOT_CITY_CAPS


_NON_PLACE_CAPWORDS = {"The", "A", "An", "This", "That", "These", "OSCE", "EU", "UN", "In", "On", "At", "For", "From",
                       "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                       "February", "March", "April", "May", "June", "July", "August", "September", "October",
                       "November", "December", "Kosovo", "Mission", "Centre", "Office", "Ministry", "Government",
                       "Parliament", "Assembly", "Court", "Police", "Academy", "University", "Institute", "Council",
                       "Committee", "Agency", "Presence", "Programme", "Project", "Secretariat", "Department",
                       "Municipality", "Republic", "Federation", "Head", "Ambassador", "President", "Minister",
                       "Mr", "Ms", "Mrs", "Dr", "Professor"}


@lru_cache(maxsize=32)
def _find_cities_impl(text: str) -> list[Mention]:
    out: list[Mention] = []
    regions = _region_spans(text)
    taken: list[tuple[int, int]] = [(s, e) for s, e, _, _ in regions]
    # named areas that contain a town's name ('Fergana Valley', 'Rasht Valley'); Kosovo itself is no obstacle
    taken += [(m.start, m.end) for m in _find_other_places_impl(text) if " " in m.text and m.value != "Kosovo"]

    def add(s: int, e: int, value: str) -> None:
        if _overlaps(s, e, taken):
            return
        taken.append((s, e))
        out.append(Mention(text[s:e], value, s, e))

    # 1. datelines in CAPS
    for m in _DATELINE_RE.finditer(text):
        if not (m.start() == 0 or _DATELINE_PREV_RE.search(text, max(0, m.start() - 8), m.start())):
            continue
        raw = m.group(1).strip()
        if len(raw) < 3 or raw in _NOT_CITY_CAPS or not any(c.isalpha() for c in raw):
            continue
        if not re.search(rf"{UP}{{2}}", raw.replace(" ", "")):
            continue
        s = m.start(1)
        value = _normal_case(raw)
        known = gz.city_lookup(value) or all(gz.city_lookup(p) for p in re.split(r"\s*/\s*", value))
        datey = _DATEY_RE.match(text, m.end(1)) or re.search(r"\d{4},[ \t]*$", text[max(0, s - 8):s])
        if not (known or datey):
            continue
        if any(w.upper() in _NOT_CITY_CAPS for w in re.split(r"[\s/]+", raw)):
            continue
        if _is_place_word(value):
            continue
        if len(_split_slash(value)) > 1:
            pos = s
            for part in _split_slash(value):
                k = text.upper().find(part.upper(), pos)
                if k < 0:
                    continue
                add(k, k + len(part), part)
                pos = k + len(part)
        else:
            add(s, s + len(raw), value)
    # 2. gazetteer names as written
    field_op_hint = bool(_FIELD_OP_HINT_RE.search(text))
    for m in _scan(_CITY_RE, text):
        s, e = m.start(), m.end()
        name = m.group(0)
        ext = _SLASH_EXT_RE.match(text, e)
        if ext:
            full = text[s:ext.end()]
            parts = _split_slash(full)
            if len(parts) == 1:
                e = ext.end()
                name = full
        # 'Vustrri/Vucitrn': an unknown first half of a bilingual form
        lm = _LEFT_BI_RE.search(text, max(0, s - 40), s)
        if lm and not gz.city_lookup(lm.group(1)) and _lb(text, lm.start(1)) and not name.isupper():
            s = lm.start(1)
            name = text[s:e]
        # 'Mitrovicë/Mitrovica North': a Kosovo town's northern/southern part
        ns = _NORTH_SOUTH_RE.match(text, e)
        if ns and gz.city_lookup(name.split("/")[0]) and gz.CITY_STATE.get(gz.city_lookup(name.split("/")[0]) or "") is None:
            e = ns.end()
            name = text[s:e]
        if _overlaps(s, e, taken):
            continue
        if name.isupper() and len(name) > 1:
            # CAPS outside a dateline: only accept when it is a full line/heading word of a known city
            if not re.match(r"[ \t]*(?:,|\n|$|/)", text[e:e + 3]):
                continue
            value = _normal_case(name)
        else:
            value = name
        base = gz.city_lookup(name) or name
        if base in gz.AMBIGUOUS_CITIES and not _CITY_CTX_PREV_RE.search(text[max(0, s - 14):s]):
            continue
        if base in gz.AMBIGUOUS_CITIES and _ORG_AFTER_RE.match(text, e):
            continue
        if _in_org_name(text, s, e):
            continue
        if field_op_hint and (_FIELD_OPS_LIST_RE.search(text[max(0, s - 60):s]) or _in_field_op_list(text, s)):
            continue
        # 'Kharkiv region' is a region, 'Kyiv-based' is still the city
        if re.match(rf"[ \t]+(?:{'|'.join(_TYPE_ALL)}|{'|'.join(_TYPE_PLUR)}){RB}", text[e:e + 16]):
            continue
        add(s, e, value)
    # 3. contextual patterns for unseen places
    rxs = []
    if _TOWN_HINT_RE.search(text):
        rxs.append(_TOWN_RE)
    if regions:
        rxs.append(_IN_X_REGION_RE)
    if _find_states_impl(text)[0]:
        rxs.append(_IN_X_STATE_RE)
    if "/" in text:
        rxs.append(_IN_BILINGUAL_RE)
    for rx in rxs:
        for m in (rx.finditer(text) if rx is _TOWN_RE else _scan(rx, text)):
            s, e = m.start(1), m.end(1)
            if rx is not _TOWN_RE and not _PLACE_PREP_RE.search(text, max(0, s - 8), s):
                continue
            val = m.group(1).strip()
            words = re.split(r"[\s/]+", val)
            if words[0] in _NON_PLACE_CAPWORDS or any(_is_place_word(w) for w in words):
                continue
            if val in ("Kosovo",) or _overlaps(s, e, taken):
                continue
            if _ORG_AFTER_RE.match(text, e):
                continue
            if rx is _IN_BILINGUAL_RE and len(_split_slash(val)) > 1:
                continue
            add(s, e, val)
    # 4. unknown places coordinated with known ones ('visited Uzhhorod, Mukacheve, Berehove and Lviv')
    if len(out) >= 1:
        starts = {m.start for m in out}
        lists = {}
        for cm in list(out):
            for lm in _scan(_CITY_LIST_RE, text, max(0, cm.start - 120), min(len(text), cm.end + 120)):
                if lm.start() <= cm.start < lm.end():
                    lists[lm.span()] = lm
                    break
        for lm in lists.values():
            items = [(im.start(), im.end()) for im in _LIST_ITEM_RE.finditer(text, lm.start(), lm.end())]
            known = [it for it in items if it[0] in starts]
            if not known:
                continue
            unknown = [it for it in items if it[0] not in starts]
            if any(_overlaps(a, b, taken) for a, b in unknown):
                continue
            words = [text[a:b] for a, b in unknown]
            if any(len(w.split()) > 1 for w in words):   # 'Maria Petrova and Vienna': persons are two words
                continue
            if any(w.split()[0] in _NON_PLACE_CAPWORDS or any(_is_place_word(x) or x in _NOT_NAME_WORDS
                                                             for x in w.split()) for w in words):
                continue
            for (a, b), w in zip(unknown, words, strict=True):
                if not _in_org_name(text, a, b):
                    add(a, b, w)
    out.sort(key=lambda x: x.start)
    return out


_LIST_ITEM = rf"{UP}{LO}[\w'’\-]*(?:/{UP}{LO}[\w'’\-]*)?(?:[ \t]{UP}{LO}[\w'’\-]*)?"
_LIST_ITEM_RE = re.compile(_LIST_ITEM)
_CITY_LIST_RE = re.compile(rf"{_LIST_ITEM}(?:[ \t]*,[ \t]*{_LIST_ITEM})*[ \t]*,?[ \t]+and[ \t]+{_LIST_ITEM}(?![\w'’\-])")
_FIELD_OP_HINT_RE = re.compile(r"(?:perations|ffices|issions|resences)\s+(?:based\s+)?in\s")
_FIELD_OP_LIST_HEAD_RE = re.compile(
    r"(?:field\s+operations|field\s+offices|offices|OSCE\s+(?:field\s+)?(?:operations|offices|missions))"
    r"\s+(?:based\s+)?in\s+", re.I)


def find_states(text: str) -> tuple[list[Mention], list[Mention]]:
    """(states, historical_states) mentioned in the text (EXTRACTION §10), in text order, repeats included."""
    st, hi = _find_states_impl(text)
    return list(st), list(hi)


def _region_spans(text: str) -> list[tuple[int, int, str, str]]:
    return _region_spans_impl(text)


def find_cities(text: str) -> list[Mention]:
    """Populated places (§11), dateline included; values as written (CAPS → normal case)."""
    return list(_find_cities_impl(text))


def find_other_places(text: str) -> list[Mention]:
    """Kosovo, regions/oblasts/…, entities and named areas (§12)."""
    return list(_find_other_places_impl(text))


def find_projects(text: str) -> list[Mention]:
    """Named projects and programmes (§8)."""
    return list(_find_projects_impl(text))


def find_organisations(text: str) -> list[Mention]:
    """OSCE units (canonical §13 names) and other named bodies."""
    return list(_find_organisations_impl(text))


def _in_field_op_list(text: str, s: int) -> bool:
    """True when the city at s is an item of 'field operations based in A, B, C and D'."""
    seg = text[max(0, s - 200):s]
    heads = list(_FIELD_OP_LIST_HEAD_RE.finditer(seg))
    if not heads:
        return False
    m = heads[-1]
    between = seg[m.end():]
    return bool(re.fullmatch(rf"(?:{_CAP_WORD}(?:[ \t]{_CAP_WORD})?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*", between))


# --------------------------------------------------------------------------------------------------
# organisations
# --------------------------------------------------------------------------------------------------

_UNIT_FORMS = {k: v for k, v in gz.UNIT_ALIASES.items() if k not in ("SG", "Secretariat", "Chairmanship",
                                                                    "Chairpersonship", "Permanent Council",
                                                                    "Ministerial Council", "Secretary General")}
_UNIT_RE = re.compile(rf"(?:{_alt(_UNIT_FORMS)}){RB}")
_WEAK_UNIT_RE = re.compile(
    rf"(Secretariat|Secretary General|Secretary-General|Chairmanship|Chairpersonship|"
    rf"Permanent Council|Ministerial Council){RB}"
)
_ORG_AFTER_EU_RE = re.compile(r"[ \t]+(?:Rule|Delegation|Special|Monitoring|Border|Office|Mission|Police|Advisory|Member|"
                              r"member|Commission|Council|Agency)\b|-funded|-supported")
_CHAIR_PREV_RE = re.compile(r"\b(?:the|its|Swedish|Italian|German|Serbian|Swiss|Polish|Finnish|Albanian|Austrian|"
                            r"Slovak|Maltese|North Macedonian|Macedonian)\s+$")
_EU_RE = re.compile(rf"(?:European Union|EU){RB}")
_SUBUNIT_AFTER_RE = re.compile(r"\s*\(([A-Z][\w\- ]+Unit)\)")
_ACRO_AFTER_RE = re.compile(r"[ \t]*\(([A-Z][A-Za-z0-9/\-]{1,11})\)")
_ORG_NOUNS = (
    "Ministry|Government|Police|Agency|Service|Committee|Commission|Council|Court|Office|Academy|University|"
    "Institute|Centre|Center|College|Faculty|Parliament|Assembly|Authority|Directorate|Inspectorate|Department|"
    "Programme|Organization|Organisation|Union|Bank|Fund|Foundation|Association|Network|Embassy|Administration|"
    "Prosecution|Troops|Guard|Guards|Forces|Chamber|Ombudsman|Ombudsperson|Mission|Group|Charter|Federation|Bureau|"
    "Unit|Section|Division|Team|Board|Sector|Police|Council|Parliament|Kenesh|Majlis|Oliy|Rada|Duma|Sejm|Seimas|Saeima|"
    "Storting|Riksdag|Bundestag|Skupština|Sobranie|Jogorku|Mazhilis|Senate|Congress"
)
_OCAP = r"(?:[A-Z][\w'’\-]*|[A-Z]{2,}|of|the)"
_OCAP = r"[A-Z][\w'’\-]*"
_OTHER_ORG_RE = re.compile(
    rf"{LB}((?:{_OCAP}(?:[ \t]+(?:(?:of|for|on)(?:[ \t]+the)?|and))?[ \t]+){{0,9}}(?:{_ORG_NOUNS})(?:['’]s)?"
    rf"(?:[ \t]+(?:of|for|on|against)[ \t]+(?:the[ \t]+)?{_OCAP}"
    rf"(?:[ \t]+(?:(?:of|for|on)[ \t]+(?:the[ \t]+)?|and[ \t]+)?{_OCAP})*)?){RB}"
)
_ORG_GENERIC_NAMES = {"Ministry", "Government", "Police", "Academy", "Centre", "Office", "Mission", "Agency"}


_ORG_NOUN_RE = re.compile(rf"(?:{_alt(_ORG_NOUNS.split('|'))}){RB}")


def _government_name(state: str) -> str:
    cs = canonical_state(state) or state
    art = "the " if cs in ("Netherlands", "Russian Federation", "United Kingdom", "United States of America",
                           "Holy See") else ""
    return f"Government of {art}{cs}"


_ORG_STOP_START = {"The", "A", "An", "In", "On", "At", "For", "From", "This", "That", "Its", "Their", "His", "Her",
                   "Mr", "Ms", "Dr", "And", "Of", "During", "After", "Before", "While", "When", "With", "By", "As"}


@lru_cache(maxsize=32)
def _find_organisations_impl(text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _scan(_UNIT_RE, text):
        s, e = m.start(), m.end()
        if _overlaps(s, e, taken):
            continue
        t = m.group(0)
        if t.startswith("the "):
            s += 4
            t = t[4:]
        val = gz.UNIT_ALIASES.get(t) or canonical_unit(t)
        if not val:
            continue
        sub = _SUBUNIT_AFTER_RE.match(text, e)
        if sub and canonical_unit(f"{val} ({sub.group(1)})"):
            val = canonical_unit(f"{val} ({sub.group(1)})")
            e = sub.end()
        else:
            acro = _ACRO_AFTER_RE.match(text, e)
            if acro and canonical_unit(acro.group(1)) == val:
                e = acro.end()
        # 'OSCE PA' vs 'PACE' etc. are distinct tokens; the Council of Europe's Assembly is not the OSCE PA
        out.append(Mention(text[s:e], val, s, e))
        taken.append((s, e))
    for m in _scan(_WEAK_UNIT_RE, text):
        ms = m.start() - 5 if text[max(0, m.start() - 5):m.start()] == "OSCE " else m.start()
        if _overlaps(ms, m.end(), taken):
            continue
        w = m.group(1)
        after = text[m.end():m.end() + 30]
        before = text[max(0, m.start() - 30):m.start()]
        if w in ("Chairmanship", "Chairpersonship") and not re.search(r"(?:OSCE|\d{4})\s*$", before) and \
                not _CHAIR_PREV_RE.search(before):
            continue
        if w in ("Secretary General", "Secretary-General") and re.match(r"\s+of\s+the\s+(?!OSCE)", after):
            continue
        if w == "Secretariat" and re.search(r"(?:International|PA|Assembly's?)\s+$", before):
            continue
        val = canonical_unit("OSCE " + w.replace("-", " ")) or canonical_unit(w)
        if w in ("Secretary General", "Secretary-General") and not re.search(r"(?:OSCE|\bthe)\s+$", before):
            continue
        if val:
            out.append(Mention(text[ms:m.end()], val, ms, m.end()))
            taken.append((ms, m.end()))
    # field operations named by their city in a list
    for m in (_FIELD_OP_LIST_HEAD_RE.finditer(text) if _FIELD_OP_HINT_RE.search(text) else ()):
        seg = re.match(rf"((?:{_CAP_WORD}(?:[ \t]{_CAP_WORD})?)(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:{_CAP_WORD}(?:[ \t]{_CAP_WORD})?))*)",
                       text[m.end():])
        if not seg:
            continue
        pos = m.end()
        for name in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", seg.group(1)):
            k = text.find(name, pos)
            pos = k + len(name)
            key = gz.city_key(name)
            if key in gz.FIELD_OP_BY_CITY:
                out.append(Mention(name, gz.FIELD_OP_BY_CITY[key], k, k + len(name)))
                taken.append((k, k + len(name)))
    # other named bodies: capitalised words around an organisation noun
    cands = []
    cend = -1
    for nm in _scan(_ORG_NOUN_RE, text):
        if nm.start() < cend:
            continue
        for m in _OTHER_ORG_RE.finditer(text, max(0, nm.start() - 160), min(len(text), nm.end() + 200)):
            if m.start() <= nm.start() < m.end():
                cands.append(m)
                cend = m.end()
                break
    for m in cands:
        s, e = m.start(1), m.end(1)
        name = m.group(1)
        words = name.split()
        while words and (words[0] in _ORG_STOP_START or words[0] in ("OSCE-supported", "OSCE-funded")):
            s += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in ("of", "for", "and", "on", "the", "in", "to", "against", "de"):
            words = words[:-1]
        name = " ".join(words)
        e = s + len(name)
        if not name or text[s:e] != name:
            continue
        if len(words) < 2 and name not in ("UNDP", "UNHCR"):
            continue
        if _overlaps(s, e, taken) or canonical_unit(name) or name in _ORG_GENERIC_NAMES:
            continue
        # 'Head of the Sector for …', 'Eva Gutjahr of the European Union …': drop a leading part without an org noun
        while True:
            lm = re.match(r"^(.+?)\s+(?:of|at|in)\s+(?:the\s+)?(?=[A-Z])", name)
            if not lm or _ORG_NOUN_RE.search(lm.group(1)):
                break
            s += lm.end()
            name = name[lm.end():]
        words = name.split()
        if not words or words[0] == "OSCE" or canonical_unit(name) or name in _ORG_GENERIC_NAMES or \
                name in gz.STATE_NAME_FORMS or \
                (len(words) < 2 and name not in ("UNDP", "UNHCR")):
            continue
        e = s + len(name)
        pm = re.match(r"^([\w\-]+)['’]s\s+(.+)$", name)
        if pm and canonical_state(pm.group(1)):
            s += len(pm.group(1)) + 3
            name = pm.group(2)
            words = name.split()
        elif pm and pm.group(1) in _GENERIC_UNITS:
            unit = next((o.value for o in out if canonical_unit(o.value) and
                         any(w in o.value for w in _GENERIC_UNITS[pm.group(1)])), None)
            if unit:
                out.append(Mention(text[s:e], f"{pm.group(2)} of the {unit}", s, e))
                taken.append((s, e))
            continue
        acro = _ACRO_AFTER_RE.match(text, e)
        val = name
        if acro:
            val = f"{name} ({acro.group(1)})"
            e = acro.end()
        gov = re.match(r"Governments? of (?:the )?(.+)$", name)
        if gov and canonical_state(gov.group(1)):
            val = _government_name(gov.group(1))
        out.append(Mention(text[s:e], val, s, e))
        taken.append((s, e))
    for m in _scan(_EU_RE, text):
        if not _overlaps(m.start(), m.end(), taken) and not _ORG_AFTER_EU_RE.match(text, m.end()):
            out.append(Mention(m.group(0), "European Union", m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


# --------------------------------------------------------------------------------------------------
# projects
# --------------------------------------------------------------------------------------------------

_Q_OPEN, _Q_CLOSE = "\"“„«", "\"”“»"
_QUOTED_PROJECT_RE = re.compile(
    rf"\b(?:project|programme|program|initiative|Project|Programme)(?:[ \t]*,?[ \t]+(?:entitled|titled|called|named))?"
    rf"[ \t]*[,:]?[ \t]*[{_Q_OPEN}]([^{_Q_OPEN}{_Q_CLOSE}\n]{{6,200}})[{_Q_CLOSE}]"
)
_QUOTED_BEFORE_RE = re.compile(
    rf"[{_Q_OPEN}]([^{_Q_OPEN}{_Q_CLOSE}\n]{{6,200}})[{_Q_CLOSE}][ \t]+(?:project|programme|Project|Programme){RB}"
)
_PNAME_WORD = rf"(?:{UP}[\w'’\-]*|of|for|and|in|on|the|to|against|with|from|at|by|-|–)"
_PROJECT_WORD_RE = re.compile(rf"(?<=[ \t])(?:project|Project){RB}(?![ \t]+(?:Co-ordinator|Coordinator|Manager|"
                              rf"Officer|Assistant|Document|Team|Unit|Office|Director|Leader|Cycle|Proposal)\b)")
_BACK_TOKEN_RE = re.compile(r"(\([A-Z][A-Za-z0-9\-]{1,12}\)|[\w'’\-]+)[ \t]+$")
_PROJECT_CONNECTORS = {"of", "for", "and", "in", "on", "to", "against", "with", "at", "by", "-", "–"}
_PROJECT_DROP_START = {"OSCE", "EU", "UN", "UNDP", "OSCE-supported", "OSCE-funded", "EU-funded", "Mission's",
                       "Mission", "Centre's", "Office's", "Presence's", "New", "Joint", "Regional", "National", "Pilot",
                       "The", "This", "Same", "First", "Second", "Third", "Extra-budgetary", "Extra-Budgetary"}
_NOT_PROJECT_QUOTED_RE = re.compile(r"(?:(?:National|State|Draft|the)\s+)*(?:Strategy|Action Plan|Law on|Concept)\b")
_NOT_PROJECT_WORDS = re.compile(r"\b(?:Strategy|Action Plan|Law|Concept|Handbook|Report|Guide|Manual|Network|Pool)\b")


def _clean_project(name: str) -> str | None:
    name = name.strip(" ,.;:")
    words = name.split()
    while words and (words[0] in _PROJECT_DROP_START or canonical_unit(words[0])):
        words = words[1:]
    if not words:
        return None
    name = " ".join(words)
    if canonical_unit(name) or _NOT_PROJECT_WORDS.search(name):
        return None
    if len(words) == 1 and not (name.isupper() or re.fullmatch(rf"{UP}[\w\-]*{UP}[\w\-]*", name)):
        return None
    return name


@lru_cache(maxsize=32)
def _find_projects_impl(text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    if "project" not in low and "programme" not in low and "program" not in low and "initiative" not in low:
        return out
    quoted = any(q in text for q in _Q_OPEN)
    for rx in ((_QUOTED_PROJECT_RE, _QUOTED_BEFORE_RE) if quoted else ()):
        for m in rx.finditer(text):
            s, e = m.start(1), m.end(1)
            name = m.group(1).strip()
            pre = text[max(0, m.start() - 25):m.start()]
            if re.search(r"\b(?:entitled|titled|roundtable|conference|workshop|seminar|event|report|publication|"
                         r"handbook|strategy|law|plan)\s*$", pre, re.I) and rx is _QUOTED_BEFORE_RE:
                continue
            if _overlaps(s, e, taken) or _NOT_PROJECT_QUOTED_RE.match(name):
                continue
            acro = _ACRO_AFTER_RE.match(text, m.end())
            val = f"{name} ({acro.group(1)})" if acro else name
            out.append(Mention(name, val, s, e))
            taken.append((s, e))
    for m in _PROJECT_WORD_RE.finditer(text):
        if re.match(rf"[ \t]*,?[ \t]*(?:(?:entitled|titled|called|named)[ \t]+)?[{_Q_OPEN}]", text[m.end():m.end() + 20]):
            continue  # 'the ExB project "Name"': the quoted name is the project
        # walk back over the name: Capitalised words, connectors, an '(ACRONYM)'
        j = m.start()
        toks: list[tuple[int, int]] = []
        acro = None
        while True:
            w = _BACK_TOKEN_RE.search(text, max(0, j - 80), j)
            if not w:
                break
            tok = w.group(1)
            if tok.endswith(("'s", "’s")):
                break
            if tok.startswith("(") and not toks and acro is None:
                acro = tok[1:-1]
                j = w.start(1)
                continue
            if tok[0].isupper() or (tok in _PROJECT_CONNECTORS and toks):
                toks.append((w.start(1), w.end(1)))
                j = w.start(1)
                if len(toks) > 16:
                    break
                continue
            break
        if not toks:
            if acro:
                toks = []
            else:
                continue
        toks.reverse()
        while toks and text[toks[0][0]:toks[0][1]] in _PROJECT_CONNECTORS:
            toks = toks[1:]
        if not toks:
            continue
        s, e = toks[0][0], toks[-1][1]
        name = _clean_project(text[s:e])
        if not name:
            continue
        s = text.find(name, s)
        e = s + len(name)
        if _overlaps(s, e, taken):
            continue
        val = f"{name} ({acro})" if acro else name
        if acro:
            e = text.find(")", e) + 1
        if any(o.value.endswith(f"({name})") or o.value == val for o in out):
            continue
        out.append(Mention(text[s:e], val, s, e))
        taken.append((s, e))
    out.sort(key=lambda x: x.start)
    return out


# --------------------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------------------

_TITLES = [
    ("Ambassador", "Ambassador"), ("Amb.", "Ambassador"), ("Dr.", "Dr."), ("Dr", "Dr."), ("Professor", "Professor"),
    ("Prof.", "Professor"), ("Police Colonel", "Police Colonel"), ("Police Lieutenant Colonel", "Police Lieutenant Colonel"),
    ("Police Major", "Police Major"), ("Police Captain", "Police Captain"), ("Police General", "Police General"),
    ("Senior Lieutenant", "Senior Lieutenant"), ("Lieutenant Colonel", "Lieutenant Colonel"),
    ("Lieutenant General", "Lieutenant General"), ("Major General", "Major General"), ("General Major", "General Major"),
    ("Brigadier General", "Brigadier General"), ("Colonel", "Colonel"), ("Lieutenant", "Lieutenant"),
    ("Captain", "Captain"), ("Major", "Major"), ("General", "General"), ("Sergeant", "Sergeant"),
]
_TITLE_MAP = dict(_TITLES)
_TITLE_ALT = _alt(_TITLE_MAP)
_HONORIFICS = r"(?:Mr\.?|Ms\.?|Mrs\.?|Miss)"
_HONORIFICS_RE = re.compile(_HONORIFICS)
_NAME_TOKEN = rf"(?:{UP}[{_LO}]+(?:[\-'’]{UP}?[{_LO}]+)*|{UP}[{_LO}]*{UP}[{_LO}]+|{UP}\.)"
_PARTICLE = r"(?:de|van|von|der|den|da|di|del|dos|du|la|le|bin|ibn|al|ul)"
_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_TOKEN}){{1,3}}"
_RUN_RE = re.compile(rf"({_NAME_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_TOKEN})*(?:['’]s)?){RB}")
_LOWER_ROLE_BEFORE_RE = re.compile(
    r"(?:^|[\s,(])((?:(?!(?:on|of|for|the|a|an|to|in|with|by|and|at|from|against|as)\s)[a-z][\w\-]*\s+){0,3}(?:activist|journalist|lawyer|student|trainer|expert|blogger|teacher|"
    r"doctor|judge|prosecutor|officer|inspector|researcher|lecturer|professor|defender|volunteer|mediator|"
    r"resident|victim|editor|reporter|photographer|analyst|scholar|farmer|entrepreneur|president|leader|"
    r"minister|mayor|governor|ombudsman|ombudsperson|chairman|chairwoman|chairperson|speaker|commander|"
    r"spokesperson|spokesman|spokeswoman|head|director|coordinator|co-ordinator|adviser|advisor))\s+$")

_ROLE_WORDS = (
    "Head|Director|Director-General|Minister|President|Vice-President|Chair|Chairperson|Chairman|Chairwoman|"
    "Secretary|Speaker|Commissioner|Representative|Ambassador|Adviser|Advisor|Co-ordinator|Coordinator|Officer|"
    "Manager|Mayor|Governor|Prosecutor|Judge|Ombudsman|Ombudsperson|Chief|Commander|Deputy|Envoy|Rapporteur|"
    "Spokesperson|Spokesman|Spokeswoman|Expert|expert|trainer|Trainer|student|Student|lecturer|Lecturer|professor|"
    "activist|journalist|Journalist|editor|Editor|inspector|Inspector|officer|adviser|advisor|analyst|researcher|"
    "Assistant|assistant|Member|member|MP|Senator|Leader|leader|Founder|founder|Principal|Rector|Dean|Consul|"
    "Attaché|Counsellor|Counselor|Instructor|instructor|Programme|Program|Specialist|specialist|Associate|Fellow|"
    "participant|graduate|cadet|Cadet|teacher|Teacher|Executive|executive|official|Official|Commandant|Superintendent|"
    "Captain|Colonel|Lieutenant|Major|General|chair|chairs|head|heads|director|coordinator|co-ordinator|"
    "representative|manager|mayor|consultant|Consultant|Ambassador-designate|designate|Acting|acting|former|Former|"
    "Senior|senior|National|Chargé|Attorney|Chairman-in-Office|Chairwoman-in-Office|Chairperson-in-Office|Ombudsperson|Premier|Prime|Secretary-General|Sheriff|Counsel|scholar|"
    "practitioner|resident|mediator|Mediator|Auditor|auditor|interpreter|lawyer|Lawyer|doctor|nurse|psychologist|"
    "coach|author|Author|historian|politician|diplomat|Diplomat|economist|engineer|owner|entrepreneur|farmer|artist"
)
_ROLE_START_RE = re.compile(rf"(?:(?:the|a|an|one\s+of\s+the|who\s+is|who\s+was|also|now)\s+)?(?:[\w'’\-]+\s+){{0,4}}?(?:{_ROLE_WORDS})s?{RB}")
_SAID_RE = re.compile(r"\s*,?\s*(?:said|says|told|stated|noted|added|stressed|explained|emphasized|emphasised|underlined|"
                      r"highlighted|pointed out|remarked|commented|announced|welcomed|urged|called|thanked|opened|"
                      r"underscored|concluded|recalled|heads|chairs|leads|presented|described|gave|delivered|visited|"
                      r"met|held|took|was|is|will|has|had|began|concluded|condemned|denounced|expressed|handed|signed)\b")
_QUOTE_SAID_RE = re.compile(r"[\"”“]\s*,?\s*(?:said|says|added|told|stressed|noted|explained)\s+$")
_MP_RE = re.compile(rf"[ \t]*\((MP|MEP),[ \t]*([{_UP}][\w \-]+)\)")
_COUNTRY_PAREN_RE = re.compile(r"[ \t]*\(([A-Z][\w \-]+)\)")
_CREDIT_BEFORE_RE = re.compile(r"\([^()\n]{0,30}/\s*$|(?:Photo|photo|PHOTO|©|Credit|credit)\s*(?:by)?\s*:?\s*$")
_CREDIT_AFTER_RE = re.compile(r"\s*/\s*(?:OSCE|UNDP|EU|UN|ODIHR|UNICEF|AP|AFP|Reuters)\b")
_NOT_NAME_WORDS = (
    set(gz.STATE_NAME_FORMS) | set(gz.STATE_ADJ_FORMS) | set(gz.HISTORICAL_FORMS) | set(gz.CITY_VARIANTS) |
    {"OSCE", "The", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "In", "On", "At", "For", "From",
     "Head", "Deputy", "Minister", "Ministry", "Mission", "Office", "Centre", "Center", "Programme", "Project",
     "Presence", "Secretariat", "Secretary", "General", "President", "Representative", "Commissioner", "High",
     "Police", "Academy", "University", "Institute", "Council", "Committee", "Agency", "Government", "Parliament",
     "Assembly", "Court", "Department", "Unit", "Service", "Republic", "Federation", "Union", "European", "United",
     "Nations", "National", "International", "State", "States", "Border", "Management", "Staff", "College",
     "Foreign", "Affairs", "Interior", "Justice", "Defence", "Education", "Science", "Health", "Chairmanship",
     "Chairpersonship", "Chairperson-in-Office", "Permanent", "Ministerial", "Forum", "Security", "Co-operation",
     "Cooperation", "Organization", "Kosovo", "Roma", "Sinti", "Ashkali", "Monday", "Tuesday", "Wednesday",
     "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
     "August", "September", "October", "November", "December", "Prime", "Speaker", "Director", "Chair", "Chief",
     "Ambassador", "Professor", "Captain", "Major", "Colonel", "Lieutenant", "Senior", "Junior", "Human", "Rights",
     "Democratic", "Institutions", "Freedom", "Media", "Press", "Release", "News", "Item", "Issued", "Fields",
     "Work", "Related", "Content", "Share", "Newsroom", "Regional", "Local", "Public", "Civil", "Society",
     "Central", "Asia", "Europe", "Western", "Eastern", "Northern", "Southern", "South", "North", "East", "West",
     "Course", "Training", "Workshop", "Conference", "Seminar", "Meeting",
     "Model", "Students", "Student", "Youth", "Women", "Men", "Day", "Week", "Year", "Action", "Plan", "Strategy",
     "Law", "Code", "Criminal", "Procedure", "Election", "Elections", "Observation", "Special", "Monitoring",
     "Reform", "Centre's", "Mission's", "Office's", "Our", "Their", "His", "Her", "Its", "Online", "Open", "Data",
     "Charter", "Good", "Today", "Tomorrow", "Yesterday", "Participants", "Following", "During", "After", "Before",
     "Over", "Some", "More", "Around", "About", "All", "Both", "Each", "Every", "Many", "New", "First", "Second",
     "Third", "Ten", "Twenty", "Thirteen", "Forty", "Fifty", "Thirty", "Two", "Three", "Four", "Five", "Six", "Seven",
     "Eight", "Nine", "One", "Dr", "Mr", "Ms", "Mrs", "Amb", "Acting", "Former", "Vice", "Executive", "Board", "Group",
     "Network", "Legal", "Economic", "Environmental", "Activities", "Gender", "Issues", "Transnational", "Threats",
     "Conflict", "Prevention", "Support", "Extra-Budgetary", "Geneva", "Humanitarian", "Demining", "Mine",
     "Standards", "Technical", "Guidelines", "Ammunition", "Alliance", "Trafficking", "Persons", "Beings",
     "Combating", "Co-ordinator", "Coordinator", "Adviser", "Advisor", "Officer", "Manager", "Business",
     "Shanghai", "Collective", "Treaty", "Development", "Ethnic", "Religious", "Policy", "Interaction",
     "Presidential", "Administration", "Concept", "Unity", "People", "Inter-ethnic", "Relations", "Patrol",
     "Leadership", "Programming", "Communications", "Photo", "Photos", "Credit", "Orthodox", "Catholic",
     "Muslim", "Jewish", "Internet", "Safety", "Emergency", "Statistics", "Liaison",
     "Dialogue", "Hate", "Crime", "Hate-crime", "Certificates", "Residents", "Government's", "Embassy",
     "Consulate", "Citizens", "Citizen", "Police's", "Rule", "Parliamentary", "Diplomatic", "Academy's",
     "Chairman-in-Office", "Chairwoman-in-Office", "As", "But", "When", "While", "According", "Since", "Although", "Because", "If", "Under", "Without", "Within",
     "Between", "Among", "Also", "However", "Meanwhile", "Thus", "Hence", "Moreover", "Furthermore", "Speaking",
     "Addressing", "Opening", "Closing", "Welcoming", "Commenting", "Asked", "Dear", "Thanks", "Once", "Where",
     "Whether", "Despite", "Throughout", "Through", "Upon", "Via", "Like", "Unlike", "Here", "There", "Then", "Now",
     "School", "Schools", "Summer", "Winter", "Spring", "Autumn", "Camp", "Club", "Television", "Radio", "Coalition", "Initiative", "Movement", "Party", "Trust", "Partners", "Partnership", "Festival", "Watch",
     "Helsinki", "Final", "Framework", "Agreement", "Platform", "Mechanism", "Format", "Process",
     "Canton", "Region", "Oblast", "Province", "District", "County", "Valley", "Minorities", "Control",
     "Protection", "Services", "Forces", "Troops", "Guard", "Guards", "Authority", "Authorities", "Directorate",
     "Prosecutor", "Prosecution", "Ombudsman", "Ombudsperson", "Institution", "Association", "Foundation", "Fund",
     "Bank", "Chamber", "Commission", "Secretary-General", "Award", "Prize", "Street", "Square", "Hall", "House",
     "Palace", "Park", "Airport", "Station", "Games", "Olympic", "Cup", "Month", "Act",
     "Declaration", "Convention", "Accords", "Peace", "War", "World",
     "Cold", "Soviet", "Republika", "Srpska", "Herzegovina", "Bosnia", "Macedonia", "Union's"}
)
def _strip_role(role: str) -> str:
    role = role.strip(" ,;:.")
    role = re.sub(r"^(?:and|or)\s+", "", role)
    role = re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)", "", role)
    role = re.sub(r"^one\s+of\s+the\s+([\w\-]+?)s\b", r"\1", role)
    role = re.sub(r"^(?:(?:who\s+is|who\s+was|one\s+of\s+the|now|also|the|a|an)\s+)+", "", role, flags=re.I)
    role = re.sub(r"\s+(?:who|which|that|said|says|told|noted|stated|added|stressed|explained|emphasi[sz]ed|"
                  r"underlined|highlighted|remarked|commented|announced|welcomed|urged|called|thanked|opened|"
                  r"concluded|expressed|pointed|presented|closed|visited|met|congratulated|handed|delivered|"
                  r"participated|attended|spoke|addressed|discussed|signed|launched|praised|reiterated|reaffirmed|"
                  r"informed|briefed|shared|encouraged|is|was|were|are|has|have|had|will|would|also|today|"
                  r"and\s+the)\b.*$", "", role)
    return role.strip(" ,;:.")


_ADJ_ALT = _alt(gz.STATE_ADJ_FORMS)
_ADJ_ROLE_RE = re.compile(rf"^({_ADJ_ALT})\s+(.+)$")
_ACC_ROLE_RE = re.compile(rf"^(?:the\s+)?(?:{_ADJ_ALT}\s+)?(?:OSCE\s+)?(?:{UP}[\w\-]*\s+){{0,2}}(?:{_ROLE_WORDS})\b")
_LEAD_ROLE_RE = re.compile(rf"(?:{_ADJ_ALT}\s+)?(?:OSCE\s+|(?:Acting|Deputy|First|Former|Vice|Senior)\s+)*"
                           rf"(?:{UP}[\w'’\-]*\s+){{0,4}}?(?:{_ROLE_WORDS}).*$")
_ROLE_WORD_RE = re.compile(rf"\b(?:{_ROLE_WORDS})\b")
_ROLE_WORD_S_RE = re.compile(rf"\b(?:{_ROLE_WORDS})s?\b")
_ROLE_TOKEN_RE = re.compile(rf"(?:{_ROLE_WORDS})s?")
_ORG_START_RE = re.compile(
    rf"^(?:OSCE\b|(?:{_alt(gz.STATE_ADJ_FORMS)})\s+|(?:{UP}[\w'’\-]*\s+){{0,3}}(?:{_ORG_NOUNS})\b)")
_GENERIC_UNITS = {
    "Mission": ("Mission", "Presence"), "Centre": ("Centre",), "Presence": ("Presence",),
    "Office": ("Office", "Centre", "Programme Office"), "Programme Office": ("Programme Office",),
    "Office of the Representative": ("Representative on Freedom",), "Representative": ("Representative",),
    "Assembly": ("Parliamentary Assembly",), "High Commissioner": ("High Commissioner",),
    "Co-ordinator": ("Co-ordinator",), "Project Co-ordinator": ("Co-ordinator",), "College": ("Staff College",),
    "Secretariat": ("Secretariat",), "Chairmanship": ("Chairmanship",), "Chairpersonship": ("Chairmanship",),
    "Institution": ("Office for Democratic", "High Commissioner", "Representative"),
    "Office of the High Commissioner": ("High Commissioner",),
}
_PARENT_FOR_PEOPLE = {"OSCE Conflict Prevention Centre": "OSCE Secretariat", "OSCE Secretary General": "OSCE Secretariat",
                      "OSCE Transnational Threats Department": "OSCE Secretariat",
                      "OSCE Office of the Secretary General": "OSCE Secretariat"}
_HEAD_ROLE_RE = re.compile(
    r"^(?:(?:Acting|acting|Deputy|deputy|Former|former|First|Interim|interim|Chief|Executive|Senior|General)\s+)*"
    r"(?:Head|head|Director|director|Director-General|Chief|Chair|Chairperson|Chairman|Chairwoman|President|Commander|Rector|Dean|"
    r"Secretary General|Secretary-General|Co-ordinator|Coordinator|Manager|Governor|Mayor|Speaker|Commandant)"
    r"(?:\s+(?:of|at)\s+|$)")


def _unit_for_person(u: str) -> str:
    if u.startswith("OSCE Transnational Threats Department ("):
        return "OSCE Secretariat"
    return _PARENT_FOR_PEOPLE.get(u, u)


class _PageOrgs:
    """OSCE units and other bodies mentioned on the page, for resolving 'the Mission', 'the Ministry'."""

    def __init__(self, text: str) -> None:
        self.orgs = find_organisations(text)
        self.units = [o for o in self.orgs if canonical_unit(o.value)]
        self.others = [o for o in self.orgs if not canonical_unit(o.value)]
        st, _ = find_states(text)
        self.states = [m.value for m in st]
        self.main_state = max(set(self.states), key=lambda x: (self.states.count(x), -self.states.index(x))) \
            if self.states else None

    def unit(self, phrase: str) -> str | None:
        """An OSCE unit for a name or a generic reference ('the Mission's')."""
        p = re.sub(r"^(?:the|The)\s+", "", phrase.strip(" ,.;"))
        p = re.sub(r"['’]s$", "", p)
        cu = canonical_unit(p)
        if cu:
            return cu
        if p in _GENERIC_UNITS:
            for u in self.units:
                if any(w in u.value for w in _GENERIC_UNITS[p]):
                    return u.value
        short = re.split(r"\s+[–—-]\s+|\s*\(|\s+on\s+", p)[0]
        if short != p:
            return self.unit(short)
        words = p.split()
        if words and words[0] == "OSCE":
            for k in range(len(words) - 1, 1, -1):
                cu = canonical_unit(" ".join(words[:k]))
                if cu:
                    return cu
        return None

    def resolve(self, phrase: str) -> str | None:
        """A unit, or the fullest name of another body on the page, or the phrase if it names a body."""
        u = self.unit(phrase)
        if u:
            return u
        p = re.sub(r"^(?:the|The)\s+", "", phrase.strip(" ,.;"))
        p = re.sub(r"(?:\s+[a-z][\w\-]*)+$", "", p)  # 'National Police department' → 'National Police'
        p = re.sub(r"['’]s$", "", p)
        if not p or not p[0].isupper():
            return None
        for o in self.others:
            if o.value == p or o.value.startswith(p + " ("):
                return o.value
        words = p.split()
        if len(words) <= 2:
            for o in self.others:
                if o.value.startswith(p + " "):
                    return o.value
            for o in self.others:
                hm = re.search(rf"\b{re.escape(p)}\b.*$", o.value)
                if hm:
                    embedded = re.search(r"\b(?:of|at|in)\s+(?:the\s+)?$", o.value[:hm.start()])
                    return hm.group(0) if embedded else o.value
        if re.search(rf"\b(?:{_ORG_NOUNS})\b", p):
            return p
        return None


def _government(state: str | None) -> str | None:
    cs = canonical_state(state) if state else None
    if not cs:
        return None
    art = "the " if cs in ("Netherlands", "Russian Federation", "United Kingdom", "United States of America",
                           "Holy See") else ""
    return f"Government of {art}{cs}"


def _role_org(role: str | None, page: _PageOrgs, state_hint: str | None = None,
              allow_gov: bool = True) -> tuple[str | None, str | None]:
    """Split a role phrase into (role, organisation)."""
    if not role:
        return None, None
    role = _strip_role(role)
    if not role:
        return None, None
    # a national adjective in front: 'Russian Foreign Minister'
    m = _ADJ_ROLE_RE.match(role)
    if m and re.match(r"^(?:(?:Deputy|First Deputy|Acting)\s+)?(?:Prime Minister|Foreign Minister|Minister|President|"
                      r"Interior Minister|Defence Minister|Justice Minister|Ambassador|Deputy Prime Minister)",
                      m.group(2)):
        state_hint = gz.STATE_ADJ_FORMS[m.group(1)]
        role = m.group(2)
    # "Head of the Mission's Police Development Unit"
    m = re.match(r"^(.+?\s+of\s+the)\s+([\w\s\-]+?)['’]s\s+(.+)$", role)
    if m and page.unit(m.group(2)):
        return f"{m.group(1)} {m.group(3)}", _unit_for_person(page.unit(m.group(2)))
    # "the Mission's Community Policing Programme Manager"
    m = re.match(r"^(?:the\s+)?([\w\s\-]+?)['’]s\s+(.+)$", role)
    if m and page.resolve(m.group(1)):
        return m.group(2), _unit_for_person(page.resolve(m.group(1)))
    # role that is itself an OSCE post ('OSCE High Commissioner on National Minorities')
    cu = canonical_unit(role)
    if cu:
        return role, _unit_for_person(cu)
    # '<Unit> President' → 'President of the <Unit>'
    m = re.match(r"^(.+?)\s+((?:Deputy\s+|Vice[\- ])?(?:President|Secretary General|Head|Chair|Director|Spokesperson|"
                 r"Special Representative|Representative))$", role)
    if m and canonical_unit(m.group(1)):
        written = m.group(1) if not re.fullmatch(r"[A-Za-z/]+", m.group(1)) else canonical_unit(m.group(1))
        return f"{m.group(2)} of the {written}", _unit_for_person(canonical_unit(m.group(1)))
    seps = list(re.finditer(r"\s+(of|at|in|with|to|for|on|from)\s+(?:the\s+)?", role))
    if _HEAD_ROLE_RE.match(role) or re.match(r"^(?:Special|Personal)\s+Representative", role):
        # 'Head of the Sector for X at the Ministry' → org = Ministry; 'Head of the OSCE Mission in K' → unit
        for sm in reversed(seps):
            if sm.group(1) in ("at", "in", "with") and sm.start() > 0:
                right = role[sm.end():]
                r = page.unit(right)
                if r:
                    return role[:sm.start()], _unit_for_person(r)
                r = page.resolve(right)
                if r and _ORG_START_RE.match(right) and not page.unit(role[:sm.start()].split(" of the ")[-1]):
                    return role[:sm.start()], r
        ofs = [sm for sm in seps if sm.group(0).strip() == "of the"]
        if len(ofs) >= 2:
            # 'Head of the Cyberpolice Department of the National Police of Ukraine' → sub-unit role, body
            right = role[ofs[-1].end():]
            r = page.unit(right)
            if r:
                return role[:ofs[-1].start()], _unit_for_person(r)
            if right[:1].isupper() and _ORG_START_RE.match(right):
                return role[:ofs[-1].start()], page.resolve(right) or right
        if not re.match(r"^(?:(?:Acting|acting|Deputy|deputy|First|Interim|interim)\s+)*(?:Head|Director)\b", role):
            # 'Speaker of the Jogorku Kenesh', 'Chair of the Business Council of the SCO' → role, organisation
            for sm in reversed(seps):
                right = role[sm.end():]
                if sm.group(1) == "of" and sm.group(0).rstrip().endswith("the") and not page.unit(right) and \
                        not canonical_state(right) and right[:1].isupper() and _ORG_START_RE.match(right):
                    return role[:sm.start()], page.resolve(right) or right
        for sm in seps:
            if sm.group(1) in ("of", "on"):
                right = role[sm.end():]
                r = page.unit(right)
                if r:
                    return role, _unit_for_person(r)
                if sm.group(1) == "of":
                    r = page.resolve(right)
                    if r:
                        return role, r
                break
        gm = re.match(r"^(?:(?:Deputy|First Deputy|Acting|acting)\s+)?(?:President|Prime Minister|Vice-President|"
                      r"Vice President)\s+of\s+(?:the\s+)?(.+)$", role)
        if gm and canonical_state(gm.group(1)):
            return role, _government(gm.group(1))
        if not re.match(r"^(?:(?:Deputy|First Deputy|Acting|acting)\s+)?(?:President|Prime Minister|Speaker)$", role):
            return role, None
    for sm in seps:
        right = role[sm.end():]
        if sm.group(1) in ("of", "at", "in", "with", "from") and right and page.unit(right):
            return role[:sm.start()], _unit_for_person(page.unit(right))
        if sm.group(1) in ("of", "at", "in", "with", "from") and right and _ORG_START_RE.match(right):
            r = page.unit(right) or page.resolve(right)
            if r:
                return role[:sm.start()], _unit_for_person(r) if canonical_unit(r) else r
    # 'Foreign Minister of Albania' → Government of Albania
    m = re.match(r"^(?:(?:Deputy|First Deputy|Acting|acting)\s+)?(?:Prime Minister|Foreign Minister|President|Minister of "
                 r"Foreign Affairs|Minister of (?:the )?Interior|Interior Minister|Defence Minister|Minister of Defence|"
                 r"Minister of Justice|Justice Minister|Minister)\s+of\s+(?:the\s+)?(.+)$", role)
    if m and canonical_state(m.group(1)):
        return role, _government(m.group(1))
    # ministers: 'Minister for Dialogue' → 'Ministry for Dialogue'; 'Foreign Minister' → Government of X
    m = re.match(r"^(?:(?:Deputy|First Deputy|Acting|acting)\s+)?Minister\s+(of|for)\s+(.+)$", role)
    if m:
        org = f"Ministry {m.group(1)} {m.group(2)}"
        st = state_hint or page.main_state
        if st and m.group(1) == "of":
            org = f"{org} of {canonical_state(st)}"
        return role, org
    if re.match(r"^(?:(?:Deputy|First Deputy|Acting)\s+)?(?:Prime Minister|Foreign Minister|President|Minister|"
                r"Interior Minister|Defence Minister|Justice Minister|Deputy Prime Minister)$", role):
        return role, _government(state_hint or page.main_state) if allow_gov or state_hint else None
    if role.startswith("OSCE "):
        u = page.unit(role)
        if u:
            return role, _unit_for_person(u)
        distinct = {x.value for x in page.units}
        if len(distinct) == 1:
            return role, _unit_for_person(distinct.pop())
    return role, None


def _poss(t: str) -> str:
    return t[:-2] if t.endswith(("'s", "’s")) else t


@lru_cache(maxsize=8192)
def _stop_token(t: str) -> bool:
    """A capitalised token that cannot be part of a person's name (role, title, place, organisation word)."""
    tt = t[:-2] if t.endswith(("'s", "’s")) else t
    return bool(tt in _NOT_NAME_WORDS or tt in _TITLE_MAP or _HONORIFICS_RE.fullmatch(tt) or _ROLE_TOKEN_RE.fullmatch(tt))


# English abstract nouns ('Digital Connectivity', 'Border Protection') are not parts of a person's name
_NOT_NAME_SUFFIX_RE = re.compile(r"(?:ity|ities|tion|tions|sion|sions|ness|ics|ism|isms|ship|hood|ology|ments)$")


def _person_ok(name: str) -> bool:
    toks = name.split()
    if len(toks) < 2 or gz.city_lookup(name) or canonical_state(name):
        return False
    if any(len(t) > 6 and _NOT_NAME_SUFFIX_RE.search(t) for t in toks):
        return False
    if any(_poss(t) in _NOT_NAME_WORDS for t in toks):
        return False
    if all(len(t) <= 2 for t in toks):
        return False
    return not toks[-1].endswith(".")


_ROLE_BEFORE_RE = re.compile(
    rf"((?:(?:{UP}[\w'’\-]*|\([A-Z][A-Za-z]{{1,9}}\)|of|for|on|and|the|in|to|–|-)[ \t]+){{1,16}})$"
)
_TITLE_BEFORE_RE = re.compile(rf"(?<![\w-])({_TITLE_ALT})[ \t]+$")
_NOT_TITLE_PREV_RE = re.compile(r"(?:Secretary|Attorney|Director|Prosecutor|Consul|Inspector|Auditor|Procurator|"
                                r"Solicitor|Surgeon|Postmaster|Governor|Adjutant|Commissioner)[ \t]+$")
_ROLE_AFTER_RE = re.compile(r"[ \t]*,[ \t]+([^,.;:\n\"“”()]+(?:\([^()\n]{1,60}\))?(?:,[ \t]+(?:University|Faculty|Department)"
                            r"[^,.;:\n\"“”()]*)?)")
_ROLE_AFTER_OK_START = re.compile(rf"(?:the|a|an|one|who|also|now|acting|former|deputy|senior|{UP}|(?:{_ROLE_WORDS})s?{RB})")
_HEADS_RE = re.compile(
    r"[ \t]*(?:,[ \t]*who[ \t]+(?:has[ \t]+|had[ \t]+)?|[ \t]+)(?:heads|headed|leads|led|chairs|chaired)[ \t]+"
    r"(the[ \t]+[\w \-]+?)(?=[,.;]|[ \t]+(?:since|and|for|from|until|in)\b)(?:[ \t]+(since[ \t]+[\w ]+?\d{4}))?")
_MR_BEFORE_RE = re.compile(r"\b(?:Mr|Ms|Mrs|Miss|Mx)\.?[ \t]+$")
_ROLE_AFTER_ORG_RE = re.compile(r"[ \t]*,[ \t]+((?:the[ \t]+)?OSCE[^,.;:\n]*)")
_STATE_BODY_RE = re.compile(r"^(?:Ministry|Presidential Administration|Office of the President|National Police|"
                            r"State Border Service|Border Guard Service|General Prosecutor's Office|"
                            r"Prosecutor General's Office|State Emergency Service|Interior Ministry)\b")


def _mentions_state(name: str) -> bool:
    return bool(find_states(name)[0]) or "Republic of" in name


_NAMED_CHAIR_RE = re.compile(r"\b([A-Z][a-z]+)\s+(?:\d{4}\s+)?OSCE\s+Chair(?:man|person)ship\b")
# OSCE seats and conference venues: an official 'in Vienna' is usually visiting, not at home
_MEETING_CITIES = {"Vienna", "Warsaw", "The Hague", "Copenhagen", "Prague", "Geneva", "Brussels", "Strasbourg",
                   "New York", "Helsinki"}
_IN_CITY_AFTER_RE = re.compile(rf"[ \t]+in[ \t]+({UP}[\w'’\-]+(?:[ \t]{UP}[\w'’\-]+)?)")
_WHO_IS_RE = re.compile(r"[ \t]*,[ \t]+who\s+(?:is|was|chairs|heads|leads|serves|works|has|had|represents)\b")
_WEAK_PREV_RE = re.compile(r"(?:\bof|\bfor|\bon|\bat|\bin|\bthe|\bto)[ \t]+$")


def _role_before(before: str) -> tuple[str | None, str | None]:
    """'Deputy Foreign Minister ' → role words directly before a name (and a state hint)."""
    bm = _ROLE_BEFORE_RE.search(before)
    if not bm:
        return None, None
    phrase = bm.group(1).strip()
    phrase = re.sub(r"^[–\-]\s*", "", phrase)
    # keep the last coordinated role ('Lavrov and Deputy Foreign Minister'), unless the 'and' is inside a post
    parts = re.split(r"\s+and\s+", phrase)
    # an OSCE unit or post that ends the phrase and contains 'and' ('… Special Representative and Co-ordinator …',
    # 'Head of the OSCE Mission to Bosnia and Herzegovina'): keep the ' and '-part where it starts
    if len(parts) > 1:
        w = phrase.split()
        for j in range(len(w)):
            if (j == 0 or w[j] == "OSCE") and canonical_unit(" ".join(w[j:])):
                before_unit = " ".join(w[:j])
                k = before_unit.rfind(" and ")
                head = before_unit[k + 5:] if k >= 0 else before_unit
                if head and not _ROLE_WORD_RE.search(head):
                    head = ""
                out = (head + " " + " ".join(w[j:])).strip()
                return re.sub(r"^(?:the|The)\s+", "", out), None
    if len(parts) > 1:
        acc = parts[-1]
        i = len(parts) - 2
        while i >= 0 and not _ACC_ROLE_RE.search(acc):
            acc = parts[i] + " and " + acc
            i -= 1
        phrase = acc
    phrase = re.sub(r"^(?:the|The|and|of|to|in|for|on)\s+", "", phrase)
    # drop leading words before an OSCE post or a role word ('Thors held talks with Prime Minister')
    m = _LEAD_ROLE_RE.search(phrase)
    if not m:
        return None, None
    phrase = m.group(0).strip()
    for tw in sorted(_TITLE_MAP, key=len, reverse=True):
        if phrase == tw:
            return None, None
        if phrase.endswith(" " + tw) and not _NOT_TITLE_PREV_RE.search(phrase[: -len(tw)] + " "):
            phrase = phrase[: -len(tw)].strip()
            break
    if not phrase or phrase.split()[-1] in ("of", "and", "the", "for", "on", "in", "to"):
        return None, None
    if not _ROLE_WORD_RE.search(phrase):
        return None, None
    return phrase, None


def find_people(text: str) -> list[tuple[dict, Mention]]:
    """Named persons (§9) as ({'name', 'title', 'role', 'organisation'}, mention of the name).

    One entry per person for its first mention, plus an entry (sharing the same record) for every later
    mention of the full name, so that a caller cutting a listing page into entries finds the person in each
    entry; callers dedupe by name. Surname-only mentions ('Thors said') are not returned."""
    page = _PageOrgs(text)
    results: dict[str, tuple[dict, Mention]] = {}
    order: list[str] = []
    pending: list[tuple[str, int, int]] = []
    repeats: list[tuple[str, int, int]] = []
    proj_spans = [(p.start, p.end) for p in _find_projects_impl(text)]
    for m in _scan(_RUN_RE, text):
        run = m.group(1)
        toks = run.split()
        offs = [m.start(1) + mm.start() for mm in re.finditer(r"\S+", run)]
        cut = -1
        for i, t in enumerate(toks):
            if _stop_token(t):
                cut = i
        toks, offs = toks[cut + 1:], offs[cut + 1:]
        if toks and re.search(r"['’]s$", toks[-1]):
            toks[-1] = toks[-1][:-2]
        if len(toks) < 2 or len(toks) > 4:
            continue
        s = offs[0]
        name = " ".join(toks)
        if text[s:s + len(name)] != name or not _person_ok(name):
            continue
        e = s + len(name)
        # photo credits '(OSCE/Maria Dotsenko)'; names inside quoted titles and project names
        if _CREDIT_BEFORE_RE.search(text[max(0, s - 34):s]) or _CREDIT_AFTER_RE.match(text, e) or \
                (s > 0 and text[s - 1] in _Q_OPEN) or \
                _overlaps(s, e, proj_spans):
            continue
        if name in results:
            repeats.append((name, s, e))
        after = text[e:e + 250]
        if re.match(r"[ \t]*(?:[A-Z][\w\-]*[ \t]+)*(?:Prize|Award|Building|Hall|Street|Square|Bridge|Foundation|"
                    r"School|University|Institute|Centre|Center|Library|Museum|Fund|Project|Programme|Road|Avenue|"
                    r"Scholarship|Fellowship|Lecture|Memorial)\b", after):
            continue
        title = None
        ts = s
        tm = _TITLE_BEFORE_RE.search(text[max(0, s - 40):s])
        if tm and not _NOT_TITLE_PREV_RE.search(text[max(0, s - 60):s - len(tm.group(0))]):
            title = _TITLE_MAP.get(tm.group(1))
            ts = s - len(tm.group(0))
        before = text[max(0, ts - 220):ts]
        strong = title is not None or bool(_MR_BEFORE_RE.search(before))
        evidence = strong
        role = None
        no_gov = False
        state_hint = None
        org_direct = None
        mp = _MP_RE.match(after)
        cp = _COUNTRY_PAREN_RE.match(after)
        tail_off = 0
        if mp:
            title = "MP"
            strong = evidence = True
            tail_off = mp.end()
        elif cp and canonical_state(cp.group(1)):
            strong = evidence = True
            tail_off = cp.end()
        tail = after[tail_off:]
        # 1. 'Role Name' directly before
        if not re.search(r",[ \t]*$", before):
            role, _ = _role_before(before)
            if role:
                evidence = True
                k = before.rfind(role)
                # 'Republika Srpska (RS) President Milorad Dodik': a post of some other entity, not a government
                pm = re.search(r"(\)|[A-Z][\w'’\-]*)[ \t]*$", before[:k]) if k > 0 else None
                if pm and pm.group(1) not in gz.STATE_ADJ_FORMS and pm.group(1) not in ("OSCE", "The") and \
                        not canonical_unit(pm.group(1)):
                    no_gov = True
        # 2. 'Name, Role, ...'
        if role is None:
            rm = _ROLE_AFTER_RE.match(tail)
            if rm:
                cand = rm.group(1).strip()
                if _ROLE_AFTER_OK_START.match(cand) and _ROLE_START_RE.match(cand) and \
                        not re.match(r"(?:said|says|told|who|which|and|but)\b", cand) and \
                        not _person_in(cand):
                    role = cand
                    evidence = True
                    om2 = _ROLE_AFTER_ORG_RE.match(tail, rm.end())
                    if om2 and page.unit(om2.group(1)):
                        org_direct = _unit_for_person(page.unit(om2.group(1)))
        # 3. "Org's Role, Name" / "the Speaker of the X, Name" / "two trainers from X, Name and Name"
        if role is None and re.search(r",[ \t]*$", before):
            seg = re.search(r"([^,.;\n\"“”()]{3,160}),[ \t]*$", before)
            if seg:
                phrase = seg.group(1)
                starts = [0] + [mm.end() for mm in re.finditer(r"(?:\band\s|\bwith\s|\bby\s|\bmet\s|[–—:\-]\s|\bfrom\s)",
                                                               phrase)]
                for st in starts:
                    cand = phrase[st:].strip()
                    cand2 = re.sub(r"^(?:the|The|a|an|two|three|four|five|several|both)\s+", "", cand)
                    if not cand2 or not _ROLE_WORD_S_RE.search(cand2) or _person_in(cand2):
                        continue
                    if not (cand2[0].isupper() or re.match(r"(?:two|three|four|five|several|both)\s", cand)
                            or re.match(rf"(?:[a-z\-]+\s+){{0,2}}(?:{_ROLE_WORDS})s?\b", cand2)):
                        continue
                    rw = _ROLE_WORD_S_RE.search(cand2)
                    lead = cand2[:rw.start()] if rw else ""
                    low = [mm for mm in re.finditer(r"\b[a-z][\w'’\-]*\b", lead)
                           if mm.group(0) not in ("of", "for", "and", "on", "the", "in", "to", "de", "a", "an")]
                    if low and not re.match(r"(?:two|three|four|five|several|both)\s", cand):
                        cand2 = re.sub(r"^(?:the|a|an)\s+", "", cand2[low[-1].end():].strip())
                    if re.match(r"(?:two|three|four|five|several|both)\s", cand):
                        cand2 = re.sub(rf"\b((?:{_ROLE_WORDS}))s\b", r"\1", cand2, count=1)
                    role = cand2
                    evidence = True
                    break
        # 4. lower-case role noun before the name ('human rights activist Nazlie Bala')
        if role is None:
            lm = _LOWER_ROLE_BEFORE_RE.search(before)
            if lm:
                role = lm.group(1)
                evidence = True
        # 5. 'Name of the Org' (also after a bare post: 'Judge X of the Tashkent City Court')
        if role is None or " " not in role:
            om = re.match(rf"[ \t]+(?:of|from)[ \t]+(?:the[ \t]+)?({UP}[^,.;:\n]*?(?:\([A-Z]+\))?)(?=[,.;:\n]|$| said| who| and )", tail)
            if om and re.search(rf"\b(?:{_ORG_NOUNS})\b", om.group(1)):
                org_direct = page.resolve(om.group(1)) or om.group(1).strip()
                evidence = True
        hm = _HEADS_RE.match(tail)
        if hm:
            evidence = True
        if not evidence and (_SAID_RE.match(tail) or _QUOTE_SAID_RE.search(before) or re.search(r"\bby\s+$", before)
                             or _WHO_IS_RE.match(tail)):
            evidence = True
        if evidence and not strong and _WEAK_PREV_RE.search(text[max(0, ts - 6):ts]) and role is None and \
                not _SAID_RE.match(tail):
            evidence = False
        if not evidence:
            pending.append((name, s, e))
            continue
        cm2 = _IN_CITY_AFTER_RE.match(tail)
        if cm2 and state_hint is None and gz.city_state(cm2.group(1)) and \
                (gz.city_key(cm2.group(1)) or "") not in _MEETING_CITIES:   # 'Foreign Minister X in Skopje'
            state_hint = gz.city_state(cm2.group(1))
        role_v, org = _role_org(role, page, state_hint, allow_gov=not no_gov)
        if org_direct and not org:
            org = org_direct
        if org and page.main_state and _STATE_BODY_RE.match(org) and not _mentions_state(org):
            org = f"{org} of {page.main_state}"
        if org == "OSCE Chairmanship":
            cm = _NAMED_CHAIR_RE.search(text)
            if cm and cm.group(1) in gz.STATE_ADJ_FORMS:
                org = cm.group(0)
        if hm and role_v is None:
            target = hm.group(1)
            u = page.unit(re.sub(r"^the\s+", "", target))
            if u:
                role_v = f"Head of the {u}"
                org = _unit_for_person(u)
            else:
                role_v = "Head of " + target
                org = page.units[0].value if page.units and re.match(r"the\s+[a-z]", target) else None
                last = target.split()[-1]
                named = re.search(rf"\b(?:a|an|the)\s+((?:[a-z\-]+\s+){{1,4}}{re.escape(last)})\b", text[:s])
                if named and re.fullmatch(r"the\s+[a-z]+", target):
                    role_v = "Head of the " + named.group(1)
            if hm.group(2):
                role_v += f" ({hm.group(2)})"
        if role_v:
            role_v = re.sub(r"^(?:a|an|the)\s+", "", role_v)
            if role_v in _TITLE_MAP:
                title = title or _TITLE_MAP[role_v]
                role_v = None
        rec = {"name": name, "title": title, "role": role_v or None, "organisation": org}
        known = next((k for k in results if k == name or k.endswith(" " + name)), None)
        if known:
            old = results[known][0]
            # keep the richer description (a caption may come before the body)
            longer = bool(role_v and len(role_v) > len(old["role"] or ""))
            if (old["organisation"] is None and org) or (longer and old["organisation"] in (None, org)) or \
                    (longer and org and old["role"] and old["role"] in role_v):
                old.update({k: v for k, v in rec.items() if k != "name" and v})
            elif old["title"] is None and title:
                old["title"] = title
            continue
        results[name] = (rec, Mention(name, name, s, e))
        order.append(name)
    # 'Professor A B and C D': a name coordinated with an accepted person shares the role
    for name, s, e in pending:
        if name in results or any(k.endswith(" " + name) for k in results):
            continue
        for k in list(order):
            rec, mm = results[k]
            between = text[mm.end:s] if mm.end <= s else text[e:mm.start]
            if re.fullmatch(r"\s*(?:and|,\s*and)\s*", between) and not _WEAK_PREV_RE.search(text[max(0, s - 6):s]):
                new = {"name": name, "title": None, "role": rec["role"], "organisation": rec["organisation"]}
                results[name] = (new, Mention(name, name, s, e))
                order.append(name)
                break
    out = [results[k] for k in order]
    # later mentions of the full name (a listing page can name one person in several entries)
    out += [(results[n][0], Mention(n, n, s, e)) for n, s, e in repeats if n in results]
    out.sort(key=lambda x: x[1].start)
    return out


def _person_in(phrase: str) -> bool:
    """True if the phrase contains something that looks like a person's name (two name tokens)."""
    for m in _RUN_RE.finditer(phrase):
        toks = m.group(1).split()
        k = len(toks)
        while k > 0 and not (_poss(toks[k - 1]) in _NOT_NAME_WORDS or toks[k - 1] in _TITLE_MAP or
                             _ROLE_TOKEN_RE.fullmatch(toks[k - 1])):
            k -= 1
        if k == 0 and re.search(r"\b(?:the|of|in|at|for|on|to|from)\s+$", phrase[:m.start()]):
            continue
        good = toks[k:]
        name = " ".join(good)
        if len(good) >= 2 and _person_ok(name) and not gz.city_lookup(name) and not canonical_state(name):
            return True
    return False


# --------------------------------------------------------------------------------------------------
# cities → states, renamed cities
# --------------------------------------------------------------------------------------------------

def state_of_city(city: str) -> str | None:
    """'Lviv' → 'Ukraine'; Kosovo places and unknown places → None."""
    if not city:
        return None
    return gz.city_state(city)


def city_aliases(cities: list[str]) -> dict[str, str]:
    """Renamed places among the page's cities: {'Nur-Sultan': 'Astana'}."""
    out: dict[str, str] = {}
    for c in cities:
        n = gz.city_lookup(c) or c
        if n in gz.CITY_RENAMED and gz.CITY_RENAMED[n] != c:
            out[c] = gz.CITY_RENAMED[n]
    return out
