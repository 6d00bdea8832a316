"""Participant counts (EXTRACTION.md §7.4, FORMATS.md §5).

A count is a number of *people*: the number must be followed (within a few modifier words) by a noun for
people ("officers", "students", "participants").  That single rule keeps out what the spec lists as
non-counts: states and countries, bodies, regions, equipment, money, percentages, ordinals, years.
Hedges set the `approx` flag, gender splits fill `women` / `men`, parts joined by "and" are added up, and
national adjectives on the parts give `by_country`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12, "dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_UNIT_RX = "|".join(sorted((k for k in _UNITS if " " not in k and k != "dozen"), key=len, reverse=True))
_TENS_RX = "|".join(_TENS)
_WORD_NUM = (
    rf"(?:(?:{_TENS_RX})(?:[\s-](?:{_UNIT_RX}))?|(?:{_UNIT_RX}))(?:\s+hundred(?:\s+and\s+(?:{_TENS_RX}|{_UNIT_RX}))?)?"
    rf"(?:\s+thousand)?|a\s+dozen"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
NUMBER = rf"(?:{_DIGITS}|(?i:{_WORD_NUM}))(?![\w%])"
_NUMBER_RX = re.compile(rf"\b{NUMBER}")

HEDGES = (
    "some", "about", "around", "roughly", "over", "more than", "up to", "nearly", "almost", "approximately",
    "close to", "at least", "an estimated", "approx.", "some of", "fewer than", "less than", "just over",
    "well over", "over a", "upwards of",
)
_HEDGE_RX = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))

PERSON_NOUNS = (
    "participants", "participant", "officers", "officer", "officials", "students", "student", "journalists",
    "editors", "experts", "observers", "representatives", "managers", "commanders", "members", "women",
    "men", "girls", "boys", "trainees", "graduates", "judges", "prosecutors", "investigators", "people",
    "persons", "youth", "activists", "teachers", "lawyers", "instructors", "trainers", "handlers", "leaders",
    "mayors", "delegates", "parliamentarians", "MPs", "staff", "employees", "colleagues", "citizens",
    "residents", "pupils", "children", "advocates", "inspectors", "guards", "specialists", "professionals",
    "practitioners", "servants", "diplomats", "scholars", "researchers", "volunteers", "monitors",
    "advisers", "advisors", "heads", "directors", "chiefs", "police", "policemen", "policewomen",
    "troops", "soldiers", "cadets", "recruits", "candidates", "councillors", "deputies", "presidents",
    "attendees", "alumni", "farmers", "entrepreneurs", "defenders", "mediators", "interpreters",
    "analysts", "clerks", "employees", "personnel", "border guards", "agents", "peers", "victims",
    "refugees", "migrants", "voters", "speakers", "panellists", "panelists", "operators", "coaches",
    "deminers", "doctors", "nurses", "engineers", "workers", "educators", "lecturers", "academics",
    "stakeholders", "fellows", "interns", "youngsters", "ambassadors", "ministers", "commissioners",
    "customs", "rangers", "firefighters", "psychologists", "librarians", "mentors", "moderators", "facilitators",
    "negotiators", "inmates", "prisoners", "detainees", "graduates", "parents", "adolescents", "teenagers",
    "entrepreneurs", "bloggers", "reporters", "photographers", "editors-in-chief", "civil servants",
)
_PERSON_RX = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
# Between the number and the noun: up to five modifiers ("mid-level and senior", "young", "Afghan").
_MODIFIER = r"(?:(?!\d)[\w'’.-]+,?\s+)"
_COUNT_RX = re.compile(
    rf"(?P<hedge>\b(?:{_HEDGE_RX})\s+)?(?P<num>\b{NUMBER})\s+(?P<mods>{_MODIFIER}{{0,5}}?)"
    rf"(?P<noun>{_PERSON_RX})\b(?:\s+(?:{_PERSON_RX})\b)?",
    re.IGNORECASE,
)
# Words that, between a number and a person noun, show the number counts something else.
_EXTEND = re.compile(rf"(?:\s+[a-z][\w-]*){{1,2}}?\s+(?P<noun>{_PERSON_RX})\b")
_BLOCKERS = {
    "bodies", "countries", "states", "regions", "organizations", "organisations", "institutions",
    "municipalities", "offices", "units", "teams", "courses", "workshops", "sessions", "days", "weeks",
    "months", "years", "per", "percent", "cent", "of", "from", "in", "at", "for", "with", "by", "on", "to",
    "the", "their", "its", "his", "her", "each", "every", "times", "directorates", "commissariats",
    "schools", "stations", "items", "laptops", "computers", "hectares", "tonnes", "million", "billion",
    "thousand", "which", "who", "that", "were", "are", "was", "is", "will", "have", "has", "had",
}
_NUM_GATE = re.compile(rf"\d|\b(?:{_WORD_NUM})\b")
_MONEY_BEFORE = re.compile(r"(?:€|\$|£|EUR|USD|euros?)\s*$", re.IGNORECASE)
_GENDER_PAIR = re.compile(
    rf"(?P<a>\b{NUMBER})\s+(?P<ga>women|men|female|male|girls|boys)(?:,|\s+and)\s+(?P<b>{NUMBER})\s+"
    rf"(?P<gb>women|men|female|male|girls|boys)\b",
    re.IGNORECASE,
)
_OF_THEM = re.compile(rf"(?P<a>\b{NUMBER})\s+of\s+them\s+(?P<g>women|men|female|male)\b", re.IGNORECASE)
_ALL_ONE = re.compile(r"^\W{0,3}(?:\s*[—–-]\s*|,\s*|\s*\(\s*)all\s+(?:of\s+them\s+)?(?P<g>women|men|female|male)\b",
                      re.IGNORECASE)
_WERE = re.compile(rf"(?:of whom|of them|among them)?\s*(?:only\s+)?(?P<a>\b{NUMBER})\s+(?:were|are)\s+"
                   rf"(?P<g>women|men|female|male)\b", re.IGNORECASE)
_PAREN_STATE = re.compile(r"\b(?P<st>[A-Z][\w'’ -]{2,40}?)\s+\((?P<n>\d{1,5})\)")


def _by_country_paren(sent: str, states: set[str]) -> dict[str, int]:
    """'from Afghanistan (20) and Tajikistan (6)': participants by country, two or more states."""
    out: dict[str, int] = {}
    for m in _PAREN_STATE.finditer(sent):
        run = re.search(r"([A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)$", m["st"])
        st = run.group(1) if run else m["st"]
        if st in states:
            out[st] = out.get(st, 0) + int(m["n"])
    return out if len(out) >= 2 else {}


_CAPACITY = re.compile(r"\b(?:each|every|per)\b[^.;]{0,40}$|\b(?:capacity|up to \S+ (?:each|per))", re.IGNORECASE)


#: no page counts this many people or things: a longer run of digits (a phone number, an ID, 40 ones) is no count
MAX_NUMBER = 10**10


def parse_number(text: str) -> int | None:
    """Digits ('6,300', '22.000') or English number words ('Twenty six', 'forty-two', 'a dozen').

    None when the text is not a number, or is one of MAX_NUMBER or more.
    """
    t = text.strip().lower().replace("’", "'")
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+|\d+", t):
        value = int(re.sub(r"[,.]", "", t))
        return value if value < MAX_NUMBER else None
    if t in ("a dozen", "dozen"):
        return 12
    total = 0
    current = 0
    seen = False
    for tok in re.split(r"[\s-]+", t):
        if tok == "and" or not tok:
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


@dataclass
class Count:
    """A number of people found in a sentence, with its hedge, noun and offsets."""

    value: int
    approx: bool
    noun: str
    begin: int
    stop: int
    modifiers: str = ""
    phrase: str = ""


@dataclass
class CountResult:
    """What one event's sentences say about its participants."""

    participant_count: int | None = None
    approx: bool = False
    women: int | None = None
    men: int | None = None
    by_country: dict[str, int] = field(default_factory=dict)
    parts: list[Count] = field(default_factory=list)


def find_counts(sentence: str) -> list[Count]:
    """All people counts in a sentence ('Some 50 police officers', 'Twenty six police officers')."""
    out: list[Count] = []
    if not _NUM_GATE.search(sentence.lower()):
        return out
    for m in _COUNT_RX.finditer(sentence):
        mods = m["mods"].lower().replace(",", " ").split()
        if any(w in _BLOCKERS for w in mods):
            continue
        num = m["num"]
        if re.search(r"\d(?:st|nd|rd|th)\b", num):
            continue
        after = sentence[m.end("num"):m.end("num") + 12].lower()
        if re.match(r"\s*(?:%|per\s*cent|percent)", after):
            continue
        if _MONEY_BEFORE.search(sentence[max(0, m.start("num") - 6):m.start("num")]):
            continue
        if re.search(r"\b(?:employs?|employed|employing|workforce of|staff of)\s+(?:(?:more|fewer) than\s+|over\s+|"
                     r"about\s+|some\s+|around\s+|nearly\s+)?$", sentence[max(0, m.start() - 30):m.start("num")]):
            continue
        value = parse_number(num)
        if value is None or value == 0:
            continue
        if value >= 1900 and value <= 2100 and not re.search(r",", num):
            continue  # a year
        stop = m.end()
        ext = _EXTEND.match(sentence, stop)  # '56 police station commanders': the noun is the last word
        if ext:
            stop = ext.end()
        out.append(Count(value, bool(m["hedge"]), (ext["noun"] if ext else m["noun"]).lower(), m.start(), stop,
                         m["mods"].strip(), sentence[m.end("num"):stop].strip()))
    return out


def gender_split(text: str) -> tuple[int | None, int | None]:
    """(women, men) when the text gives both, or one part of a stated total (handled by the caller)."""
    m = _GENDER_PAIR.search(text)
    if m:
        vals = {}
        for num, g in ((m["a"], m["ga"]), (m["b"], m["gb"])):
            key = "women" if g.lower() in ("women", "female", "girls") else "men"
            vals[key] = parse_number(num)
        return vals.get("women"), vals.get("men")
    return None, None


def is_capacity(sentence: str, count: Count) -> bool:
    """'Each workshop will bring together up to 20 commanders': a capacity, not a participant count."""
    before = sentence[max(0, count.begin - 60):count.begin]
    return bool(re.search(r"\b(?:[Ee]ach|[Ee]very|[Pp]er)\b", before)) or bool(
        re.match(r"\s*(?:each|per\s)", sentence[count.stop:count.stop + 8]))


def participants(sentences: list[str], adjectives: dict[str, str] | None = None,
                 cache: dict[str, list[Count]] | None = None) -> CountResult:
    """The participant count of one event from its sentences (first sentence with a count wins).

    `adjectives` maps national adjectives to state names (Afghan -> Afghanistan) for `by_country`;
    `cache` holds counts already found for a sentence (the event finder looks at each sentence once).
    """
    res = CountResult()
    states = set(adjectives.values()) if adjectives else set()
    for sent in sentences:
        if states and "(" in sent:
            bc = _by_country_paren(sent, states)
            if bc:
                res.participant_count = sum(bc.values())
                res.by_country = bc
                return res
        found = cache.get(sent) if cache is not None else None
        if found is None:
            found = find_counts(sent)
        counts = [c for c in found if not is_capacity(sent, c)]
        if not counts:
            continue
        gendered = re.search(r"(?i)\b(?:wom[ae]n|m[ae]n|female|male)\b", sent) is not None
        of_them = _OF_THEM.search(sent) if gendered else None
        pair_w, pair_m = gender_split(sent) if gendered else (None, None)
        if not counts:
            continue
        first = counts[0]
        # A gender pair alone ("(18 women and 9 men)") or following a total.
        if first.noun in ("women", "men") and pair_w is not None and pair_m is not None and (
                len(counts) == 2 and counts[1].noun in ("women", "men")):
            res.participant_count = pair_w + pair_m
            res.women, res.men = pair_w, pair_m
            res.approx = first.approx
            res.parts = counts
            return res
        total = first.value
        approx = first.approx
        parts = [first]
        # Parts joined by "and": same head noun, or "ten of the ..." after a count.
        for nxt in counts[1:]:
            between = sent[parts[-1].stop:nxt.begin]
            if nxt.noun in ("women", "men") or len(between) >= 120 or not re.search(r"\band\b", between):
                continue
            if nxt.noun == first.noun or (re.search(r"\band\s*$", between) and len(between) < 60
                                          and not nxt.approx and not re.search(r"[;:]", between)):
                parts.append(nxt)
        if len(parts) == 1:
            m = re.search(rf"\band\s+(?P<n>{NUMBER})\s+of\s+the\b", sent[first.stop:], re.IGNORECASE)
            if m:
                val = parse_number(m["n"])
                if val:
                    parts.append(Count(val, False, first.noun, first.stop + m.start("n"),
                                       first.stop + m.end(), sent[first.stop + m.end():first.stop + m.end() + 40]))
        if len(parts) > 1:
            total = sum(p.value for p in parts)
            approx = any(p.approx for p in parts)
            if adjectives:
                bc: dict[str, int] = {}
                for p in parts:
                    ctx = p.modifiers + " " + sent[p.stop:p.stop + 40]
                    for adj, state in adjectives.items():
                        if re.search(rf"\b{re.escape(adj)}\b", ctx):
                            bc[state] = bc.get(state, 0) + p.value
                            break
                if len(bc) == len(parts):
                    res.by_country = bc
        res.participant_count = total
        res.approx = approx
        res.parts = parts
        all_one = _ALL_ONE.search(sent[first.stop:first.stop + 40]) if gendered else None
        were = _WERE.search(sent) if gendered else None
        if first.noun in ("women", "girls") or re.search(r"\b(?:women|female)\b", first.modifiers, re.I):
            res.women, res.men = total, 0
        elif all_one:
            if all_one["g"].lower() in ("women", "female"):
                res.women, res.men = total, 0
            else:
                res.women, res.men = 0, total
        elif were and not approx:
            part = parse_number(were["a"])
            if part is not None and part <= total:
                if were["g"].lower() in ("women", "female"):
                    res.women, res.men = part, total - part
                else:
                    res.men, res.women = part, total - part
        elif pair_w is not None and pair_m is not None and pair_w + pair_m == total:
            res.women, res.men = pair_w, pair_m
        elif of_them:
            part = parse_number(of_them["a"])
            if part is not None and part <= total:
                if of_them["g"].lower() in ("women", "female"):
                    res.women, res.men = part, total - part
                else:
                    res.men, res.women = part, total - part
        return res
    return res


_CURRENCY = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD", "us$": "USD",
             "dollars": "USD", "£": "GBP", "gbp": "GBP", "chf": "CHF"}
_MONEY_RX = re.compile(
    r"(?P<c1>€|\$|£|EUR|USD|US\$|CHF)\s*\$?\s*(?P<a1>\d[\d.,]*)(?:\s*(?P<m1>million|billion))?"
    r"|(?P<a2>\d[\d.,]*)(?:\s*(?P<m2>million|billion))?\s*(?P<c2>euros?|EUR|USD|dollars|CHF)\b",
    re.IGNORECASE,
)
_ITEM_RX = re.compile(rf"(?P<num>\b{NUMBER})\s+(?P<item>(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*s)\b")


def money(text: str) -> dict | None:
    """The first amount of money: '€22.000' -> {'amount': 22000, 'currency': 'EUR'}; '3.7 million Euro'."""
    m = _MONEY_RX.search(text)
    if not m:
        return None
    raw = m["a1"] or m["a2"]
    cur = _CURRENCY.get((m["c1"] or m["c2"] or "").lower(), (m["c1"] or m["c2"] or "").upper())
    mult = {"million": 1_000_000, "billion": 1_000_000_000}.get((m["m1"] or m["m2"] or "").lower(), 1)
    raw = raw.rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        amount: float = int(re.sub(r"[.,]", "", raw))
    else:
        try:
            amount = float(raw.replace(",", ""))
        except ValueError:
            return None
    amount = amount * mult
    if amount == int(amount):
        amount = int(amount)
    return {"amount": amount, "currency": cur} if re.fullmatch(r"[A-Z]{3}", cur) else None


def item_counts(text: str) -> dict[str, int]:
    """Things handed over: 'A dozen laptops, 11 projectors, eight printers' -> {'laptops': 12, ...}."""
    out: dict[str, int] = {}
    for m in _ITEM_RX.finditer(text):
        item = m["item"].strip()
        last = item.split()[-1]
        if last.lower() in {p.lower() for p in PERSON_NOUNS} or last in ("years", "days", "weeks", "months", "euros",
                                                                          "dollars", "regions", "countries", "states"):
            continue
        v = parse_number(m["num"])
        if v and not (1900 <= v <= 2100):
            out[item] = v
    return out
