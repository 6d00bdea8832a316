"""Scraper output → pages: JSON Lines and CSV news records, one `Page` per record.

A researcher's scraper rarely saves whole pages; it saves records (title, date, url, body, unit, fields) in
JSON Lines or CSV. Each record becomes a page whose text is in the current osce.org layout (title, then
`Issued on:` / `Issued by:` / `Fields of work:` lines, then the body), so the extractor reads the
record's own metadata exactly as it reads a page's; the same values also go to `Page.metadata`.

Files are streamed record by record (a scraper dump may be far larger than one page), and every bad record
gives its own one-line `InputError` naming the file and line (`news.jsonl:17: not valid JSON (…)`) while the
others are still read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from osce_kg.errors import InputError
from osce_kg.html import (
    fragment_to_text,
    human_date,
    iso_date,
    looks_like_html,
    meta_lines,
    node_id_from_url,
    parse_html,
)
from osce_kg.pages import MAX_PAGE_BYTES, Page, decode_line

__all__ = ["DEFAULT_COLUMNS", "RECORD_SUFFIXES", "parse_columns", "resolve_columns", "iter_jsonl", "iter_csv",
           "read_records", "record_to_page"]

#: record key → column (CSV header or JSON key) read by default. Only `body` is required.
DEFAULT_COLUMNS: dict[str, str] = {
    "title": "title", "date": "date", "url": "url", "body": "body", "unit": "unit", "fields": "fields",
    "type": "type",
}
#: other names scrapers commonly use, tried when a default column is absent and no mapping names one
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("headline", "name"),
    "date": ("date_published", "datePublished", "published", "publishing_date", "issued_on", "pubdate"),
    "url": ("link", "href", "source_url", "canonical_url"),
    "body": ("text", "content", "article", "html", "body_text"),
    "unit": ("units", "issuer", "issuers", "issued_by", "author", "where_we_are"),
    "fields": ("fields_of_work", "topics", "what_we_do", "tags"),
    "type": ("content_type", "kind"),
}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".tsv"}
MAX_RECORD_CHARS = MAX_PAGE_BYTES
_LABELS = {"news item": "News Item", "press release": "Press Release"}
_META_LINE = re.compile(r"^\s*-?\s*(?:Issued on|Issued by|Fields of work|Publishing date)\s*:", re.I | re.M)

csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))  # bodies above the 128 KiB default


def parse_columns(spec: str | None) -> dict[str, str]:
    """`title=headline,body=text` (the CLI's --columns value) → {"title": "headline", "body": "text"}.

    Raises InputError on an unknown key or a malformed pair, so a typo is reported before any reading.
    """
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not column:
            raise InputError(f"--columns: '{part.strip()}' is not KEY=COLUMN (e.g. title=headline,body=text)")
        if key not in DEFAULT_COLUMNS:
            raise InputError(f"--columns: unknown key '{key}' (keys: {', '.join(DEFAULT_COLUMNS)})")
        mapping[key] = column
    return mapping


def resolve_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The default columns overridden by the given mapping (keys as in DEFAULT_COLUMNS)."""
    merged = dict(DEFAULT_COLUMNS)
    for key, column in (columns or {}).items():
        if key not in DEFAULT_COLUMNS:
            raise InputError(f"unknown record key '{key}' in the column mapping (keys: {', '.join(DEFAULT_COLUMNS)})")
        merged[key] = column
    return merged


# ---------------------------------------------------------------------------------------------- values
def _get(record: Mapping[str, object], column: str) -> object:
    """A column's value; `a.b` reaches into nested JSON objects."""
    if column in record:
        return record[column]
    value: object = record
    for part in column.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _column_for(key: str, keys: Iterable[str], columns: Mapping[str, str], explicit: Mapping[str, str]) -> str:
    """The column a record key is read from: the explicit mapping, else the default, else a known alias."""
    if key in explicit:
        return explicit[key]
    present = set(keys)
    if columns[key] in present:
        return columns[key]
    lowered = {k.lower(): k for k in present}
    if columns[key].lower() in lowered:
        return lowered[columns[key].lower()]
    for alias in _ALIASES.get(key, ()):
        if alias in present:
            return alias
        if alias.lower() in lowered:
            return lowered[alias.lower()]
    return columns[key]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n\n".join(_text(v) for v in value if v is not None)
    if isinstance(value, Mapping):
        return _text(value.get("name") or value.get("text") or value.get("value"))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _list(value: object, separators: str) -> list[str]:
    """A list column: a JSON list, or a string split on the given separators."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for item in value for v in _list(item, separators)]
    if isinstance(value, Mapping):
        name = value.get("name")
        return [str(name).strip()] if name else []
    parts = re.split("[" + re.escape(separators) + "]", str(value))
    return [" ".join(p.split()) for p in parts if p.strip()]


# ---------------------------------------------------------------------------------------------- records
def record_to_page(record: Mapping[str, object], *, source: str, sha256: str,
                   columns: Mapping[str, str] | None = None, explicit: Mapping[str, str] | None = None,
                   fmt: str = "jsonl") -> Page:
    """One record → one Page whose text is in the current osce.org layout (the extractor's layout A).

    Raises InputError (without a path: the caller adds file and line) when the record has no body.
    """
    cols = resolve_columns(columns)
    explicit = explicit or {}
    col = {key: _column_for(key, record.keys(), cols, explicit) for key in cols}
    body_value = _get(record, col["body"])
    body = _text(body_value)
    if not body:
        present = body_value is not None or col["body"] in record
        raise InputError(f"missing the {col['body']} column" + (" (it is empty)" if present else ""))
    title = " ".join(_text(_get(record, col["title"])).split())
    url = _text(_get(record, col["url"])) or None
    date_raw = _text(_get(record, col["date"]))
    date_iso = iso_date(date_raw) if date_raw else None
    units = _list(_get(record, col["unit"]), ";|\n")
    fields = _list(_get(record, col["fields"]), ",;|\n")
    kind = " ".join(_text(_get(record, col["type"])).split())
    meta: dict = {}
    html_meta: dict = {}
    if looks_like_html(body):
        if re.search(r"<(?:html|body|head)\b", body[:4096], re.I):
            parsed = parse_html(body, url=url)
            body, html_meta = parsed.text, parsed.metadata
            url = url or parsed.url
        else:
            body = fragment_to_text(body)
    body = body.strip("\n")
    lines: list[str] = []
    if kind.lower() in _LABELS:
        lines.append(_LABELS[kind.lower()])
    first_line = body.split("\n", 1)[0].strip()
    if title and first_line != title:
        lines.append(title)
    if not _META_LINE.search(body[:4000]):  # a body that already shows its metadata lines keeps its own
        if date_iso or date_raw:
            lines += meta_lines("Issued on", [human_date(date_iso) if date_iso else date_raw])
        if units:
            lines += meta_lines("Issued by", units)
        if fields:
            lines += meta_lines("Fields of work", fields)
    text = "\n".join(lines) + ("\n\n" if lines else "") + body + "\n"
    meta.update({k: v for k, v in html_meta.items() if v and k != "format"})
    meta.update({k: v for k, v in {"title": title, "date_published": date_iso, "url": url, "issuers": units,
                                   "fields_of_work": fields, "content_type": kind, "format": fmt}.items() if v})
    return Page(source=source, text=text, sha256=sha256, url=url, node_id=node_id_from_url(url), metadata=meta)


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _lines_of(stream: io.BufferedIOBase | Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Lines of a binary stream, each cut at MAX_RECORD_CHARS (flag True when a line was longer)."""
    if hasattr(stream, "readline"):
        while True:
            line = stream.readline(MAX_RECORD_CHARS + 1)
            if not line:
                return
            if len(line) > MAX_RECORD_CHARS and not line.endswith(b"\n"):
                while True:  # skip the rest of the over-long line
                    rest = stream.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield line, True
            else:
                yield line, False
    else:
        for line in stream:
            yield line, len(line) > MAX_RECORD_CHARS


def iter_jsonl(stream: io.BufferedIOBase | Iterable[bytes], source: str,
               columns: Mapping[str, str] | None = None) -> Iterator[Page | InputError]:
    """JSON Lines (one object per line) → a Page per record; a bad line yields its InputError and reading goes on.

    source: the file's name for `Page.source` (`source:LINE`) and for errors.
    """
    cols = resolve_columns(columns)
    explicit = dict(columns or {})
    for n, (raw, too_long) in enumerate(_lines_of(stream), 1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue
        if too_long:
            yield InputError(f"record too large (over {MAX_RECORD_CHARS:,} bytes)", path=source, line=n)
            continue
        text = decode_line(line)
        try:
            record = json.loads(text)
        except ValueError as error:
            reason = getattr(error, "msg", str(error))
            col = getattr(error, "colno", None)
            yield InputError(f"not valid JSON ({reason}{f' at column {col}' if col else ''})", path=source, line=n)
            continue
        if not isinstance(record, dict):
            yield InputError(f"not a JSON object (a {type(record).__name__}); one news record per line expected",
                             path=source, line=n)
            continue
        try:
            yield record_to_page(record, source=f"{source}:{n}", sha256=_sha(line), columns=cols, explicit=explicit)
        except InputError as error:
            yield InputError(error.message, path=source, line=n)
        except Exception as error:  # noqa: BLE001 - a record we cannot turn into a page is named, not fatal
            yield InputError(f"could not read this record ({type(error).__name__}: {error})", path=source, line=n)


def _delimiter(header: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def iter_csv(text_lines: Iterable[str], source: str, columns: Mapping[str, str] | None = None,
             suffix: str = ".csv") -> Iterator[Page | InputError]:
    """CSV with a header row → a Page per row. Line numbers are the file's (a quoted body may span lines)."""
    cols = resolve_columns(columns)
    explicit = dict(columns or {})
    consumed: list[str] = []
    line_no = 0

    def feed() -> Iterator[str]:
        nonlocal line_no
        for line in text_lines:
            line_no += 1
            consumed.append(line)
            yield line

    lines = feed()
    header_line = next(lines, None)
    while header_line is not None and not header_line.strip():
        header_line = next(lines, None)
    if header_line is None:
        yield InputError("empty CSV file: no header row", path=source)
        return
    header_line = header_line.lstrip("\ufeff")
    delimiter = _delimiter(header_line, suffix)
    header = next(csv.reader([header_line], delimiter=delimiter))
    header = [h.strip() for h in header]
    body_col = _column_for("body", header, cols, explicit)
    if body_col not in header:
        yield InputError(f"no {body_col} column in the header (columns: {', '.join(header)}); "
                         f"name the body column with --columns body=NAME", path=source, line=line_no)
        return
    consumed.clear()
    reader = csv.reader(lines, delimiter=delimiter)
    errors = 0
    while True:
        start = line_no + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors += 1
            consumed.clear()
            yield InputError(f"not valid CSV ({error})", path=source, line=line_no)
            if errors >= 20:
                return
            continue
        raw = "".join(consumed)
        consumed.clear()
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) + 1 and len(row) > 1:
            yield InputError(f"{len(row)} fields where the header has {len(header)}", path=source, line=start)
            continue
        record = {h: (row[i] if i < len(row) else None) for i, h in enumerate(header) if h}
        if len(row) < len(header) and record.get(body_col) is None:
            yield InputError(f"missing the {body_col} column ({len(row)} of {len(header)} fields; truncated?)",
                             path=source, line=start)
            continue
        try:
            yield record_to_page(record, source=f"{source}:{start}", sha256=_sha(raw.encode("utf-8")),
                                 columns=cols, explicit=explicit, fmt="csv")
        except InputError as error:
            yield InputError(error.message, path=source, line=start)
        except Exception as error:  # noqa: BLE001
            yield InputError(f"could not read this record ({type(error).__name__}: {error})", path=source,
                             line=start)


def _text_lines(stream: io.BufferedIOBase) -> Iterator[str]:
    """Decoded lines of a binary stream (BOM-aware; UTF-8 with a Windows-1252 fallback per bad byte)."""
    head = stream.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        wrapper = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, stream)), encoding="utf-16", newline="")
    else:
        wrapper = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, stream)), encoding="utf-8-sig",
                                   errors="osce-kg-cp1252", newline="")
    yield from wrapper


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns the bytes already read for sniffing, then the rest."""

    def __init__(self, head: bytes, rest: io.BufferedIOBase) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def read_records(path: Path, columns: Mapping[str, str] | None = None, *, stream: io.BufferedIOBase | None = None,
                 source: str | None = None, kind: str | None = None) -> Iterator[Page | InputError]:
    """A JSONL/CSV file (or an open binary stream such as stdin) → its pages and per-record errors.

    kind: "jsonl" or "csv"; by default from the file's suffix. Never raises InputError: it is yielded.
    """
    name = source or str(path)
    suffix = path.suffix.lower()
    kind = kind or ("csv" if suffix in (".csv", ".tsv") else "jsonl")
    try:
        columns = dict(columns or {})
        resolve_columns(columns)
    except InputError as error:
        yield error
        return
    opened = None
    try:
        if stream is None:
            try:
                opened = stream = path.open("rb")
            except OSError as error:
                yield InputError(f"cannot read the file: {error.strerror or error}", path=name)
                return
        head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
        if kind == "jsonl" and head.startswith((b"\xff\xfe", b"\xfe\xff")):
            lines = (ln.encode("utf-8") for ln in _text_lines(stream))
            yield from iter_jsonl(lines, name, columns)
        elif kind == "jsonl":
            yield from iter_jsonl(stream, name, columns)
        else:
            yield from iter_csv(_text_lines(stream), name, columns, suffix=suffix)
    except (OSError, UnicodeError) as error:
        yield InputError(f"cannot read the file: {error}", path=name)
    finally:
        if opened is not None:
            opened.close()
