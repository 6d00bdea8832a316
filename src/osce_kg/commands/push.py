"""`osce-kg push`: copy the embedded store's named graphs to a SPARQL server (Oxigraph, Virtuoso, Fuseki…).

Each graph is *replaced* on the server, never appended to, so pushing twice leaves the same remote store:

* with the Graph Store Protocol when the server has one (one HTTP PUT per graph, N-Triples body) — the
  server swaps the graph in one step, and it is the fastest path;
* else with SPARQL Update: `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`, small graphs batched
  into one request and large ones split into chunks (chunks keep triples that share a blank node together,
  because blank-node labels only mean the same node within one INSERT DATA).

Graphs on the server that are not in the store are left alone, unless `--prune` asks to drop the osce-kg
graphs (IRIs under https://w3id.org/osce-kg/graph/) the store no longer has — never anybody else's graphs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pyoxigraph as ox

from osce_kg.commands._common import open_store, store_option
from osce_kg.errors import OsceKgError

# Triples per update request. Virtuoso 7 compiles INSERT DATA to SQL and refuses more than 10000 lines of it
# ("SP031 … exceeded 10000 lines of code"), which 2000 N-Triples lines already reach; 1000 is safe there and
# costs other servers little.
DEFAULT_CHUNK = 1000


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    requests: int = 0
    method: str = ""
    seconds: float = 0.0

    def summary(self, url: str) -> str:
        how = "Graph Store Protocol" if self.method == "gsp" else "SPARQL Update"
        return (f"pushed {self.graphs} graphs, {self.triples} triples to {url} by {how} "
                f"({self.requests} requests) in {self.seconds:.1f} s")


def _nt(triple: ox.Triple) -> str:
    return f"{triple.subject} {triple.predicate} {triple.object} ."


def blank_node_groups(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """The triples in groups that must travel in one INSERT DATA: those linked through shared blank nodes."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        blanks = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for other in blanks[1:]:
            parent[find(other)] = find(blanks[0])
    groups: dict[str, list[ox.Triple]] = {}
    singles: list[list[ox.Triple]] = []
    for triple in triples:
        blank = next((t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)), None)
        if blank is None:
            singles.append([triple])
        else:
            groups.setdefault(find(blank), []).append(triple)
    return singles + list(groups.values())


def chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Split one graph's triples into chunks of about `size` without splitting a blank-node group."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        for start in range(0, len(triples), size):
            yield triples[start:start + size]
        return
    chunk: list[ox.Triple] = []
    for group in blank_node_groups(triples):
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def push(store, endpoint, graphs: Iterable[str], *, method: str = "auto", chunk_size: int = DEFAULT_CHUNK,
         progress: Callable[[int, int, int], None] | None = None) -> PushReport:
    """Replace each of `graphs` on the endpoint with its content in `store`; `progress(done, total, triples)`."""
    chosen = list(graphs)
    if method == "auto":
        method = "gsp" if endpoint.store_url else "update"
    if method == "gsp" and not endpoint.store_url:
        raise OsceKgError("no Graph Store Protocol URL for this endpoint: give --store-url or --endpoint-type")
    report = PushReport(method=method)
    started = time.monotonic()
    pending: list[str] = []  # update operations waiting to be sent together
    pending_triples = 0

    def flush() -> None:
        nonlocal pending, pending_triples
        if pending:
            endpoint.update(" ;\n".join(pending))
            report.requests += 1
        pending, pending_triples = [], 0

    for done, graph in enumerate(chosen, 1):
        triples = [q.triple for q in store.quads(graph)]
        if method == "gsp":
            endpoint.put_graph(graph, triples)
            report.requests += 1
        else:
            pending.append(f"DROP SILENT GRAPH <{graph}>")
            for part in chunks(triples, chunk_size):
                if pending_triples and pending_triples + len(part) > chunk_size:
                    flush()
                body = "\n".join(_nt(t) for t in part)
                pending.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
                pending_triples += len(part)
            if pending_triples >= chunk_size:
                flush()
        report.graphs += 1
        report.triples += len(triples)
        if progress:
            progress(done, len(chosen), report.triples)
    flush()
    report.seconds = time.monotonic() - started
    return report


def verify_counts(store, endpoint, graphs: Iterable[str]) -> list[str]:
    """Graphs whose triple count differs between the store and the server, as readable lines."""
    problems = []
    for graph in graphs:
        local, remote = store.count(graph), endpoint.count(graph)
        if local != remote:
            problems.append(f"<{graph}>: {local} triples in the store, {remote} on the server")
    return problems


@click.command("push")
@click.option("--endpoint", "endpoint_url", required=True, metavar="URL", envvar="OSCE_KG_ENDPOINT",
              help="The server's SPARQL query URL (or its base URL with --endpoint-type).")
@click.option("--endpoint-type", type=click.Choice(["oxigraph", "virtuoso", "fuseki", "generic"]),
              default="generic", show_default=True,
              help="Fills in the update and Graph Store URLs of known servers.")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL (default: from the type, else --endpoint).")
@click.option("--store-url", metavar="URL",
              help="Graph Store Protocol URL (default: from the type; none for generic: SPARQL Update is used).")
@store_option
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Only this named graph; repeatable.")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="Graph Store Protocol PUTs or SPARQL Update (auto: GSP when there is a store URL).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=DEFAULT_CHUNK, show_default=True,
              help="Triples per SPARQL Update request.")
@click.option("--prune", is_flag=True,
              help="Also drop the server's osce-kg graphs (under https://w3id.org/osce-kg/graph/) that the store "
                   "does not have, e.g. news items removed since the last push.")
@click.option("--verify", is_flag=True, help="Afterwards, compare each graph's triple count on the server.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def push_command(endpoint_url: str, endpoint_type: str, update_url: str | None, store_url: str | None,
                 store_path: Path | None, graphs: tuple[str, ...], method: str, chunk_size: int, prune: bool,
                 verify: bool, quiet: bool) -> None:
    """Send the store's named graphs to a SPARQL server, replacing each there (credentials:
    OSCE_KG_ENDPOINT_USER / OSCE_KG_ENDPOINT_PASSWORD)."""
    from osce_kg.namespaces import GRAPH_NS
    from osce_kg.remote import Endpoint

    if prune and graphs:
        raise click.UsageError("--prune works on the whole store, not with --graph")
    endpoint = Endpoint(endpoint_url, update_url=update_url, store_url=store_url, endpoint_type=endpoint_type)
    with open_store(store_path, read_only=True) as store, endpoint:
        present = store.named_graphs()
        if graphs:
            missing = [g for g in graphs if g not in present]
            if missing:
                raise OsceKgError(f"no graph {', '.join(missing)} in the store")
        chosen = list(graphs) or present
        if not chosen:
            raise OsceKgError("the store has no named graphs to push; run `osce-kg build` first", path=store.path)
        last = [time.monotonic()]

        def progress(done: int, total: int, triples: int) -> None:
            now = time.monotonic()
            if not quiet and (done == total or now - last[0] >= 1.0):
                click.echo(f"  {done}/{total} graphs, {triples} triples", err=True)
                last[0] = now

        try:
            report = push(store, endpoint, chosen, method=method, chunk_size=chunk_size, progress=progress)
        except OsceKgError as error:
            if endpoint_type == "generic" and endpoint.is_virtuoso:
                raise OsceKgError(f"{error.message} (this is Virtuoso: give --endpoint-type virtuoso, which "
                                  "writes through /sparql-graph-crud-auth with Digest login)") from error
            raise
        click.echo(report.summary(endpoint.store_url if report.method == "gsp" else endpoint.update_url))
        if prune:
            stale = [g for g in endpoint.named_graphs() if g.startswith(GRAPH_NS) and g not in set(present)]
            endpoint.drop_graphs(stale)
            click.echo(f"pruned {len(stale)} graph(s) the store does not have")
        if verify:
            problems = verify_counts(store, endpoint, chosen)
            for line in problems:
                click.echo(f"differs: {line}", err=True)
            if problems:
                raise OsceKgError(f"{len(problems)} graph(s) differ on the server after the push")
            click.echo(f"verified: the server holds the same number of triples in all {len(chosen)} graphs")


command = push_command
