"""`osce-kg query list|show|run`, `osce-kg sparql` and `osce-kg infer`: canned and ad-hoc SPARQL.

Start-up matters here (a researcher runs many small queries): this module imports only click at load time, and
the query path imports pyoxigraph and `osce_kg.queries`, never rdflib or pyshacl (`--infer` is the exception:
the reasoners work on rdflib graphs). Results are written by pyoxigraph's W3C serialisers (CSV, TSV, JSON, XML
for rows; Turtle, N-Triples, JSON-LD for graphs); `table` is a plain aligned text table for the terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source, open_store, store_option
from osce_kg.errors import OsceKgError

QUERY_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]
ENGINES = ["reasonable", "owlrl"]


def infer_option(function):
    """`--infer`: answer over data + ontology + the OWL RL closure (graph:inferred, built when needed)."""
    return click.option("--infer", is_flag=True,
                        help="Answer over the OWL RL closure too (graph:inferred; built or refreshed first, "
                             "which needs write access to the store).")(function)


@click.group()
def query() -> None:
    """The canned queries: list, show and run them."""


@query.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def query_list(fmt: str) -> None:
    """List the canned queries (json: name, title, description, parameters with types and defaults)."""
    from osce_kg.queries import catalogue

    queries = catalogue()
    if fmt == "json":
        click.echo(json.dumps([q.as_dict() for q in queries.values()], indent=1, ensure_ascii=False))
        return
    width = max((len(n) for n in queries), default=10)
    for name, q in queries.items():
        params = " ".join(p.name if p.required else f"[{p.name}]" for p in q.params)
        click.echo(f"{name:<{width}}  {q.title}" + (f"  ({params})" if params else ""))


@query.command("show")
@click.argument("name")
def query_show(name: str) -> None:
    """Print a canned query: its documentation, parameters, example and SPARQL."""
    from osce_kg.queries import get

    q = get(name)
    click.echo(f"{q.name}: {q.title}\n\n{q.description}\n")
    for p in q.params:
        default = f", default {p.default}" if p.default else (", required" if p.required else ", optional")
        click.echo(f"  --param {p.name}=…  ({p.type}{default}) {p.description}")
    if q.page:
        click.echo(f"\na listing: {q.page} rows per page (--offset N for later rows, --all for every row)")
    if q.example:
        click.echo(f"\nexample: {q.example}")
    click.echo("\n" + q.text)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        name, value = pair.split("=", 1)
        params[name.strip()] = value
    return params


def _source(store_path: Path | None, endpoint_url: str | None, infer: bool, engine: str | None = None):
    """The graph to read; with --infer the local store opened for writing and its closure made current."""
    if not infer:
        return open_source(store_path, endpoint_url)
    if endpoint_url:
        raise click.UsageError("--infer works on the local store only (a server has its own reasoning)")
    from osce_kg.inference import ensure_closure

    store = open_store(store_path)
    try:
        report = ensure_closure(store, engine)
    except BaseException:
        store.close()
        raise
    if report.rebuilt:
        click.echo(report.summary(), err=True)
    return store


@query.command("run")
@click.argument("name", required=False)
@endpoint_option
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Run the SPARQL in this file instead of a canned query (its # param: header lines, if any, "
                   "declare parameters as in queries/*.rq).")
@click.option("--param", "-p", "params", multiple=True,
              help="NAME=VALUE, repeatable (entities by label, ISO code, acronym or IRI).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1),
              help="Rows per page of a listing (default: the query's page size, shown by `query show`).")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many rows of a listing (the next page: --offset 100).")
@click.option("--all", "all_rows", is_flag=True, help="Every row of a listing, not one page.")
@infer_option
def query_run(name: str | None, store_path: Path | None, endpoint_url: str | None, query_file: Path | None,
              params: tuple[str, ...], fmt: str, limit: int | None, offset: int, all_rows: bool,
              infer: bool) -> None:
    """Run a canned query by NAME (or --file) and print its answer.

    Listings (queries with a page size) print one page, as datasette does: --offset for the next, --all for
    every row. When a page comes back full, a note on stderr says how to get the rest.
    """
    from osce_kg import queries

    if bool(name) == bool(query_file):
        raise click.UsageError("give a query NAME or --file, not both and not neither")
    if query_file:
        try:
            q = queries.parse_header(query_file)
        except (OSError, UnicodeDecodeError) as error:
            raise OsceKgError(f"cannot read the query: {error}", path=query_file) from error
    else:
        q = queries.get(name)  # type: ignore[arg-type]
    values = parse_params(params)
    if all_rows and limit:
        raise click.UsageError("give --limit or --all, not both")
    text = queries.paged(q, None if all_rows else (limit or queries.PAGE), offset)
    with _source(store_path, endpoint_url, infer) as store:
        result = queries.run_text(store, text, queries.bind(store, q, values), infer=infer)
        written = write_result(result, fmt)
    size = limit or q.page
    if size is not None and not all_rows and written is not None and written >= size:
        click.echo(f"{written} rows from row {offset + 1} (one page); more may follow: --offset {offset + size} "
                   f"for the next page, --all for every row", err=True)


@click.command()
@click.argument("sparql_text", required=False, metavar="QUERY")
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@infer_option
def sparql(sparql_text: str | None, store_path: Path | None, endpoint_url: str | None, fmt: str,
           infer: bool) -> None:
    """Run an ad-hoc SPARQL query (from the argument, or stdin with `-` or no argument).

    Without GRAPH, patterns match the union of all named graphs.
    """
    from osce_kg import queries

    if sparql_text in (None, "-"):
        sparql_text = sys.stdin.read()
    with _source(store_path, endpoint_url, infer) as store:
        write_result(queries.run_text(store, sparql_text or "", infer=infer), fmt)


@click.command()
@store_option
@click.option("--engine", type=click.Choice(ENGINES), default="reasonable", show_default=True,
              help="OWL RL reasoner: reasonable (fast, Rust) or owlrl (pure Python, slow).")
@click.option("--drop", is_flag=True, help="Remove graph:inferred instead of building it.")
@click.option("--force", is_flag=True, help="Rebuild even when graph:inferred is up to date.")
def infer(store_path: Path | None, engine: str, drop: bool, force: bool) -> None:
    """Build (or --drop) graph:inferred: the OWL RL closure of data + ontology, minus its input.

    Queries use it only with --infer (`osce-kg query run NAME --infer`); it is rebuilt there automatically
    when the data changed. Dropping it never touches a news graph.
    """
    from osce_kg.inference import drop_closure, ensure_closure

    with open_store(store_path) as store:
        if drop:
            click.echo(f"dropped graph:inferred ({drop_closure(store)} triples)")
            return
        click.echo(ensure_closure(store, engine, force=force).summary())


# -- output ----------------------------------------------------------------------------------------------------
def compact(iri: str) -> str:
    """`https://w3id.org/osce-kg/id/country/ua` → `osceid:country/ua` (longest namespace wins)."""
    from osce_kg.queries import PREFIXES

    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def cell(term: object) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return getattr(term, "value", str(term))


def render_table(variables: list[str], rows: list[list[object]], max_width: int = 60) -> str:
    """A plain aligned table with the row count under it (like sqlite3 -table)."""
    body = [[cell(v).replace("\n", " ") for v in row] for row in rows]
    body = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in body]
    widths = [max([len(name)] + [len(r[i]) for r in body]) for i, name in enumerate(variables)]
    out = ["  ".join(n.ljust(w) for n, w in zip(variables, widths, strict=True)).rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out)


def write_result(result: object, fmt: str) -> int | None:
    """Print a query answer: W3C result formats through Oxigraph's serialisers, or a terminal table.

    Returns how many rows a SELECT answer had (None for other answers), for the paging note.
    """
    import pyoxigraph as ox

    from osce_kg.queries import PREFIXES

    out = sys.stdout.buffer
    if isinstance(result, ox.QuerySolutions):
        formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
        if fmt == "table":
            variables = [v.value for v in result.variables]
            rows = [[s[v] for v in variables] for s in result]
            click.echo(render_table(variables, rows))
            out.flush()
            return len(rows)
        if fmt not in formats:
            raise OsceKgError(f"a SELECT answer cannot be written as {fmt}; use table, csv, tsv, json or xml")
        data = result.serialize(format=formats[fmt])
        out.write(data)
        out.flush()
        return _count_rows(data, fmt)
    elif isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml"):
            out.write(result.serialize(
                format=ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.XML))
        else:
            click.echo("true" if bool(result) else "false")
    else:
        triples = list(result)  # type: ignore[call-overload]
        if fmt in ("turtle", "table"):
            out.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
        elif fmt == "ntriples":
            out.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        elif fmt == "jsonld":
            out.write(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
        else:
            raise OsceKgError(f"a graph answer cannot be written as {fmt}; use turtle, ntriples or jsonld")
    out.flush()
    return None


def _count_rows(data: bytes, fmt: str) -> int:
    """How many solutions a serialised SELECT answer holds (a W3C result document)."""
    if fmt == "json":
        return len(json.loads(data)["results"]["bindings"])
    if fmt == "xml":
        return data.count(b"<result>") + data.count(b"<result ")
    if fmt == "tsv":  # TSV escapes line breaks inside values: one line per row, after the header
        return max(data.count(b"\n") - 1, 0)
    import csv
    import io

    return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)


commands = [query, sparql, infer]
