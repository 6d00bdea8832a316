"""Export the dataset to files that linked-data portals and other people's parsers accept.

Three properties drive the design:

* **Deterministic.** The same store exported twice is byte-identical, so a dump kept in git diffs cleanly and a CI
  job can tell "nothing changed" from a checksum. Every quad is turned into its canonical N-Triples line and the
  lines are sorted (bytes of UTF-8 sort in code-point order) and deduplicated; subjects come out grouped because
  all lines of one subject share the prefix `<s> `. Named graphs are written in IRI order. Prefixes are the fixed
  table of `osce_kg.namespaces`.
* **Streaming.** Memory must not grow with the graph: the sort is an external merge sort (`SortedLines`) that
  keeps at most `chunk_lines` lines in memory and spills sorted runs to temporary files. The sorted lines are fed
  back through Oxigraph's N-Triples parser into its streaming Turtle / TriG / RDF/XML serialisers (which only look
  at the current subject), and into our own streaming JSON-LD writer (one subject at a time).
  The dataset description (`osce_kg.describe.StatsCollector`) counts on the same sorted stream, so `-o FILE`
  plus `FILE.void.ttl` read the store once. Measured on 1.1 M quads (2 busy cores): every format with its
  description in 22-42 s and 106 MB peak RSS, against 24 s and 75 MB for Oxigraph's own unsorted `Store.dump`
  (reading RocksDB costs ~20 µs a quad; the sort, the parse back and the description cost the rest).
* **Safe files.** `-o FILE` writes to a temporary file beside FILE and renames it at the end, so a reader never
  sees half a dump, and a failed export leaves the old file in place.

Why not `Store.dump` of the whole store (we use it per graph, as the fastest source of lines): it writes in index
order (hashes of the terms), stable but unreadable and liable to change between Oxigraph versions; its Turtle
prefix order is a hash-map order (`SortedPrefixHeader` fixes it); and its RDF/XML writer loses `\\r` in literals
and writes invalid XML for predicates with no XML local name — `RdfXmlGuard` fixes the first and
`check_rdfxml` turns the second (and XML-illegal control characters) into a clear error.

The JSON-LD export is a *graph* (the merged triples) compacted with the published context
`ontology/context.jsonld`, embedded by default so that the file round-trips offline.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from osce_kg.errors import InputError, OsceKgError
from osce_kg.namespaces import PREFIXES, RDF_NS, XSD_NS

EXPORT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]
DATASET_FORMATS = {"nquads", "trig"}
EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld",
              "rdfxml": ".rdf"}
FORMAT_OF_EXTENSION = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
                       ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml",
                       ".xml": "rdfxml"}
MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "nquads": "application/n-quads",
               "trig": "application/trig", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML,
              "jsonld": ox.RdfFormat.JSON_LD}

#: In-memory lines per sorted run (~150 bytes each): beyond this the sort spills to temporary files.
DEFAULT_CHUNK_LINES = 100_000

CONTEXT_FILE_NAME = "context.jsonld"
RDF_TYPE = RDF_NS + "type"
XSD_STRING = XSD_NS + "string"
XSD_INTEGER = XSD_NS + "integer"
XSD_BOOLEAN = XSD_NS + "boolean"
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


# -- progress ----------------------------------------------------------------------------------------------------
class Progress:
    """A one-line counter on stderr, only when stderr is a terminal (never in CI logs or pipes)."""

    def __init__(self, label: str, enabled: bool | None = None, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.count = 0
        self._last = 0.0

    def tick(self, n: int = 1) -> None:
        self.count += n
        if self.enabled and (now := time.monotonic()) - self._last > 0.2:
            self._last = now
            self.stream.write(f"\r{self.label}: {self.count:,} triples")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write(f"\r{self.label}: {self.count:,} triples, done\n")
            self.stream.flush()


# -- the external sort -------------------------------------------------------------------------------------------
class SortedLines:
    """Sort and deduplicate byte lines with bounded memory (an external merge sort).

    Lines are kept in memory up to `chunk_lines`; each full chunk is sorted, deduplicated and written to a
    temporary file; iterating merges the runs with `heapq.merge` and drops repeats. Every line must end with
    `\\n` and contain no other newline (true of N-Triples lines: Oxigraph escapes newlines in literals).
    """

    def __init__(self, chunk_lines: int = DEFAULT_CHUNK_LINES, tmp_dir: str | Path | None = None) -> None:
        self.chunk_lines = max(1, chunk_lines)
        self.tmp_dir = tmp_dir
        self._lines: list[bytes] = []
        self._runs: list[IO[bytes]] = []

    def add(self, line: bytes) -> None:
        self._lines.append(line)
        if len(self._lines) >= self.chunk_lines:
            self._spill()

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(dir=self.tmp_dir)  # noqa: SIM115 - closed in close()
        run.writelines(_unique(sorted(self._lines)))
        run.seek(0)
        self._runs.append(run)
        self._lines = []

    @property
    def spilled(self) -> int:
        """How many runs went to disk (the tests use it to prove that memory stays bounded)."""
        return len(self._runs)

    def __iter__(self) -> Iterator[bytes]:
        memory = sorted(self._lines)
        self._lines = []
        if not self._runs:
            yield from _unique(memory)
        else:
            yield from _unique(heapq.merge(memory, *self._runs))
        self.close()

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs = []


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def triple_line(quad: ox.Quad | ox.Triple) -> bytes:
    """The canonical N-Triples line of a quad's triple (Oxigraph's term syntax: escaped, UTF-8)."""
    return f"{quad.subject} {quad.predicate} {quad.object} .\n".encode()


class _LinesReader(io.RawIOBase):
    """A binary file over an iterator of lines, so Oxigraph's parser can read the sorted stream lazily."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._lines)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def lines_to_triples(lines: Iterable[bytes]) -> Iterator[ox.Triple]:
    """Parse N-Triples lines back into triples, lazily (the inverse of `triple_line`)."""
    reader = io.BufferedReader(_LinesReader(iter(lines)), buffer_size=1 << 16)
    for quad in ox.parse(reader, ox.RdfFormat.N_TRIPLES):
        yield quad.triple


# -- choosing what to export -------------------------------------------------------------------------------------
def chosen_graphs(source: Any, graphs: Iterable[str] | None) -> list[str]:
    """The named graphs to export, sorted; an unknown graph IRI is bad input (exit 2), not an empty file."""
    available = list(source.named_graphs())
    if not graphs:
        return sorted(available)
    wanted = sorted(set(graphs))
    missing = [g for g in wanted if g not in set(available)]
    if missing:
        raise InputError(f"no graph <{missing[0]}> in the source" + (f" (and {len(missing) - 1} more)"
                                                                      if len(missing) > 1 else ""))
    return wanted


class LineSink:
    """A write-only file that cuts what Oxigraph's N-Triples writer produces into lines for the sorter."""

    def __init__(self, sorter: SortedLines) -> None:
        self.sorter = sorter
        self._partial = b""

    def write(self, data: Any) -> int:
        chunk = self._partial + bytes(data)
        lines = chunk.split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            self.sorter.add(line + b"\n")
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self._partial:
            self.sorter.add(self._partial + b"\n")
            self._partial = b""


def feed_graph(source: Any, graph: str, sorter: SortedLines) -> None:
    """Add the N-Triples lines of one named graph to `sorter`.

    For the embedded store, Oxigraph's own N-Triples writer makes the lines (about twice as fast as building a
    Python object per term, and byte-identical to `triple_line`: both use Oxigraph's term syntax); any other
    source (a remote endpoint) goes through the `quads(graph)` protocol.
    """
    store = getattr(source, "ox", None)
    if isinstance(store, ox.Store):
        sink = LineSink(sorter)
        store.dump(sink, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        sink.close()
        return
    for quad in source.quads(graph):
        sorter.add(triple_line(quad))


def sorted_merged_lines(source: Any, graphs: list[str], *, chunk_lines: int = DEFAULT_CHUNK_LINES,
                        progress: Progress | None = None) -> Iterator[bytes]:
    """The distinct triples of `graphs`, as sorted N-Triples lines (the merged graph)."""
    sorter = SortedLines(chunk_lines)
    try:
        for graph in graphs:
            feed_graph(source, graph, sorter)
        for line in sorter:
            if progress:
                progress.tick()
            yield line
    finally:
        sorter.close()


def sorted_graph_lines(source: Any, graph: str, *, chunk_lines: int = DEFAULT_CHUNK_LINES) -> Iterator[bytes]:
    """The triples of one named graph as sorted N-Triples lines."""
    sorter = SortedLines(chunk_lines)
    try:
        feed_graph(source, graph, sorter)
        yield from sorter
    finally:
        sorter.close()


def merged_triples(source: Any, graphs: list[str] | None = None, *,
                   chunk_lines: int = DEFAULT_CHUNK_LINES) -> Iterator[ox.Triple]:
    """The distinct triples of the chosen graphs (all by default), sorted, lazily."""
    return lines_to_triples(sorted_merged_lines(source, chosen_graphs(source, graphs), chunk_lines=chunk_lines))


# -- JSON-LD -----------------------------------------------------------------------------------------------------
def context_path() -> Path:
    """`ontology/context.jsonld`: the published JSON-LD context (from the wheel or the checkout)."""
    from osce_kg.resources import data_dir

    return data_dir("ontology") / CONTEXT_FILE_NAME


def load_context() -> dict[str, Any]:
    """The published context document: `{"@id": <versioned IRI>, "@context": {...}}`."""
    return json.loads(context_path().read_text(encoding="utf-8"))


def context_version_iri() -> str:
    """The versioned IRI the context is published under (its `@id`), e.g. for `dcterms:conformsTo`."""
    return str(load_context()["@id"])


class JsonLdCompactor:
    """Compact triples with a context of prefixes and simple terms — and nothing that could change the triples.

    The context has no `@vocab`, no `@base`, no `@language` and no containers, so every value this writes
    expands back to exactly its triple: IRIs become compact IRIs (never with a suffix starting `//`, which
    JSON-LD would read as an absolute IRI), a term's type coercion is used only when the value has exactly that
    type (anything else becomes an explicit value object), and JSON numbers and booleans are used only for
    canonical `xsd:integer` (|n| < 2^53) and `xsd:boolean` values, which JSON-LD maps back unchanged.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        prefixes: list[tuple[str, str]] = []
        terms: dict[str, tuple[str, str | None]] = {}
        for name, value in sorted(context.items()):
            if name.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")):
                prefixes.append((name, value))
        self.prefixes = sorted(prefixes, key=lambda kv: (-len(kv[1]), kv[0]))
        for name, value in sorted(context.items()):
            if name.startswith("@") or (isinstance(value, str) and value.endswith(("/", "#"))):
                continue
            iri, coercion = (value, None) if isinstance(value, str) else (value["@id"], value.get("@type"))
            full = self._expand(iri)
            if full not in terms:
                terms[full] = (name, self._expand(coercion) if coercion and coercion != "@id" else coercion)
        self.terms = terms

    def _expand(self, value: str) -> str:
        prefix, _, suffix = value.partition(":")
        namespace = dict(self.prefixes).get(prefix)
        return namespace + suffix if namespace is not None and not suffix.startswith("//") else value

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                suffix = iri[len(namespace):]
                if not suffix.startswith("//"):
                    return f"{prefix}:{suffix}"
        return iri

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def key(self, predicate: str) -> tuple[str, str | None]:
        return self.terms.get(predicate) or (self.iri(predicate), None)

    def value(self, term: Any, coercion: str | None) -> Any:
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            ident = self.node_id(term)
            return ident if coercion == "@id" else {"@id": ident}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if coercion is None:
            if datatype == XSD_STRING:
                return term.value
            if datatype == XSD_INTEGER and _CANONICAL_INTEGER.fullmatch(term.value) and \
                    abs(int(term.value)) < 2 ** 53:
                return int(term.value)
            if datatype == XSD_BOOLEAN and term.value in ("true", "false"):
                return term.value == "true"
        elif coercion == datatype:
            return term.value
        if datatype == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.iri(datatype)}

    def node(self, subject: Any, triples: list[ox.Triple]) -> dict[str, Any]:
        """One node object; keys and values in a fixed order (triples arrive sorted)."""
        types: list[str] = []
        properties: dict[str, list[Any]] = {}
        for triple in triples:
            if triple.predicate.value == RDF_TYPE and isinstance(triple.object, (ox.NamedNode, ox.BlankNode)):
                types.append(self.node_id(triple.object))
                continue
            key, coercion = self.key(triple.predicate.value)
            properties.setdefault(key, []).append(self.value(triple.object, coercion))
        node: dict[str, Any] = {"@id": self.node_id(subject)}
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for key in sorted(properties):
            values = properties[key]
            node[key] = values[0] if len(values) == 1 else values
        return node


def write_jsonld(triples: Iterable[ox.Triple], out: IO[bytes], *, context_url: str | None = None,
                 context: dict[str, Any] | None = None) -> None:
    """Stream a compacted JSON-LD document: the context (embedded, or referenced by URL) and one node per subject.

    Triples must arrive grouped by subject (sorted N-Triples order guarantees it).
    """
    document = context if context is not None else load_context()
    compactor = JsonLdCompactor(document["@context"])
    header = json.dumps(context_url if context_url else document["@context"], indent=1, ensure_ascii=False)
    out.write(b'{\n"@context": ' + header.encode() + b',\n"@graph": [')
    first = True
    subject: Any = None
    group: list[ox.Triple] = []

    def flush() -> None:
        nonlocal first
        if not group:
            return
        text = json.dumps(compactor.node(subject, group), indent=1, ensure_ascii=False)
        out.write((b"\n" if first else b",\n") + text.encode())
        first = False

    for triple in triples:
        if triple.subject != subject:
            flush()
            subject, group = triple.subject, []
        group.append(triple)
    flush()
    out.write(b"\n]\n}\n")


# -- RDF/XML guard -----------------------------------------------------------------------------------------------
_NCNAME_START = r"A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
                r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_NCNAME = re.compile(f"[{_NCNAME_START}][{_NCNAME_START}\\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]*")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_rdfxml(triple: ox.Triple) -> ox.Triple:
    """Refuse, with a clear message, what RDF/XML cannot carry (Oxigraph would write broken XML silently)."""
    predicate = triple.predicate.value
    local = re.split(r"[/#:]", predicate)[-1]
    if not _NCNAME.fullmatch(local):
        raise OsceKgError(f"RDF/XML cannot write the predicate <{predicate}> (it has no XML local name); "
                          "export as Turtle, N-Triples or JSON-LD instead")
    if isinstance(triple.object, ox.Literal) and _XML_INVALID.search(triple.object.value):
        raise OsceKgError(f"RDF/XML (XML 1.0) cannot carry a control character in the literal of "
                          f"<{triple.subject.value if isinstance(triple.subject, ox.NamedNode) else triple.subject}> "
                          f"<{predicate}>; export as Turtle, N-Triples or JSON-LD instead")
    return triple


class RdfXmlGuard(io.RawIOBase):
    """Escape raw carriage returns as `&#xD;`: an XML parser turns a raw CR into LF (Oxigraph writes them raw).

    Safe byte-wise: Oxigraph's RDF/XML writer never emits CR itself (it indents with LF and tabs), CR is never
    part of a multi-byte UTF-8 sequence, and IRIs (attributes) cannot contain it.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._out.write(chunk.replace(b"\r", b"&#xD;"))
        return len(chunk)


class SortedPrefixHeader(io.RawIOBase):
    """Write Oxigraph's `@prefix` lines in a fixed order (sorted by prefix name).

    Oxigraph keeps prefixes in a hash map, so their order is an implementation detail that may change between
    versions; sorting them here keeps dumps byte-identical across Oxigraph upgrades too. The header is buffered
    until the first line that is not a prefix line, then everything passes straight through.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._head: bytes | None = b""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if self._head is None:
            self._out.write(chunk)
            return len(chunk)
        self._head += chunk
        lines = self._head.split(b"\n")
        for index, line in enumerate(lines[:-1]):
            if not line.startswith(b"@prefix "):
                self._release(lines[:index], b"\n".join(lines[index:]))
                break
        return len(chunk)

    def _release(self, prefix_lines: list[bytes], rest: bytes) -> None:
        self._out.write(b"".join(line + b"\n" for line in sorted(prefix_lines)) + rest)
        self._head = None

    def finish(self) -> None:
        """Write what is still buffered (an output made of prefix lines only)."""
        if self._head is not None:
            lines = self._head.split(b"\n")
            self._release([line for line in lines[:-1]], lines[-1])


# -- writing -----------------------------------------------------------------------------------------------------
@dataclass
class ExportResult:
    """What an export wrote (for the description and the closing line)."""

    path: Path | None
    fmt: str
    graphs: list[str]
    merged: bool
    byte_size: int
    seconds: float


class _CountingWriter(io.RawIOBase):
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._out.write(chunk)
        self.count += len(chunk)
        return len(chunk)


def _tap(lines: Iterable[bytes], collector: Any) -> Iterator[bytes]:
    for line in lines:
        collector.add_line(line)
        yield line


def write_export(source: Any, fmt: str, out: IO[bytes], graphs: list[str], *, merged: bool = False,
                 context_url: str | None = None, chunk_lines: int = DEFAULT_CHUNK_LINES,
                 progress: Progress | None = None, collector: Any = None) -> None:
    """Write `graphs` of `source` to `out` in `fmt`, sorted and streaming.

    Dataset formats (TriG, N-Quads) keep the named graphs unless `merged`; the triple formats always write the
    merged graph (the distinct triples of all chosen graphs). A `collector` (`describe.StatsCollector`) is fed
    the merged distinct lines on the way, so the description needs no second read of the store.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
    if fmt in DATASET_FORMATS and not merged:
        _write_dataset(source, fmt, out, graphs, chunk_lines, progress, collector)
        return
    lines = sorted_merged_lines(source, graphs, chunk_lines=chunk_lines, progress=progress)
    if collector is not None:
        lines = _tap(lines, collector)
    if fmt in ("ntriples", "nquads"):  # a merged N-Quads file is N-Triples: every triple in the default graph
        buffered = io.BufferedWriter(_PassThrough(out), buffer_size=1 << 16)
        buffered.writelines(lines)
        buffered.flush()
    elif fmt == "jsonld":
        write_jsonld(lines_to_triples(lines), out, context_url=context_url)
    elif fmt == "rdfxml":
        guard = io.BufferedWriter(RdfXmlGuard(out), buffer_size=1 << 16)
        ox.serialize((check_rdfxml(t) for t in lines_to_triples(lines)), guard, ox.RdfFormat.RDF_XML,
                     prefixes=PREFIXES)
        guard.flush()
    else:  # turtle, or trig --merged (all triples in the default graph)
        header = SortedPrefixHeader(out)
        ox.serialize(lines_to_triples(lines), header, OX_FORMATS[fmt], prefixes=PREFIXES)
        header.finish()


class _PassThrough(io.RawIOBase):
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._out.write(chunk)
        return len(chunk)


def _write_dataset(source: Any, fmt: str, out: IO[bytes], graphs: list[str], chunk_lines: int,
                   progress: Progress | None, collector: Any = None) -> None:
    merged = SortedLines(chunk_lines) if collector is not None else None

    def graph_lines(graph: str) -> Iterator[bytes]:
        for line in sorted_graph_lines(source, graph, chunk_lines=chunk_lines):
            if merged is not None:
                merged.add(line)
            if progress:
                progress.tick()
            yield line

    if fmt == "nquads":
        buffered = io.BufferedWriter(_PassThrough(out), buffer_size=1 << 16)
        for graph in graphs:
            suffix = f"<{graph}> .\n".encode()
            for line in graph_lines(graph):
                buffered.write(line[:-2] + suffix)
        buffered.flush()
    else:
        def quads() -> Iterator[ox.Quad]:
            for graph in graphs:
                name = ox.NamedNode(graph)
                for triple in lines_to_triples(graph_lines(graph)):
                    yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

        header = SortedPrefixHeader(out)
        ox.serialize(quads(), header, ox.RdfFormat.TRIG, prefixes=PREFIXES)
        header.finish()
    if merged is not None:
        for line in merged:
            collector.add_line(line)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at `path` only when the block succeeds (temp file beside it, then rename)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def description_path(path: Path) -> Path:
    """`kg.ttl` → `kg.void.ttl`: where the dataset description of an export goes."""
    path = Path(path)
    return path.with_name((path.stem if path.suffix else path.name) + ".void.ttl")


def format_of(path: Path | None, explicit: str | None) -> str:
    """The export format: explicit, else from the output file's extension, else TriG (the whole dataset)."""
    if explicit:
        return explicit
    if path is not None:
        fmt = FORMAT_OF_EXTENSION.get(Path(path).suffix.lower())
        if fmt:
            return fmt
        raise InputError("cannot tell the export format from the file name; give --format", path=path)
    return "trig"


def export(source: Any, fmt: str, output: Path | None, graphs: Iterable[str] | None = None, *,
           merged: bool = False, context_url: str | None = None, describe: bool = True,
           sparql_endpoint: str | None = None, base_url: str | None = None,
           chunk_lines: int = DEFAULT_CHUNK_LINES, progress: bool | None = None,
           stdout: IO[bytes] | None = None) -> ExportResult:
    """Export to `output` (atomically) or to stdout; beside a file, also write its dataset description."""
    started = time.perf_counter()
    chosen = chosen_graphs(source, graphs)
    meter = Progress(f"exporting {fmt}", enabled=progress)
    if output is None:
        target = stdout or sys.stdout.buffer
        counter = _CountingWriter(target)
        write_export(source, fmt, counter, chosen, merged=merged, context_url=context_url,
                     chunk_lines=chunk_lines, progress=meter)
        target.flush()
        meter.done()
        return ExportResult(None, fmt, chosen, merged, counter.count, time.perf_counter() - started)
    output = Path(output)
    collector = None
    if describe:
        from osce_kg.describe import StatsCollector

        collector = StatsCollector(len(chosen), chunk_lines)
    with atomic_output(output) as handle:
        write_export(source, fmt, handle, chosen, merged=merged, context_url=context_url,
                     chunk_lines=chunk_lines, progress=meter, collector=collector)
    meter.done()
    result = ExportResult(output, fmt, chosen, merged, output.stat().st_size, time.perf_counter() - started)
    if collector is not None:
        from osce_kg.describe import Distribution, description_triples, serialize_description

        description = description_triples(
            collector.result(), [Distribution.of_file(output, fmt, base_url=base_url)],
            sparql_endpoint=sparql_endpoint, context_iri=context_version_iri())
        with atomic_output(description_path(output)) as handle:
            handle.write(serialize_description(description, "turtle"))
    result.seconds = time.perf_counter() - started
    return result


def export_bytes(source: Any, fmt: str, graphs: Iterable[str] | None = None, *, merged: bool = False,
                 chunk_lines: int = DEFAULT_CHUNK_LINES, context_url: str | None = None) -> bytes:
    """The export as bytes (tests, small graphs, the server's download route)."""
    buffer = io.BytesIO()
    write_export(source, fmt, buffer, chosen_graphs(source, graphs), merged=merged, chunk_lines=chunk_lines,
                 context_url=context_url)
    return buffer.getvalue()


def export_store(store: Any, fmt: str, output: Path | None, graphs: list[str] | None = None) -> None:
    """Backward-compatible entry point of the first minimal export."""
    export(store, fmt, output, graphs)

