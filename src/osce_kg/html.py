"""HTML page → the plain text the extractor reads, plus the metadata the page carries.

The extractor (`osce_kg.extract`) reads plain text in the layouts of FORMATS.md: an optional label line
(`News Item` / `Press Release`), the title, metadata lines (`- Issued on:` / `- value`…), then the body
paragraphs one per line with blank lines between them; listing pages in layout G (title, `Publishing date:`,
`Content type:`, `Where we are:`, `What we do:`, teaser per entry). This module turns osce.org HTML (the
current Drupal layout, the older body-only pages, sub-sites, listing pages) into exactly that, so an HTML
page and its text copy give the same extraction record.

Why our own DOM rules on lxml instead of a generic boilerplate remover (trafilatura, readability): those keep
"the main article" and drop short lines, which here are precisely the facts (the `Issued by` unit, the field
list, the listing entries' metadata, photo captions); they also do not keep a listing page's structure.
lxml is a maintained C parser that is fast (3–4 ms for a typical page, about 15 ms for a 100 KB page with a
2,000-entry menu), tolerant of broken markup and works offline; the rules below are by element, role and
class shape, never by page content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree

__all__ = ["HtmlPage", "looks_like_html", "parse_html", "fragment_to_text", "node_id_from_url", "iso_date"]

# ---------------------------------------------------------------------------------------------- vocabulary
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul", "html",
}
# blocks that stand as a paragraph of their own (a blank line before and after)
# (headings are not: the title line must be followed directly by the metadata lines, as on the site)
_PARA = {"p", "blockquote", "figcaption", "pre", "table", "ul", "ol", "dl",
         "hr", "figure", "address"}
_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "button", "input",
    "select", "textarea", "option", "head", "link", "meta", "nav", "aside", "video", "audio", "map", "picture",
    "source", "img",
}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar",
               "dialog", "alert"}
# class / id words (split on - and _) that mark page chrome on osce.org, its sub-sites and common CMS themes
_CHROME_WORDS = {
    "menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "share", "sharing", "social", "cookie",
    "cookies", "sidebar", "pager", "pagination", "skip", "toolbar", "footer", "related", "print", "addthis",
    "sharethis", "comments", "newsletter", "subscribe", "login", "switcher", "tabs", "tags", "readmore",
    "offcanvas", "backtotop", "feedback", "exposed", "filters", "sort", "more-link",
}
_CHROME_TOKENS = {"visually-hidden", "sr-only", "element-invisible", "screen-reader-text", "hidden", "d-none",
                  "more-link", "read-more", "back-to-top", "site-header", "site-footer", "region-header",
                  "region-footer", "page-footer", "views-exposed-form", "printlink", "printfriendly"}
_CHROME_TEXT = re.compile(r"^\s*(?:read more|more|back to (?:top|news|events)|share(?: this page)?|print|"
                          r"skip to main content|sort by:.*|previous|next|first|last|‹|›|«|»|"
                          r"printer[- ]friendly version.*|e-?mail this page.*)\s*[›»>]*\s*$",
                          re.IGNORECASE)
META_LABELS = ("Issued on", "Issued by", "Fields of work", "Publishing date", "Content type", "Where we are",
               "What we do", "Date", "Location", "Organized by", "Organised by", "Source")
_LABEL_RX = re.compile(r"^\s*-?\s*(?P<key>" + "|".join(META_LABELS) + r")\s*:\s*(?P<value>.*?)\s*$", re.I)
_LISTING_LABELS = {"publishing date", "content type", "where we are", "what we do", "location"}
_PAGE_LABELS = {"news item": "News Item", "press release": "Press Release"}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenews", "analysisnewsarticle", "blogposting",
                  "backgroundnewsarticle", "report", "pressrelease"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DMY_RX = re.compile(r"\b\d{1,2}\s+(?:" + "|".join(_MONTHS) + r")\s+\d{4}\b")
_ISO_RX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MONTH_NO = {m[:3].lower(): n for n, m in enumerate(_MONTHS, 1)}
_MONTH_ANY = r"(?P<m>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DMY_TEXT_RX = re.compile(r"\b(?P<d>\d{1,2})\.?\s+" + _MONTH_ANY + r",?\s+(?P<y>\d{4})\b", re.I)
_MDY_TEXT_RX = re.compile(_MONTH_ANY + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b", re.I)
_DOTTED_RX = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|main|"
    r"section|p|h[1-6]|table|ul|span|a|header|nav|link|script|style)\b", re.IGNORECASE | re.DOTALL)
_HTML_ANYWHERE = re.compile(r"<(?:html|body)\b[^>]*>|</(?:p|div|html|body)>", re.IGNORECASE)
_OSCE_HOSTS = re.compile(r"(?:^|\.)(?:osce\.org|oscepa\.org|oscebmsc\.org)$", re.IGNORECASE)
_NODE_RX = re.compile(r"/(\d{2,})/?$")
# huge_tree: libxml2 otherwise stops at 256 nested elements and drops the rest of a badly nested page
# (etree's own HTMLParser, not lxml.html's: plain elements are several times cheaper to create and walk)
_ISSUED_RX = re.compile(r"\bIssued (?:on|by)\s*:")
_ITEMSCOPES = etree.XPath("//*[@itemscope]")
_HAS_MICRODATA = etree.XPath("boolean(//*[@itemscope])")
_HAS_HEADING = etree.XPath("boolean(.//h2|.//h3|.//h4|.//h5)")
_PARSER = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)


@dataclass
class HtmlPage:
    """What an HTML page gives: extractor-ready text, its metadata (Page.metadata keys), URL and node id."""

    text: str
    metadata: dict = field(default_factory=dict)
    url: str | None = None
    node_id: str | None = None
    listing: bool = False


# ---------------------------------------------------------------------------------------------- sniffing
def looks_like_html(text: str) -> bool:
    """True when text is HTML markup (a .txt or stdin that holds a saved web page, not a text page).

    Checks the start of the text (a doctype or a structural tag opens it) and, for fragments, whether
    closing block tags are frequent; a text page that quotes a tag or two is not HTML.
    """
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_ANYWHERE.findall(head)) >= 3


# ---------------------------------------------------------------------------------------------- helpers
def iso_date(value: object) -> str | None:
    """A date value as YYYY-MM-DD: ISO strings (with a time), `D Month YYYY`, `Month D, YYYY`, `DD.MM.YYYY`.

    Our own small parser (not the extractor's) so reading pages does not load the whole extractor.
    """
    if value is None:
        return None
    s = str(value).strip()
    m = _ISO_RX.match(s)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY_TEXT_RX.search(s)
    if m:
        return _valid(int(m["y"]), _MONTH_NO[m["m"][:3].lower()], int(m["d"]))
    m = _MDY_TEXT_RX.search(s)
    if m:
        return _valid(int(m["y"]), _MONTH_NO[m["m"][:3].lower()], int(m["d"]))
    m = _DOTTED_RX.search(s)
    if m:
        return _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def human_date(iso: str) -> str:
    """'2023-09-04' → '4 September 2023', the form osce.org shows (and the extractor reads)."""
    d = date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def node_id_from_url(url: str | None) -> str | None:
    """The osce.org numeric node id that ends a URL (`https://www.osce.org/odihr/553945` → '553945')."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.hostname and not _OSCE_HOSTS.search(parts.hostname):
        return None
    m = _NODE_RX.search(parts.path)
    return m[1] if m else None


def _text_of(el: etree._Element) -> str:
    """All text inside an element (what lxml.html's text_content() gives, for plain etree elements)."""
    return "".join(el.itertext())


def _space(s: str) -> str:
    return " ".join(s.split())


def _classes(el: etree._Element) -> list[str]:
    return (f"{el.get('class') or ''} {el.get('id') or ''}").lower().split()


def _is_chrome(el: etree._Element) -> bool:
    """Page chrome by element, role, hidden state or class/id words (menus, share links, pagers…)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    if tag == "form" and ("search" in " ".join(_classes(el)) or len(_text_of(el)) < 300):
        return True
    for token in _classes(el):
        if token in _CHROME_TOKENS:
            return True
        parts = set(re.split(r"[-_]+", token))
        if parts & _CHROME_WORDS:
            return True
    return tag in ("header", "footer") and _outside_article(el)


def _outside_article(el: etree._Element) -> bool:
    return not any(a.tag in ("article", "main") for a in el.iterancestors())


# ---------------------------------------------------------------------------------------------- rendering
class _Lines:
    """Collects rendered lines: inline text is joined, block edges end a line, paragraphs get a blank line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.cur.append(text)

    def newline(self) -> None:
        if self.cur:
            line = _space("".join(self.cur))
            self.cur = []
            if line and not _CHROME_TEXT.match(line):
                self.lines.append(line)

    def blank(self) -> None:
        self.newline()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self) -> list[str]:
        self.newline()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return self.lines


def _render(el: etree._Element, out: _Lines, drop_chrome: bool = True) -> None:
    """Depth-first rendering of an element's visible text into lines (tails are the caller's business)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag:  # comments, processing instructions
        return
    if drop_chrome and _is_chrome(el):
        return
    if tag == "br":
        out.newline()
        return
    para, block = tag in _PARA, tag in _BLOCK
    if para:
        out.blank()
    elif block:
        out.newline()
    out.add(el.text)
    for child in el:
        _render(child, out, drop_chrome)
        if child.tail:
            out.add(child.tail)
    if para:
        out.blank()
    elif block or tag in ("td", "th"):
        out.newline()


def render_lines(el: etree._Element, drop_chrome: bool = True) -> list[str]:
    out = _Lines()
    _render(el, out, drop_chrome)
    return out.result()


def _join_labels(lines: list[str], one_line: bool) -> list[str]:
    """Label lines (`Issued by:` alone) and the value lines under them → the extractor's metadata form.

    one_line: listing layout G (`Label: v1, v2`); else single-page lines (see `meta_lines`).
    Labels already written with their value on one line are kept as they are.
    """
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        m = _LABEL_RX.match(lines[i])
        if not m or m["value"]:
            out.append(lines[i])
            i += 1
            continue
        label = m["key"][0].upper() + m["key"][1:].lower()
        values: list[str] = []
        j = i + 1
        while j < n and lines[j] and not _LABEL_RX.match(lines[j]) and len(lines[j]) < 300 and len(values) < 40:
            values.append(lines[j].lstrip("- ").rstrip(","))
            j += 1
        if j == i + 1 and j + 1 < n and lines[j] == "" and lines[j + 1] and _is_value(lines[j + 1]):
            values.append(lines[j + 1])  # a value rendered as its own paragraph
            j += 2
        out.extend(meta_lines(label, values, one_line))
        i = j
    return out


def meta_lines(label: str, values: list[str], listing: bool = False) -> list[str]:
    """Metadata lines the extractor reads: `Label: v1, v2`; on a single page one `Issued by:` line per unit.

    Units are not comma-joined on single pages because unit names contain commas (`Transnational Threats
    Department, OSCE Secretariat`) and the extractor does not split `Issued by` values. The one-line form is
    used (not the site's `- Label:` / `- value` lines) because a page without a label line would otherwise
    open with a title followed by `- ` lines, which reads like a menu.
    """
    values = [v for v in (" ".join(x.split()) for x in values) if v]
    if not listing and label.lower() in ("issued by", "organized by", "organised by", "source") and values:
        return [f"{label}: {v}" for v in values]
    return [f"{label}: {', '.join(values)}".rstrip()]


def _is_value(line: str) -> bool:
    return len(line) < 120 and not line.endswith(".") and not _LABEL_RX.match(line)


# ---------------------------------------------------------------------------------------------- metadata
def _jsonld_objects(doc: etree._Element) -> Iterator[dict]:
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip().removeprefix("<!--").removesuffix("-->").strip()
        raw = re.sub(r"^//\s*<!\[CDATA\[|//\s*\]\]>$", "", raw).strip()
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw))  # trailing commas, a common CMS slip
            except ValueError:
                continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(reversed(obj))
            elif isinstance(obj, dict):
                yield obj
                if "@graph" in obj:
                    stack.append(obj["@graph"])


def _types(obj: dict) -> set[str]:
    t = obj.get("@type") or obj.get("type") or []
    return {str(x).rsplit("/", 1)[-1].lower() for x in (t if isinstance(t, list) else [t])}


def _names(value: object) -> list[str]:
    """Names from a JSON-LD value: a string, an object with `name`, or a list of these."""
    if value is None:
        return []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        name = value.get("name") or value.get("headline") or value.get("@value")
        return _names(name) if name else []
    s = _space(str(value))
    return [s] if s else []


def _first(value: object) -> str | None:
    names = _names(value)
    return names[0] if names else None


def _microdata(doc: etree._Element) -> dict:
    """The first schema.org Article-like item in microdata: its props (nested items give their name)."""
    if not _HAS_MICRODATA(doc):
        return {}
    for scope in _ITEMSCOPES(doc):
        kind = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind not in _ARTICLE_TYPES:
            continue
        props: dict[str, list[str]] = {}
        for el in scope.xpath(".//*[@itemprop]"):
            # skip props of nested items other than their direct `name`
            owner = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
            if owner is not scope:
                continue
            if el.get("itemscope") is not None:
                name = next((d for d in el.iterdescendants() if isinstance(d.tag, str)
                             and d.get("itemprop") == "name"), None)
                value = _prop_value(name) if name is not None else _space(_text_of(el))
            else:
                value = _prop_value(el)
            for prop in el.get("itemprop").split():
                if value:
                    props.setdefault(prop, []).append(value)
        return props
    return {}


def _prop_value(el: etree._Element) -> str:
    for attr in ("content", "datetime"):
        if el.get(attr):
            return _space(el.get(attr))
    if el.tag in ("a", "link") and el.get("href"):
        return el.get("href").strip()
    return _space(_text_of(el))


def _metadata(doc: etree._Element, base_url: str | None) -> dict:
    """Page.metadata from <meta>, <link rel=canonical>, JSON-LD and microdata (first source that has a value)."""
    metas: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") and key not in metas:
            metas[key] = _space(m.get("content"))
    canonical = next((ln.get("href") for ln in doc.iter("link")
                      if "canonical" in (ln.get("rel") or "").lower().split() and ln.get("href")), None)
    article: dict = {}
    for obj in _jsonld_objects(doc):
        if _types(obj) & _ARTICLE_TYPES:
            article = obj
            break
    micro = _microdata(doc)

    def pick(*values: object) -> str | None:
        return next((_space(str(v)) for v in values if v), None)

    meta: dict = {}
    title_el = doc.find(".//title")
    page_title = _space(_text_of(title_el)) if title_el is not None else ""
    page_title = re.sub(r"^OSCE\s*:\s*", "", page_title)
    page_title = re.sub(r"\s+[|–—-]\s+[^|–—-]*\b(?:OSCE|ODIHR|HCNM|RFoM)\b[^|–—-]*$", "", page_title)
    meta["title"] = pick(_first(article.get("headline")) or _first(article.get("name")),
                         metas.get("og:title"), (micro.get("headline") or micro.get("name") or [None])[0],
                         page_title)
    published = pick(_first(article.get("datePublished")), metas.get("article:published_time"),
                     (micro.get("datePublished") or [None])[0], metas.get("dcterms.date"),
                     metas.get("dc.date"), metas.get("date"))
    if published and iso_date(published):
        meta["date_published"] = iso_date(published)
    main_entity = article.get("mainEntityOfPage")
    if isinstance(main_entity, dict):
        main_entity = main_entity.get("@id") or main_entity.get("url")
    url = pick(canonical, metas.get("og:url"), _first(article.get("url")),
               main_entity if isinstance(main_entity, str) else None, (micro.get("url") or [None])[0])
    if url:
        meta["url"] = urljoin(base_url, url) if base_url else url
    # issuers are organisations; a person named as author (a sub-site's editor) is kept apart
    authors = article.get("author")
    authors = authors if isinstance(authors, list) else [authors] if authors else []
    people = [a for a in authors if isinstance(a, dict) and "person" in _types(a)]
    issuers = _names([a for a in authors if a not in people]) or micro.get("author", [])
    if issuers:
        meta["issuers"] = _dedupe(issuers)
    if people:
        meta["authors"] = _dedupe(_names(people))
    publisher = _first(article.get("publisher")) or (micro.get("publisher") or [None])[0]
    if publisher:
        meta["publisher"] = publisher
    fields = _names(article.get("about")) or micro.get("about", [])
    if fields:
        meta["fields_of_work"] = _dedupe(fields)
    description = pick(metas.get("og:description"), metas.get("description"), article.get("description"))
    if description:
        meta["description"] = description
    lang = doc.get("lang") or metas.get("og:locale") or article.get("inLanguage")
    if lang:
        meta["language"] = str(lang)
    return {k: v for k, v in meta.items() if v}


def _dedupe(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# ---------------------------------------------------------------------------------------------- structure
def _content_root(doc: etree._Element) -> etree._Element:
    """The element that holds the page's own content: an Article item, <main>, the biggest <article>, body."""
    scopes = [el for el in doc.xpath("//*[@itemscope][@itemtype]")
              if el.get("itemtype").rstrip("/").rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES
              and el.tag not in ("head", "html", "body")]
    # several Article items are the entries of a listing, not the page; a small one holds only a header
    body = doc.find(".//body")
    if len(scopes) == 1 and len(_text_of(scopes[0])) >= 0.3 * len(_text_of(doc if body is None else body)):
        return scopes[0]
    for xpath in ("//main", "//*[@role='main']", "//*[@id='main-content']", "//*[@id='content']"):
        found = doc.xpath(xpath)
        if found:
            return found[0]
    articles = doc.xpath("//article")
    if articles:
        best = max(articles, key=lambda a: len(_text_of(a)))
        if len(articles) == 1:
            return best
        return best.getparent() if best.getparent() is not None else best
    body = doc.find(".//body")
    return body if body is not None else doc


def _entry_containers(root: etree._Element) -> list[etree._Element]:
    """The entries of a listing: sibling elements that each hold a linked title and a date.

    Chosen as the largest group of such siblings under one parent; page chrome is left out first.
    """
    best: list[etree._Element] = []
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < 2 or _is_chrome(parent):
            continue
        children = [c for c in parent if isinstance(c.tag, str) and _is_entry(c)]
        if len(children) > len(best):
            best = children
    return best if len(best) >= 2 else []


def _is_entry(el: etree._Element) -> bool:
    if el.tag in _DROP_TAGS or _is_chrome(el):
        return False
    has_title = _HAS_HEADING(el) or any(len(_text_of(a).split()) >= 4 for a in el.iter("a"))
    if not has_title:
        return False
    text = _text_of(el)
    return el.find(".//time") is not None or "publishing date" in text.lower() or bool(_DMY_RX.search(text))


def _is_listing(root: etree._Element) -> list[etree._Element]:
    """The entries when the content is a listing (they hold at least half its text), else []."""
    entries = _entry_containers(root)
    if not entries:
        return []
    inside = sum(len(_space(_text_of(e))) for e in entries)
    total = len(_space(" ".join(render_lines(root))))
    return entries if total and inside >= 0.5 * total else []


def _render_entry(el: etree._Element, base_url: str | None) -> tuple[list[str], dict]:
    """One listing entry in layout G: title, metadata lines (one line each), teaser on one line."""
    heading = next((h for h in el.iter() if isinstance(h.tag, str) and h.tag in ("h2", "h3", "h4", "h5")), None)
    link = (heading.find(".//a") if heading is not None else None)
    if link is None:
        link = next((a for a in el.iter("a") if len(_space(_text_of(a)).split()) >= 4), None)
    title_el = heading if heading is not None else link
    title = _space(_text_of(title_el)) if title_el is not None else ""
    lines = _join_labels(render_lines(el), one_line=True)
    meta_lines: list[str] = []
    teaser: list[str] = []
    title_seen = False
    for line in lines:
        if not line:
            continue
        if not title_seen and line == title:
            title_seen = True
            continue
        m = _LABEL_RX.match(line)
        if m and m["key"].lower() in _LISTING_LABELS:
            meta_lines.append(line)
        elif not teaser and not meta_lines and _DMY_RX.fullmatch(line.strip()):
            meta_lines.append(f"Publishing date: {line.strip()}")
        else:
            teaser.append(line)
    if not any(ln.lower().startswith("publishing date") for ln in meta_lines):
        t = el.find(".//time")
        when = iso_date(t.get("datetime") or _text_of(t)) if t is not None else None
        # an entry without a date still needs the line: it marks the entry for the extractor
        meta_lines.insert(0, f"Publishing date: {human_date(when)}" if when else "Publishing date:")
        if t is not None:
            shown = _space(_text_of(t))
            teaser = [ln for ln in teaser if ln != shown]
    order = ["publishing date", "content type", "location", "where we are", "what we do"]
    meta_lines.sort(key=lambda ln: order.index(_LABEL_RX.match(ln)["key"].lower()))
    info = {"title": title}
    if link is not None and link.get("href"):
        info["url"] = urljoin(base_url, link.get("href")) if base_url else link.get("href")
    date_line = next(ln for ln in meta_lines if ln.lower().startswith("publishing date"))
    if iso_date(date_line.split(":", 1)[1]):
        info["date_published"] = iso_date(date_line.split(":", 1)[1])
    out = [title, *meta_lines]
    if teaser:
        out.append(" ".join(teaser))
    return out, info


def _listing_text(root: etree._Element, entries: list[etree._Element], title: str | None,
                  base_url: str | None) -> tuple[str, list[dict]]:
    # the heading: the page's h1 (or its title) and the lines before the first entry (the tagline)
    first = entries[0]
    head_lines: list[str] = []
    h1 = root.find(".//h1")
    if h1 is None and root.getroottree().getroot() is not None:
        h1 = root.getroottree().getroot().find(".//h1")
    heading = _space(_text_of(h1)) if h1 is not None else (title or "")
    if heading:
        head_lines.append(heading)
    intro: list[str] = []
    for el in root.iter():
        if el is first:
            break
        if isinstance(el.tag, str) and el.tag == "p" and not _is_chrome(el) and \
                not any(_is_chrome(a) for a in el.iterancestors()):
            intro.extend(render_lines(el))
    head_lines.extend(t for t in intro if t and t != heading)
    blocks = ["\n".join(head_lines)]
    infos = []
    for entry in entries:
        lines, info = _render_entry(entry, base_url)
        if info.get("title"):
            blocks.append("\n".join(lines))
            infos.append(info)
    return "\n\n".join(blocks) + "\n", infos


def _heading(root: etree._Element, title: str | None) -> str | None:
    """The title as shown: the <h1>, else a headline-marked or sub-heading element matching the page title."""
    h1 = root.find(".//h1")
    if h1 is not None and _space(_text_of(h1)):
        return _space(_text_of(h1))
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("itemprop") == "headline" or el.tag in ("h2", "h3")):
            text = _space(_text_of(el))
            if text and (el.get("itemprop") == "headline" or text == title):
                return text
    return None


def _shown_meta_lines(lines: list[str], t: int, shown: dict[str, list[str]]) -> list[str]:
    """Unlabelled date/author lines under the title (marked as such in microdata) → `- Issued on:`… lines."""
    out_meta: list[str] = []
    drop: set[int] = set()
    for key, label in (("datePublished", "Issued on"), ("author", "Issued by")):
        values = shown.get(key) or []
        hits = [i for i in range(t + 1, min(len(lines), t + 12)) if lines[i] in values]
        if not hits:
            continue
        drop.update(hits)
        values = []
        for i in hits:
            value = lines[i]
            if key == "datePublished":
                iso = iso_date(shown.get("datePublished_iso", [value])[0]) or iso_date(value)
                value = human_date(iso) if iso else value
            values.append(value)
        out_meta.extend(meta_lines(label, values[:1] if key == "datePublished" else values))
    if not out_meta:
        return lines
    rest = [ln for i, ln in enumerate(lines[t + 1:], t + 1) if i not in drop]
    while rest and rest[0] == "":
        rest = rest[1:]
    return lines[:t + 1] + out_meta + [""] + rest


def _shown_microdata(doc: etree._Element) -> dict[str, list[str]]:
    """The visible text of microdata date and author elements (to label them as metadata lines)."""
    shown: dict[str, list[str]] = {}
    for el in doc.xpath("//*[@itemprop='datePublished' or @itemprop='author']"):
        prop = el.get("itemprop")
        if prop == "datePublished" and el.tag != "meta":
            shown.setdefault("datePublished", []).append(_space(_text_of(el)))
            shown.setdefault("datePublished_iso", []).append(el.get("datetime") or el.get("content") or "")
        elif prop == "author" and el.tag != "meta":
            shown.setdefault("author", []).append(_space(_text_of(el)))
    return shown


def _single_text(root: etree._Element, title: str | None, shown_meta: dict[str, list[str]] | None = None
                 ) -> tuple[str, str | None]:
    """A single page: label line, title, metadata lines, then the body (paragraphs, captions)."""
    lines = _join_labels(render_lines(root), one_line=False)
    heading = _heading(root, title)
    if heading is None and title:
        lines = [title, "", *lines]
        heading = title
    if heading in lines and shown_meta and not any(_LABEL_RX.match(ln) for ln in lines[:60]):
        lines = _shown_meta_lines(lines, lines.index(heading), shown_meta)
    label = next((_PAGE_LABELS[ln.lower()] for ln in lines[:40] if ln.lower() in _PAGE_LABELS), None)
    # metadata blocks shown after the body (a sidebar, a footer box) move up under the title
    if heading in lines:
        t = lines.index(heading)
        long_seen = False
        moved: list[str] = []
        kept: list[str] = []
        i = t + 1
        while i < len(lines):
            ln = lines[i]
            m = _LABEL_RX.match(ln)
            if m and long_seen and m["key"].lower() in ("issued on", "issued by", "fields of work"):
                moved.append(ln)
                i += 1
                continue
            if len(ln) > 200:
                long_seen = True
            kept.append(ln)
            i += 1
        if moved:
            lines = lines[:t + 1] + moved + kept
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n", label


def parse_html(markup: str, *, url: str | None = None) -> HtmlPage:
    """HTML markup → HtmlPage (text in the extractor's layout, metadata, url, node id, listing flag).

    url: where the page was fetched from, when known (resolves a relative canonical link). Raises ValueError
    when the markup holds no readable text (the caller turns it into an InputError naming the file).
    """
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)  # lxml refuses str input with an encoding declaration
    try:
        doc = etree.fromstring(markup, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ValueError(f"not readable as HTML ({error})") from error
    if doc is None:
        raise ValueError("no readable text in this HTML page")
    try:
        return _parse_doc(doc, url)
    except RecursionError:  # absurdly deep markup (thousands of nested elements): keep its text, flat
        text = "\n".join(t for t in (_space(x) for x in doc.itertext()) if t)
        if not text:
            raise ValueError("no readable text in this HTML page") from None
        return HtmlPage(text=text + "\n", metadata={}, url=url, node_id=node_id_from_url(url))


def _parse_doc(doc: etree._Element, url: str | None) -> HtmlPage:
    meta = _metadata(doc, url)
    page_url = meta.get("url") or url
    root = _content_root(doc)
    # one Article (JSON-LD or microdata) says "a single page"; several are the entries of a listing
    articles = sum(1 for obj in _jsonld_objects(doc) if _types(obj) & _ARTICLE_TYPES)
    articles += sum(1 for el in doc.xpath("//*[@itemscope][@itemtype]")
                    if el.get("itemtype").rstrip("/").rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES)
    og_type = next((m.get("content", "").lower() for m in doc.iter("meta") if m.get("property") == "og:type"), "")
    single = articles == 1 or og_type == "article" or _ISSUED_RX.search(_text_of(root)) is not None
    entries = [] if single else _is_listing(root)
    if entries:
        text, infos = _listing_text(root, entries, meta.get("title"), page_url)
        for key in ("date_published", "issuers", "fields_of_work", "description"):
            meta.pop(key, None)  # these belong to the entries (a first entry's JSON-LD), not the listing
        meta["content_type"] = "Listing"
        if infos:
            meta["entries"] = infos
        head = text.split("\n\n", 1)[0].split("\n")
        heading = next((ln.strip() for ln in head if ln.strip() and ln.strip().lower() != "newsroom"), "")
        if heading:
            meta["title"] = heading
        if not text.strip():
            raise ValueError("no readable text in this HTML page")
        return HtmlPage(text=text, metadata=meta, url=page_url, node_id=None, listing=True)
    text, label = _single_text(root, meta.get("title"), _shown_microdata(doc))
    if not text.strip():
        raise ValueError("no readable text in this HTML page")
    if label:
        meta.setdefault("content_type", label)
    _meta_from_lines(text, meta)
    if page_url:
        meta["url"] = page_url
    return HtmlPage(text=text, metadata=meta, url=page_url, node_id=node_id_from_url(page_url), listing=False)


def _meta_from_lines(text: str, meta: dict) -> None:
    """Fill metadata gaps from the metadata lines the page shows (Issued on/by, Fields of work)."""
    current = None
    shown: dict[str, list[str]] = {}
    for line in text.split("\n")[:80]:
        m = _LABEL_RX.match(line)
        if m:
            current = m["key"].lower()
            if m["value"]:
                shown.setdefault(current, []).append(m["value"])
            continue
        if line.strip():
            current = None
    if shown.get("issued on") and "date_published" not in meta:
        iso = iso_date(shown["issued on"][0])
        if iso:
            meta["date_published"] = iso
    if shown.get("issued by") and "issuers" not in meta:
        meta["issuers"] = _dedupe(shown["issued by"])
    if shown.get("fields of work") and "fields_of_work" not in meta:
        meta["fields_of_work"] = _dedupe(f.strip() for v in shown["fields of work"] for f in v.split(","))


def fragment_to_text(markup: str) -> str:
    """An HTML fragment (a scraper's `body` column) → paragraphs one per line, blank lines between."""
    try:
        doc = etree.fromstring(f"<html><body><div>{markup}</div></body></html>", parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return markup
    root = doc.find(".//body") if doc is not None else None
    if root is None:
        return markup
    return "\n".join(render_lines(root, drop_chrome=False))
