"""What the `osce-kg` commands share: the --store / --endpoint options and opening the graph they read.

A command that reads the graph works on a "source": the embedded `Store` or a remote SPARQL endpoint
(`osce_kg.remote.Endpoint`). Both offer the same small protocol — `query(text)` returning pyoxigraph results,
`named_graphs()`, `quads(graph)`, `to_rdflib(graphs)`, `close()` and use as a context manager — so commands
do not care where the graph lives.
"""

from __future__ import annotations

from pathlib import Path

import click


class Context:
    """Process-wide CLI state (set by the top-level group)."""

    debug = False


def store_option(function):
    """`--store PATH` on every command that touches the store (env OSCE_KG_STORE)."""
    return click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="OSCE_KG_STORE",
                        help="Store folder (default: $OSCE_KG_STORE or ~/.local/share/osce-kg/store).")(function)


def endpoint_option(function):
    """`--endpoint URL`: read from a remote SPARQL 1.1 endpoint instead of the store."""
    function = click.option("--endpoint", "endpoint_url", metavar="URL", envvar="OSCE_KG_ENDPOINT",
                            help="Read from this SPARQL endpoint instead of the store (credentials: "
                                 "OSCE_KG_ENDPOINT_USER / OSCE_KG_ENDPOINT_PASSWORD).")(function)
    return store_option(function)


def open_store(path: Path | None, *, read_only: bool = False):
    from osce_kg.store import Store

    return Store(path, read_only=read_only)


def open_source(store_path: Path | None, endpoint_url: str | None):
    """The graph to read: a remote endpoint when given, else the store (read-only)."""
    if endpoint_url:
        from osce_kg.remote import Endpoint

        return Endpoint(endpoint_url)
    return open_store(store_path, read_only=True)
