"""Date expressions of OSCE news pages (FORMATS.md §4, EXTRACTION.md §3 and §7.1).

Pages write dates in many shapes: `from 29 to 31 October 2013`, `21-22 September 2016`, `(Sept. 9-10)`,
`Friday, February 14`, `In October 2007`, `today`, `the following day`.  This module finds every such
expression in a text with its character offsets and turns it into ISO (possibly partial) dates.  Years that
the text leaves out are filled from an *anchor* date (the dateline date or the publication date); the caller
knows the tense of the sentence and can move a date by a year with :func:`roll_year`.

Everything is driven by vocabularies (month names, weekday names, relative words), never by page content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_D = r"(?:[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_DASH = r"\s*[-–—]\s*"
_OPT_WD = rf"(?:{_WD},?\s+)?"

# Each pattern names its groups so one converter handles them all.  Longer shapes come first; overlaps
# are resolved by keeping the earliest, then longest match.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # from 28 February to 1 March 2013 / between 21 and 27 November 2018 / from 29 to 31 May 2023
    ("range", re.compile(
        rf"\b(?:[Ff]rom|[Bb]etween)\s+{_OPT_WD}(?P<d1>{_D})(?:\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>{_Y}))?"
        rf"\s+(?:to|and|until|till|through)\s+{_OPT_WD}(?P<d2>{_D})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_Y}))?")),
    # from February 28 to March 1, 2013 (US order)
    ("range", re.compile(
        rf"\b(?:[Ff]rom|[Bb]etween)\s+{_OPT_WD}(?P<m1>{_MONTH})\s+(?P<d1>{_D})(?:,?\s+(?P<y1>{_Y}))?"
        rf"\s+(?:to|and|until|till|through)\s+{_OPT_WD}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_D})(?:,?\s+(?P<y2>{_Y}))?")),
    # on 7 and 9 July [2020] [respectively]  /  on 9 and 10 June
    ("pair", re.compile(
        rf"\b(?P<d1>{_D})\s+and\s+(?P<d2>{_D})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_Y}))?(?P<resp>\s+respectively)?")),
    # 21-22 September 2016, 29–30 July 2025, Wednesday, 23-24 May
    ("range", re.compile(
        rf"{_OPT_WD}(?<![\d.])(?P<d1>{_D}){_DASH}(?P<d2>{_D})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_Y}))?")),
    # 30 June - 2 July 2020
    ("range", re.compile(
        rf"(?<![\d.])(?P<d1>{_D})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_Y}))?{_DASH}(?P<d2>{_D})\s+(?P<m2>{_MONTH})"
        rf"(?:,?\s+(?P<y2>{_Y}))?")),
    # (Sept. 9-10), February 14-15, 2025
    ("range", re.compile(
        rf"(?P<m2>{_MONTH})\s+(?P<d1>{_D}){_DASH}(?P<d2>{_D})(?:,?\s+(?P<y2>{_Y}))?")),
    # from June to December 2020 / between December 2023 and February 2024
    ("mrange", re.compile(
        rf"\b(?:[Ff]rom|[Bb]etween)\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_Y}))?\s+(?:to|and|until)\s+(?P<m2>{_MONTH})"
        rf"(?:\s+(?P<y2>{_Y}))?")),
    # Wednesday, 23 May 2018 / 23 May / on 27 December 2011
    ("day", re.compile(rf"{_OPT_WD}(?<![\d.])(?P<d2>{_D})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_Y}))?")),
    # Friday, February 14 / July 1, 2022
    ("day", re.compile(rf"{_OPT_WD}(?P<m2>{_MONTH})\s+(?P<d2>{_D})(?![\d:])(?:,?\s+(?P<y2>{_Y}))?")),
    # In October 2007 / until the end of April / in December
    ("month", re.compile(rf"(?P<m2>{_MONTH})(?:\s+(?P<y2>{_Y}))")),
    ("month", re.compile(
        rf"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|[Bb]y|[Tt]hroughout|end of|[Ee]arly|[Ll]ate|[Mm]id-?)\s+"
        rf"(?:(?:early|late|mid-?)\s*)?(?P<m2>(?!May\b){_MONTH})(?!\s+\d)")),
    # in 2000 / the first months of 2008 / since 2014
    ("year", re.compile(rf"(?<![\d,.–-])(?P<y2>{_Y})(?![\d–-])(?!\s*[-–]\s*\d)")),
]

_GATE = re.compile(rf"{_MONTH}|\d{{4}}")
_REL_WORDS = ("this ", "yesterday", "last ", "tomorrow", "tonight", "next ", "later", "day", "earlier", "year")

_RELATIVE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b[Tt]his morning\b|\b[Tt]his afternoon\b|\b[Tt]his evening\b|\b[Tt]onight\b"), "today"),
    (re.compile(r"\b[Tt]oday\b"), "today"),
    (re.compile(r"\b[Yy]esterday\b|\b[Ll]ast night\b"), "yesterday"),
    (re.compile(r"\b[Tt]omorrow\b"), "tomorrow"),
    (re.compile(r"\b(?:[Tt]hroughout |[Ee]arlier |[Ll]ater )?[Tt]his month\b"), "this_month"),
    (re.compile(r"\b[Nn]ext month\b"), "next_month"),
    (re.compile(r"\b[Ll]ast month\b|\b[Ee]arlier this month\b"), "last_month"),
    (re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill) the end of (?:the|this) year\b"), "year_end"),
    (re.compile(r"\b[Tt]his year(?:'s)?\b|\b[Ll]ater in the year\b"), "this_year"),
    (re.compile(r"\b[Nn]ext year\b"), "next_year"),
    (re.compile(r"\b[Ll]ast year\b"), "last_year"),
    (re.compile(r"\b[Tt]he following day\b|\b[Tt]he next day\b|\b[Tt]he day after\b(?: the \w+)?"), "day_after"),
    (re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Tt]his)\s+(?P<wd>{_WD})\b(?!,?\s+(?:\d|{_MONTH}))"), "weekday"),
]
_ELECTION_DAY = re.compile(r"\b(?:[Oo]n\s+)?(?:the\s+)?election day\b")


@dataclass
class DateExpr:
    """One date expression: ISO start/end (possibly partial) and where it stands in the text.

    `year_inferred` says the year was not written and came from the anchor, so a caller that knows the
    tense may move it (see :func:`roll_year`).  `days` holds the separate days of a `respectively` list.
    """

    start: str | None
    end: str | None
    begin: int
    stop: int
    kind: str
    text: str
    year_inferred: bool = False
    respectively: bool = False
    days: list[str] = field(default_factory=list)
    relative: str | None = None


def month_number(name: str) -> int | None:
    """Month number for a full or abbreviated English month name ('Sept.' -> 9)."""
    return MONTHS.get(name.lower().rstrip("."))


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


_DMY = re.compile(rf"^\s*{_OPT_WD}(?P<d>{_D})\s+(?P<m>{_MONTH})\s*,?\s+(?P<y>{_Y})\s*$")
_MDY = re.compile(rf"^\s*{_OPT_WD}(?P<m>{_MONTH})\s+(?P<d>{_D}),?\s+(?P<y>{_Y})\s*$")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")


def parse_date(text: str) -> date | None:
    """A complete date written on its own ('4 September 2023', 'July 1, 2022', '2009-05-22 10:14')."""
    m = _DMY.match(text) or _MDY.match(text)
    if m:
        try:
            return date(int(m["y"]), month_number(m["m"]) or 0, _day(m["d"]))
        except ValueError:
            return None
    m = _ISO.search(text)
    if m:
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    return None


def to_date(iso: str | None) -> date | None:
    """`date` for a full ISO string, None for partial or missing ones."""
    if iso and len(iso) == 10:
        return date.fromisoformat(iso)
    return None


def shift(iso: str | None, days: int) -> str | None:
    """Move a full ISO date by a number of days (partial dates are returned unchanged)."""
    d = to_date(iso)
    return (d + timedelta(days=days)).isoformat() if d else iso


def roll_year(iso: str | None, years: int) -> str | None:
    """Move an ISO (possibly partial) date by whole years; 29 February falls back to the 28th."""
    if not iso:
        return iso
    y = int(iso[:4]) + years
    rest = iso[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return f"{y:04d}{rest}"


def weekday_on_or_before(anchor: date, weekday: int) -> date:
    """The latest given weekday on or before the anchor (a bare weekday in a past-tense report)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_on_or_after(anchor: date, weekday: int) -> date:
    """The next given weekday on or after the anchor (a bare weekday in an announcement)."""
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)


def _convert(kind: str, m: re.Match[str], anchor: date | None) -> DateExpr | None:
    g = m.groupdict()
    ay = anchor.year if anchor else None
    y2 = int(g["y2"]) if g.get("y2") else None
    y1 = int(g["y1"]) if g.get("y1") else None
    inferred = False
    if kind == "year":
        return DateExpr(str(y2), str(y2), m.start(), m.end(), "year", m.group(0))
    m2 = month_number(g["m2"]) if g.get("m2") else None
    m1 = month_number(g["m1"]) if g.get("m1") else m2
    if y2 is None:
        y2 = y1 if y1 else ay
        inferred = y1 is None
    if y2 is None or m2 is None:
        return None
    if y1 is None:
        y1 = y2 if (m1 or 0) <= m2 else y2 - 1
    if kind == "month":
        iso = _iso(y2, m2)
        return DateExpr(iso, iso, m.start(), m.end(), "month", m.group(0), inferred)
    if kind == "mrange":
        first, last = _iso(y1, m1 or m2), _iso(y2, m2)
        if first is None or last is None or first > last:  # 'between December 2026 and February 2024'
            return None
        return DateExpr(first, last, m.start(), m.end(), "month", m.group(0), inferred)
    d2 = _day(g["d2"])
    end = _iso(y2, m2, d2)
    if end is None:
        return None
    if kind == "day":
        return DateExpr(end, end, m.start(), m.end(), "day", m.group(0), inferred)
    d1 = _day(g["d1"])
    start = _iso(y1, m1 or m2, d1)
    if start is None or start > end:
        return None
    expr = DateExpr(start, end, m.start(), m.end(), "range", m.group(0), inferred)
    if kind == "pair":
        expr.kind = "pair"
        expr.days = [start, end]
        expr.respectively = bool(g.get("resp"))
    return expr


def find_dates(text: str, anchor: date | None = None) -> list[DateExpr]:
    """Every absolute date expression in `text`, in text order, without overlaps.

    Years left out are taken from `anchor` (flag `year_inferred`); a missing anchor drops such dates.
    """
    found: list[DateExpr] = []
    if not _GATE.search(text):
        return found
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            expr = _convert(kind, m, anchor)
            if expr is not None:
                found.append(expr)
    found.sort(key=lambda e: (e.begin, -(e.stop - e.begin)))
    out: list[DateExpr] = []
    for e in found:
        if out and e.begin < out[-1].stop:
            continue
        out.append(e)
    return out


def find_relative(text: str, anchor: date | None, *, future: bool = False,
                  election: str | None = None, year_anchor: date | None = None) -> list[DateExpr]:
    """Relative expressions (today, yesterday, this month, next year, a bare weekday ...) resolved on `anchor`.

    `future` picks the next weekday instead of the last one; `election` is the ISO date that
    'election day' / 'the day after the vote' refer to, when the page gave one.  Without an anchor, the
    year-level expressions ('this year', 'by the end of the year') use `year_anchor` (a year the body gives).
    """
    out: list[DateExpr] = []
    low = text.lower()
    if not any(w in low for w in _REL_WORDS):
        return out
    if anchor is None:
        # the day is unknown, but the text still dates the activity: report it without a value
        for m in re.finditer(r"\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Ll]ast night|[Tt]his morning)\b", text):
            out.append(DateExpr(None, None, m.start(), m.end(), "relative", m.group(0), relative="unanchored"))
        if year_anchor is None:
            return out
        y = year_anchor.year
        for rx, rel in _RELATIVE:
            if rel not in ("year_end", "this_year", "next_year", "last_year"):
                continue
            for m in rx.finditer(text):
                if any(m.start() < e.stop and e.begin < m.end() for e in out):
                    continue
                yy = {"next_year": y + 1, "last_year": y - 1}.get(rel, y)
                iso = (None, f"{yy:04d}-12") if rel == "year_end" else (str(yy), str(yy))
                out.append(DateExpr(iso[0], iso[1], m.start(), m.end(), "relative", m.group(0), relative=rel))
        out.sort(key=lambda e: e.begin)
        return out
    for rx, rel in _RELATIVE:
        for m in rx.finditer(text):
            if any(m.start() < e.stop and e.begin < m.end() for e in out):
                continue
            iso: tuple[str | None, str | None]
            if rel == "today":
                a = anchor.isoformat()
                iso = (a, a)
            elif rel == "yesterday":
                a = (anchor - timedelta(days=1)).isoformat()
                iso = (a, a)
            elif rel == "tomorrow":
                a = (anchor + timedelta(days=1)).isoformat()
                iso = (a, a)
            elif rel == "this_month":
                a = f"{anchor.year:04d}-{anchor.month:02d}"
                iso = (a, a)
            elif rel == "next_month":
                y, mo = (anchor.year + 1, 1) if anchor.month == 12 else (anchor.year, anchor.month + 1)
                iso = (f"{y:04d}-{mo:02d}",) * 2
            elif rel == "last_month":
                if "earlier" in m.group(0).lower():
                    iso = (f"{anchor.year:04d}-{anchor.month:02d}",) * 2
                else:
                    y, mo = (anchor.year - 1, 12) if anchor.month == 1 else (anchor.year, anchor.month - 1)
                    iso = (f"{y:04d}-{mo:02d}",) * 2
            elif rel == "year_end":
                iso = (None, f"{anchor.year:04d}-12")
            elif rel == "this_year":
                iso = (str(anchor.year), str(anchor.year))
            elif rel == "next_year":
                iso = (str(anchor.year + 1), str(anchor.year + 1))
            elif rel == "last_year":
                iso = (str(anchor.year - 1), str(anchor.year - 1))
            elif rel == "day_after":
                if election and "vote" in m.group(0) or election and "election" in m.group(0):
                    a = shift(election, 1)
                    iso = (a, a)
                else:
                    iso = (None, None)  # resolved by the caller against the date referred to
            else:
                wd = WEEKDAYS[m["wd"].lower()]
                d = weekday_on_or_after(anchor, wd) if future else weekday_on_or_before(anchor, wd)
                iso = (d.isoformat(), d.isoformat())
            out.append(DateExpr(iso[0], iso[1], m.start(), m.end(), "relative", m.group(0), relative=rel))
    if election:
        for m in _ELECTION_DAY.finditer(text):
            if not any(m.start() < e.stop and e.begin < m.end() for e in out):
                out.append(DateExpr(election, election, m.start(), m.end(), "relative", m.group(0),
                                    relative="election_day"))
    out.sort(key=lambda e: e.begin)
    return out


_DURATION_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "a": 1, "an": 1,
    "two-and-a-half": 2.5,
}
_DURATION = re.compile(
    r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen"
    r"|two-and-a-half)[\s-](?P<unit>day|week|month|year)s?(?:-long)?\b",
    re.IGNORECASE,
)


@dataclass
class Duration:
    """A stated duration ('five-day', 'six weeks', 'one-month'); only day counts become dates."""

    amount: float
    unit: str
    text: str
    begin: int
    stop: int

    def as_text(self) -> str:
        """Readable form for the `duration` field ('six weeks', 'one month', '3-day')."""
        m = re.match(r"(.+?)[\s-](?:day|week|month|year)", self.text, re.IGNORECASE)
        word = (m.group(1) if m else self.text.split()[0]).strip()
        if word.lower() in ("a", "an"):
            word = "one"
        if word.isdigit():
            return f"{word}-{self.unit}"
        plural = "s" if self.amount != 1 else ""
        return f"{word} {self.unit}{plural}"


def find_durations(text: str) -> list[Duration]:
    """Durations in a text: '3-day training', 'six-week course', 'a week', 'one month'."""
    out = []
    for m in _DURATION.finditer(text):
        n = m["n"].lower()
        amount = float(n) if n.isdigit() else float(_DURATION_WORDS[n])
        out.append(Duration(amount, m["unit"].lower(), m.group(0), m.start(), m.end()))
    for m in re.finditer(r"\b(?:spent|for|over)\s+(?P<a>a|one)\s+(?P<unit>week|month)\b", text):
        out.append(Duration(1, m["unit"], f"one {m['unit']}", m.start(), m.end()))
    out.sort(key=lambda d: d.begin)
    return out
