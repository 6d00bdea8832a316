"""Events a page reports (EXTRACTION.md §7): detection, kind, dates, place, roles, counts, status, mode.

The page body is cut into sentences (quotations blanked, so "Today ..." inside a quote never dates an
event).  A sentence that names an activity (a noun from :data:`EVENT_NOUNS` or a verb such as *visited*,
*handed over*, *condemned*) and anchors it in time or space opens an event; the sentences that follow and
refer back to it ("The two-day roundtable was organized by ...") add organisers, partners, funders, counts,
durations and places.  Roles come from wording (§7.3), dates from :mod:`dates`, counts from :mod:`numbers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from osce_kg.extract import dates as D
from osce_kg.extract import numbers as N

# ---------------------------------------------------------------------------------------------- vocab
EVENT_NOUNS = [
    "training-of-trainers course", "training of trainers", "executive course", "training courses",
    "training course", "lecture course", "staff course", "summer school", "winter school", "study visits",
    "study visit", "working visit", "official visit", "visit", "press conference", "public meeting",
    "roundtables", "roundtable", "round table", "workshops", "workshop", "seminars", "seminar", "conference",
    "courses", "course", "training sessions", "training", "lecture", "simulation", "ceremony", "forum",
    "debate", "exercise", "consultations", "meetings", "meeting", "talks", "campaign", "observation mission",
    "summit", "Ministerial Council", "Permanent Council", "session", "survey", "guide", "handbook", "report",
    "anniversary", "school", "festival", "competition", "hackathon", "webinar", "camp",
    "panel discussion", "briefing", "presentation", "signing ceremony", "exhibition", "round-table",
    "study tour", "study trip", "hearing", "screening", "dialogue", "consultation", "assessment visit",
    "retreat", "drill", "contest", "fair", "monitoring visit", "field visit", "visits", "e-course",
    "town hall meeting", "coordination meeting", "expert meeting", "launch", "exchange", "exchange visit",
]
# 'will conduct 9 other training sessions': a plan counted in activities, not a dated event
_PLANNED_SESSIONS = re.compile(
    rf"(?P<n>\b{N.NUMBER})\s+(?:other|more|further|additional|new|similar)?\s*(?P<noun>(?:training\s+)?sessions|"
    r"(?:training\s+)?courses|workshops|trainings|seminars|roundtables|round tables|webinars|lectures)\b",
    re.IGNORECASE)
_TARGET = re.compile(r"\b(?:planned to|plans? to|aims? to|is to|are to|will|expected to|target(?:s|ed)?)\b[^.;]{0,40}"
                     r"\b(?:train|reach|involve|benefit|cover|include)\b")
# activities that run over days or weeks: 'began/opened' without an end date leaves the end open
_LONG_RUNNING = re.compile(r"course|training|mission|programme|campaign|school|deployment|series|project|"
                           r"operation|work|monitoring|observation|exhibition|classes|module", re.IGNORECASE)
INCIDENT_NOUNS = [
    "bomb attacks", "bombings", "bombing", "attack", "attacks", "assault", "desecration", "vandalism",
    "damage", "explosion", "killing", "murder", "arson",
]
_EVENT_VERBS = re.compile(
    r"\b(?:visit(?:ed|s)?|paid .{0,30}?visit|handed over|hand over|donated|condemn(?:ed|s)?|denounce[sd]?|"
    r"published|launched|opened|deployed|met|meets|gathered|took part|attended|brought together|"
    r"presented|qualified|graduated|completed|concluded|ended|began|started|held|hosted|"
    r"organi[sz]ed|will organi[sz]e|will hold|will host|trained|addressing|addressed|spoke|observe[sd]?|"
    r"monitor(?:ed|s)?|completes|marks|celebrated|celebrates|issued|released)\b"
)
_STATEMENT_VERBS = re.compile(r"\b(?:condemn(?:ed|s)?|denounce[sd]?|deplore[sd]?|welcome[sd]?|notes|urge[sd]?|calls on|"
                              r"called on|express(?:ed|es)|regret(?:s|ted)?|is (?:concerned|alarmed|saddened))\b")
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due to|are due to|is scheduled|are scheduled|scheduled to|is planned|"
    r"are planned|plans to|planned for|is expected to|are expected to|to be held|would)\b"
)
_HEADLINE_FUTURE = re.compile(r"\bto (?:train|attend|receive|hold|host|open|visit|organi[sz]e|launch|deploy)\b")
_END_VERBS = re.compile(
    r"\b(?:complete[sd]?|completing|conclude[sd]?|ended|ends|end|finishe[sd]?|finish|closed|closes|"
    r"graduated?|qualified|received certificates|wrapped up)\b"
)
_START_VERBS = re.compile(r"\b(?:began|begins|begin|started|starts|opened|opens|launched|launches|start of|"
                          r"opening|kicked off)\b")
_ONLINE = re.compile(r"\bonline\b|\bvirtual(?:ly)?\b|\bvideo[- ]?conference\b|\bwebinar\b", re.IGNORECASE)
_BLENDED = re.compile(r"\bblended\b|\bhybrid\b", re.IGNORECASE)

ORG_HEADS = (
    "Ministry", "Agency", "Office", "Centre", "Center", "Committee", "Police", "Embassy", "University",
    "Organization", "Organisation", "Council", "Commission", "Programme", "Program", "Mission", "Assembly",
    "Institute", "Academy", "Service", "Department", "Government", "Union", "Charter", "Authority",
    "College", "Faculty", "Court", "Parliament", "Presence", "Secretariat", "Group", "Network", "Association",
    "Foundation", "Bureau", "Directorate", "Administration", "Prosecutor", "Chairmanship", "Chairpersonship",
    "Co-ordinator", "Coordinator", "Troops", "Guard", "Forces", "Kenesh", "Municipality", "Fund", "Bank",
    "NGO", "Society", "Chamber", "Board", "Inspectorate", "Unit", "School", "Project", "project", "Council",
    "Mechanism", "Tribunal", "Tribunals", "Initiative", "Platform", "Coalition", "Alliance", "Forum", "Agencies",
    "Institution", "Ombudsman", "Ombudsperson", "Commissioner", "Delegation", "Embassies", "Trust", "Partnership",
)
_ORG_HEAD_RX = re.compile(r"\b(?:" + "|".join(ORG_HEADS) + r")\b|\b[A-Z]{2,}\b")

# role triggers: (regex, role).  The phrase after the trigger lists the bodies.
_ROLE_TRIGGERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:organi[sz]ed|held|conducted|run|ran|hosted|convened|co-organi[sz]ed|implemented|"
                r"arranged|delivered)\s+(?:jointly\s+|together\s+|and\s+(?:funded|financed)\s+)?by\b"), "organisers"),
    (re.compile(r"\b(?:funded|financed|paid for|sponsored|co-funded|co-financed)\s+(?:jointly\s+)?by\b"), "funders"),
    (re.compile(r"\bwith\s+(?:the\s+)?(?:primary\s+|generous\s+|additional\s+)?financial\s+(?:support|assistance|"
                r"contribution)\s+(?:from|of|by)\b|\bthanks to (?:the )?funding (?:from|of|by)\b"), "funders"),
    (re.compile(r"\bin\s+co-?operation\s+with\b|\bin\s+collaboration\s+with\b|\bwith\s+the\s+support\s+of\b|"
                r"\bsupported\s+by\b|\btogether\s+with\b|\bwith\s+experts\s+from\b|\bin\s+partnership\s+with\b|"
                r"\b(?:taught|led|delivered)\s+by\s+(?:trainers|experts|instructors|lecturers)\s+from\b|"
                r"\bjointly\s+with\b"), "partners"),
]
_PHRASE_STOP = re.compile(
    r"[.;:!?…]|\.\.\.|,\s+(?=(?:and\s+)?[a-z](?!nd\b))(?!the\b)|\s+and\s+(?=[a-z])(?!the\b)|"
    r"\s+(?:at the request of|as part of|with the support of|with (?:the )?(?:primary )?financial|in co-?operation|"
    r"together with|with experts from|in partnership|while|which|who|where|that|to (?!the\b)[a-z]|for (?!the\b)"
    r"[a-z]|from \d+|on \d+|in \d+|between|during|under|within|since|after|before|opened|began|started|"
    r"and (?:was|were|is|are|has|had|will)|took|take|takes|was|were|is|are|has|have|had|will)\b"
)
_GENERIC_REFS = {
    "mission": "Mission", "centre": "Centre", "presence": "Presence", "office": "Office",
    "programme office": "Programme Office", "project co-ordinator": "Project Co-ordinator",
    "assembly": "Parliamentary Assembly", "college": "Staff College", "secretariat": "Secretariat",
}
_SENT_RX = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|Amb|St|No|Gen|Col|Lt|Capt|Maj|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                     r"Sep|Sept|Oct|Nov|Dec|Nos|etc|e\.g|i\.e|vs)|\b[A-Z]|\.[A-Z])\.$")
# "about the institution" sentences: standing figures, never event facts (§2)
_ABOUT_INSTITUTION = re.compile(
    r"\b(?:(?:is made up of|is comprised of|comprises|consists of)\b[^.]*\b(?:participating States|countries|"
    r"parliamentarians|members of parliament)\b|observes media developments in|"
    r"in all \d+ (?:OSCE )?participating States|"
    r"(?:in|of|from) (?:all )?(?:the )?\d+ (?:OSCE )?participating States\b[^.]*\b(?:provides|stretch|across)|"
    r"employs (?:more than |over |about |some )?\d+)", re.IGNORECASE)
# the building or institution where an activity was held ('at the Kosovo Academy for Public Safety in ...')
_VENUE_RX = re.compile(
    r"\b(?:at|in)\s+the\s+(?P<v>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?){0,7}?"
    r"(?:Academy|Hotel|Hall|House|Palace|Centre|Center|College|University|Institute|School|Library|Museum|Building|"
    r"Parliament|Faculty)(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)?)")
_QUOTE_RX = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


# ---------------------------------------------------------------------------------------------- data
@dataclass
class Sentence:
    """A sentence of the body: original text, quote-blanked text and offsets into the page."""

    text: str
    plain: str
    start: int
    end: int
    para: int


@dataclass
class Context:
    """What the event finder needs to know about the page (filled by the record assembler)."""

    anchor: date | None
    date_published: date | None
    dateline_cities: list[str]
    dateline_date: date | None
    title: str
    title_start: int
    issuers: list[str]
    caps_dateline: bool
    statement_page: bool
    city_mentions: list[tuple[str, int, int]]       # (city, start, end) in page offsets
    state_mentions: list[tuple[str, int, int]]
    unit_mentions: list[tuple[str, int, int]]       # canonical unit names as written on the page
    state_of_city: Callable[[str], str | None]
    canonical_unit: Callable[[str], str | None]
    canonical_state: Callable[[str], str | None]
    host_state: str | None
    host_state_kosovo: bool = False
    adjectives: dict[str, str] = field(default_factory=dict)
    captions: list[tuple[int, int]] = field(default_factory=list)
    is_kosovo: Callable[[str], bool] = lambda c: False
    year_anchor: date | None = None
    person_mentions: list[tuple[str, int, int]] = field(default_factory=list)
    project_mentions: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Event:
    """An event under construction; :meth:`to_record` gives the §7 object."""

    kind: str
    start: str | None
    end: str | None
    sentences: list[Sentence]
    anchor_pos: int
    organisers: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    state: list[str] = field(default_factory=list)
    count: N.CountResult | None = None
    planned: bool = False
    mode: str | None = None
    duration: str | None = None
    incident: bool = False
    statement: bool = False
    date_kind: str = ""
    venue: str | None = None
    audience: str | None = None
    project: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    planned_hint: bool = False
    kind_from_verb: bool = False
    extra: dict = field(default_factory=dict)
    target_sentences: set[int] = field(default_factory=set)
    verb: str = ""
    date_expr: D.DateExpr | None = None

    def to_record(self, anchor: date | None) -> dict:
        rec: dict = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "city": _one_or_list(self.city),
            "state": _one_or_list(self.state),
            "organisers": [] if self.incident else _dedupe(self.organisers),
            "participant_count": self.count.participant_count if self.count else None,
        }
        roles_done = set(rec["organisers"])
        partners = [p for p in _dedupe(self.partners) if p not in roles_done]
        funders = _dedupe(self.funders)
        if partners:
            rec["partners"] = partners
        if funders:
            rec["funders"] = funders
        if self.count and self.count.participant_count is not None:
            if self.count.approx:
                rec["participant_count_approx"] = True
            if self.count.women is not None:
                rec["women"] = self.count.women
            if self.count.men is not None:
                rec["men"] = self.count.men
            if self.count.by_country:
                rec["by_country"] = dict(self.count.by_country)
        status = self.status(anchor)
        if status:
            rec["status"] = status
        if self.mode:
            rec["mode"] = self.mode
        if self.duration:
            rec["duration"] = self.duration
        if self.venue:
            rec["venue"] = self.venue
        if self.audience:
            rec["audience"] = self.audience
        for k, v in self.extra.items():
            rec[k] = v
        for k, v in self.notes.items():
            rec[k] = v
        rec["x_evidence"] = [{"text": s.text, "start": s.start, "end": s.end} for s in self.sentences]
        if self.project:
            rec["x_project"] = self.project
        return rec

    def status(self, anchor: date | None) -> str | None:
        """planned for announced activities; ongoing when under way on the anchor date (§7)."""
        if self.incident or self.statement:
            return None
        if self.planned:
            return "planned"
        if anchor is None:
            return None
        st = D.to_date(self.start)
        if st and st > anchor:
            return "planned"
        if st and st <= anchor:
            en = D.to_date(self.end)
            if self.end is None or (en is not None and (en - anchor).days > 1):
                return "ongoing"
        return None


def _one_or_list(vals: list[str]) -> str | list[str] | None:
    vals = _dedupe(vals)
    if not vals:
        return None
    return vals[0] if len(vals) == 1 else vals


def _dedupe(vals: list[str]) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v and v not in out:
            out.append(v)
    return out


# ---------------------------------------------------------------------------------------------- sentences
def split_sentences(masked: str, start: int, end: int) -> list[Sentence]:
    """Sentences of masked[start:end] with page offsets; paragraphs are numbered."""
    out: list[Sentence] = []
    seg = masked[start:end]
    para = 0
    for pm in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", seg):
        ptxt = pm.group(0)
        if not ptxt.strip():
            continue
        para += 1
        pos = 0
        pieces: list[tuple[int, int]] = []
        for m in re.finditer(_SENT_RX.pattern + r"|\s{3,}", ptxt):
            head = ptxt[pos:m.start()]
            if _ABBREV.search(head.rstrip("\"”’'")):
                continue
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(ptxt)))
        for a, b in pieces:
            raw = ptxt[a:b]
            lead = len(raw) - len(raw.lstrip())
            txt = raw.strip()
            if not txt:
                continue
            s0 = start + pm.start() + a + lead
            plain = _QUOTE_RX.sub(lambda q: " " * len(q.group(0)), txt)
            out.append(Sentence(txt, plain, s0, s0 + len(txt), para))
    return out


# ---------------------------------------------------------------------------------------------- names
def government_of(state: str) -> str:
    """'Government of Germany', 'Government of the Netherlands' (states whose name takes an article)."""
    art = "the " if re.match(r"(?:United|Netherlands|Russian Federation|Holy See|Republic|Czech Republic)\b", state) else ""
    return f"Government of {art}{state}"


def split_names(phrase: str, cu: Callable[[str], str | None],
                cs: Callable[[str], str | None] | None = None) -> list[str]:
    """'the OSCE Mission to Skopje and the Ministry of the Interior' -> two names.

    Splits on ', ' and ' and ' only where both sides look like names of their own (a unit `cu` knows,
    an acronym, a state `cs` knows): an 'and' inside 'Bosnia and Herzegovina' or 'Ministry of Education
    and Science' stays.
    """

    def is_state(s: str) -> bool:
        return bool(cs and cs(re.sub(r"^the\s+", "", s.strip())))

    phrase = phrase.strip(" ,")
    parts = re.split(r",\s+(?:and\s+)?|\s+and\s+(?=the\s)|\s+as well as\s+", phrase)
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        sub = re.split(r"\s+and\s+", p)
        if len(sub) > 1 and not cu(p) and all(cu(s) or re.fullmatch(r"[A-Z]{2,}", s.strip()) or
                                re.fullmatch(r"(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*", s.strip())
                                and (cu(s) or is_state(s)) for s in sub):
            out.extend(sub)
        else:
            out.append(p)
    cleaned = [re.sub(r"\s+(?:and|or|as well as)\s*$", "", re.sub(r"^(?:the|its|their|his|her)\s+", "", o.strip()))
               .strip() for o in out]
    return [c for c in cleaned if c]


def role_phrases(plain: str, text: str | None = None) -> list[tuple[str, str, int]]:
    """(role, phrase, position) for every role trigger in a sentence.

    Triggers and phrase ends are found in `plain` (quotations blanked); the phrase itself is cut from
    `text`, so a quoted name ('the NGO "Women's Forum"') survives.
    """
    out = []
    src = text if text is not None and len(text) == len(plain) else plain
    for rx, role in _ROLE_TRIGGERS:
        for m in rx.finditer(plain):
            rest = plain[m.end():]
            stop = _PHRASE_STOP.search(rest)
            end = m.end() + (stop.start() if stop else len(rest))
            phrase = re.sub(r"[\"“”]", "", src[m.end():end])
            phrase = re.sub(r"\s*\((?:[^()]*[a-z][^()]*)\)\s*$", "", phrase)  # trailing gloss
            if re.search(r"[A-Z]", phrase):
                out.append((role, phrase.strip(), m.start()))
    return out


# ---------------------------------------------------------------------------------------------- finder
_NOUN_RX = re.compile(r"\b(?P<noun>" + "|".join(re.escape(n) for n in EVENT_NOUNS) + r")\b", re.IGNORECASE)
_NOUN_LOWER_RX = re.compile(r"\b(?P<noun>" + "|".join(re.escape(n.lower()) for n in EVENT_NOUNS) + r")\b")


class _Hit:
    """A match found in the lower-cased text, reporting the original spelling (same offsets)."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m, self._text = m, text

    def start(self, *_: object) -> int:
        return self._m.start()

    def end(self, *_: object) -> int:
        return self._m.end()

    def group(self, key: int | str = 0) -> str:
        return self._text[self._m.start():self._m.end()]


def find_nouns(plain: str) -> list:
    """Activity nouns of a sentence; searching the lower-cased text is much faster than IGNORECASE."""
    low = plain.lower()
    if len(low) != len(plain):
        return list(_NOUN_RX.finditer(plain))
    return [_Hit(m, plain) for m in _NOUN_LOWER_RX.finditer(low)]
_INC_RX = re.compile(r"\b(?P<noun>" + "|".join(re.escape(n) for n in INCIDENT_NOUNS) + r")\b", re.IGNORECASE)
_KIND_PRE = re.compile(r"((?:(?<![\w-])[a-z][\w-]*\s+){0,3})$")
_KIND_POST = re.compile(r"^\s+(?:on|about)\s+((?:[\w'’-]+\s+){0,5}?[\w'’-]+)(?=[,.;]|\s+(?:in|for|at|from|with|"
                        r"organi[sz]ed|held|on\s+\d|to|by|between|during|under|that|which|and\s+(?:the|a)\b)\b|$)")
_KIND_DROP = {"also", "organized", "organised", "hosted", "conducted", "after", "part", "yesterday", "tomorrow",
              "met", "hold", "organize", "organise", "attend", "attended", "paid", "condemns", "condemned",
              "published", "reform", "complete", "completes", "a", "an", "the", "this", "that", "its", "their", "his", "her", "first", "second", "new", "further",
              "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "of", "and",
              "some", "other", "several", "similar", "regular", "joint", "jointly", "held", "today", "will",
              "concluded", "completed", "began", "opened", "to", "is", "was", "be", "in", "at", "for", "by"}

def _kind(plain: str, m: re.Match[str]) -> str:
    pre = _KIND_PRE.search(plain[:m.start()])
    words: list[str] = []
    for w in reversed(pre.group(1).split() if pre else []):
        lw = w.lower()
        if lw in _KIND_DROP or re.match(r"\d|[a-z-]+-(?:day|week|month)|(?:days?|weeks?|months?|years?)$|"
                                        r"two-and-a-half$", lw) or lw.endswith("ly") or (
                "-" not in lw and re.search(r"(?:ed|ing)$", lw) and lw not in ("advanced", "training")):
            break  # keep only the modifiers directly before the noun
        words.insert(0, w)
    kind = " ".join(words + [m.group("noun")])
    post = _KIND_POST.match(plain[m.end():])
    if post and not re.search(r"\d", post.group(1)):
        kind += plain[m.end():m.end() + post.end()].rstrip(",. ")
    return re.sub(r"\s+", " ", kind).strip()


class EventFinder:
    """Finds the events of one page (or listing entry) from its body sentences."""

    def __init__(self, ctx: Context, sentences: list[Sentence]) -> None:
        self.ctx = ctx
        self.election: str | None = None
        self.captions = [s for s in sentences if any(a <= s.start < b for a, b in ctx.captions)]
        self._count_cache: dict[str, list[N.Count]] = {}
        self.sents = [s for s in sentences if s not in self.captions]

    def _counts(self, plain: str) -> list[N.Count]:
        got = self._count_cache.get(plain)
        if got is None:
            got = self._count_cache[plain] = N.find_counts(plain)
        return got

    # -- dates -------------------------------------------------------------------------------------
    def _dates(self, s: Sentence, future: bool) -> list[D.DateExpr]:
        anchor = self.ctx.anchor
        exprs = [e for e in D.find_dates(s.plain, anchor or self.ctx.year_anchor)
                 if e.kind != "year" or self._year_ok(s.plain, e)]
        exprs += D.find_relative(s.plain, anchor, future=future, election=self.election,
                                 year_anchor=self.ctx.year_anchor)
        exprs.sort(key=lambda e: e.begin)
        for e in exprs:
            if re.search(r"\belection", s.plain[max(0, e.begin - 40):e.begin], re.I) and e.kind == "day":
                self.election = self.election or e.start
        return [e for e in exprs if not self._is_background(s.plain, e)]

    @staticmethod
    def _year_ok(plain: str, e: D.DateExpr) -> bool:
        before = plain[max(0, e.begin - 30):e.begin]
        return bool(re.search(r"\b(?:in|of|during|until|by)\s+(?:the\s+first\s+months\s+of\s+|early\s+|late\s+)?$",
                              before, re.I))

    @staticmethod
    def _is_background(plain: str, e: D.DateExpr) -> bool:
        before = plain[max(0, e.begin - 45):e.begin]
        return bool(re.search(r"\b(?:established|founded|set up|created|launched in|adopted|elected|since|"
                              r"the\s+end\s+of\s+the)\b[^,;]*$", before, re.I)) and e.kind != "relative"

    # -- main --------------------------------------------------------------------------------------
    def find(self) -> list[Event]:
        events: list[Event] = []
        current: Event | None = None
        group: list[Event] = []
        ctx = self.ctx
        for s in self.sents:
            if _ABOUT_INSTITUTION.search(s.plain):
                continue
            exprs = self._dates(s, bool(_FUTURE.search(s.plain)))
            nouns = [m for m in find_nouns(s.plain) if not self._noun_in_name(s.plain, m)]
            incidents = list(_INC_RX.finditer(s.plain))
            verb = _EVENT_VERBS.search(s.plain)
            counts = self._counts(s.plain)
            new: list[Event] = []
            # incidents a statement reacts to
            if incidents and exprs and (ctx.statement_page or _STATEMENT_VERBS.search(s.plain)):
                inc_dates = [e for e in exprs if e.relative in ("yesterday", "today") or e.kind in ("day", "range")]
                if inc_dates:
                    ie = inc_dates[-1]
                    if ie.relative != "today" or "morning" in ie.text.lower() or "night" in ie.text.lower():
                        m = incidents[0]
                        ev = Event(_kind(s.plain, m) + " (incident)", ie.start, ie.end, [s], s.start + m.start())
                        ev.incident = True
                        ev.date_kind = ie.kind
                        self._place(ev, s, 0, len(s.plain))
                        new.append(ev)
                        exprs = [e for e in exprs if e is not ie]
            statement = bool(ctx.statement_page and _STATEMENT_VERBS.search(s.plain)
                             and not any(e.statement for e in events))
            if statement and len(events) <= 1:
                ev = Event("statement", None, None, [s], s.start)
                ev.statement = True
                d0 = ctx.dateline_date or ctx.date_published
                ev.start = ev.end = d0.isoformat() if d0 else None
                ev.city = list(ctx.dateline_cities)
                new.insert(0, ev)
            elif (plan := _PLANNED_SESSIONS.search(s.plain)) and _FUTURE.search(s.plain) and not exprs:
                ev = Event(plan["noun"], None, None, [s], s.start + plan.start("noun"))
                ev.planned_hint = True
                ev.extra["x_planned_sessions"] = N.parse_number(plan["n"])
                self._place(ev, s, 0, len(s.plain))
                self._roles(ev, s, 0, len(s.plain))
                new.append(ev)
            elif current is not None and self._continues(current, s, exprs, nouns):
                for g in group or [current]:
                    self._extend(g, s, exprs)
                continue
            elif (nouns or verb) and (exprs or (nouns and (counts or self._cities_in(s.start, s.end)) and (
                    not events and counts or re.search(r"\b(?:organi[sz]ed|held|hosted|conducted|ran)\b", s.plain)))):
                new.extend(self._open(s, exprs, nouns, verb, first=not events))
            elif current is not None:
                for g in group or [current]:
                    self._extend(g, s, exprs)
                continue
            events.extend(new)
            main = [e for e in new if not e.incident]
            if main:
                current = main[0]
                group = main if len({e.kind for e in main}) == 1 and len(main) > 1 else []
        self._finish(events)
        return events

    @staticmethod
    def _noun_in_name(plain: str, m: re.Match[str]) -> bool:
        """'Ministerial Council' as an event, but not 'the Permanent Council decision' or 'Council of Europe'."""
        after = plain[m.end():m.end() + 12]
        before = plain[max(0, m.start() - 40):m.start()]
        if re.search(r"\bpart of (?:the |an? )?(?:[\w-]+ ){0,3}$", before):
            return True
        if m.group(0)[0].isupper() and m.start() > 0 and m.group(0).lower() not in (
                "ministerial council", "permanent council") and (
                re.search(r"[A-Z][\w'’-]*\s+$", before) or re.match(r"\s+[A-Z]", after)):
            return True
        if re.match(r"\s+(?:institutions?|cent(?:re|er)s?|materials?|manuals?|modules?|needs|facilit(?:y|ies)|"
                    r"curricul(?:um|a)|hall|room|equipment|aids|programme|system|plan)\b", after):
            return True
        return bool(re.match(r"\s+(?:of\s+Europe|decision|members?|Secretariat)", after)) or (
            m.group(0)[0].isupper() and m.group(0).lower() in ("session", "school", "guide", "report"))

    def _open(self, s: Sentence, exprs: list[D.DateExpr], nouns: list[re.Match[str]],
              verb: re.Match[str] | None, first: bool) -> list[Event]:
        """New event(s) from a sentence; a later noun with its own date is a separate event."""
        out: list[Event] = []
        plain = s.plain
        main = self._main_noun(nouns, exprs)
        if main is None and (verb is None or not exprs):
            return out
        pos = main.start() if main else verb.start()  # type: ignore[union-attr]
        segments: list[tuple[re.Match[str] | None, int, int]] = [(main, 0, len(plain))]
        used = set()
        if main is not None:
            later = [m for m in nouns if m.start() > main.end() + 20]
            for m in later:
                own = [e for e in exprs if e.begin > m.end() and e.begin - m.end() < 60 and e.start]
                if own and all(e.begin > main.end() for e in own):
                    segments[-1] = (segments[-1][0], segments[-1][1], m.start())
                    segments.append((m, m.start(), len(plain)))
                    used.update(id(e) for e in own)
        day_list = self._day_list(s, exprs)
        if day_list:
            kind = _kind(plain, main) if main else self._verb_kind(verb)
            for d, city in day_list:
                ev = Event(kind, d.start, d.end, [s], s.start + pos)
                ev.date_kind = "day"
                ev.city = [city]
                ev.planned_hint = bool(_FUTURE.search(plain))
                ev.start, ev.end = self._roll(ev, d, d.start, d.end)
                ev.notes["x_no_count"] = "1"
                self._roles(ev, s, 0, len(plain))
                out.append(ev)
            return out
        for k, (noun_m, a, b) in enumerate(segments):
            seg_exprs = [e for e in exprs if a <= e.begin < b]
            if k == 0:
                seg_exprs = [e for e in seg_exprs if id(e) not in used] or seg_exprs
            kind = _kind(plain, noun_m) if noun_m else self._verb_kind(verb)
            if noun_m is not None and noun_m.group(0)[0].isupper() and re.search(
                    r"\b[Aa]ddress(?:ing|ed|es)?\b", plain[:noun_m.start()]):
                kind = f"address to the {noun_m.group(0)}"
            p0 = noun_m.start() if noun_m else pos
            ev = Event(kind, None, None, [s], s.start + p0)
            ev.planned_hint = bool(_FUTURE.search(plain[a:min(b, p0 + 40)]) or (
                first and k == 0 and _HEADLINE_FUTURE.search(self.ctx.title)))
            ev.verb = (verb.group(0) if verb else "")
            ev.kind_from_verb = noun_m is None
            self._set_dates(ev, s, seg_exprs)
            self._place(ev, s, a, b)
            self._roles(ev, s, a, b)
            if noun_m is not None:
                om = re.match(r"\s*(?:\([^)]*\)\s*)?of\s+the\s+(?P<u>OSCE\s[A-Z][\w -]+?(?:\s\([A-Z]+\))?)(?=[,.;]|\s+[a-z])",
                              plain[noun_m.end():])
                if om and self.ctx.canonical_unit(om["u"]):
                    ev.organisers.insert(0, self.ctx.canonical_unit(om["u"]))  # type: ignore[arg-type]
            out.append(ev)
        return out

    def _day_list(self, s: Sentence, exprs: list[D.DateExpr]) -> list[tuple[D.DateExpr, str]]:
        """'on 5 May in Bar, on 7 May in Nikšić ...': one activity per day and place (two or more pairs)."""
        days = [e for e in exprs if e.kind == "day" and e.start]
        if len(days) < 2:
            return []
        pairs = []
        for e in days:
            after = [c for c in self._cities_in(s.start + e.stop, s.start + e.stop + 40)
                     if re.fullmatch(r"\s+in\s+(?:the\s+)?", s.plain[e.stop:c[1] - s.start])]
            before = [c for c in self._cities_in(s.start + max(0, e.begin - 40), s.start + e.begin)
                      if re.fullmatch(r"\s*(?:,|on)?\s*", s.plain[c[2] - s.start:e.begin]) and
                      re.search(r"\bin\s+$", s.plain[max(0, c[1] - s.start - 4):c[1] - s.start])]
            city = (after or before or [None])[0]
            if city is None:
                return []
            pairs.append((e, city[0]))
        if len({c for _, c in pairs}) < 2:
            return []
        return pairs

    def _main_noun(self, nouns: list[re.Match[str]], exprs: list[D.DateExpr]) -> re.Match[str] | None:
        """The activity noun of the sentence: the one nearest to its first date, skipping weak nouns."""
        weak = ("report", "guide", "handbook", "survey", "anniversary", "session", "school", "permanent council")
        good = [m for m in nouns if m.group("noun").lower() not in weak] or nouns
        if not good:
            return None
        dated = [e for e in exprs if e.start]
        if dated:
            d0 = dated[0].begin
            return min(good, key=lambda m: abs(m.end() - d0) if m.end() <= d0 else abs(m.start() - d0) + 15)
        return good[0]

    def _verb_kind(self, verb: re.Match[str] | None) -> str:
        v = verb.group(0).lower() if verb else "activity"
        for key, kind in (("visit", "visit"), ("hand", "handover of equipment"), ("donat", "donation"),
                          ("publish", "publication launch"), ("present", "presentation"), ("deploy", "deployment"),
                          ("address", "address"), ("spoke", "address"), ("observ", "observation"),
                          ("complete", "anniversary"), ("mark", "anniversary"), ("trained", "training")):
            if key in v:
                return kind
        return v

    def _continues(self, ev: Event, s: Sentence, exprs: list[D.DateExpr], nouns: list[re.Match[str]]) -> bool:
        """A later sentence about the same activity ('The two-day roundtable was organized by ...')."""
        if ev.statement or ev.incident:
            return False
        head = re.match(r"^(?:The|This|These|During the|Over the|Each|At the|After the)\s+(?:[\w-]+\s+){0,3}?"
                        r"(?P<n>[\w-]+)\b", s.plain)
        same = [n for n in nouns if n.group("noun").lower().rstrip("s") in ev.kind.lower()
                or n.group("noun").lower() in ("training", "event")]
        refers = same or (nouns if ev.kind_from_verb else [])  # 'met today ...' then 'The meeting was ...'
        if head and refers and any(n.start() <= head.end("n") + 1 for n in refers):
            return True
        new_dates = [e for e in exprs if e.start and e.start not in (ev.start, ev.end) and e.relative not in (
            "this_year", "next_year") and not (e.kind == "month" and self._until(s.plain, e))
            and not (self._within(ev, e) and not (nouns and not same))]
        if new_dates:
            return False
        return not (nouns and not same and (self._counts(s.plain) or exprs or re.search(
            r"\b(?:organi[sz]ed|held|hosted|conducted)\b", s.plain)))

    @staticmethod
    def _within(ev: Event, e: D.DateExpr) -> bool:
        """A date inside a visit's range is one of its sub-steps ('On 5 May, he travelled to ...')."""
        return bool("visit" in ev.kind.lower() and ev.start and ev.end and e.start and len(e.start) == 10
                    and ev.start <= e.start <= ev.end)

    @staticmethod
    def _until(plain: str, e: D.DateExpr) -> bool:
        """'until the end of April', 'by December': the date closes an activity."""
        return bool(re.search(r"\b(?:until|till|through|to|by)\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?[A-Z]\w*\.?"
                              r"(?:\s+\d{4})?$", plain[max(0, e.begin - 30):e.stop]))

    def _extend(self, ev: Event, s: Sentence, exprs: list[D.DateExpr]) -> None:
        if s.para - ev.sentences[-1].para > 2:
            return
        ev.sentences.append(s)
        self._roles(ev, s, 0, len(s.plain))
        if not ev.incident and not ev.statement and (not ev.city or "visit" in ev.kind.lower()):
            before = list(ev.city)
            self._place(ev, s, 0, len(s.plain), late=True)
            ev.city = _dedupe(before + ev.city)  # a visit collects the places of its sub-steps
        if _TARGET.search(s.plain) and self._counts(s.plain):
            ev.extra["x_target_participants"] = self._counts(s.plain)[0].value
            ev.target_sentences.add(s.start)
        for e in exprs:
            if e.relative == "year_end" and ev.end is None:
                ev.end = e.end
            if e.relative == "day_after" and ev.start and e.start is None:
                ev.end = D.shift(ev.start, 1)
            if e.kind == "day" and e.start and ev.start and (ev.end is None or ev.end == ev.start) and \
                    e.start > ev.start and re.search(
                    r"\b(?:end|ends|conclude|concludes|close|closes|run until|last until|continue until)\b",
                    s.plain[max(0, e.begin - 30):e.begin]):
                ev.end = e.end
            if e.kind == "month" and self._until(s.plain, e) and ev.start and (ev.end is None or ev.end == ev.start):
                ev.end = e.end

    # -- dates of one event -------------------------------------------------------------------------
    def _set_dates(self, ev: Event, s: Sentence, exprs: list[D.DateExpr]) -> None:
        usable = [x for x in exprs if x.start is not None]
        if not usable:
            return
        e = usable[0]
        ev.date_kind = e.kind
        ev.date_expr = e
        start, end = self._roll(ev, e, e.start, e.end)
        if e.kind == "pair" and e.respectively:
            ev.notes["x_days"] = ",".join(e.days)
        plain = s.plain
        before = plain[max(0, e.begin - 40):e.begin]
        if e.kind in ("day", "relative") and re.search(r"\b(?:[Ff]rom|[Ss]ince|[Aa]s of|[Ss]tarting)\s+(?:the\s+)?$",
                                                       before):
            end = None
        if e.kind == "month" and self._until(plain, e):
            start = None
        for x in exprs:
            if x.relative == "day_after" and x.start is None and start and e.kind in ("day", "relative"):
                end = D.shift(start, 1)
        ev.start, ev.end = start, end

    def _roll(self, ev: Event, e: D.DateExpr, start: str | None, end: str | None) -> tuple[str | None, str | None]:
        """A year taken from the anchor moves back (past report of a December event in January) or forward."""
        anchor = self.ctx.anchor
        if not (e.year_inferred and anchor):
            return start, end
        a = anchor.isoformat()
        sd = D.to_date(start)
        if not ev.planned_hint and start and start[:len(a)] > a[:len(start)] and (sd is None or (sd - anchor).days > 31):
            return D.roll_year(start, -1), D.roll_year(end, -1)
        ed = D.to_date(end)
        if ev.planned_hint and ed and (anchor - ed).days > 60:
            return D.roll_year(start, 1), D.roll_year(end, 1)
        return start, end

    def _apply_duration(self, ev: Event) -> None:
        """Day-counted durations turn one known end into two (§7.1); weeks and months only go to `duration`."""
        s = ev.sentences[0]
        durs = [d for d in D.find_durations(s.plain) if abs(d.begin - (ev.anchor_pos - s.start)) < 60]
        if not durs:
            for s2 in ev.sentences[1:3]:
                durs = [d for d in D.find_durations(s2.plain)
                        if re.search(r"\b(?:the|this|a|an)\s+$", s2.plain[max(0, d.begin - 6):d.begin])]
                if durs:
                    break
        dur = durs[0] if durs else None
        if dur and dur.unit != "day":
            ev.duration = dur.as_text()
        kind = ev.date_kind
        if kind in ("range", "month", "pair", "year"):
            if kind == "range" and dur and dur.unit == "day" and ev.start and ev.end:
                span = (D.to_date(ev.end) - D.to_date(ev.start)).days + 1  # type: ignore[operator]
                if span != dur.amount:
                    ev.notes["date_note"] = f"explicit range kept; the text says {dur.text}"
            return
        if kind not in ("day", "relative") or ev.start is None:
            return
        plain = s.plain
        ending = _END_VERBS.search(plain)
        starting = _START_VERBS.search(plain)
        days = int(dur.amount) if dur and dur.unit == "day" and dur.amount == int(dur.amount) else None
        if ending and (not starting or ending.start() < starting.start()):
            end = ev.end or ev.start
            ev.end = end
            if days:
                ev.start = D.shift(end, -(days - 1))
            elif dur:
                ev.start = None
        elif starting:
            if days:
                ev.end = D.shift(ev.start, days - 1)
            elif ev.end == ev.start and (_LONG_RUNNING.search(ev.kind) or dur or ev.kind_from_verb):
                ev.end = None
        elif days:
            ev.end = D.shift(ev.start, days - 1)

    # -- place ---------------------------------------------------------------------------------------
    def _cities_in(self, a: int, b: int) -> list[tuple[str, int, int]]:
        return [c for c in self.ctx.city_mentions if a <= c[1] and c[2] <= b]

    def _place(self, ev: Event, s: Sentence, a: int, b: int, late: bool = False) -> None:
        plain = s.plain
        seg = plain[a:b]
        if _BLENDED.search(seg):
            ev.mode = "blended"
        elif _ONLINE.search(seg) and not re.search(r"\bonline (?:recruitment|platform|course material)", seg):
            ev.mode = ev.mode or "online"
        found: list[str] = []
        for city, ca, _cb in self._cities_in(s.start + a, s.start + b):
            rel_a = ca - s.start
            before = plain[max(0, rel_a - 80):rel_a]
            near = before[-45:]
            if not re.search(r"(?:\b(?:in|at|to|visited|visits|visit|on to)\s+(?:the\s+(?:(?:village|town|city|"
                             r"municipality|capital)\s+of\s+)?)?|,\s*|\s+and\s+)$", near):
                continue
            if re.search(r"(?:,\s*|\s+and\s+)$", near) and not found:
                continue
            if re.search(r"\b(?:Centre|Office|Programme Office|Mission|Institute|University|Faculty)\s+in\s+$", near) \
                    and not re.search(r"\b(?:at|held at)\s+(?:the\s+)?[A-Z][\w' -]+$", before[:-3]):
                continue
            found.append(city)
        if late and found and ev.mode == "online":
            found = []
        if found and ev.mode != "online":
            ev.city = found
        if not ev.state and not late:
            for st, sa, _sb in self.ctx.state_mentions:
                if s.start + a <= sa < s.start + b:
                    pre = plain[max(0, sa - s.start - 12):sa - s.start]
                    if re.search(r"\b(?:in|to|across)\s+(?:the\s+)?$", pre):
                        ev.state = [st]
                        break

    # -- roles ----------------------------------------------------------------------------------------
    def _resolve(self, name: str) -> str | None:
        """A body's name as the page gives it; OSCE units in canonical form, states as 'Government of X'."""
        ctx = self.ctx
        name = re.sub(r"\s+", " ", name).strip(" ,.")
        name = re.sub(r"^(?:delegations?|representatives|experts|trainers|officials|staff)\s+(?:of|from)\s+(?:the\s+)?",
                      "", name)
        if not name or not re.search(r"[A-Z]", name):
            return None
        cu = ctx.canonical_unit(name)
        if cu:
            return cu
        words = name.split()
        for k in range(len(words) - 1, 0, -1):
            rest = words[k:]
            if len(rest) <= 3 and all(re.fullmatch(r"[A-Z][\w'’.-]*", w) for w in rest):
                cu = ctx.canonical_unit(" ".join(words[:k]))
                if cu:
                    return cu  # 'OSCE Chairman-in-Office Zbigniew Rau' -> the unit, not the person
        for k in range(len(words) - 1, 0, -1):
            if words[k] in ("in", "from", "on", "at", "took", "during", "with", "for", "to") and k + 1 < len(words) \
                    and (words[k + 1][:1].isdigit() or words[k] != "in" and words[k + 1][:1].islower()
                         or words[k] == "in" and ctx.state_of_city(words[k + 1]) is not None
                         or words[k] == "took"):
                cu = ctx.canonical_unit(" ".join(words[:k]))
                if cu:
                    return cu
        m = re.match(r"^(?:the\s+)?([\w -]+?)['’]s\s+(.+)$", name)
        if m and not re.search(r"\b(?:Office|Ministry|Service)$", m.group(2)):
            owner = self._resolve(m.group(1))
            if owner and ctx.canonical_unit(owner):
                return f"{m.group(2)} of the {owner}"
        low = re.sub(r"^the\s+", "", name.lower())
        for ref, head in _GENERIC_REFS.items():
            if low in (ref, f"osce {ref}"):
                for unit, _, _ in ctx.unit_mentions:
                    if head.lower() in unit.lower():
                        return unit
                for unit in ctx.issuers:
                    if head.lower() in unit.lower():
                        return unit
                return None
        st = ctx.canonical_state(re.sub(r"^the\s+", "", name))
        if st and len(name.split()) <= 4 and not re.search(r"\b(?:Ministry|Police|Embassy|Service)\b", name):
            return government_of(st)
        if re.fullmatch(r"(?:the )?(?:EU|European Union)", name):
            return "European Union"
        if not _ORG_HEAD_RX.search(name):
            return None
        return re.sub(r"^the\s+", "", name)

    _SUBJ_VERB = re.compile(
        r"\s+(?:today\s+|also\s+|jointly\s+|will\s+|has\s+|have\s+|strongly\s+|recently\s+)*(?P<verb>organi[sz]ed?|"
        r"held|hold|conducted|hosted|host|launched|opened|ran|runs|designed|handed over|brought together|published|"
        r"presented|deployed|began|begins|convened|trained|organi[sz]es|visited|paid|concluded|completed|"
        r"condemn(?:ed|s)?|denounce[sd]?)\b")
    _NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w'’./-]*|\([^)]*\)|of|the|and|for|on|in|to|at|de|du|la|,)$")

    def _subject_units(self, s: Sentence, a: int) -> list[str]:
        """Bodies named as the subject of an activity verb ('The OSCE Centre in Tashkent and ODIHR will hold')."""
        plain = s.plain[a:]
        m = self._SUBJ_VERB.search(plain)
        if not m:
            return []
        subj = plain[:m.start()]
        lead = re.match(r"^(?:(?:On|From|Between|In|During|Today|Yesterday)\b[^,]{0,40},\s*)", subj)
        if lead:
            subj = subj[lead.end():]
        units_in = [u for u, us, _ue in self.ctx.unit_mentions if s.start + a <= us < s.start + a + m.start()]
        for name, ps, _pe in self.ctx.person_mentions:
            if s.start + a <= ps < s.start + a + m.start():
                subj = re.sub(rf",?\s*(?:(?:Ambassador|Amb\.|Dr\.|Professor|Mr\.|Ms\.)\s+)?{re.escape(name)}\s*,?", " ", subj)
        toks = re.findall(r"\([^)]*\)|[^\s,()]+|,", subj)
        if toks and all(self._NAME_WORD.match(t) for t in toks):
            cu = self.ctx.canonical_unit
            names: list[str] = []
            for raw in split_names(subj, cu, self.ctx.canonical_state):
                inner = [u for u in units_in if u.lower() in raw.lower() or (cu(raw) == u)]
                if inner and not cu(raw):
                    names.append(inner[0])
                    continue
                pm = re.match(r"^(?P<org>.*\b(?:OSCE|" + "|".join(ORG_HEADS) + r")\b[\w-]*)\s+(?P<who>[A-Z][a-z][\w'’.-]*"
                              r"(?:\s+[A-Z]\.)?\s+[A-Z][a-z][\w'’-]*)$", raw)
                if pm and not cu(raw) and not _ORG_HEAD_RX.search(pm["who"]) and not self.ctx.canonical_state(pm["who"]) \
                        and pm["org"].strip() not in ("OSCE", "the OSCE"):
                    raw = pm["org"]  # 'OSCE Chairman-in-Office Zbigniew Rau': the office, not the person
                n = self._resolve(raw)
                if n and (cu(n) or _ORG_HEAD_RX.search(n)) and not n.startswith("Government"):
                    if not cu(n) and units_in and re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+$", n):
                        continue  # 'OSCE Secretary General Lamberto Zannier': a person, not a body
                    names.append(n)
            if names:
                return names
        return units_in

    def _roles(self, ev: Event, s: Sentence, a: int, b: int) -> None:
        plain = s.plain[:b]
        cu = self.ctx.canonical_unit
        for role, phrase, at in role_phrases(plain, s.text[:b]):
            if at < a:
                continue
            gm = re.match(r"^(?:the\s+)?Governments\s+of\s+(?:the\s+)?(?P<rest>.+)$", phrase)
            if gm:  # 'the Governments of Finland and Norway' -> one funder per state
                parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?:the\s+)?", gm["rest"])
                getattr(ev, role).extend(government_of(self.ctx.canonical_state(p) or p) for p in parts if p)
                continue
            names = [self._resolve(n) for n in split_names(phrase, cu, self.ctx.canonical_state)]
            names = [n for n in names if n]
            getattr(ev, role).extend(names)
            if role == "organisers" and re.search(r"\borgani[sz]ed and (?:funded|financed) by\b", plain):
                ev.funders.extend(names)
        if not ev.incident and len(ev.sentences) == 1 or s is ev.sentences[0]:
            ev.organisers.extend(self._subject_units(s, a))
        m = re.search(r"\b(?P<st>[A-Z]\w+(?: [A-Z]\w+)*)\s+will host\b", plain[a:])
        if m and self.ctx.canonical_state(m["st"]):
            ev.organisers.append(government_of(self.ctx.canonical_state(m["st"]) or m["st"]))
        pm = re.search(r"\bpart of (?:the |an? )?(?:OSCE\s+)?(?:[\w-]+\s+){0,3}?[Pp]roject\s+[\"“](?P<p>[^\"”]+)[\"”]"
                       r"|\bunder the (?P<q>[A-Z][\w ,'-]+?) project\b", s.text)
        if pm:
            ev.project = pm["p"] or pm["q"]

    # -- finishing -----------------------------------------------------------------------------------
    def _finish(self, events: list[Event]) -> None:
        ctx = self.ctx
        title_cities = [c for c, a, b in ctx.city_mentions if ctx.title_start <= a < ctx.title_start + len(ctx.title)]
        for i, ev in enumerate(events):
            if ev.kind_from_verb:
                for s2 in ev.sentences[1:]:
                    nm = [m for m in find_nouns(s2.plain) if not self._noun_in_name(s2.plain, m)]
                    if nm and re.match(r"^(?:The|This|These)\b", s2.plain):
                        ev.kind = _kind(s2.plain, nm[0])
                        break
            if not ev.incident and not ev.statement:
                self._apply_duration(ev)
                if not ev.notes.pop("x_no_count", None):
                    ev.count = N.participants([s.plain for s in ev.sentences if s.start not in ev.target_sentences],
                                              ctx.adjectives, self._count_cache)
                ev.planned = self._planned(ev)
            if not ev.project:
                for name, ps, _pe in ctx.project_mentions:
                    for s2 in ev.sentences:
                        if s2.start <= ps < s2.end and re.search(
                                r"\b(?:part of|under|within|in the framework of|framework of|through)\b[^.;]{0,60}$",
                                s2.text[:ps - s2.start]):
                            ev.project = name
            if ev.count and ev.count.parts:
                ev.audience = self._audience(ev)
            if not ev.incident and not ev.statement:
                vm = _VENUE_RX.search(ev.sentences[0].plain)
                if vm and not ctx.canonical_unit(vm["v"]):
                    ev.venue = vm["v"]
            if re.search(r"\b(?:donat|hand(?:ed|ing)? over|handover|equipment)", ev.kind + " " + ev.verb, re.I):
                self._donation(ev)
            if not ev.organisers and not ev.incident:
                ev.organisers = list(ctx.issuers[:1] if i == 0 or not events[0].organisers else events[0].organisers[:1])
            if not ev.city and not ev.incident and not ev.statement and ev.mode != "online":
                for cs in self.captions:
                    cds = D.find_dates(cs.plain, ctx.anchor)
                    if not cds or any(d.start in (ev.start, ev.end) for d in cds):
                        cc = [c for c, a, _b in ctx.city_mentions if cs.start <= a < cs.end]
                        if cc:
                            ev.city = cc[-1:]
                            break
            if not ev.city and not ev.incident and not ev.statement and ev.mode != "online" and i == 0:
                for c in title_cities:
                    if re.search(rf"\b(?:in|to|at)\s+{re.escape(c)}", ctx.title):
                        ev.city = [c]
                        break
            if not ev.city and re.search(r"\b(?:publish|issued|released)", getattr(ev, "verb", "") or ""):
                ev.city = list(ctx.dateline_cities)
            if ev.city:
                states = [ctx.state_of_city(c) for c in ev.city]
                sts = _dedupe([s for s in states if s])
                unknown = [c for c, st in zip(ev.city, states, strict=True) if st is None and not ctx.is_kosovo(c)]
                if sts:
                    ev.state = sts
                elif unknown and ctx.host_state:
                    ev.state = [ctx.host_state]
                else:
                    ev.state = []
            elif not ev.state and "visit" in ev.kind.lower() and self._visit_state(ev):
                ev.state = [self._visit_state(ev)]  # type: ignore[list-item]
            elif not ev.state and ctx.host_state and not ctx.host_state_kosovo and not (
                    ev.count and len(ev.count.by_country) > 1):
                ev.state = [ctx.host_state]
        # 'This activity is part of the Project ...': one named project covers the page's activities
        projects = {ev.project for ev in events if ev.project}
        if len(projects) == 1:
            for ev in events:
                if not ev.incident and not ev.statement:
                    ev.project = next(iter(projects))
        out: list[Event] = []
        for ev in events:
            days = ev.notes.pop("x_days", None)
            if days:
                for d in days.split(","):
                    e2 = Event(ev.kind, d, d, ev.sentences, ev.anchor_pos, list(ev.organisers), list(ev.partners),
                               list(ev.funders), list(ev.city), list(ev.state), ev.count, ev.planned, ev.mode)
                    out.append(e2)
            else:
                out.append(ev)
        events[:] = out

    def _audience(self, ev: Event) -> str | None:
        """Who took part, from the counted noun phrase ('police officers and investigators', 'young women')."""
        first = ev.count.parts[0] if ev.count else None
        if first is None:
            return None
        if not first.phrase:
            return None
        for s in ev.sentences:
            m = re.search(rf"\b{re.escape(first.phrase)}\b(?:\s+and\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{N._PERSON_RX})\b)?",
                          s.plain)
            if m:
                return m.group(0)
        return first.phrase

    def _visit_state(self, ev: Event) -> str | None:
        """A study visit abroad to a place that is not a known city: the one foreign state its sentence names."""
        s0 = ev.sentences[0]
        if not re.search(r"\bvisits?\s+to\b", s0.plain):
            return None
        found = {st for st, a, _b in self.ctx.state_mentions if s0.start <= a < s0.end} - {self.ctx.host_state}
        return found.pop() if len(found) == 1 else None

    def _donation(self, ev: Event) -> None:
        """Value, items and recipient of a donation or handover (§7 optional details)."""
        text = " ".join(x.plain for x in ev.sentences[:2])
        val = N.money(text)
        if val:
            ev.extra["value"] = val
        items = N.item_counts(re.split(r"\b(?:will|would)?\s*(?:go|went|be distributed|were distributed|be delivered)\s+to\b",
                                       text)[0])
        if items:
            ev.extra["items"] = items
        m = re.search(r"\b(?:handed over|donated|delivered|presented)\b[^;]{0,120}?\bto\s+(?:the\s+)?"
                      r"(?P<r>[A-Z][\w'’ -]+?|police education system)(?=[,.;]|\s+(?:in|on|for|as|where|who)\b|$)", text)
        if m:
            ev.extra["recipient"] = m["r"].strip()

    def _planned(self, ev: Event) -> bool:
        """Announced activities: a start after the anchor date, or future wording when no anchor helps."""
        anchor = self.ctx.anchor
        st = D.to_date(ev.start)
        if anchor and st:
            return st > anchor
        if anchor and ev.start and len(ev.start) < 10:
            a = anchor.isoformat()
            if ev.start > a[:len(ev.start)]:
                return True
            if ev.start < a[:len(ev.start)]:
                return False
        return ev.planned_hint
