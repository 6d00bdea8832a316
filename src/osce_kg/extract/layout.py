"""Page layout: what is boilerplate, what is title, metadata, dateline and body (EXTRACTION.md §2–§4, §14).

The extractor receives plain text in seven layout families (FORMATS.md §2).  This module reads the page line
by line and returns a :class:`Page`: the title, the header metadata, the dateline, the body region and a
*masked* copy of the text in which every boilerplate character (menu, metadata lines, footer, postal
addresses, duplicated paragraphs, photo credits, markdown images, host-portal lines) is a space.  The masked
copy has the same length as the page, so offsets found in it are offsets into the original page.

Boilerplate is recognised by shape (lines of a menu, `Key: value` metadata lines, postal-code lines) and
by small vocabularies (footer headings), never by page content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from osce_kg.extract.dates import parse_date

# ---------------------------------------------------------------------------------------------- vocab
META_KEYS = {
    "issued on": "issued_on", "issued by": "issued_by", "fields of work": "fields_of_work",
    "publishing date": "publishing_date", "content type": "content_type", "where we are": "where_we_are",
    "what we do": "what_we_do", "date": "date", "location": "location", "organized by": "organized_by",
    "organised by": "organized_by", "source": "source",
}
_META_RX = re.compile(
    r"^\s*-?\s*(?P<key>Issued on|Issued by|Fields of work|Publishing date|Content type|Where we are|What we do"
    r"|Date|Location|Organi[sz]ed by|Source)\s*:\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
LABELS = {"news item": "News Item", "press release": "Press Release"}
_MENU_WORDS = {"skip to main content", "search", "menu", "main navigation", "home"}
_FOOTER_RX = re.compile(
    r"^\s*(?:Related content|Share this page|Back to (?:events|news|top)|Share\s*\|"
    r"|Other (?:statements|news|articles) in this section|Pagination|Read more on this topic"
    r"|The OSCE bears no responsibility|Organization for Security and Co-operation in Europe\s*$"
    r"|-\s*Terms of use|-\s*Follow the Assembly|Print this page|Tags:|Related (?:news|stories)\b)",
    re.IGNORECASE,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_PUB_RX = re.compile(r"^\s*Publishing date\s*:", re.IGNORECASE)
_STAMP_LINE_RX = re.compile(r"^\s*(?:(?:date|posted|published|updated)\s*:?\s*)?(?P<d>\d{4}-\d\d-\d\d)(?:[ T]\d\d:\d\d(?::\d\d)?)?\s*$",
                            re.IGNORECASE)
_HOST_RX = re.compile(r"(?:›|»|\bPosted:|\bPublished:|\bnews portal\b|^\s*Home\s*[>/|])", re.IGNORECASE)
_POSTAL_RX = re.compile(r"^\s*(?:[A-Z]{1,2}-)?\d{2}-?\d{3,4}\s+\w|^\s*\d{4,5}\s+[A-ZÀ-Ž]\w+")
_STREET_RX = re.compile(r"\w+\s+\d+[a-z]?\s*$|^\s*(?:ul\.|str\.|\d+\s)", re.IGNORECASE)
_CONTACT_RX = re.compile(r"^\s*(?:Tel\.?|Phone|Fax|Mob(?:ile)?\.?|E-?mail|Web)\s*[:.]", re.IGNORECASE)
_MD_IMAGE_RX = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_CREDIT_RX = re.compile(r"\((?:OSCE|Photo|Photo:|©)\s*/?\s*[^()\n]{2,60}\)|\((?:Photo|Credit):?[^()\n]{2,60}\)")
_SECTION_PRESS = re.compile(r"^press (?:releases?|statements?)\b", re.IGNORECASE)
_SECTION_NEWS = re.compile(r"^(?:news|latest news|news items?)\s*$", re.IGNORECASE)

_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’.\-]*"
_CAPS_CITY = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD})*(?:\s?/\s?{_CAPS_WORD}(?:[ ]{_CAPS_WORD})*)*"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)")
_DMY = rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
_DASH = r"\s*(?:\(OSCE\)\s*)?[–—-]"
DATELINE_RX = re.compile(
    rf"(?P<city>{_CAPS_CITY})(?:,\s*(?P<country>[{_UPPER}][a-z]+(?:\s[A-Z][a-z]+)?))?,\s*(?P<date>{_DMY})"
    rf"(?P<dash>{_DASH})"
)
TITLE_DATELINE_RX = re.compile(
    rf"^(?P<city>[{_UPPER}][^\W\d_]+(?:[ -][{_UPPER}][^\W\d_]+)*(?:\s?/\s?[{_UPPER}][^\W\d_]+(?:[ -][{_UPPER}][^\W\d_]+)*)*)"
    rf"(?:,\s*(?P<country>[{_UPPER}][a-z]+(?:\s[A-Z][a-z]+)?))?,\s*(?P<date>{_DMY})(?P<dash>{_DASH})"
)
REVERSED_DATELINE_RX = re.compile(rf"^(?P<date>{_DMY}),\s*(?P<city>{_CAPS_CITY})\s*[–—-]")
CITY_ONLY_RX = re.compile(rf"^(?P<city>{_CAPS_CITY})(?:,?[ \t]*(?:\n|$)|,?\s*[–—-]\s)")
PLACE_DATE_RX = re.compile(rf"^(?P<city>{_CAPS_CITY})\s+(?P<date>{_DMY})\s*$")
_BARE_DATE_RX = re.compile(rf"^\s*{_DMY}\s*$")


# ---------------------------------------------------------------------------------------------- data
@dataclass
class Line:
    """One line of the page with its offsets."""

    text: str
    start: int
    end: int

    @property
    def strip(self) -> str:
        return self.text.strip()


@dataclass
class Dateline:
    """A dateline: city or cities (as written and in normal case), optional country, date and span."""

    cities: list[tuple[str, int, int]]
    date: date | None
    start: int
    end: int
    country: str | None = None
    caps: bool = True

    @property
    def city_names(self) -> list[str]:
        """Cities in normal case (CAPS dateline -> 'Vushtrri/Vučitrn'), diacritics kept."""
        return [normal_case(c) for c, _, _ in self.cities]


@dataclass
class Entry:
    """One page, or one entry of a listing page: header facts and the body region."""

    title: str = ""
    title_start: int = 0
    title_end: int = 0
    meta: dict[str, list[str]] = field(default_factory=dict)
    meta_present: set[str] = field(default_factory=set)
    meta_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    date_line_span: tuple[int, int] | None = None
    label: str | None = None
    section: str | None = None
    site: str | None = None
    event_type: str | None = None
    newsroom_date: date | None = None
    stamp: date | None = None
    dateline: Dateline | None = None
    body_start: int = 0
    body_end: int = 0
    captions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Page:
    """A parsed page: original text, masked text, listing flag and entries (one for a single page)."""

    text: str
    masked: str
    listing: bool
    heading: str | None
    entries: list[Entry]


def normal_case(caps: str) -> str:
    """'VUSHTRRI/VUČITRN' -> 'Vushtrri/Vučitrn', 'BANJA LUKA' -> 'Banja Luka'; mixed case is kept."""
    if caps != caps.upper():
        return caps
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), caps.lower())


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


class _Masker:
    """Collects character ranges to blank out; `apply` keeps newlines so line structure survives."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.buf = list(text)
        self._cache: str | None = text

    def span(self, start: int, end: int) -> None:
        start, end = max(0, start), min(end, len(self.buf))
        if start >= end:
            return
        self._cache = None
        seg = self.text[start:end]
        if "\n" not in seg:
            self.buf[start:end] = [" "] * (end - start)
        else:
            self.buf[start:end] = list(_NOT_NEWLINE.sub(" ", seg))

    def unmask(self, start: int, end: int) -> None:
        self._cache = None
        self.buf[start:end] = list(self.text[start:end])

    def line(self, ln: Line) -> None:
        self.span(ln.start, ln.end)

    def result(self) -> str:
        if self._cache is None:
            self._cache = "".join(self.buf)
        return self._cache


# ---------------------------------------------------------------------------------------------- menu
def _menu_end(lines: list[Line]) -> int:
    """Index of the first line after a leading navigation menu (0 when there is none).

    A menu is a run of `- item` lines, bare `-` lines and headings that are directly followed by such a
    line; a few fixed words (`Skip to main content`, `Search`) also belong to it.
    """
    n = len(lines)
    i = 0
    last_menu = -1
    stripped = [ln.strip for ln in lines]
    next_nonempty = [""] * (n + 1)
    for j in range(n - 1, -1, -1):
        next_nonempty[j] = stripped[j + 1] if j + 1 < n and stripped[j + 1] else next_nonempty[j + 1]

    def is_meta(s: str) -> bool:
        return ":" in s and _META_RX.match(s) is not None

    while i < n:
        s = stripped[i]
        nxt = next_nonempty[i]
        if s[:1] == "-":
            if is_meta(s):
                break
            last_menu = i
        elif s.lower() in _MENU_WORDS or (
                s and nxt[:1] == "-" and len(s) < 80 and not is_meta(nxt) and last_menu >= i - 1):
            last_menu = i  # a fixed menu word, or a heading directly over menu items
        elif not s and last_menu == i - 1 and last_menu >= 0:
            pass
        else:
            break
        i += 1
    end = last_menu + 1
    items = sum(1 for k in range(end) if stripped[k].startswith("- "))
    after = next((stripped[k] for k in range(end, n) if stripped[k]), "")
    # a short run of bullets is a menu only when a page header follows (label line, 'Newsroom', title+meta);
    # otherwise it is a title followed by a list in the body
    if end and items < 4 and after.lower() not in LABELS and after.lower() != "newsroom" and not any(
            is_meta(stripped[k]) for k in range(end, min(n, end + 4))) and stripped[0].lower() not in _MENU_WORDS:
        return 0
    return end


# ---------------------------------------------------------------------------------------------- meta
def _parse_meta(lines: list[Line], i: int, entry: Entry, masker: _Masker) -> int:
    """Read consecutive metadata lines from index i; returns the index after them."""
    n = len(lines)
    while i < n:
        m = _META_RX.match(lines[i].text)
        if not m:
            break
        key = META_KEYS[m["key"].lower()]
        values: list[str] = []
        masker.line(lines[i])
        entry.meta_present.add(key)
        spans = entry.meta_spans.setdefault(key, [])
        if m["value"]:
            values.append(m["value"])
            spans.append((lines[i].start + m.start("value"), lines[i].start + m.end("value")))
        i += 1
        # `- value` lines under a `- Key:` line (current layout)
        while i < n and lines[i].strip.startswith("- ") and not _META_RX.match(lines[i].text):
            values.append(lines[i].strip[2:].strip())
            off = lines[i].text.index(values[-1]) if values[-1] else 0
            spans.append((lines[i].start + off, lines[i].start + off + len(values[-1])))
            masker.line(lines[i])
            i += 1
        entry.meta.setdefault(key, []).extend(v for v in values if v)
    return i


def split_list(value: str) -> list[str]:
    """Comma-separated metadata values, trimmed, empty ones dropped."""
    return [v.strip() for v in value.split(",") if v.strip()]


# ---------------------------------------------------------------------------------------------- dateline
def find_dateline(text: str, start: int, limit: int) -> Dateline | None:
    """The dateline at the start of the body (or glued to a caption), searched in text[start:limit]."""
    seg = text[start:limit]
    m = REVERSED_DATELINE_RX.match(seg.lstrip())
    if m:
        off = start + (len(seg) - len(seg.lstrip()))
        return Dateline([(m["city"].strip(), off + m.start("city"), off + m.start("city") + len(m["city"].strip()))],
                        parse_date(m["date"]), off + m.start(), off + m.end())
    for m in DATELINE_RX.finditer(seg):
        pre = seg[:m.start()]
        # must open a paragraph or follow a caption that ends in a date/word glued to it
        if pre.strip() and not (pre.endswith("\n") or re.search(r"[\d.)a-z]$", pre)):
            continue
        if pre.strip() and (len(pre.strip()) > 400 or pre.count("\n\n") > 2):
            continue
        cities = _split_cities(m["city"], start + m.start("city"))
        if not cities:
            continue
        return Dateline(cities, parse_date(m["date"]), start + m.start(), start + m.end(), m["country"])
    first = seg.lstrip("\n ")
    off = start + len(seg) - len(first)
    m = TITLE_DATELINE_RX.match(first)
    if m:
        cities = _split_cities(m["city"], off + m.start("city"))
        return Dateline(cities, parse_date(m["date"]), off + m.start(), off + m.end(), m["country"], caps=False)
    m = CITY_ONLY_RX.match(first)
    if m and len(m["city"]) >= 3 and m["city"] not in ("OSCE", "ODIHR", "HCNM", "PA", "EU", "UN"):
        cities = _split_cities(m["city"], off + m.start("city"))
        if cities:
            return Dateline(cities, None, off + m.start(), off + m.end("city"))
    return None


def _split_cities(raw: str, offset: int) -> list[tuple[str, int, int]]:
    """Split `VIENNA/SARAJEVO` into two cities but keep bilingual `PRISHTINË/PRIŠTINA` whole.

    Two halves of one place share their first letters (a bilingual spelling); different places do not.
    """
    raw = raw.rstrip()
    parts = [p for p in re.split(r"\s?/\s?", raw)]
    if len(parts) == 1:
        return [(raw, offset, offset + len(raw))]
    bilingual = all(p[:3].upper() == parts[0][:3].upper() or p[:2].upper() == parts[0][:2].upper()
                    for p in parts[1:])
    if bilingual:
        return [(raw, offset, offset + len(raw))]
    out, pos = [], 0
    for p in parts:
        k = raw.index(p, pos)
        out.append((p, offset + k, offset + k + len(p)))
        pos = k + len(p)
    return out


# ---------------------------------------------------------------------------------------------- body noise
def _mask_body_noise(text: str, start: int, end: int, masker: _Masker) -> None:
    """Markdown images, photo credits, contact lines, postal addresses and repeated paragraphs."""
    seg = text[start:end]
    for m in _MD_IMAGE_RX.finditer(seg):
        masker.span(start + m.start(), start + m.end())
    for m in _CREDIT_RX.finditer(seg):
        masker.span(start + m.start(), start + m.end())
    lines = _lines(seg)
    for ln in lines:
        if _CONTACT_RX.match(ln.text):
            masker.span(start + ln.start, start + ln.end)
    # postal address blocks: short lines around a postal-code line
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.strip:
            cur.append(ln)
        else:
            if cur:
                blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    for blk in blocks:
        if len(blk) <= 6 and all(len(b.strip) < 70 for b in blk) and any(_POSTAL_RX.match(b.text) for b in blk):
            for b in blk:
                masker.span(start + b.start, start + b.end)
    # repeated paragraphs (older pages repeat one at the end): mask later copies
    seen: set[str] = set()
    for blk in blocks:
        key = " ".join(b.strip for b in blk)
        if len(key) < 60:
            continue
        if key in seen:
            masker.span(start + blk[0].start, start + blk[-1].end)
        seen.add(key)


def _captions(text: str, entry: Entry) -> list[tuple[int, int]]:
    """Photo captions: text before the dateline, and paragraphs that end in a photo credit."""
    out = []
    if entry.dateline and entry.dateline.start > entry.body_start:
        out.append((entry.body_start, entry.dateline.start))
    for m in re.finditer(r"[^\n]+", text[entry.body_start:entry.body_end]):
        if _CREDIT_RX.search(m.group(0)) and len(m.group(0)) < 400:
            out.append((entry.body_start + m.start(), entry.body_start + m.end()))
    return out


def _footer_start(lines: list[Line], i0: int) -> int:
    """Index of the first footer line at or after i0 (len(lines) when there is no footer)."""
    for i in range(i0, len(lines)):
        if _FOOTER_RX.match(lines[i].text):
            return i
    return len(lines)


# ---------------------------------------------------------------------------------------------- head
def _is_title_candidate(s: str) -> bool:
    if not s or s.startswith("-") or s.startswith("!["):
        return False
    if _META_RX.match(s) or PLACE_DATE_RX.match(s) or _BARE_DATE_RX.match(s) or _HOST_RX.search(s):
        return False
    if s.lower() in LABELS or s.lower() in ("newsroom",) or s.lower() in _MENU_WORDS:
        return False
    return len(s.split()) >= 4


def _is_paragraph(s: str) -> bool:
    """A body paragraph, not a heading: long, or a full sentence ending in a period."""
    return len(s) > 250 or (len(s.split()) > 22 and s.rstrip().endswith("."))


def _short_title(lines: list[Line], j: int, i_end: int) -> bool:
    """A title of fewer than four words: a short line set off by a blank line before a body paragraph."""
    s = lines[j].strip
    if not s or s.startswith("-") or _META_RX.match(s) or s.lower() in LABELS or s.lower() in _MENU_WORDS:
        return False
    if j + 1 >= i_end or lines[j + 1].strip:
        return False
    k = j + 1
    while k < i_end and not lines[k].strip:
        k += 1
    return k < i_end and (len(lines[k].strip) > 100 or _MD_IMAGE_RX.search(lines[k].strip) is not None)


def _parse_single(text: str, lines: list[Line], i0: int, i_end: int, masker: _Masker, site: str | None) -> Entry:
    entry = Entry(site=site)
    i = i0
    # host-portal block: a block of lines containing a breadcrumb or a 'Posted:' stamp
    while i < i_end:
        block_end = i
        while block_end < i_end and lines[block_end].strip:
            block_end += 1
        block = lines[i:block_end]
        if block and any(_HOST_RX.search(b.text) for b in block):
            for b in block:
                stamp = parse_date(b.text.split(":", 1)[-1]) if _HOST_RX.search(b.text) else None
                if stamp and entry.stamp is None:
                    entry.stamp = stamp
                masker.line(b)
            i = block_end
            while i < i_end and not lines[i].strip:
                i += 1
            continue
        break
    # header lines before the title: label, 'Newsroom', section headings
    title_idx = None
    j = i
    while j < i_end:
        s = lines[j].strip
        if not s:
            j += 1
            continue
        low = s.lower()
        if low in LABELS:
            entry.label = LABELS[low]
            masker.line(lines[j])
        elif low == "newsroom":
            masker.line(lines[j])
        elif (_is_title_candidate(s) and not DATELINE_RX.match(s) and not _is_paragraph(s)) or _short_title(
                lines, j, i_end):
            title_idx = j
            break
        elif _BARE_DATE_RX.match(s) and entry.newsroom_date is None:
            entry.newsroom_date = parse_date(s)
            entry.date_line_span = (lines[j].start, lines[j].end)
            masker.line(lines[j])
        else:
            if len(s.split()) <= 4 and not DATELINE_RX.search(s):
                entry.section = s if entry.section is None or _SECTION_PRESS.match(s) or _SECTION_NEWS.match(s) \
                    else entry.section
                if _SECTION_PRESS.match(s) or _SECTION_NEWS.match(s):
                    entry.section = s
                masker.line(lines[j])
            else:
                break
        j += 1
    if title_idx is None:
        title_idx = i
        while title_idx < i_end and not lines[title_idx].strip:
            title_idx += 1
    tl = lines[title_idx] if title_idx < i_end else Line("", 0, 0)
    entry.title, entry.title_start, entry.title_end = tl.strip, tl.start + (len(tl.text) - len(tl.text.lstrip())), \
        tl.start + len(tl.text.rstrip())
    k = title_idx + 1
    # event type line (sub-site event pages): one short line followed by metadata
    if k < i_end and lines[k].strip and len(lines[k].strip.split()) <= 3 and k + 1 < i_end \
            and not lines[k].strip.startswith("-") and not _META_RX.match(lines[k].text) \
            and _META_RX.match(lines[k + 1].text):
        entry.event_type = lines[k].strip
        masker.line(lines[k])
        k += 1
    k = _parse_meta(lines, k, entry, masker)
    # Newsroom place-date line, or a bare date line, under the title
    while k < i_end and not lines[k].strip:
        k += 1
    if k < i_end:
        m = PLACE_DATE_RX.match(lines[k].strip)
        if m or _BARE_DATE_RX.match(lines[k].text):
            entry.newsroom_date = parse_date(m["date"] if m else lines[k].strip)
            entry.date_line_span = (lines[k].start, lines[k].end)
            masker.line(lines[k])
            k += 1
    entry.body_start = lines[k].start if k < i_end else (lines[i_end - 1].end if i_end else 0)
    entry.body_end = lines[i_end - 1].end if i_end > 0 else len(text)
    for ln in lines[k:i_end]:  # a syndicating portal's date stamp ('date 2021-05-04') is not body text
        sm = _STAMP_LINE_RX.match(ln.text)
        if sm:
            entry.stamp = entry.stamp or parse_date(sm["d"])
            masker.line(ln)
    _mask_body_noise(text, entry.body_start, entry.body_end, masker)
    entry.dateline = find_dateline(masker.result(), entry.body_start, min(entry.body_end, entry.body_start + 600))
    entry.captions = _captions(text, entry)
    # event pages: the Date:/Location: lines are body text, so unmask them
    if "date" in entry.meta_present or "location" in entry.meta_present:
        for ln in lines[title_idx:k]:
            mm = _META_RX.match(ln.text)
            if mm and META_KEYS[mm["key"].lower()] in ("date", "location"):
                masker.unmask(ln.start, ln.end)
    return entry


def _parse_listing(text: str, lines: list[Line], i0: int, i_end: int, masker: _Masker) -> tuple[str | None, list[Entry]]:
    """Listing page: heading, then entries that each start with a title line followed by 'Publishing date:'."""
    heading = None
    pub_idx = [i for i in range(i0, i_end) if _PUB_RX.match(lines[i].text)]
    first_title = pub_idx[0] - 1
    for j in range(i0, first_title):
        s = lines[j].strip
        if s and heading is None and s.lower() != "newsroom" and len(s.split()) <= 6 and not s.lower().startswith("sort"):
            heading = s
        masker.line(lines[j])
    entries: list[Entry] = []
    seen_titles: set[str] = set()
    for n, p in enumerate(pub_idx):
        t = p - 1
        while t > i0 and not lines[t].strip:
            t -= 1
        nxt_title = (pub_idx[n + 1] - 1) if n + 1 < len(pub_idx) else i_end
        while nxt_title > p and n + 1 < len(pub_idx) and not lines[nxt_title - 1].strip:
            nxt_title -= 1
        e = Entry()
        tl = lines[t]
        e.title, e.title_start, e.title_end = tl.strip, tl.start, tl.start + len(tl.text.rstrip())
        k = _parse_meta(lines, p, e, masker)
        if k < len(lines) and lines[k].strip == e.title:  # some lists repeat the title under the metadata
            masker.line(lines[k])
            k += 1
        e.body_start = lines[k].start if k < len(lines) else len(text)
        end_idx = nxt_title if n + 1 < len(pub_idx) else i_end
        # the last entry stops at the first blank line after its teaser
        if n + 1 == len(pub_idx):
            q = k
            while q < end_idx and not lines[q].strip:
                q += 1
            while q < end_idx and lines[q].strip:
                q += 1
            for ln in lines[q:i_end]:
                masker.line(ln)
            end_idx = q
        e.body_end = lines[end_idx - 1].end if end_idx - 1 >= k else e.body_start
        _mask_body_noise(text, e.body_start, e.body_end, masker)
        e.dateline = find_dateline(masker.result(), e.body_start, min(e.body_end, e.body_start + 300))
        if e.title in seen_titles:
            masker.span(e.title_start, e.body_end)
            continue
        seen_titles.add(e.title)
        entries.append(e)
    return heading, entries


def parse_page(text: str) -> Page:
    """Split a page into boilerplate and content; see the module docstring."""
    lines = _lines(text)
    masker = _Masker(text)
    i0 = _menu_end(lines)
    site = None
    for ln in lines[:i0]:
        s = ln.strip
        if s and not s.startswith("-") and s.lower() not in _MENU_WORDS:
            site = s  # a sub-site's name heads its menu ('OSCE Parliamentary Assembly')
            break
    if i0:
        masker.span(0, lines[i0 - 1].end)
    i_end = _footer_start(lines, i0 + 1)
    if i_end < len(lines):
        masker.span(lines[i_end].start, len(text))
    n_pub = sum(1 for ln in lines[i0:i_end] if _PUB_RX.match(ln.text))
    if n_pub >= 2:
        heading, entries = _parse_listing(text, lines, i0, i_end, masker)
        return Page(text, masker.result(), True, heading, entries)
    entry = _parse_single(text, lines, i0, i_end, masker, site)
    return Page(text, masker.result(), False, None, [entry])
