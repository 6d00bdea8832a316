"""Sources → pages: finding page files, reading bytes, and decoding them into text the extractor can read.

A researcher's input comes in many shapes: text copies of pages, saved HTML pages (osce.org's current layout,
older body-only pages, sub-sites, listing pages), a scraper's JSON Lines or CSV records, folders of all of
these, glob patterns the shell did not expand, a list file (`@paths.txt`) and stdin (`-`). `iter_pages`
turns every one of them into `Page`s in a stable order, yields an `InputError` for what cannot be read
(never raising mid-iteration, so `build --on-error skip` can list every bad source and go on) and yields
the same page met twice (same URL or same bytes) only once.

Real scraped files come in every encoding; we decode by BOM, then UTF-8 with Windows-1252 (a superset of
Latin-1 for printable text) for the bytes that are not UTF-8, and refuse what is clearly not text (NUL
bytes, known binary formats, empty files) with a clear error.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from osce_kg.errors import InputError
from osce_kg.resources import samples_dir

PAGE_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".tsv"}
#: every suffix a folder or a glob pattern is searched for
SUPPORTED_SUFFIXES = PAGE_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_LIST_DEPTH = 8
STDIN = "-"

_BINARY_MAGIC = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"\xd0\xcf\x11\xe0": "an old Office document", b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive", b"SQLite format 3": "an SQLite database",
}
_GLOB_CHARS = re.compile(r"[*?\[]")
_CONTROL_RX = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class Page:
    """One page as read: where it came from, its text, and the hash of its bytes (for provenance/dedup).

    `metadata` carries what the source knew besides the text (an HTML page's <meta> and JSON-LD, a scraper's
    JSONL/CSV columns): keys `title`, `date_published` (YYYY-MM-DD), `url`, `issuers` (list), `fields_of_work`
    (list), `content_type`. `build` fills the extraction record's gaps from it; the text always wins.
    HTML pages may add `description`, `publisher`, `authors` (people), `language` and, for listing pages,
    `entries` (a list of {title, url, date_published} in page order); `format` says what the page was read
    from ("html", "jsonl", "csv"; absent for a text page).
    """

    source: str
    text: str
    sha256: str
    url: str | None = None
    node_id: str | None = None
    metadata: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass
class InputStats:
    """What `iter_pages` met, for the build summary: pages by kind, duplicates dropped, sources read."""

    sources: int = 0
    pages: int = 0
    errors: int = 0
    duplicates: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    duplicate_sources: list[tuple[str, str]] = field(default_factory=list)  # (dropped source, kept source)


# ---------------------------------------------------------------------------------------------- decoding
def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: bytes that are not UTF-8 are read as Windows-1252 (mixed-encoding files).

    A multi-byte sequence cut off by the end of the data (a truncated file) is dropped, not garbled.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    if error.end >= len(error.object) and error.reason == "unexpected end of data":
        return "", error.end
    return bytes(error.object[error.start:error.end]).decode("cp1252", errors="replace"), error.end


codecs.register_error("osce-kg-cp1252", _cp1252_fallback)


def decode_line(data: bytes) -> str:
    """One record's bytes → text (UTF-8, Windows-1252 for the bytes that are not)."""
    return data.decode("utf-8", errors="osce-kg-cp1252")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like UTF-16 text saved without a BOM (NULs every other byte)."""
    sample = data[:2048]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


_CHARSET_RX = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                         re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (`<meta charset>`, http-equiv, XML declaration), if Python knows it."""
    m = _CHARSET_RX.search(data[:4096])
    if not m:
        return None
    name = (m[1] or m[2]).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, source: object, *, declared: str | None = None) -> str:
    """Bytes → text with newlines normalised to `\\n`.

    Order: a BOM (UTF-8, UTF-32, UTF-16); UTF-16 without a BOM; valid UTF-8; the charset the page declares
    (`declared`, for HTML: a Cyrillic page saved as windows-1251); else UTF-8 with Windows-1252 for the bytes
    that are not UTF-8 (so Latin-1 files and files that mix both read correctly). Binary data is refused.
    """
    if not data.strip():
        raise InputError("empty file: no page text to read", path=source)
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError as error:
                if encoding == "utf-8-sig":
                    text = data[3:].decode("utf-8", errors="osce-kg-cp1252")
                    break
                if encoding == "utf-16" and len(data) % 2 == 1:  # a truncated UTF-16 file: drop the odd byte
                    text = data[:-1].decode(encoding, errors="replace")
                    break
                raise InputError(f"not valid {encoding.upper()} text: {error.reason}", path=source) from error
    else:
        for magic, what in _BINARY_MAGIC.items():
            if data.startswith(magic):
                raise InputError(f"binary file ({what}), not a text page", path=source)
        utf16 = _utf16_without_bom(data)
        if utf16:
            text = data[:len(data) - len(data) % 2].decode(utf16, errors="replace")
        elif b"\x00" in data[:4096]:
            raise InputError("binary file, not a text page", path=source)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
                if declared and declared not in ("utf-8", "ascii"):
                    try:
                        text = data.decode(declared)
                    except (UnicodeDecodeError, LookupError):
                        text = None
                if text is None:
                    text = data.decode("utf-8", errors="osce-kg-cp1252")
            sample = text[:4096]
            controls = len(_CONTROL_RX.findall(sample))
            if controls > 0.05 * len(sample):
                raise InputError("binary file, not a text page", path=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file: no page text to read", path=source)
    return text


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------- one page
def page_from_bytes(data: bytes, source: str, *, kind: str | None = None, url: str | None = None) -> Page:
    """A single page's bytes → Page. kind: "text" or "html"; by default sniffed (HTML read as HTML).

    Raises InputError naming `source`.
    """
    text = decode(data, source, declared=declared_charset(data) if kind != "text" else None)
    is_html = kind == "html" or (kind != "text" and _looks_like_html(text))
    if kind == "html" and "<" not in text[:65536]:
        is_html = False  # a .html file holding plain text: keep its lines
    if not is_html:
        return Page(source=source, text=text, sha256=_sha(data))
    try:
        from osce_kg.html import parse_html
    except ImportError as error:  # lxml missing from an old install: say so once per page, do not crash
        raise InputError(f"reading HTML needs the lxml package ({error}); pip install lxml", path=source) from error

    try:
        parsed = parse_html(text, url=url)
    except ValueError as error:
        raise InputError(str(error), path=source) from error
    return Page(source=source, text=parsed.text, sha256=_sha(data), url=parsed.url, node_id=parsed.node_id,
                metadata={**parsed.metadata, "format": "html"})


def _looks_like_html(text: str) -> bool:
    try:
        from osce_kg.html import looks_like_html
    except ImportError:
        return text.lstrip()[:1] == "<"
    return looks_like_html(text)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise InputError(f"file too large for a news page ({size:,} bytes; the limit is "
                             f"{MAX_PAGE_BYTES:,})", path=path)
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", path=path) from error


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in RECORD_SUFFIXES:
        return "csv" if suffix in (".csv", ".tsv") else "jsonl"
    if suffix in PAGE_SUFFIXES:
        return "text"
    return None


def read_page(path: Path, source: str | None = None) -> Page:
    """One page file (text or HTML, sniffed by suffix and content) → Page. Raises InputError.

    A JSONL/CSV file holds many pages: read it with `iter_pages`.
    """
    if str(path) == STDIN:
        data = _read_stdin_bytes(sys.stdin.buffer)
        return page_from_bytes(data, source or STDIN)
    kind = _kind_of(path)
    if kind in ("jsonl", "csv"):
        raise InputError(f"a {kind.upper()} file holds many records, not one page: read it with iter_pages",
                         path=path)
    data = _read_bytes(path)
    # text suffixes are sniffed: a saved web page named .txt is read as HTML
    return page_from_bytes(data, source or str(path), kind="html" if kind == "html" else None)


# ---------------------------------------------------------------------------------------------- sources
def iter_sources(paths: Iterable[Path | str], *, _depth: int = 0, _origin: tuple[str, int] | None = None
                 ) -> Iterator[Path | InputError]:
    """Expand the given sources into files, in a stable order; what cannot be found yields an InputError.

    A source is a file (read whatever its suffix), a folder (searched recursively for SUPPORTED_SUFFIXES,
    hidden files and folders skipped), a glob pattern (`news/**/*.html`, for when the shell did not expand
    it), `@list.txt` (one source per line, `#` comments, relative to the list file's folder) or `-` (stdin).
    """
    for raw in paths:
        path = Path(raw)
        text = str(raw)
        where = {"path": _origin[0], "line": _origin[1]} if _origin else {"path": path}
        if text == STDIN:
            yield Path(STDIN)
        elif text.startswith("@") and not path.exists():
            yield from _list_file(Path(text[1:]), _depth)
        elif path.is_dir():
            yield from _walk(path)
        elif path.is_file() or path.exists():
            yield path
        elif _GLOB_CHARS.search(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            files = [m for m in matches if m.is_file() and m.suffix.lower() in SUPPORTED_SUFFIXES]
            for m in matches:
                if m.is_dir() and not text.endswith("**"):
                    files.extend(_walk(m))
            if not files:
                yield InputError(f"no page files match the pattern {text}", **where) if _origin else \
                    InputError("no page files match this pattern", path=text)
            yield from sorted(dict.fromkeys(files))
        else:
            yield InputError(f"no such file or folder: {text}", **where) if _origin else \
                InputError("no such file or folder", path=path)


def _walk(folder: Path) -> list[Path]:
    """Page files under a folder, recursively, sorted by path; hidden entries and symlink loops skipped."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root, name))
    return sorted(found, key=lambda p: p.parts)


def _list_file(path: Path, depth: int) -> Iterator[Path | InputError]:
    if depth >= MAX_LIST_DEPTH:
        yield InputError(f"list files nested more than {MAX_LIST_DEPTH} deep (a loop?)", path=path)
        return
    try:
        text = decode(_read_bytes(path), path)
    except InputError as error:
        yield error if path.exists() else InputError("no such list file", path=path)
        return
    base = path.parent
    for n, line in enumerate(text.split("\n"), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry == STDIN:
            yield Path(STDIN)
            continue
        at = entry.startswith("@")
        target = entry[1:] if at else entry
        target = os.path.expanduser(target)
        if not os.path.isabs(target):
            target = os.path.normpath(base / target)  # one spelling per file: `source` keys the stored items
        yield from iter_sources(["@" + target if at else target], _depth=depth + 1, _origin=(str(path), n))


# ---------------------------------------------------------------------------------------------- stdin
def _read_stdin_bytes(stream: BinaryIO, limit: int = MAX_PAGE_BYTES) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"standard input too large for one news page (over {limit:,} bytes)", path=STDIN)
    return data


def _stdin_pages(stream: BinaryIO | None, columns: Mapping[str, str] | None) -> Iterator[Page | InputError]:
    """stdin: JSON Lines (first line is a JSON object), HTML or a text page, sniffed from its start."""
    stream = stream if stream is not None else sys.stdin.buffer
    head = stream.read(65536)
    if len(head) == 65536:
        head += stream.readline()
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    if first.startswith(b"{") and first.endswith(b"}"):
        from osce_kg.records import iter_jsonl

        lines = _chain_lines(head, stream)
        yield from iter_jsonl(lines, STDIN, columns)
        return
    rest = stream.read(MAX_PAGE_BYTES + 1 - len(head)) if len(head) <= MAX_PAGE_BYTES else b""
    data = head + rest
    if len(data) > MAX_PAGE_BYTES:
        yield InputError(f"standard input too large for one news page (over {MAX_PAGE_BYTES:,} bytes)",
                         path=STDIN)
        return
    yield page_from_bytes(data, STDIN)


def _chain_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    yield from io.BytesIO(head)
    yield from stream


# ---------------------------------------------------------------------------------------------- all pages
def read_source(path: Path, *, columns: Mapping[str, str] | None = None, stdin: BinaryIO | None = None
                ) -> Iterator[Page | InputError]:
    """The pages of one source file (one for a page, one per record for JSONL/CSV). Never raises InputError."""
    try:
        if str(path) == STDIN:
            yield from _stdin_pages(stdin, columns)
            return
        kind = _kind_of(path)
        if kind in ("jsonl", "csv"):
            from osce_kg.records import read_records

            yield from read_records(path, columns, kind=kind)
            return
        if path.suffix.lower() == ".json":
            yield InputError("a JSON file: records are read from JSON Lines (.jsonl, one JSON object per line)",
                             path=path)
            return
        data = _read_bytes(path)
        if kind is None and data.lstrip()[:1] == b"{":  # an unknown suffix holding JSON Lines
            from osce_kg.records import iter_jsonl

            first = data.lstrip().split(b"\n", 1)[0].strip()
            if first.endswith(b"}"):
                yield from iter_jsonl(io.BytesIO(data), str(path), columns)
                return
        yield page_from_bytes(data, str(path), kind="html" if kind == "html" else None)
    except InputError as error:
        yield error
    except Exception as error:  # noqa: BLE001 - a parser bug must name the file, not end the whole build
        yield InputError(f"could not read this page ({type(error).__name__}: {error})", path=path)


def _url_key(url: str) -> str:
    """A URL compared for duplicates: scheme, `www.`, trailing slash and fragment do not matter."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def iter_pages(paths: Iterable[Path], *, columns: Mapping[str, str] | None = None, dedupe: bool = True,
               stats: InputStats | None = None, stdin: BinaryIO | None = None) -> Iterator[Page | InputError]:
    """Every page of the given sources, in a stable order; a source that cannot be read yields its error.

    Yielding errors (instead of raising) lets `build --on-error skip` list every bad file and go on.
    columns: the JSONL/CSV column mapping (see `osce_kg.records.DEFAULT_COLUMNS`), e.g. {"body": "text"}.
    dedupe: a page met twice (the same URL, or the same bytes) is yielded once, the first time.
    stats: filled in as pages are read (pages by kind, duplicates) for the build summary.
    """
    stats = stats if stats is not None else InputStats()
    seen_hash: dict[str, str] = {}
    seen_url: dict[str, str] = {}
    for source in iter_sources(paths):
        if isinstance(source, InputError):
            stats.errors += 1
            yield source
            continue
        stats.sources += 1
        for page in read_source(source, columns=columns, stdin=stdin):
            if isinstance(page, InputError):
                stats.errors += 1
                yield page
                continue
            if dedupe:
                key = _url_key(page.url) if page.url else None
                kept = seen_hash.get(page.sha256) or (seen_url.get(key) if key else None)
                if kept is not None:
                    stats.duplicates += 1
                    stats.duplicate_sources.append((page.source, kept))
                    continue
                seen_hash[page.sha256] = page.source
                if key:
                    seen_url[key] = page.source
            stats.pages += 1
            kind = _page_kind(source, page)
            stats.by_kind[kind] = stats.by_kind.get(kind, 0) + 1
            yield page


def _page_kind(source: Path, page: Page) -> str:
    if page.metadata.get("content_type") == "Listing":
        return "listing"
    kind = _kind_of(source)
    if kind in ("jsonl", "csv"):
        return kind
    if str(source) == STDIN:
        return "stdin"
    return "html" if page.metadata.get("format") == "html" else "text"


def find_page_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and page files found recursively in folders given, in a stable order.

    Also expands glob patterns and `@list` files; raises InputError for a source that is not there.
    """
    for source in iter_sources(paths):
        if isinstance(source, InputError):
            raise source
        yield source


def sample_pages() -> list[Path]:
    """The bundled sample pages (development pages written for this project)."""
    return sorted(samples_dir().glob("*.txt"))
