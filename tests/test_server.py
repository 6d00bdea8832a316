"""`osce-kg serve`, tested against REAL server processes on 127.0.0.1 with real clients.

SPARQLWrapper, rdflib's SPARQLStore, curl and httpx talk to `osce-kg serve` subprocesses; headless Chromium
(selenium) drives the HTML page. Every wait is bounded by time. The store is the real build of the bundled
samples plus `tests/fixtures/server/fixture.trig` (12 triples in one graph, an ambiguous label); when the build
pipeline fails, `fallback.trig` stands in for it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

pytestmark = pytest.mark.server

FIXTURES = Path(__file__).parent / "fixtures" / "server"
FIXTURE_GRAPH = "https://w3id.org/osce-kg/graph/test-fixture"
FIXTURE_TRIPLES = 12
PERSON = "https://w3id.org/osce-kg/id/person/zz-test-person"
TOKEN = "test-token-5f0c1e"
_NUMBERS = " ".join(str(i) for i in range(200))
# 200**5 rows to count, whatever the data: runs for hours
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{k} {{ {_NUMBERS} }}" for k in range(5)) + " }"
_FORTY = " ".join(str(i) for i in range(40))
BIG_SELECT = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {_FORTY} }} VALUES ?b {{ {_FORTY} }} }}"  # 1600 rows
BIG_CONSTRUCT = (f"CONSTRUCT {{ ?s <http://example.org/p> ?b }} WHERE {{ VALUES ?a {{ {_FORTY} }} "
                 f"VALUES ?b {{ {_FORTY} }} BIND(IRI(CONCAT('http://example.org/s', STR(?a))) AS ?s) }}")
TIMEOUT_S = 3
MAX_RESULTS = 1000


# -- fixtures ---------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens there: a server could bind it (SO_REUSEADDR, as servers do, ignores TIME_WAIT)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    store: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def stop(self, sig: int = signal.SIGTERM, wait: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            raise


def start_server(store: Path, log: Path, *args: str, env: dict[str, str] | None = None,
                 ready_timeout: float = 60) -> Server:
    """`osce-kg serve` as a subprocess on a free port; returns once it answers HTTP."""
    port = free_port()
    handle = open(log, "wb")  # noqa: SIM115 - the process writes to it until it stops
    process = subprocess.Popen(
        [sys.executable, "-m", "osce_kg", "serve", "--store", str(store), "--port", str(port),
         "--log-level", "warning", *args],
        stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    server = Server(process, port, store, log)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"osce-kg serve exited with {process.returncode}: {log.read_text()}")
        try:
            if httpx.get(server.sparql, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop(signal.SIGKILL)
    raise RuntimeError(f"osce-kg serve did not start within {ready_timeout} s: {log.read_text()}")


@pytest.fixture(scope="session")
def server_store(tmp_path_factory) -> Path:
    """The real build of the bundled samples (or the fallback TriG), plus the server fixture graph."""
    from osce_kg.store import Store

    path = tmp_path_factory.mktemp("server") / "store"
    with Store(path) as store:
        try:
            if os.environ.get("OSCE_KG_TEST_SERVER_FALLBACK"):  # to test the tests without the pipeline
                raise RuntimeError("fallback requested")
            from osce_kg.build import build

            build(store)
        except Exception:  # noqa: BLE001 - the pipeline is not there yet: fall back to a hand-made store
            store.bulk_load(FIXTURES / "fallback.trig", "trig")
        store.bulk_load(FIXTURES / "fixture.trig", "trig")
    return path


@pytest.fixture(scope="session")
def server(server_store, tmp_path_factory) -> Iterator[Server]:
    """A read-only server with a short time limit, a small result cap and CORS for one origin."""
    log = tmp_path_factory.mktemp("server-log") / "serve.log"
    srv = start_server(server_store, log, "--timeout", str(TIMEOUT_S), "--max-results", str(MAX_RESULTS),
                       "--workers", "3", "--cors", "http://allowed.example")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def update_server(server_store, tmp_path_factory) -> Iterator[Server]:
    """A server with --allow-update, on a copy of the store (its tests write)."""
    base = tmp_path_factory.mktemp("update")
    store = base / "store"
    shutil.copytree(server_store, store)
    srv = start_server(store, base / "serve.log", "--allow-update", "--token-env", "OSCE_KG_TEST_TOKEN",
                       "--workers", "2", env={"OSCE_KG_TEST_TOKEN": TOKEN})
    yield srv
    srv.stop()


@pytest.fixture()
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on a free port that records every connection (to prove nothing calls out)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                hits.append(conn.recv(200))
            except OSError:
                hits.append(b"")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(5)
    sock.close()


def get(server: Server, query: str, accept: str | None = None, **params: object) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(server.sparql, params={"query": query, **params}, headers=headers, timeout=30)


COUNT_FIXTURE = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{FIXTURE_GRAPH}> {{ ?s ?p ?o }} }}"


# -- pure functions (no server) ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "form", "refused"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT", None),
    ("PREFIX ex: <http://e/>\nCONSTRUCT WHERE { ?s ex:p ?o }", "CONSTRUCT", None),
    ("ASK { ?s ?p 'a SERVICE' }", "ASK", None),
    # the raw-text check errs on the side of refusing: "service <" even inside a string
    ("ASK { ?s ?p 'SERVICE <x>' }", "ASK", "SERVICE"),
    ('SELECT * { ?s ?p "State Border Guard Service" }', "SELECT", None),
    ("SELECT ?service { ?service <http://e/load> ex:SERVICE } # SERVICE", "SELECT", None),
    ("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }", "SELECT", "SERVICE"),
    ("SELECT * { sErViCe SILENT ?endpoint { ?s ?p ?o } }", "SELECT", "SERVICE"),
    ("SELECT * { \\u0053ERVICE <http://e/> { ?s ?p ?o } }", "SELECT", "SERVICE"),
    # a context-free tokenizer reads `<0)SERVICE#>` as an IRI; the parser sees `< 0 ) SERVICE` and a comment
    ("SELECT * { FILTER(?a<0)SERVICE#>\n<http://e/>{ ?s ?p ?o } }", "SELECT", "SERVICE"),
    ("<http://x/#> FILTER(?a<0)SERVICE#>\n<http://e/>{}", None, "SERVICE"),
    ("LOAD <http://e/data.ttl>", "UPDATE", "LOAD"),
    ("load silent<http://e/data.ttl> INTO GRAPH <http://e/g>", "UPDATE", "LOAD"),
    ("INSERT DATA { <http://e/a> <http://e/p> 1 }", "UPDATE", None),
])
def test_inspect_sparql(text, form, refused):
    from osce_kg.server import inspect_sparql

    info = inspect_sparql(text)
    assert info.form == form
    assert (info.forbidden is not None and info.forbidden.startswith(refused)) if refused else info.forbidden is None


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"),
    ("", "json"),
    ("*/*", "json"),
    ("text/csv", "csv"),
    ("text/*", "csv"),
    ("application/json", "json"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.3", "tsv"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.2", "csv"),
    ("image/png", None),
    ("text/csv;q=0", None),
])
def test_negotiate(accept, expected):
    from osce_kg.server import RESULT_FORMATS, negotiate

    assert negotiate(accept, RESULT_FORMATS) == expected


def test_isolated_worker_cannot_connect(listener):
    port, hits = listener
    code = ("import socket, sys\nfrom osce_kg.server import isolate_network\n"
            "if not isolate_network(): print('unsupported'); sys.exit(0)\n"
            f"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2); print('connected')\n"
            "except OSError as e: print('refused', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if out.stdout.startswith("unsupported"):
        pytest.skip("no network namespaces here (not Linux, or neither root nor user namespaces)")
    assert out.stdout.startswith("refused"), out.stdout + out.stderr
    assert hits == []


# -- the command -------------------------------------------------------------------------------------------------
def test_help_stays_fast_without_web_imports():
    code = ("import sys\nfrom osce_kg.cli import cli\n"
            "print(any(m.split('.')[0] in ('starlette', 'uvicorn') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_serve_binds_localhost_by_default_and_takes_no_token_argument():
    from osce_kg.commands.serve import command

    options = {p.name: p for p in command.params}
    assert options["host"].default == "127.0.0.1"
    assert "token" not in options  # the token only ever comes from the environment
    assert options["token_env"].default == "OSCE_KG_UPDATE_TOKEN"


def test_allow_update_without_a_token_is_refused(server_store, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "OSCE_KG_NO_SUCH_TOKEN"}
    out = subprocess.run([sys.executable, "-m", "osce_kg", "serve", "--store", str(server_store), "--port",
                          str(free_port()), "--allow-update", "--token-env", "OSCE_KG_NO_SUCH_TOKEN"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 2
    assert "OSCE_KG_NO_SUCH_TOKEN" in out.stderr


def test_a_port_in_use_is_one_clear_line(server_store):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        out = subprocess.run([sys.executable, "-m", "osce_kg", "serve", "--store", str(server_store), "--port",
                              str(busy.getsockname()[1]), "--workers", "1"],
                             capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "could not start" in out.stderr


def test_missing_store_is_one_clear_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "osce_kg", "serve", "--store", str(tmp_path / "none"),
                          "--port", str(free_port())], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "osce-kg build" in out.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stops_cleanly_on_signal(server_store, tmp_path, sig):
    srv = start_server(server_store, tmp_path / "serve.log", "--workers", "2", "--timeout", "120")
    children = Path(f"/proc/{srv.process.pid}/task/{srv.process.pid}/children")
    workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    assert get(srv, "ASK { ?s ?p ?o }").status_code == 200
    # a runaway query in flight must not keep the server from stopping
    outcome: list[object] = []

    def run_away() -> None:
        try:
            outcome.append(get(srv, SLOW_QUERY).status_code)  # an error answer as the workers stop
        except httpx.HTTPError as error:  # or the connection closes
            outcome.append(error)

    runaway = threading.Thread(target=run_away, daemon=True)
    runaway.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert srv.stop(sig) == 0, srv.log.read_text()
    assert time.monotonic() - started < 15
    runaway.join(10)
    assert outcome and outcome[0] != 200
    deadline = time.monotonic() + 10
    while not port_is_free(srv.port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert port_is_free(srv.port)
    for pid in workers:  # the query workers went with it
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text()


# -- SPARQL 1.1 Protocol with real clients -----------------------------------------------------------------------
def test_sparqlwrapper_json_xml_csv(server):
    from rdflib import Graph
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    query = f"SELECT ?name WHERE {{ <{PERSON}> <https://schema.org/name> ?name }}"
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Zelda Testperson"]

    client.setReturnFormat(XML)
    document = client.query().convert()  # an xml.dom.minidom Document
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["Zelda Testperson"]

    client.setReturnFormat(CSV)
    text = client.query().convert().decode()
    assert text.splitlines() == ["name", "Zelda Testperson"]

    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FIXTURE_GRAPH}> {{ ?s ?p ?o }} }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == FIXTURE_TRIPLES


def test_sparqlwrapper_post_and_ask(server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(server.sparql)
    client.setMethod(POST)  # a form POST
    client.setQuery(f"ASK {{ <{PERSON}> a <https://schema.org/Person> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_select_and_construct(server):
    from rdflib import Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=server.sparql)
    rows = list(store.query(f"SELECT ?title WHERE {{ <{PERSON}> <https://schema.org/jobTitle> ?title }}"))
    assert [str(r[0]) for r in rows] == ["Head of Testing"]
    graph = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FIXTURE_GRAPH}> {{ ?s ?p ?o }} }}").graph
    assert len(graph) == FIXTURE_TRIPLES
    assert (URIRef(PERSON), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Zelda Testperson")) in graph
    store.close()


def test_curl(server):
    curl = shutil.which("curl")
    if not curl:
        pytest.skip("curl is not installed")
    out = subprocess.run([curl, "-s", "-G", server.sparql, "--data-urlencode", f"query={COUNT_FIXTURE}",
                          "-H", "Accept: text/tab-separated-values", "-w", "\n%{http_code}"],
                         capture_output=True, text=True, timeout=30)
    lines = out.stdout.splitlines()
    assert lines[0] == "?n" and lines[-1] == "200"
    assert lines[1].startswith(f'"{FIXTURE_TRIPLES}"') or lines[1] == str(FIXTURE_TRIPLES)
    out = subprocess.run([curl, "-s", "-X", "POST", server.sparql, "-H", "Content-Type: application/sparql-query",
                          "-H", "Accept: application/n-triples", "--data-binary",
                          f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FIXTURE_GRAPH}> {{ ?s ?p ?o }} }}"],
                         capture_output=True, text=True, timeout=30)
    assert len([line for line in out.stdout.splitlines() if line.strip()]) == FIXTURE_TRIPLES


def test_three_ways_to_send_a_query_agree(server):
    expected = {"head": {"vars": ["n"]}}
    answers = [
        httpx.get(server.sparql, params={"query": COUNT_FIXTURE}, timeout=30),
        httpx.post(server.sparql, data={"query": COUNT_FIXTURE}, timeout=30),
        httpx.post(server.sparql, content=COUNT_FIXTURE.encode(), timeout=30,
                   headers={"Content-Type": "application/sparql-query"}),
    ]
    for response in answers:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        data = response.json()
        assert data["head"] == expected["head"]
        assert int(data["results"]["bindings"][0]["n"]["value"]) == FIXTURE_TRIPLES


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("text/*", "text/csv"),
    (None, "application/sparql-results+json"),
])
def test_select_content_negotiation(server, accept, media):
    response = get(server, COUNT_FIXTURE, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(("accept", "media"), [
    ("text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/rdf+xml;q=0.4, text/turtle;q=0.8", "text/turtle"),
    (None, "text/turtle"),
])
def test_construct_content_negotiation(server, accept, media):
    from rdflib import Graph

    response = get(server, f"DESCRIBE <{PERSON}>", accept)
    assert response.status_code == 200
    got = response.headers["content-type"].split(";")[0]
    assert got == media
    graph = Graph().parse(data=response.content, format={
        "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
        "application/rdf+xml": "xml"}[got])
    assert len(graph) >= 4


@pytest.mark.parametrize(("query", "accept"), [
    (COUNT_FIXTURE, "image/png"),
    (COUNT_FIXTURE, "text/turtle"),
    (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{FIXTURE_GRAPH}> {{ ?s ?p ?o }} }}", "text/csv"),
    (COUNT_FIXTURE, "application/sparql-results+json;q=0"),
])
def test_406_for_what_it_cannot_give(server, query, accept):
    response = get(server, query, accept)
    assert response.status_code == 406
    assert "available" in response.text and len(response.text) < 400


def test_malformed_query_is_400_with_the_parser_message(server):
    response = get(server, "SELECT * WHERE { ?s ?p ")
    assert response.status_code == 400
    assert "syntax error" in response.text and "1:" in response.text


def test_an_update_sent_as_query_is_400(server):
    response = get(server, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    assert response.status_code == 400 and "update" in response.text


def test_default_and_named_graph_uri(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def count(**params: object) -> int:
        response = get(server, query, "application/sparql-results+json", **params)
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert count() > FIXTURE_TRIPLES  # the union of all graphs
    assert count(**{"default-graph-uri": FIXTURE_GRAPH}) == FIXTURE_TRIPLES  # exactly that graph
    assert count(**{"default-graph-uri": "http://example.org/no-such-graph"}) == 0
    response = get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None,
                   **{"named-graph-uri": FIXTURE_GRAPH})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [FIXTURE_GRAPH]


def test_service_description(server):
    from rdflib import Graph, Namespace, URIRef

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    response = httpx.get(server.sparql, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef(server.sparql)
    assert (service, sd.endpoint, service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    assert (None, sd.name, URIRef(FIXTURE_GRAPH)) in graph


# -- safety -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused_and_nothing_calls_out(server, listener, query):
    port, hits = listener
    response = get(server, query.replace("{port}", str(port)))
    assert response.status_code == 403 and "SERVICE" in response.text
    time.sleep(0.3)
    assert hits == []


def test_words_like_service_in_strings_iris_and_variables_are_fine(server):
    query = ('SELECT ?service WHERE { BIND("SERVICE LOAD" AS ?service) '
             'FILTER(?service != <http://example.org/SERVICE>) } # SERVICE')
    response = get(server, query)
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["service"]["value"] == "SERVICE LOAD"


def test_updates_are_refused_by_a_read_only_server(server):
    for request in (
        dict(data={"update": f"INSERT DATA {{ GRAPH <{FIXTURE_GRAPH}> {{ <http://e/a> <http://e/b> 1 }} }}"}),
        dict(content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update",
                                            "Authorization": f"Bearer {TOKEN}"}),
    ):
        response = httpx.post(server.sparql, timeout=30, **request)
        assert response.status_code == 403 and "read-only" in response.text
    assert int(get(server, COUNT_FIXTURE).json()["results"]["bindings"][0]["n"]["value"]) == FIXTURE_TRIPLES


def test_time_limit_and_a_runaway_query_does_not_block_others(server):
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["response"] = get(server, SLOW_QUERY)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    fast = get(server, COUNT_FIXTURE)
    fast_seconds = time.monotonic() - started
    thread.join(TIMEOUT_S + 30)
    assert fast.status_code == 200 and fast_seconds < TIMEOUT_S
    response = slow["response"]
    assert response.status_code == 503, response.text
    assert "time limit" in response.text
    assert slow["seconds"] < TIMEOUT_S + 5
    # the killed worker is replaced: the server keeps answering, several queries at once
    deadline = time.monotonic() + 30
    answers = []
    while time.monotonic() < deadline and len(answers) < 6:
        answers.append(get(server, COUNT_FIXTURE).status_code)
    assert answers == [200] * 6


def test_all_workers_busy_is_a_clear_503(server_store, tmp_path):
    srv = start_server(server_store, tmp_path / "serve.log", "--workers", "1", "--timeout", "2")
    try:
        answers: list[httpx.Response] = []
        threads = [threading.Thread(target=lambda: answers.append(get(srv, SLOW_QUERY))) for _ in range(2)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
            time.sleep(0.2)
        for thread in threads:
            thread.join(30)
        assert time.monotonic() - started < 15
        assert [a.status_code for a in answers] == [503, 503]
        assert all("busy" in a.text or "time limit" in a.text for a in answers)
        deadline = time.monotonic() + 30  # and it recovers
        while time.monotonic() < deadline and get(srv, COUNT_FIXTURE).status_code != 200:
            time.sleep(0.2)
        assert get(srv, COUNT_FIXTURE).status_code == 200
    finally:
        assert srv.stop() == 0


def test_html_escapes_data(server):
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    page = httpx.post(server.url + "/", data={"query": query}, timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    bad = httpx.post(server.url + "/", data={"query": "SELECT * WHERE {"}, timeout=30)
    assert bad.status_code == 400 and "syntax error" in bad.text


def test_result_size_cap(server):
    response = get(server, BIG_SELECT)
    assert response.status_code == 413
    assert str(MAX_RESULTS) in response.text and "LIMIT" in response.text
    response = get(server, BIG_SELECT + f" LIMIT {MAX_RESULTS}", "text/csv")
    assert response.status_code == 200 and len(response.text.splitlines()) == MAX_RESULTS + 1
    response = get(server, BIG_CONSTRUCT, "text/turtle")
    assert response.status_code == 413 and "triples" in response.text


def test_cors(server):
    response = httpx.get(server.sparql, params={"query": COUNT_FIXTURE}, timeout=30,
                         headers={"Origin": "http://allowed.example"})
    assert response.headers.get("access-control-allow-origin") == "http://allowed.example"
    response = httpx.get(server.sparql, params={"query": COUNT_FIXTURE}, timeout=30,
                         headers={"Origin": "http://other.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = httpx.options(server.sparql, timeout=30, headers={
        "Origin": "http://allowed.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


# -- updates (opt-in) ---------------------------------------------------------------------------------------------
def test_updates_need_the_bearer_token(update_server, listener):
    insert = "INSERT DATA { GRAPH <http://example.org/g/updated> { <http://example.org/a> <http://example.org/p> \"new\" } }"
    check = "ASK { GRAPH <http://example.org/g/updated> { <http://example.org/a> <http://example.org/p> \"new\" } }"
    headers = {"Content-Type": "application/sparql-update"}
    no_token = httpx.post(update_server.sparql, content=insert.encode(), headers=headers, timeout=30)
    assert no_token.status_code == 401 and "Bearer" in no_token.headers["www-authenticate"]
    wrong = httpx.post(update_server.sparql, content=insert.encode(), timeout=30,
                       headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert get(update_server, check).json()["boolean"] is False
    ok = httpx.post(update_server.sparql, data={"update": insert}, timeout=30,
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200, ok.text
    assert get(update_server, check).json()["boolean"] is True  # the workers see the new data

    port, hits = listener
    for text in (f"LOAD <http://127.0.0.1:{port}/data.ttl>",
                 f"load silent <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <http://example.org/g>",
                 f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"):
        response = httpx.post(update_server.sparql, content=text.encode(), timeout=30,
                              headers={**headers, "Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 403, text
        assert "refused" in response.text
    bad = httpx.post(update_server.sparql, content=b"INSERT DATA { <a> ", timeout=30,
                     headers={**headers, "Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400
    time.sleep(0.3)
    assert hits == []
    assert httpx.get(update_server.sparql, params={"update": insert}, timeout=30).status_code == 400


def test_a_build_while_serving_is_seen_without_restart(update_server, tmp_path):
    """The server holds the store read-only: `osce-kg load` can write, and the next query sees it."""
    data = tmp_path / "extra.nt"
    data.write_text('<http://example.org/loaded> <http://example.org/p> "loaded while serving" .\n')
    out = subprocess.run([sys.executable, "-m", "osce_kg", "load", "--store", str(update_server.store),
                          str(data), "--graph", "http://example.org/g/loaded"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    response = get(update_server, 'ASK { <http://example.org/loaded> ?p "loaded while serving" }')
    assert response.json()["boolean"] is True


# -- Graph Store Protocol -----------------------------------------------------------------------------------------
def test_graph_store_get(server, update_server):
    from rdflib import Graph

    response = httpx.get(server.url + "/store", params={"graph": FIXTURE_GRAPH}, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) == FIXTURE_TRIPLES
    response = httpx.get(server.url + "/store", params={"graph": FIXTURE_GRAPH}, timeout=30,
                         headers={"Accept": "application/n-triples"})
    assert len(response.text.strip().splitlines()) == FIXTURE_TRIPLES
    response = httpx.get(server.url + "/store", params={"graph": FIXTURE_GRAPH}, timeout=30,
                         headers={"Accept": "text/csv"})
    assert response.status_code == 406
    missing = httpx.get(server.url + "/store", params={"graph": "http://example.org/none"}, timeout=30)
    assert missing.status_code == 404 and "no graph" in missing.text
    assert httpx.get(server.url + "/store", timeout=30).status_code == 400
    # the default graph is the union of all graphs, under the result-size cap like everything else
    total = int(get(server, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
                .json()["results"]["bindings"][0]["n"]["value"])
    default = httpx.get(server.url + "/store?default", timeout=30, headers={"Accept": "application/n-triples"})
    if total > MAX_RESULTS:
        assert default.status_code == 413
        default = httpx.get(update_server.url + "/store?default", timeout=30,  # the default, larger cap
                            headers={"Accept": "application/n-triples"})
    assert default.status_code == 200
    assert len(default.text.splitlines()) >= total > FIXTURE_TRIPLES


# -- canned queries -----------------------------------------------------------------------------------------------
def test_canned_query_list(server):
    response = httpx.get(server.url + "/queries", timeout=30)
    assert response.status_code == 200
    names = {q["name"]: q for q in response.json()}
    assert "events-in-state" in names
    assert names["events-in-state"]["url"] == "/queries/events-in-state"
    assert {p["name"] for p in names["events-in-state"]["parameters"]} >= {"state", "from"}


def test_canned_query_answers_like_the_cli(server):
    response = httpx.get(server.url + "/queries/events-in-state", timeout=30,
                         params={"state": "Ukraine", "from": "2023-01-01"})
    assert response.status_code == 200, response.text
    data = response.json()
    out = subprocess.run([sys.executable, "-m", "osce_kg", "query", "run", "events-in-state", "--store",
                          str(server.store), "--param", "state=Ukraine", "--param", "from=2023-01-01",
                          "--format", "json"], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert data == json.loads(out.stdout)
    rows = data["results"]["bindings"]
    assert rows and all(r["start"]["value"] >= "2023-01-01" for r in rows if "start" in r)
    csv = httpx.get(server.url + "/queries/events-in-state", params={"state": "UA"}, timeout=30,
                    headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.text.startswith("event,")


@pytest.mark.parametrize(("name", "params", "status", "words"), [
    ("events-in-state", {"state": "Testland"}, 400, ["ambiguous", "country/xa", "country/xb"]),
    ("events-in-state", {"state": "Atlantis"}, 400, ["Atlantis"]),
    ("events-in-state", {"from": "last tuesday"}, 400, ["date"]),
    ("events-in-state", {"colour": "red"}, 400, ["no parameter colour"]),
    ("no-such-query", {}, 404, ["no-such-query"]),
])
def test_canned_query_errors(server, name, params, status, words):
    response = httpx.get(f"{server.url}/queries/{name}", params=params, timeout=30)
    assert response.status_code == status
    for word in words:
        assert word in response.text


# -- dereferenceable IRIs -----------------------------------------------------------------------------------------
def test_entity_iris_dereference(server):
    from rdflib import Graph, Literal, URIRef

    path = PERSON.removeprefix("https://w3id.org/osce-kg/id/")
    turtle = httpx.get(f"{server.url}/id/{path}", headers={"Accept": "text/turtle"}, timeout=30)
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.headers["content-location"] == f"/id/{path}?format=turtle"
    assert "Accept" in turtle.headers["vary"]
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(PERSON), URIRef("https://schema.org/name"), Literal("Zelda Testperson")) in graph
    jsonld = httpx.get(f"{server.url}/id/{path}", headers={"Accept": "application/ld+json"}, timeout=30)
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert PERSON in jsonld.text and isinstance(jsonld.json(), (list, dict))
    page = httpx.get(f"{server.url}/id/{path}", timeout=30, headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "Zelda Testperson" in page.text and "Head of Testing" in page.text
    assert httpx.get(f"{server.url}/id/person/nobody-at-all", timeout=30).status_code == 404
    # an entity of the real build links to other entities
    ua = httpx.get(f"{server.url}/id/country/ua", headers={"Accept": "text/html"}, timeout=30)
    assert ua.status_code == 200 and "Ukraine" in ua.text and 'href="/id/' in ua.text


def test_an_enormous_query_is_refused_and_the_server_keeps_answering(server):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3_000_000
    response = httpx.post(f"{server.url}/sparql", content=huge.encode(), timeout=60,
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "larger than" in response.text
    deep = "SELECT * WHERE { " + "{ " * 2000 + "?s ?p ?o" + " }" * 2000 + " } LIMIT 1"
    nested = httpx.post(f"{server.url}/sparql", data={"query": deep}, timeout=60,
                        headers={"Accept": "application/sparql-results+json"})
    assert nested.status_code in (200, 400, 413)
    ok = httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60,
                   headers={"Accept": "application/sparql-results+json"})
    assert ok.status_code == 200


def test_entity_pages_show_the_same_picture_as_show(server):
    import shutil as _shutil

    if not _shutil.which("dot"):
        pytest.skip("Graphviz (dot) is not installed")
    page = httpx.get(f"{server.url}/id/country/ua", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200
    assert '<figure id="picture"><svg' in page.text
    picture = page.text.split('<figure id="picture">', 1)[1].split("</figure>", 1)[0]
    assert "Ukraine" in picture and 'href="/id/' in picture


# -- the HTML page in a real browser ------------------------------------------------------------------------------
def chromium_driver(tmp_path: Path):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("chromium / chromedriver are not installed (Debian: chromium chromium-driver)")
    selenium = pytest.importorskip("selenium")
    del selenium
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    driver.set_window_size(1280, 1024)
    return driver


def test_html_page_in_headless_chromium(server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium_driver(tmp_path)
    try:
        driver.get(server.url + "/")
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys(f"SELECT ?p ?o WHERE {{ <{PERSON}> ?p ?o }} ORDER BY ?p ?o")
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "results")))
        rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        assert len(rows) == 4
        cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in rows]
        assert ["schema:name", "Zelda Testperson"] in cells
        driver.save_screenshot(str(tmp_path / "results.png"))
        assert (tmp_path / "results.png").stat().st_size > 0

        # a malformed query shows the parser's message on the page
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("SELECT * WHERE {")
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "error")))
        assert "syntax error" in driver.find_element(By.ID, "error").text

        # the canned queries are links; one runs with its parameters
        driver.get(server.url + "/")
        driver.find_element(By.LINK_TEXT, "events-in-state").click()
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "results")))
        state = driver.find_element(By.NAME, "state")
        state.clear()
        state.send_keys("Ukraine")
        driver.find_element(By.CSS_SELECTOR, "#params-form button").click()
        WebDriverWait(driver, 30).until(lambda d: "state=Ukraine" in d.current_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        assert rows and all("Ukraine" in row.text for row in rows)
        driver.save_screenshot(str(tmp_path / "canned.png"))

        # entity links lead to the entity's page
        driver.find_element(By.CSS_SELECTOR, "#results tbody tr td a[href^='/id/']").click()
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "outgoing")))
        assert driver.find_elements(By.CSS_SELECTOR, "#outgoing tbody tr")
    finally:
        driver.quit()


def test_canned_listing_pages_with_a_next_link(server):
    """`_limit`/`_offset` page a listing (datasette's underscore names), and a full page carries an RFC 8288
    `Link: <…>; rel="next"` header that a client can follow to the end."""
    url = server.url + "/queries/events"
    whole = httpx.get(url, params={"_limit": "all"}, timeout=30).json()["results"]["bindings"]
    assert len(whole) > 2
    seen, next_url, pages = [], f"{url}?_limit=2", 0
    while next_url:
        response = httpx.get(next_url, timeout=30)
        assert response.status_code == 200, response.text
        rows = response.json()["results"]["bindings"]
        assert len(rows) <= 2
        seen += [r["event"]["value"] for r in rows]
        next_url = response.links.get("next", {}).get("url")
        pages += 1
        assert pages <= len(whole)
    assert sorted(seen) == sorted(r["event"]["value"] for r in whole) and len(set(seen)) == len(seen)
    html_page = httpx.get(url, params={"_limit": "2", "format": "html"}, timeout=30)
    assert html_page.status_code == 200 and 'id="next"' in html_page.text
    assert httpx.get(url, params={"_limit": "0"}, timeout=30).status_code == 400
    assert httpx.get(server.url + "/queries/chairpersonships", params={"_limit": "1"}, timeout=30).status_code == 400
