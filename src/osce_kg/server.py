"""`osce-kg serve`: the store as a SPARQL 1.1 endpoint (Protocol, Graph Store GET, service description), with
canned queries as URLs, an HTML query page and dereferenceable entity IRIs.

Design choices, and why:

* **Queries run in a pool of worker processes**, never in the web server's process. pyoxigraph cannot
  interrupt a running query, and a thread cannot be killed, so a runaway query in a thread would hold a core
  (and the GIL-free RocksDB reads) forever. A process can be killed: a query that passes `timeout` seconds is
  answered 503 and its worker is killed and replaced. The other workers keep answering, so one runaway query
  never blocks the other clients. Results are serialised in the worker too, so the event loop only moves bytes.
* **Read-only store, refreshed by the workers.** Each worker opens the store with `Store(path, read_only=True)`
  (RocksDB's read-only mode takes no lock, so `osce-kg build` can keep writing). Before every job a worker
  compares the names, sizes and mtimes of the store's files with what it saw at open time and reopens when they
  changed, so a new build becomes visible on the next request without a restart. (Oxigraph documents reading
  while another process writes as "undefined"; in practice RocksDB readers see the files as of their open,
  and the reopen picks up the new ones.)
* **Default graph = union of the named graphs**, as everywhere in osce-kg, unless the client names graphs with
  `default-graph-uri` / `named-graph-uri` (then exactly those). The Graph Store Protocol's `?default` answers
  the same union.
* **Nothing leaves the machine.** `SERVICE` (which pyoxigraph follows over HTTP) and `LOAD` (likewise, in
  updates) are refused with 403 before the text reaches the engine (`inspect_sparql`: a tokenizer that skips
  IRIs, strings and comments, plus a raw-text check for what a tokenizer can misread). Behind that, each worker
  moves itself into an empty network namespace on Linux (`isolate_network`), so even a query that slipped past
  could not connect anywhere; the server logs a warning where that is not possible. Updates are refused (403)
  unless the server was started with `--allow-update`, and then need the bearer token (401 without one, 403
  with a wrong one) read from an environment variable; each update opens the store read-write only for its own
  duration.
* **Result-size cap.** A SELECT with more than `max_results` rows, or a graph answer with more triples, is
  refused with 413 and a message saying to add a LIMIT: silently truncated data is worse than no data.
* **Dereferenceable IRIs.** `GET /id/{path}` answers for `https://w3id.org/osce-kg/id/{path}` with 200 and
  `Content-Location: /id/{path}?format=…` (plus `Vary: Accept`): HTML for a browser, Turtle (default),
  JSON-LD, N-Triples or RDF/XML for a client that asks. No 303 round trip: the document describes the entity,
  and Content-Location names the document (the pattern of the W3C "Cool URIs" hash-less content negotiation).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import hmac
import json
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

from osce_kg.namespaces import ID_NS, PREFIXES

# -- media types --------------------------------------------------------------------------------------------
#: format name → (canonical media type, other media types that mean the same)
RESULT_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
}
GRAPH_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "turtle": ("text/turtle", ("application/x-turtle",)),
    "ntriples": ("application/n-triples", ()),
    "jsonld": ("application/ld+json", ("application/json",)),
    "rdfxml": ("application/rdf+xml", ("application/xml", "text/xml")),
}
SD_NS = "http://www.w3.org/ns/sparql-service-description#"
HTML_FORMAT: dict[str, tuple[str, tuple[str, ...]]] = {"html": ("text/html", ("application/xhtml+xml",))}
FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml", "srj": "json",
                  "srx": "xml"}

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_FORBIDDEN = {"SERVICE": "SERVICE is refused: this endpoint never queries other hosts",
              "LOAD": "LOAD is refused: this endpoint never fetches data from other hosts"}


class HttpError(Exception):
    """An answer other than 200, with a one-line message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# -- SPARQL text inspection -----------------------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
               | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$]\w+)
  | (?P<word>[^\W\d]\w*(?:[.-]+\w+)*(?::[\w.:%\\-]*)? | :[\w.:%\\-]*)
  | (?P<other>\S)
""", re.X | re.S)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# The same keywords found in the raw text wherever the grammar could take them: followed (after blanks and
# comments) by what must come next (SILENT, an IRI, a variable or a prefixed name). A context-free tokenizer can
# read `?a<0)SERVICE#>` as one IRI where the parser sees `?a < 0) SERVICE` and a comment; this check has no
# such blind spot (it may refuse a string like "service <", which is a price worth paying).
_RAW_FORBIDDEN = re.compile(r"(?<![A-Za-z_?$:\-])(SERVICE|LOAD)"
                            r"(?=(?:\s|\#[^\n\r]*(?:[\n\r]|$))*(?:SILENT\b|<|[?$]|[^\W\d][\w.-]*:|:))",
                            re.I)


@dataclass(frozen=True)
class SparqlInfo:
    """What the server needs to know about a request's text before it reaches the engine."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or None when it cannot tell
    forbidden: str | None  # the message for the first forbidden keyword, if any



MAX_REQUEST_BYTES = 1_000_000  # a SPARQL request body larger than this gets 413 (queries are small)

def inspect_sparql(text: str) -> SparqlInfo:
    """The query form and any forbidden keyword, from bare keyword tokens only.

    IRIs, strings, comments, variables and prefixed names are skipped, so `?service`, `ex:load` or
    `"SERVICE"` are fine, while `SERVICE` in any letter case is not. SPARQL's `\\uXXXX` codepoint escapes are
    decoded first (the grammar applies them before tokenising), so they cannot hide a keyword. A second, raw-text
    check (`_RAW_FORBIDDEN`) covers what a context-free tokenizer can misread. Behind both, the query workers
    run without network access where Linux allows it (`isolate_network`).
    """
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    form = None
    forbidden = None
    for match in _TOKEN.finditer(text):
        if match.lastgroup != "word":
            continue
        word = match.group()
        if ":" in word:
            continue
        upper = word.upper()
        if upper in _FORBIDDEN and forbidden is None:
            forbidden = _FORBIDDEN[upper]
        if form is None:
            if upper in _QUERY_FORMS:
                form = upper
            elif upper in _UPDATE_KEYWORDS:
                form = "UPDATE"
    if forbidden is None and (raw := _RAW_FORBIDDEN.search(text)):
        forbidden = _FORBIDDEN[raw.group(1).upper()]
    return SparqlInfo(form, forbidden)


# -- content negotiation --------------------------------------------------------------------------------------
def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` → [(media range, q)]; a missing or empty header means `*/*`."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges or [("*/*", 1.0)]


def _quality(ranges: list[tuple[str, float]], media: str, aliases: tuple[str, ...] = ()) -> float:
    """The q of the most specific range that matches (RFC 9110 §12.5.1), 0 when none does.

    Aliases (e.g. `application/json` for SPARQL JSON results) count only when named exactly: `text/*` must
    not pick a format whose answer would be `application/…`.
    """
    best: tuple[int, float] = (-1, 0.0)
    kind = media.split("/")[0]
    for rng, q in ranges:
        if rng == media or rng in aliases:
            specificity = 2
        elif rng == kind + "/*":
            specificity = 1
        elif rng == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0] or (specificity == best[0] and q > best[1]):
            best = (specificity, q)
    return best[1]


def negotiate(accept: str | None, offers: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    """The offered format the client likes best (ties: the order of `offers`), or None (→ 406)."""
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for name, (media, aliases) in offers.items():
        q = _quality(ranges, media, aliases)
        if q > best_q:
            best, best_q = name, q
    return best


def not_acceptable(offers: dict[str, tuple[str, tuple[str, ...]]], what: str) -> HttpError:
    return HttpError(406, f"cannot answer {what} in the requested media type; available: "
                          + ", ".join(media for media, _ in offers.values()))


# -- the worker side -----------------------------------------------------------------------------------------
@dataclass
class Reply:
    """A worker's answer: status, media type and body (bytes), or `data` for HTML rendering."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    data: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    rows: int | None = None  # how many solutions a SELECT answer had (for a listing's next-page link)


def _error(status: int, message: str) -> Reply:
    return Reply(status, body=(message.rstrip() + "\n").encode())


class _TooMany(Exception):
    pass


class _StoreHandle:
    """A read-only store, reopened when its files change (so a new `osce-kg build` shows up)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store: Any = None
        self.signature: tuple = ()

    def _signature(self) -> tuple:
        """Names, sizes and mtimes of the RocksDB files (LOG* are RocksDB's own diagnostics: left out).

        A stat of a few dozen files per job costs microseconds; reopening costs milliseconds, only on change.
        """
        entries = []
        try:
            for entry in os.scandir(self.path):
                if entry.is_file() and not entry.name.startswith("LOG"):
                    stat = entry.stat()
                    entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            return ()
        return tuple(sorted(entries))

    def get(self) -> Any:
        from osce_kg.errors import OsceKgError
        from osce_kg.store import Store

        signature = self._signature()
        if self.store is None or signature != self.signature:
            self.close()
            for attempt in range(3):  # a writer may be swapping files right now: try again shortly
                try:
                    self.store = Store(self.path, read_only=True)
                    break
                except OsceKgError:
                    if attempt == 2:
                        raise
                    time.sleep(0.2)
            self.signature = signature
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _term_json(term: Any) -> dict[str, Any]:
    """A pyoxigraph term in the SPARQL 1.1 (and SPARQL-star) JSON results encoding."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"cannot write {term!r} as a SPARQL result")


def _term_cell(term: Any) -> dict[str, Any] | None:
    """A term as the HTML table wants it (plain data: it crosses the process boundary)."""
    if term is None:
        return None
    cell = _term_json(term)
    if cell["type"] == "triple":
        value = cell["value"]
        return {"type": "triple", "value": " ".join(
            (v["value"] if v["type"] != "uri" else f"<{v['value']}>") for v in
            (value["subject"], value["predicate"], value["object"]))}
    return cell


def _limited(items: Iterable[Any], limit: int, what: str) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if len(out) > limit:
            raise _TooMany(f"the answer has more than {limit} {what} (this server's --max-results); "
                           "add a LIMIT or narrow the query")
    return out


def _select_reply(solutions: Any, fmt: str, limit: int) -> Reply:
    import pyoxigraph as ox

    variables = [v.value for v in solutions.variables]
    rows = _limited(solutions, limit, "rows")
    if fmt == "html":
        return Reply(200, data={"kind": "select", "vars": variables,
                                "rows": [[_term_cell(row[v]) for v in variables] for row in rows]}, rows=len(rows))
    bindings = [{v: _term_json(row[v]) for v in variables if row[v] is not None} for row in rows]
    body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode()
    if fmt != "json":
        results_format = getattr(ox.QueryResultsFormat, fmt.upper())
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=results_format)
    return Reply(200, RESULT_FORMATS[fmt][0] + "; charset=utf-8", body, rows=len(rows))


def _boolean_reply(result: Any, fmt: str) -> Reply:
    import pyoxigraph as ox

    if fmt == "html":
        return Reply(200, data={"kind": "ask", "boolean": bool(result)})
    body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
    return Reply(200, RESULT_FORMATS[fmt][0] + "; charset=utf-8", body)


def serialize_triples(triples: list[Any], fmt: str, extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Triples in one of GRAPH_FORMATS, with our prefixes where the format has them."""
    import pyoxigraph as ox

    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    if fmt in ("turtle", "rdfxml"):
        iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
                if isinstance(term, ox.NamedNode)}
        known = {**PREFIXES, **(extra_prefixes or {})}
        used = {p: ns for p, ns in known.items() if any(iri.startswith(ns) for iri in iris)}
        return ox.serialize(triples, format=rdf_format, prefixes=used)
    return ox.serialize(triples, format=rdf_format)


def _graph_reply(triples: Iterable[Any], fmt: str, limit: int) -> Reply:
    items = _limited(triples, limit, "triples")
    if fmt == "html":
        return Reply(200, data={"kind": "graph", "vars": ["subject", "predicate", "object"],
                                "rows": [[_term_cell(t.subject), _term_cell(t.predicate), _term_cell(t.object)]
                                         for t in items]})
    return Reply(200, GRAPH_FORMATS[fmt][0] + ("; charset=utf-8" if fmt != "rdfxml" else ""),
                 serialize_triples(items, fmt))


def _answer(result: Any, formats: dict[str, str | None], limit: int) -> Reply:
    """Serialise any query result in the negotiated format for its kind (406 when there is none)."""
    import pyoxigraph as ox

    if isinstance(result, ox.QuerySolutions):
        kind, offers = "select", RESULT_FORMATS
    elif isinstance(result, ox.QueryBoolean):
        kind, offers = "ask", RESULT_FORMATS
    else:
        kind, offers = "graph", GRAPH_FORMATS
    fmt = formats.get(kind)
    if fmt is None:
        return _error(406, not_acceptable(offers, "this query's result").message)
    if kind == "select":
        return _select_reply(result, fmt, limit)
    if kind == "ask":
        return _boolean_reply(result, fmt)
    return _graph_reply(result, fmt, limit)


def _job_query(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    import pyoxigraph as ox

    store = handle.get()
    kwargs: dict[str, Any] = {}
    defaults, named = job.get("default_graphs") or [], job.get("named_graphs") or []
    if defaults or named:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in defaults]
        if named:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    else:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.ox.query(job["text"], **kwargs)
    except SyntaxError as error:
        return _error(400, f"SPARQL syntax error: {error}")
    except ValueError as error:
        return _error(400, f"bad query: {error}")
    return _answer(result, job["formats"], limit)


def _job_canned(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    from osce_kg import queries
    from osce_kg.errors import OsceKgError, QueryError

    store = handle.get()
    try:
        canned = queries.get(job["name"])
    except QueryError as error:
        return _error(404, error.one_line())
    try:
        bindings = queries.bind(store, canned, job["params"])
        result = queries.run_text(store, queries.paged(canned, job.get("limit", queries.PAGE),
                                                       job.get("offset", 0)), bindings)
    except QueryError as error:  # a bad, unknown or ambiguous parameter value
        return _error(400, error.one_line())
    except OsceKgError as error:  # the canned query itself is broken: our fault, not the client's
        return _error(500, f"the canned query {canned.name} failed: {error.one_line()}")
    reply = _answer(result, job["formats"], limit)
    if reply.data is not None:
        reply.data["bound"] = {k: str(v) for k, v in bindings.items()}
    return reply


def _unique_triples(quads: Iterable[Any]) -> Iterator[Any]:
    seen = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def _job_graph(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    import pyoxigraph as ox

    store = handle.get()
    iri = job.get("graph")
    if iri is None:  # the default graph: the union of all graphs, as the query endpoint sees it
        quads = store.ox.quads_for_pattern(None, None, None, None)
    else:
        node = ox.NamedNode(iri)
        if not store.ox.contains_named_graph(node):
            return _error(404, f"no graph <{iri}> in this store")
        quads = store.ox.quads_for_pattern(None, None, None, node)
    return _graph_reply(_unique_triples(quads), job["format"], limit)


_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
           "https://schema.org/name", "https://schema.org/headline")


def _label_of(store: Any, term: Any) -> str | None:
    import pyoxigraph as ox

    if not isinstance(term, ox.NamedNode):
        return None
    for predicate in _LABELS:
        for quad in store.ox.quads_for_pattern(term, ox.NamedNode(predicate), None, None):
            return quad.object.value
    return None


def _job_entity(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    """An entity's description: the triples about it (all graphs) and, for HTML, those pointing at it."""
    import pyoxigraph as ox

    store = handle.get()
    node = ox.NamedNode(job["iri"])
    outgoing = list(store.ox.quads_for_pattern(node, None, None, None))
    incoming = []
    for quad in store.ox.quads_for_pattern(None, None, node, None):
        incoming.append(quad)
        if len(incoming) >= limit:
            break
    if not outgoing and not incoming:
        return _error(404, f"nothing is known about <{job['iri']}> in this store")
    if job["format"] != "html":
        return _graph_reply(_unique_triples(outgoing + incoming), job["format"], limit)

    def row(quad: Any, other: Any) -> dict[str, Any]:
        return {"predicate": _term_cell(quad.predicate), "other": _term_cell(other),
                "label": _label_of(store, other), "graph": _term_cell(quad.graph_name)
                if isinstance(quad.graph_name, ox.NamedNode) else None}

    def once(quads: list[Any], other: str) -> list[Any]:
        """One row per (property, value), in that order, whichever graphs state it."""
        seen: dict[tuple[str, str], Any] = {}
        for quad in quads:
            seen.setdefault((str(quad.predicate), str(getattr(quad, other))), quad)
        return [seen[k] for k in sorted(seen)]

    return Reply(200, data={"iri": job["iri"], "label": _label_of(store, node),
                            "outgoing": [row(q, q.object) for q in once(outgoing, "object")[:limit]],
                            "incoming": [row(q, q.subject) for q in once(incoming, "subject")],
                            "picture": _picture(store, job["iri"])})


def _picture(store: Any, iri: str) -> str | None:
    """The same neighbourhood picture as `osce-kg show --format svg` (None without Graphviz)."""
    from osce_kg.namespaces import ID_NS

    def link(target: str) -> str | None:
        return "/id/" + target[len(ID_NS):] if target.startswith(ID_NS) else None

    try:
        from osce_kg.show import neighbourhood_svg

        return neighbourhood_svg(store, iri, link=link)
    except Exception:  # noqa: BLE001 - no Graphviz, or an entity it cannot draw: the tables still answer
        return None


def _job_graphs(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    return Reply(200, data=handle.get().named_graphs())


def _job_update(handle: _StoreHandle, job: dict[str, Any], limit: int) -> Reply:
    """Apply an update with a short-lived read-write handle (so `build` is locked out only meanwhile)."""
    from osce_kg.errors import OsceKgError, StoreLockedError
    from osce_kg.store import Store

    handle.close()
    try:
        with Store(handle.path) as store:
            store.ox.update(job["text"])
    except StoreLockedError as error:
        return _error(503, error.one_line())
    except SyntaxError as error:
        return _error(400, f"SPARQL syntax error: {error}")
    except (OsceKgError, OSError, ValueError) as error:
        return _error(500, f"the update failed: {error}")
    return Reply(200, body=b"update applied\n")


_JOBS = {"query": _job_query, "canned": _job_canned, "graph": _job_graph, "entity": _job_entity,
         "graphs": _job_graphs, "update": _job_update}


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (Linux): no socket can reach any host.

    The last line of defence behind `inspect_sparql`: pyoxigraph follows SERVICE and LOAD over HTTP, and a
    worker without a network cannot. Works as root (CAP_SYS_ADMIN) or, unprivileged, through a user namespace
    where the kernel allows those; elsewhere it returns False and the text checks stand alone. Must run while
    the process has one thread (before the store is opened).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return any(libc.unshare(flags) == 0 for flags in (clone_newnet, clone_newnet | clone_newuser))


def worker_main(conn: Any, store_path: str, max_results: int) -> None:
    """A query worker: answer jobs from the pipe until it closes (the server is gone) or says stop."""
    from osce_kg.errors import OsceKgError

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    isolated = isolate_network()
    handle = _StoreHandle(Path(store_path))
    try:
        handle.get()
        conn.send(Reply(200, body=b"ready", data={"network_isolated": isolated}))
    except Exception as error:  # noqa: BLE001 - reported to the server, which fails to start
        conn.send(_error(500, f"cannot open the store: {error}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        try:
            reply = _JOBS[job["job"]](handle, job, max_results)
        except _TooMany as error:
            reply = _error(413, str(error))
        except OsceKgError as error:  # the store went away or cannot be read right now
            reply = _error(503, f"the store cannot be read: {error.one_line()}")
        except Exception as error:  # noqa: BLE001 - one bad job must not end the worker
            reply = _error(500, f"internal error: {type(error).__name__}: {error}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    handle.close()


# -- the server side: a pool of killable workers ---------------------------------------------------------------
_log = logging.getLogger("uvicorn.error")  # uvicorn's configured logger: our lines land with its own


class _Worker:
    def __init__(self, store_path: str, max_results: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, store_path, max_results),
                                       name="osce-kg-query-worker", daemon=True)
        self.process.start()
        child.close()
        self.lock = threading.Lock()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start in time")
        reply: Reply = self.conn.recv()
        if reply.status != 200:
            self.kill()
            raise RuntimeError(reply.body.decode().strip())
        self.network_isolated = bool((reply.data or {}).get("network_isolated"))

    def call(self, job: dict[str, Any]) -> Reply:
        with self.lock:
            self.conn.send(job)
            return self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """N worker processes; a job that outlives the timeout gets its worker killed and replaced."""

    def __init__(self, store_path: Path, size: int, max_results: int, timeout: float) -> None:
        self.store_path = str(store_path)
        self.size = max(1, size)
        self.max_results = max_results
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] | None = None
        self._threads = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix="osce-kg-pool")
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()  # background replacements (the loop keeps only weak references)
        self._closing = False

    def _background(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path, self.max_results)
        worker.wait_ready(60)
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, self._spawn)
                                         for _ in range(self.size)))
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)
        if not all(w.network_isolated for w in workers):
            _log.warning(
                "osce-kg: query workers could not be cut off from the network (no network namespaces here); "
                "SERVICE and LOAD are still refused by the query checks")

    async def _replace(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(Exception):  # at once, so the thread blocked on its pipe is freed at once
            worker.process.kill()
        await loop.run_in_executor(None, worker.kill)
        self._all.discard(worker)
        if self._closing:
            return
        try:
            new = await loop.run_in_executor(self._threads, self._spawn)
        except RuntimeError as error:
            _log.error("osce-kg: a query worker could not be restarted (%s); %d left", error, len(self._all))
            return
        if self._closing:
            new.stop()
            return
        self._all.add(new)
        assert self._idle is not None
        self._idle.put_nowait(new)

    async def run(self, job: dict[str, Any]) -> Reply:
        """Run one job on a free worker, within the time limit."""
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError as error:
            raise HttpError(503, f"the server is busy (all {self.size} query workers stayed busy for "
                                 f"{self.timeout:g} s); try again later", {"Retry-After": "5"}) from error
        future = loop.run_in_executor(self._threads, worker.call, job)
        # a killed worker makes the abandoned call fail with EOFError; that is expected, not worth a log line
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            reply = await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError as error:
            self._background(self._replace(worker))
            raise HttpError(503, f"the query ran longer than this server's time limit ({self.timeout:g} s) "
                                 "and was stopped; narrow it or add a LIMIT") from error
        except asyncio.CancelledError:  # the client went away: finish (or kill) in the background
            self._background(self._settle(worker, future))
            raise
        except (EOFError, OSError) as error:
            if self._closing:
                raise HttpError(503, "the server is shutting down") from error
            self._background(self._replace(worker))
            raise HttpError(500, f"a query worker died: {error!r}") from error
        self._idle.put_nowait(worker)
        return reply

    async def _settle(self, worker: _Worker, future: asyncio.Future) -> None:
        try:
            await asyncio.wait_for(future, self.timeout)
        except (asyncio.TimeoutError, EOFError, OSError):
            await self._replace(worker)
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)

    async def stop(self) -> None:
        self._closing = True
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(None, w.stop) for w in list(self._all)))
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)


# -- the web app ----------------------------------------------------------------------------------------------
def local_href(iri: str) -> str:
    """Where the HTML pages link an IRI: our entities to /id/…, anything else to /resource?iri=…."""
    if iri.startswith(ID_NS):
        return "/id/" + quote(iri[len(ID_NS):], safe="/:@!$&'()*+,;=-._~")
    return "/resource?iri=" + quote(iri, safe="")


def service_description(endpoint: str, graphs: list[str], allow_update: bool) -> list[Any]:
    """The SPARQL 1.1 Service Description of this endpoint, as pyoxigraph triples."""
    import pyoxigraph as ox

    sd = SD_NS
    fmt = "http://www.w3.org/ns/formats/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, rdf_type, ox.NamedNode(sd + "Graph")),
    ]
    if allow_update:
        triples.append(ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"),
                                 ox.NamedNode(sd + "SPARQL11Update")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(fmt + name)))
    for i, graph in enumerate(graphs):
        node = ox.BlankNode(f"g{i}")
        triples += [ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), node),
                    ox.Triple(node, rdf_type, ox.NamedNode(sd + "NamedGraph")),
                    ox.Triple(node, ox.NamedNode(sd + "name"), ox.NamedNode(graph))]
    return triples


def create_app(store_path: str | Path, *, allow_update: bool = False, update_token: str | None = None,
               timeout: float = 30.0, max_results: int = 100_000, cors_origins: Iterable[str] = (),
               workers: int = 4) -> Any:
    """The ASGI app (Starlette). The worker pool starts with the app's lifespan and stops with it."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from osce_kg.output import compact

    if allow_update and not update_token:
        raise ValueError("--allow-update needs a non-empty bearer token")
    pool = WorkerPool(Path(store_path), workers, max_results, timeout)
    templates = Environment(loader=PackageLoader("osce_kg", "templates"), autoescape=select_autoescape())

    def show(cell: dict[str, Any] | None) -> dict[str, Any]:
        """A result cell for the templates: text, link and a hint of the datatype or language."""
        if cell is None:
            return {"text": "", "href": None, "note": ""}
        if cell["type"] == "uri":
            return {"text": compact(cell["value"]), "href": local_href(cell["value"]), "note": ""}
        if cell["type"] == "bnode":
            return {"text": "_:" + cell["value"], "href": None, "note": ""}
        note = cell.get("xml:lang") or (compact(cell["datatype"]) if cell.get("datatype") else "")
        return {"text": cell["value"], "href": None, "note": note}

    templates.filters["cell"] = show
    templates.globals["compact"] = compact

    def html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    def error_response(error: HttpError, want_html: bool = False) -> Response:
        if want_html:
            return html("error.html", error.status, status=error.status, message=error.message)
        return PlainTextResponse(error.message.rstrip() + "\n", status_code=error.status, headers=error.headers)

    def reply_response(reply: Reply, headers: dict[str, str] | None = None) -> Response:
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type,
                        headers={**reply.headers, **(headers or {})})

    def chosen(request: Request, offers: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
        """The format from `?format=` (a name or media type: links, and clients like SPARQLWrapper that add
        `format=json`) when it names an offered one, or else from `Accept`."""
        explicit = request.query_params.get("format", "").strip().lower()
        if explicit:
            explicit = FORMAT_ALIASES.get(explicit, explicit)
            for name, (media, aliases) in offers.items():
                if explicit in (name, media, *aliases):
                    return name
        return negotiate(request.headers.get("accept"), offers)

    async def read_params(request: Request) -> dict[str, list[str]]:
        """Protocol parameters from the URL and, for POST, the form or the raw query/update body."""
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media not in ("application/x-www-form-urlencoded", "application/sparql-query",
                             "application/sparql-update"):
                raise HttpError(415, "POST a form (application/x-www-form-urlencoded), application/sparql-query "
                                     "or application/sparql-update")
            body = bytearray()
            async for chunk in request.stream():  # bounded: an enormous body is refused, never buffered
                body += chunk
                if len(body) > MAX_REQUEST_BYTES:
                    raise HttpError(413, f"the request is larger than {MAX_REQUEST_BYTES:,} bytes; "
                                         "a query or update that large is refused")
            try:
                text = bytes(body).decode("utf-8")
            except UnicodeDecodeError as error:
                raise HttpError(400, "the request body is not UTF-8") from error
            if media == "application/x-www-form-urlencoded":
                # parsed here rather than with request.form(), which needs python-multipart
                for key, value in parse_qsl(text, keep_blank_values=True):
                    params.setdefault(key, []).append(value)
            else:
                params.setdefault("query" if media.endswith("query") else "update", []).append(text)
        return params

    async def run_query(text: str, formats: dict[str, str | None], defaults: list[str],
                        named: list[str]) -> Reply:
        info = inspect_sparql(text)
        if info.forbidden:
            raise HttpError(403, info.forbidden)
        if info.form == "UPDATE":
            raise HttpError(400, "this is an update, not a query: POST it as `update` "
                                 "(application/sparql-update)")
        if info.form in ("SELECT", "ASK") and formats["select"] is None:
            raise not_acceptable(RESULT_FORMATS, f"a {info.form} result")
        if info.form in ("CONSTRUCT", "DESCRIBE") and formats["graph"] is None:
            raise not_acceptable(GRAPH_FORMATS, f"a {info.form} result")
        return await pool.run({"job": "query", "text": text, "formats": formats,
                               "default_graphs": defaults, "named_graphs": named})

    def query_formats(request: Request, allow_html: bool) -> dict[str, str | None]:
        result_offers = {**RESULT_FORMATS, **(HTML_FORMAT if allow_html else {})}
        graph_offers = {**GRAPH_FORMATS, **(HTML_FORMAT if allow_html else {})}
        select = chosen(request, result_offers)
        return {"select": select, "ask": select, "graph": chosen(request, graph_offers)}

    async def run_update(request: Request, text: str) -> Response:
        if not allow_update:
            raise HttpError(403, "this endpoint is read-only (start `osce-kg serve --allow-update` to accept "
                                 "updates)")
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HttpError(401, "updates need `Authorization: Bearer <token>`",
                            {"WWW-Authenticate": 'Bearer realm="osce-kg"'})
        if not hmac.compare_digest(token.strip().encode(), (update_token or "").encode()):
            raise HttpError(403, "wrong bearer token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        info = inspect_sparql(text)
        if info.forbidden:
            raise HttpError(403, info.forbidden)
        reply = await pool.run({"job": "update", "text": text})
        return reply_response(reply)

    async def sparql(request: Request) -> Response:
        want_html = False
        try:
            params = await read_params(request)
            queries, updates = params.get("query", []), params.get("update", [])
            if len(queries) + len(updates) > 1:
                raise HttpError(400, "give exactly one `query` or one `update`")
            if updates:
                if request.method != "POST":
                    raise HttpError(400, "updates must be POSTed")
                return await run_update(request, updates[0])
            if not queries:
                return await describe_service(request)
            formats = query_formats(request, allow_html=True)
            want_html = formats["select"] == "html"
            reply = await run_query(queries[0], formats, params.get("default-graph-uri", []),
                                    params.get("named-graph-uri", []))
            if reply.data is not None:
                return html("index.html", query=queries[0], result=reply.data, canned=canned_list())
            if want_html and reply.status != 200:
                raise HttpError(reply.status, reply.body.decode().strip())
            return reply_response(reply, {"Vary": "Accept"})
        except HttpError as error:
            return error_response(error, want_html)

    async def describe_service(request: Request) -> Response:
        offers = {**GRAPH_FORMATS, **HTML_FORMAT}
        fmt = chosen(request, offers)
        if fmt is None:
            raise not_acceptable(offers, "the service description")
        if fmt == "html":
            return html("index.html", query=DEFAULT_QUERY, result=None, canned=canned_list())
        graphs = (await pool.run({"job": "graphs"})).data or []
        endpoint = str(request.url.replace(query=""))
        body = serialize_triples(service_description(endpoint, graphs, allow_update), fmt,
                                 {"sd": SD_NS, "formats": "http://www.w3.org/ns/formats/"})
        return Response(body, media_type=GRAPH_FORMATS[fmt][0], headers={"Vary": "Accept"})

    def canned_list() -> list[dict[str, Any]]:
        from osce_kg.queries import catalogue

        return [{**q.as_dict(), "url": f"/queries/{q.name}"} for q in catalogue().values()]

    async def queries_index(request: Request) -> Response:
        return JSONResponse(canned_list())

    def page_of(request: Request) -> tuple[int | str | None, int]:
        """`_limit=N|all` and `_offset=N` (datasette's underscore convention keeps them apart from parameters)."""
        from osce_kg.queries import PAGE

        raw_limit, raw_offset = request.query_params.get("_limit", ""), request.query_params.get("_offset", "0")
        try:  # ranges, and paging a query that is not a listing, are checked by queries.paged (a 400)
            limit: int | str | None = None if raw_limit == "all" else int(raw_limit) if raw_limit else PAGE
            return limit, int(raw_offset or 0)
        except ValueError as error:
            raise HttpError(400, "_limit takes a number of rows or 'all', _offset a number of rows") from error

    async def canned(request: Request) -> Response:
        from osce_kg.errors import QueryError
        from osce_kg.queries import PAGE, get

        name = request.path_params["name"]
        formats = query_formats(request, allow_html=True)
        want_html = formats["select"] == "html"
        try:
            try:
                query = get(name)
            except QueryError as error:
                raise HttpError(404, error.one_line()) from error
            values = {k: v for k, v in request.query_params.multi_items()
                      if k != "format" and not k.startswith("_")}
            if want_html:  # the form sends empty fields for the parameters left out
                values = {k: v for k, v in values.items() if v.strip()}
            info = inspect_sparql(query.text)
            kind = "graph" if info.form in ("CONSTRUCT", "DESCRIBE") else "select"
            if formats[kind] is None:
                raise not_acceptable(GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS, "this query")
            limit, offset = page_of(request)
            reply = await pool.run({"job": "canned", "name": name, "params": values, "formats": formats,
                                    "limit": limit, "offset": offset})
            headers = {"Vary": "Accept"}
            size = query.page if limit == PAGE else limit
            next_url = None
            if query.page and isinstance(size, int) and reply.rows is not None and reply.rows >= size:
                next_url = str(request.url.include_query_params(_offset=offset + size))
                headers["Link"] = f'<{next_url}>; rel="next"'
            if reply.data is not None:
                return html("canned.html", q=query.as_dict(), values=values, result=reply.data,
                            text=query.text, next_url=next_url, offset=offset)
            if reply.status != 200:
                raise HttpError(reply.status, reply.body.decode().strip())
            return reply_response(reply, headers)
        except HttpError as error:
            if want_html and error.status == 400 and "query" in locals():
                return html("canned.html", q=query.as_dict(), values=values, result=None, text=query.text,
                            error=error.message, status=400)
            return error_response(error, want_html)

    async def graph_store(request: Request) -> Response:
        try:
            graph = request.query_params.getlist("graph")
            default = "default" in request.query_params
            if len(graph) + int(default) != 1:
                raise HttpError(400, "give exactly one of ?graph=IRI or ?default")
            fmt = chosen(request, GRAPH_FORMATS)
            if fmt is None:
                raise not_acceptable(GRAPH_FORMATS, "a graph")
            reply = await pool.run({"job": "graph", "graph": graph[0] if graph else None, "format": fmt})
            return reply_response(reply, {"Vary": "Accept"})
        except HttpError as error:
            return error_response(error)

    async def entity_page(request: Request, iri: str, self_url: str) -> Response:
        offers = {**GRAPH_FORMATS, **HTML_FORMAT}
        fmt = chosen(request, offers)
        try:
            if fmt is None:
                raise not_acceptable(offers, "this resource")
            reply = await pool.run({"job": "entity", "iri": iri, "format": fmt})
            sep = "&" if "?" in self_url else "?"
            headers = {"Vary": "Accept", "Content-Location": f"{self_url}{sep}format={fmt}"}
            if reply.data is not None:
                response = html("entity.html", **reply.data)
                response.headers.update(headers)
                return response
            if reply.status != 200:
                raise HttpError(reply.status, reply.body.decode().strip())
            return reply_response(reply, headers)
        except HttpError as error:
            return error_response(error, fmt == "html")

    async def entity(request: Request) -> Response:
        path = request.path_params["path"]
        return await entity_page(request, ID_NS + path, "/id/" + quote(path, safe="/:@!$&'()*+,;=-._~"))

    async def resource(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", iri):
            return error_response(HttpError(400, "give ?iri=<an absolute IRI>"))
        return await entity_page(request, iri, "/resource?iri=" + quote(iri, safe=""))

    async def index(request: Request) -> Response:
        try:
            params = await read_params(request)
        except HttpError as error:
            return error_response(error, True)
        text = (params.get("query") or [""])[0]
        if not text.strip():
            return html("index.html", query=DEFAULT_QUERY, result=None, canned=canned_list())
        formats = {"select": "html", "ask": "html", "graph": "html"}
        try:
            reply = await run_query(text, formats, [], [])
            if reply.data is None:
                raise HttpError(reply.status, reply.body.decode().strip())
        except HttpError as error:
            return html("index.html", status=error.status, query=text, result=None, error=error.message,
                        canned=canned_list())
        return html("index.html", query=text, result=reply.data, canned=canned_list())

    @contextlib.asynccontextmanager
    async def lifespan(app: Any):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    middleware = []
    origins = list(cors_origins)
    if origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Authorization", "Content-Type"],
                                     expose_headers=["Content-Location"], max_age=600))
    routes = [
        Route("/", index, methods=["GET", "POST"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/store", graph_store, methods=["GET"]),
        Route("/queries", queries_index, methods=["GET"]),
        Route("/queries/{name}", canned, methods=["GET"]),
        Route("/id/{path:path}", entity, methods=["GET"]),
        Route("/resource", resource, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    return app


DEFAULT_QUERY = """PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?news ?date ?headline WHERE {
  ?news a schema:NewsArticle ; schema:headline ?headline .
  OPTIONAL { ?news schema:datePublished ?date }
}
ORDER BY DESC(?date)
LIMIT 20
"""


def run_server(app: Any, host: str, port: int, log_level: str = "info") -> None:
    """Serve until SIGTERM or SIGINT, then shut down cleanly and return (exit code 0).

    uvicorn ≥ 0.29 re-raises the signal it caught once it has shut down, which would end the process with
    -SIGTERM / KeyboardInterrupt; a service manager should see a clean stop, so we drop the captured signals.
    """
    import uvicorn

    class _Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):  # type: ignore[override]
            with super().capture_signals():
                try:
                    yield
                finally:
                    self._captured_signals.clear()

    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on",
                            timeout_graceful_shutdown=5, server_header=False)
    server = _Server(config)
    from osce_kg.errors import OsceKgError

    try:
        server.run()
    except SystemExit as error:  # uvicorn exits 1 when it cannot bind; ours is "usage/environment": 2
        raise OsceKgError(f"the server could not start on {host}:{port} (see above; is the port in use?)") \
            from error
    if not server.started and not server.should_exit:
        raise OsceKgError("the server could not start (see the messages above)")
