"""A remote SPARQL 1.1 endpoint as a graph "source", indistinguishable from the embedded `Store` for readers.

`Endpoint` speaks the SPARQL 1.1 Protocol (queries, updates) and the Graph Store Protocol (GSP: one HTTP PUT
per named graph) with httpx, and hands back pyoxigraph objects — `QuerySolutions`, `QueryBoolean`, Triples,
Quads — parsed by pyoxigraph's own result and RDF parsers, so `query`, `export` and `validate` run unchanged
on Oxigraph server, Virtuoso, Fuseki or any other SPARQL 1.1 server.

Why the protocol details are what they are (each one was a real failure):

* Every request carries an explicit `Accept`: `application/sparql-results+json` for SELECT/ASK (given a list
  that starts with RDF/XML, Virtuoso answers SELECT with an RDF/XML "result set" graph) and
  `application/n-triples` for CONSTRUCT/DESCRIBE.
* Short queries go by GET, long ones by form POST (`application/x-www-form-urlencoded`); never by
  `application/sparql-query` POST, which hangs on Virtuoso 7.
* Virtuoso writes blank nodes in JSON results as `nodeID://b123` (not a valid blank-node id for pyoxigraph)
  and booleans as `"1"^^xsd:boolean`; both are rewritten before parsing, so answers compare equal to the store's.
* Virtuoso caps answers at `ResultSetMaxRows` (default 10000) and says so only in an `X-SPARQL-MaxRows`
  header of SELECT answers — CONSTRUCT and GSP GET answers are cut silently. So graph reads go through SELECT,
  page when the header appears, and check the total against a COUNT; a cut SELECT is an error, never a short
  answer.
* Virtuoso lists its own housekeeping graphs (`virtrdf#`, `/DAV/`, …) among the named graphs; they are left
  out of `named_graphs()` when the server says it is Virtuoso.

Credentials come only from the environment (`OSCE_KG_ENDPOINT_USER`, `OSCE_KG_ENDPOINT_PASSWORD`; optional
`OSCE_KG_ENDPOINT_AUTH=basic|digest`), never from the command line, where `ps` and shell history would show
them. They are offered only when a server asks (HTTP 401), with the scheme it asks for (Basic or Digest).
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from osce_kg.errors import OsceKgError

ENV_USER = "OSCE_KG_ENDPOINT_USER"
ENV_PASSWORD = "OSCE_KG_ENDPOINT_PASSWORD"
ENV_AUTH = "OSCE_KG_ENDPOINT_AUTH"
ENV_TIMEOUT = "OSCE_KG_ENDPOINT_TIMEOUT"

ACCEPT_RESULTS = "application/sparql-results+json"
ACCEPT_GRAPH = "application/n-triples"
# Longer encoded queries go by form POST: many servers and proxies cut URLs at 4-8 KB.
MAX_GET_LENGTH = 2000
DEFAULT_TIMEOUT = 120.0
CONNECT_TIMEOUT = 10.0
MESSAGE_LENGTH = 300

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
VIRTUOSO_DEFAULT_MAX_ROWS = 10000
ENDPOINT_TYPES = ("oxigraph", "virtuoso", "fuseki", "generic")

# Graphs a Virtuoso keeps for itself; never part of a dataset we push or read.
VIRTUOSO_SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "urn:activitystreams-owl:map",
    "urn:core:services:sparql",
    "virtrdf:",
)


@dataclass(frozen=True)
class Preset:
    """Where a server type keeps its services, relative to its base URL."""

    query: str | None
    update: str | None
    store: str | None
    # Extra suffixes a user may give as the query URL (stripped to find the base).
    aliases: tuple[str, ...] = ()


PRESETS: dict[str, Preset] = {
    "oxigraph": Preset("/query", "/update", "/store"),
    # Updates and GSP writes need the authenticated services (Digest); plain /sparql is read-only.
    "virtuoso": Preset("/sparql", "/sparql-auth", "/sparql-graph-crud-auth", ("/sparql-auth",)),
    # Fuseki: the given URL is the dataset (http://host:3030/ds) or one of its services.
    "fuseki": Preset("/query", "/update", "/data", ("/sparql", "/update", "/data", "/get")),
    "generic": Preset(None, None, None),
}


def service_urls(url: str, endpoint_type: str = "generic", update_url: str | None = None,
                 store_url: str | None = None) -> tuple[str, str, str | None]:
    """(query URL, update URL, GSP URL or None) for a server type, from its base or query URL.

    A generic server has no known layout: updates go to the query URL (SPARQL 1.1 allows one URL for both)
    and there is no GSP unless `store_url` is given, so `push` falls back to SPARQL Update.
    """
    if endpoint_type not in PRESETS:
        raise OsceKgError(f"unknown endpoint type {endpoint_type!r} (one of {', '.join(ENDPOINT_TYPES)})")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OsceKgError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise OsceKgError(f"put no credentials in the endpoint URL; set {ENV_USER} and {ENV_PASSWORD} instead")
    preset = PRESETS[endpoint_type]
    if preset.query is None:
        if parts.path in ("", "/"):
            raise OsceKgError(
                f"{url} has no path: give the full query URL (Oxigraph …/query, Virtuoso …/sparql, Fuseki "
                "…/dataset/query); `osce-kg push` also takes a base URL with --endpoint-type")
        return url, update_url or url, store_url
    path = parts.path.rstrip("/")
    for suffix in (preset.query, *preset.aliases):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return (base + preset.query, update_url or base + (preset.update or preset.query),
            store_url or (base + preset.store if preset.store else None))


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)
_COMMENT = re.compile(r"#[^\n]*")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside IRIs, strings and comments.

    It decides the Accept header (and so the parser), because servers negotiate by it.
    """
    stripped = _COMMENT.sub(" ", _STRING.sub('""', _IRI.sub("<>", text)))
    match = _FORM.search(stripped)
    if not match:
        raise OsceKgError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return match.group(1).upper()


def _valid_bnode(value: str) -> str:
    """A blank-node id pyoxigraph accepts, stable and one-to-one (so paged reads keep node identity)."""
    if re.fullmatch(r"[A-Za-z0-9_]+", value):
        return value
    return "x" + value.encode("utf-8").hex()


def _clean_json_results(data: bytes) -> bytes:
    """Rewrite what Virtuoso writes differently (blank-node ids, 1/0 booleans) before pyoxigraph parses it."""
    if b'"bnode"' not in data and XSD_BOOLEAN.encode() not in data:
        return data
    document = json.loads(data)
    for binding in (document.get("results") or {}).get("bindings", []):
        for term in binding.values():
            _clean_term(term)
    return json.dumps(document).encode("utf-8")


def _clean_term(term: dict[str, Any]) -> None:
    kind = term.get("type")
    if kind == "bnode":
        term["value"] = _valid_bnode(str(term.get("value", "")))
    elif kind in ("literal", "typed-literal") and term.get("datatype") == XSD_BOOLEAN:
        term["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])
    elif kind == "triple":
        for part in (term.get("value") or {}).values():
            if isinstance(part, dict):
                _clean_term(part)


def _server_message(response: httpx.Response) -> str:
    """The first line(s) of a server's error text, on one line and truncated."""
    try:
        text = response.text
    except (UnicodeDecodeError, httpx.HTTPError):
        text = ""
    text = re.sub(r"<[^>]+>", " ", text) if "html" in response.headers.get("content-type", "") else text
    text = " ".join(text.split())
    if len(text) > MESSAGE_LENGTH:
        text = text[:MESSAGE_LENGTH] + "…"
    return text


class _Cut(Exception):
    """A SELECT answer the server truncated (Virtuoso's X-SPARQL-MaxRows)."""

    def __init__(self, max_rows: int) -> None:
        super().__init__(max_rows)
        self.max_rows = max_rows


class Endpoint:
    """A SPARQL 1.1 endpoint with the same read protocol as `osce_kg.store.Store`.

    ``Endpoint("http://127.0.0.1:7878/query")`` reads; ``endpoint_type`` fills in the update and GSP URLs of
    known servers (oxigraph, virtuoso, fuseki) so `osce-kg push` can write.
    """

    def __init__(self, query_url: str, *, update_url: str | None = None, store_url: str | None = None,
                 endpoint_type: str = "generic", timeout: float | None = None) -> None:
        self.endpoint_type = endpoint_type
        self.query_url, self.update_url, self.store_url = service_urls(query_url, endpoint_type, update_url,
                                                                       store_url)
        if timeout is None:
            try:
                timeout = float(os.environ.get(ENV_TIMEOUT) or DEFAULT_TIMEOUT)
            except ValueError as error:
                raise OsceKgError(f"{ENV_TIMEOUT} must be a number of seconds") from error
        self.timeout = timeout
        self._user = os.environ.get(ENV_USER) or None
        self._password = os.environ.get(ENV_PASSWORD) or ""
        self._scheme = (os.environ.get(ENV_AUTH) or "").strip().lower() or None
        if self._scheme not in (None, "basic", "digest"):
            raise OsceKgError(f"{ENV_AUTH} must be basic or digest, not {self._scheme!r}")
        self._auth: httpx.Auth | None = None
        if self._user and self._scheme:
            self._auth = self._make_auth(self._scheme)
        # Virtuoso's ResultSetMaxRows: its default until an answer's X-SPARQL-MaxRows header tells the real one.
        self._max_rows = VIRTUOSO_DEFAULT_MAX_ROWS
        self.server = ""  # the Server header of the last answer ("Virtuoso/07.20…", "Oxigraph/0.5…")
        self._client: httpx.Client | None = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)), follow_redirects=True,
            headers={"User-Agent": "osce-kg"})

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Endpoint({self.query_url!r}, endpoint_type={self.endpoint_type!r})"

    @property
    def is_virtuoso(self) -> bool:
        return self.endpoint_type == "virtuoso" or self.server.lower().startswith("virtuoso")

    # -- HTTP ------------------------------------------------------------------------------------------------
    def _make_auth(self, scheme: str) -> httpx.Auth:
        if scheme == "digest":
            return httpx.DigestAuth(self._user or "", self._password)
        return httpx.BasicAuth(self._user or "", self._password)

    def request(self, method: str, url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        """One HTTP exchange with clear one-line errors; answers a 401 with credentials from the environment."""
        if self._client is None:
            raise OsceKgError(f"the connection to {self.query_url} is closed")
        try:
            response = self._client.request(method, url, auth=self._auth or httpx.USE_CLIENT_DEFAULT, **kwargs)
            if response.status_code == 401 and self._user and self._auth is None:
                challenge = response.headers.get("www-authenticate", "").lower()
                self._auth = self._make_auth("digest" if challenge.startswith("digest") else "basic")
                response = self._client.request(method, url, auth=self._auth, **kwargs)
        except httpx.ConnectError as error:
            reason = str(error) or type(error).__name__
            if "refused" in reason.lower():
                reason = "connection refused (is the server running?)"
            raise OsceKgError(f"cannot reach the SPARQL server at {url}: {reason}") from error
        except httpx.TimeoutException as error:
            raise OsceKgError(f"the SPARQL server at {url} did not answer within {self.timeout:g} s "
                              f"({what}); set {ENV_TIMEOUT} to wait longer") from error
        except httpx.HTTPError as error:
            raise OsceKgError(f"HTTP error talking to {url} ({what}): {type(error).__name__}: {error}") from error
        self.server = response.headers.get("server", self.server)
        if response.status_code in (401, 403):
            hint = (f"check {ENV_USER} / {ENV_PASSWORD}" if self._user
                    else f"set {ENV_USER} and {ENV_PASSWORD}")
            raise OsceKgError(f"{url} refused {what}: HTTP {response.status_code} ({hint})")
        if response.status_code >= 400:
            message = _server_message(response)
            raise OsceKgError(f"{url} answered HTTP {response.status_code} to {what}"
                              + (f": {message}" if message else ""))
        return response

    def _query_request(self, text: str, accept: str) -> httpx.Response:
        params: dict[str, str] = {"query": text}
        if self.endpoint_type == "oxigraph":
            # The store reads the union of the named graphs as its default graph; so must the server.
            params["union-default-graph"] = ""
        encoded = urllib.parse.urlencode(params)
        headers = {"Accept": accept}
        if len(encoded) <= MAX_GET_LENGTH:
            return self.request("GET", self.query_url, what="the query", params=params, headers=headers)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", self.query_url, what="the query", content=encoded.encode("ascii"),
                            headers=headers)

    # -- the source protocol ---------------------------------------------------------------------------------
    def query(self, text: str) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        """Run a query; SELECT/ASK give pyoxigraph results, CONSTRUCT/DESCRIBE an iterator of Triples."""
        try:
            return self._query(text)
        except _Cut as cut:
            raise OsceKgError(
                f"the server cut the answer at {cut.max_rows} rows (its ResultSetMaxRows); add LIMIT/OFFSET "
                "to the query, or raise the server's limit") from None

    def _query(self, text: str, *, check_cut: bool = True
               ) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        form = query_form(text)
        if form in ("SELECT", "ASK"):
            response = self._query_request(text, ACCEPT_RESULTS)
            cut = response.headers.get("x-sparql-maxrows", "").strip()
            if cut.isdigit():
                self._max_rows = int(cut)
            if cut and form == "SELECT" and check_cut:
                raise _Cut(int(cut) if cut.isdigit() else 0)
            return self._parse_results(response)
        response = self._query_request(text, ACCEPT_GRAPH)
        triples = self._parse_graph(response)
        if self.is_virtuoso and len(triples) in (self._max_rows, self._max_rows + 1):
            # Virtuoso cuts CONSTRUCT answers at ResultSetMaxRows (or one more) without saying so.
            raise _Cut(self._max_rows)
        return iter(triples)

    def _media_type(self, response: httpx.Response) -> str:
        return response.headers.get("content-type", "").split(";")[0].strip().lower()

    def _parse_results(self, response: httpx.Response) -> ox.QuerySolutions | ox.QueryBoolean:
        media_type = self._media_type(response)
        fmt = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
        data = response.content
        if fmt is None and data.lstrip().startswith(b"{"):
            fmt = ox.QueryResultsFormat.JSON  # some servers label JSON results application/json
        if fmt is None:
            raise OsceKgError(f"{self.query_url} answered a SELECT/ASK with {media_type or 'no content type'}, "
                              "not SPARQL results; is this a SPARQL endpoint URL?")
        if fmt == ox.QueryResultsFormat.JSON:
            data = _clean_json_results(data)
        try:
            return ox.parse_query_results(data, fmt)
        except (SyntaxError, ValueError) as error:
            raise OsceKgError(f"{self.query_url} sent SPARQL results that cannot be read: {error}") from error

    def _parse_graph(self, response: httpx.Response) -> list[ox.Triple]:
        media_type = self._media_type(response)
        fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
        if fmt is None:
            raise OsceKgError(f"{self.query_url} answered a CONSTRUCT/DESCRIBE with "
                              f"{media_type or 'no content type'}, not RDF")
        try:
            triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(response.content, fmt)]
        except (SyntaxError, ValueError) as error:
            raise OsceKgError(f"{self.query_url} sent RDF that cannot be read: {error}") from error
        return triples

    def select(self, text: str) -> list[dict[str, object]]:
        """SELECT rows as dicts of pyoxigraph terms (missing bindings are absent), like `Store.select`."""
        solutions = self.query(text)
        if not isinstance(solutions, ox.QuerySolutions):
            raise OsceKgError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs holding at least one triple (not the server's own graphs)."""
        rows = self._select_complete("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", ["g"],
                                     "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                     "the named graphs")
        graphs = sorted(g.value for (g,) in rows if isinstance(g, ox.NamedNode))
        if self.is_virtuoso:
            graphs = [g for g in graphs if not self._virtuoso_system_graph(g)]
        return graphs

    def _virtuoso_system_graph(self, graph: str) -> bool:
        if graph.startswith(VIRTUOSO_SYSTEM_GRAPH_PREFIXES):
            return True
        parts = urllib.parse.urlsplit(self.query_url)
        base = f"{parts.scheme}://{parts.netloc}"
        # /sparql (service description) and /DAV/ graphs, under the server's own or its default host name
        return bool(re.fullmatch(r"https?://[^/]+/(sparql|DAV/.*)", graph)) and (
            graph.startswith(base) or "localhost" in graph or "127.0.0.1" in graph)

    def count(self, graph_iri: str | None = None) -> int:
        """Triples in one named graph, or in all named graphs (as `Store.count` counts quads)."""
        if graph_iri is None:
            return sum(self.count(g) for g in self.named_graphs())
        return self._count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")

    def _count(self, text: str) -> int:
        rows = self.select(text)
        return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0  # type: ignore[attr-defined]

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every named graph, read completely even from capped servers."""
        for graph_name in [graph_iri] if graph_iri else self.named_graphs():
            graph = ox.NamedNode(graph_name)
            rows = self._select_complete(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}", ["s", "p", "o"],
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}", f"<{graph_name}>")
            for s, p, o in rows:
                yield ox.Quad(s, p, o, graph)

    def _select_complete(self, select: str, variables: list[str], count: str, what: str) -> list[tuple]:
        """Every row of a SELECT whose rows are distinct, even from a server that caps answers.

        Uncapped (the usual case) it is one request. Capped, it pages: ordered pages are exact, but Virtuoso
        refuses to sort past MaxSortedTopRows (SR353), and then the index order of unordered pages is the only
        way through — so the rows are checked against `count` (a COUNT query answering ?n) either way.
        """
        def rows_of(solutions: object) -> list[tuple]:
            return [tuple(s[v] for v in variables) for s in solutions]  # type: ignore[attr-defined]

        try:
            return rows_of(self._query(select))
        except _Cut as cut:
            page = cut.max_rows
        if page <= 0:
            raise OsceKgError(f"the server caps answers but does not say at how many rows; cannot read {what}")
        total = self._count(count)
        order_by = " ORDER BY " + " ".join(f"?{v}" for v in variables)
        for order in (order_by, ""):
            seen: set[tuple] = set()
            try:
                for offset in range(0, total + page, page):
                    # our LIMIT is within the cap, so a cap header here says nothing
                    batch = rows_of(self._query(f"{select}{order} LIMIT {page} OFFSET {offset}",
                                                check_cut=False))
                    seen.update(batch)
                    if len(batch) < page:
                        break
            except OsceKgError:
                if order:
                    continue
                raise
            if len(seen) == total:
                return list(seen)
        raise OsceKgError(f"could not read all {total} rows of {what}: the server caps answers at {page} rows; "
                          "raise its ResultSetMaxRows")

    def to_rdflib(self, graph_iris: Iterable[str]):  # -> rdflib.Graph
        """One rdflib Graph holding the triples of the given graphs (for pyshacl, owlrl, serialisers)."""
        from osce_kg.store import quads_to_rdflib

        return quads_to_rdflib(q for iri in graph_iris for q in self.quads(iri))

    # -- writing ---------------------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        """Run a SPARQL Update (form POST to the update URL)."""
        self.request("POST", self.update_url, what="the update",
                     content=urllib.parse.urlencode({"update": text}).encode("ascii"),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"})

    def put_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        """Replace one named graph with the Graph Store Protocol (HTTP PUT, N-Triples body)."""
        if not self.store_url:
            raise OsceKgError("this endpoint has no Graph Store Protocol URL; give --store-url or use updates")
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        self.request("PUT", self.store_url, what=f"the upload of <{graph_iri}>", params={"graph": graph_iri},
                     content=body, headers={"Content-Type": "application/n-triples", "Accept": "*/*"})

    def drop_graphs(self, graph_iris: Iterable[str]) -> None:
        """DROP SILENT each graph, a hundred per update request."""
        parts = [f"DROP SILENT GRAPH <{g}>" for g in graph_iris]
        for start in range(0, len(parts), 100):
            self.update(" ;\n".join(parts[start:start + 100]))
