"""Sources → pages: finding page files, reading bytes, and decoding them into text the extractor can read.

Real scraped files come in every encoding; we decode by BOM, then strict UTF-8, then Windows-1252 (a superset
of Latin-1 for printable text), and refuse what is clearly not text (NUL bytes, empty files) with a clear error.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from osce_kg.errors import InputError
from osce_kg.resources import samples_dir

PAGE_SUFFIXES = {".txt", ".text", ".md"}
MAX_PAGE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    """One page as read: where it came from, its text, and the hash of its bytes (for provenance/dedup).

    `metadata` carries what the source knew besides the text (an HTML page's <meta> and JSON-LD, a scraper's
    JSONL/CSV columns): keys `title`, `date_published` (YYYY-MM-DD), `url`, `issuers` (list), `fields_of_work`
    (list), `content_type`. `build` fills the extraction record's gaps from it; the text always wins.
    """

    source: str
    text: str
    sha256: str
    url: str | None = None
    node_id: str | None = None
    metadata: dict = field(default_factory=dict, hash=False, compare=False)


def decode(data: bytes, source: object) -> str:
    """Bytes → text with newlines normalised to `\\n`."""
    if not data.strip():
        raise InputError("empty file: no page text to read", path=source)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError as error:
                raise InputError(f"not valid {encoding.upper()} text: {error.reason}", path=source) from error
    else:
        if b"\x00" in data[:4096]:
            raise InputError("binary file, not a text page", path=source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file: no page text to read", path=source)
    return text


def read_page(path: Path, source: str | None = None) -> Page:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise InputError(f"file too large for a news page ({size:,} bytes; the limit is "
                             f"{MAX_PAGE_BYTES:,})", path=path)
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", path=path) from error
    return Page(source=source or str(path), text=decode(data, path), sha256="sha256:" +
                hashlib.sha256(data).hexdigest())


def iter_pages(paths: Iterable[Path]) -> Iterator[Page | InputError]:
    """Every page of the given sources, in a stable order; a source that cannot be read yields its error.

    Yielding errors (instead of raising) lets `build --on-error skip` list every bad file and go on.
    """
    for path in find_page_files(paths):
        try:
            yield read_page(path)
        except InputError as error:
            yield error


def find_page_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and page files found recursively in folders given, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or folder", path=path)


def sample_pages() -> list[Path]:
    """The bundled sample pages (development pages written for this project)."""
    return sorted(samples_dir().glob("*.txt"))
