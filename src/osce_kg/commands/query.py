"""`osce-kg query list|show|run` and `osce-kg sparql`: canned and ad-hoc SPARQL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source
from osce_kg.errors import OsceKgError

QUERY_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]


@click.group()
def query() -> None:
    """The canned queries: list, show and run them."""


@query.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def query_list(fmt: str) -> None:
    """List the canned queries."""
    from osce_kg.queries import catalogue

    queries = catalogue()
    if fmt == "json":
        click.echo(json.dumps([q.as_dict() for q in queries.values()], indent=1, ensure_ascii=False))
        return
    width = max((len(n) for n in queries), default=10)
    for name, q in queries.items():
        params = " ".join(f"[{p.name}]" if not p.required else p.name for p in q.params)
        click.echo(f"{name:<{width}}  {q.title}" + (f"  ({params})" if params else ""))


@query.command("show")
@click.argument("name")
def query_show(name: str) -> None:
    """Print a canned query: its documentation and its SPARQL."""
    from osce_kg.queries import get

    q = get(name)
    click.echo(f"{q.name}: {q.title}\n\n{q.description}\n")
    for p in q.params:
        default = f", default {p.default}" if p.default else (", required" if p.required else ", optional")
        click.echo(f"  --param {p.name}=…  ({p.type}{default}) {p.description}")
    if q.example:
        click.echo(f"\nexample: {q.example}")
    click.echo("\n" + q.text)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        name, value = pair.split("=", 1)
        params[name.strip()] = value
    return params


@query.command("run")
@click.argument("name", required=False)
@endpoint_option
@click.option(
    "--file",
    "query_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Run the SPARQL in this file instead of a canned query.",
)
@click.option(
    "--param", "-p", "params", multiple=True, help="NAME=VALUE (a label, ISO code or IRI for entities)."
)
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def query_run(
    name: str | None,
    store_path: Path | None,
    endpoint_url: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str,
) -> None:
    """Run a canned query by NAME (or --file) and print its answer."""
    from osce_kg import queries

    if bool(name) == bool(query_file):
        raise click.UsageError("give a query NAME or --file, not both and not neither")
    with open_source(store_path, endpoint_url) as store:
        if query_file:
            try:
                text = query_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise OsceKgError(f"cannot read the query: {error}", path=query_file) from error
            if params:
                raise click.UsageError("--param works with canned queries only")
            result = queries.run_text(store, text)
        else:
            q = queries.get(name)  # type: ignore[arg-type]
            result = queries.run_text(store, q.text, queries.bind(store, q, parse_params(params)))
        write_result(result, fmt)


@click.command()
@click.argument("sparql_text", required=False, metavar="QUERY")
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def sparql(sparql_text: str | None, store_path: Path | None, endpoint_url: str | None, fmt: str) -> None:
    """Run an ad-hoc SPARQL query (from the argument, or stdin with `-` or no argument)."""
    from osce_kg import queries

    if sparql_text in (None, "-"):
        sparql_text = sys.stdin.read()
    with open_source(store_path, endpoint_url) as store:
        write_result(queries.run_text(store, sparql_text or ""), fmt)


def write_result(result: object, fmt: str) -> None:
    """Print a query answer: W3C result formats through Oxigraph's serialisers, or a terminal table."""
    import pyoxigraph as ox

    from osce_kg.namespaces import PREFIXES
    from osce_kg.output import render_table

    out = sys.stdout.buffer
    if isinstance(result, ox.QuerySolutions):
        formats = {
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
        }
        if fmt == "table":
            variables = [v.value for v in result.variables]
            click.echo(render_table(variables, ([s[v] for v in variables] for s in result)))
        elif fmt in formats:
            out.write(result.serialize(format=formats[fmt]))
        else:
            raise OsceKgError(f"a SELECT answer cannot be written as {fmt}; use table, csv, tsv, json or xml")
    elif isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml"):
            out.write(
                result.serialize(
                    format=ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.XML
                )
            )
        else:
            click.echo("true" if bool(result) else "false")
    else:
        triples = list(result)  # type: ignore[call-overload]
        if fmt in ("turtle", "table"):
            out.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
        elif fmt == "ntriples":
            out.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        elif fmt == "jsonld":
            from osce_kg.output import triples_to_jsonld

            out.write(triples_to_jsonld(triples).encode())
        else:
            raise OsceKgError(f"a graph answer cannot be written as {fmt}; use turtle, ntriples or jsonld")


commands = [query, sparql]
