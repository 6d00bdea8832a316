"""The `osce-kg` command: a thin shell over the library (build, query, validate, export…).

Exit codes, as pyshacl and most Unix tools use them: 0 success (or "conforms"), 1 a negative answer (validation
results at or above --fail-on; `diff` found differences), 2 bad input or usage (one clear line, store untouched),
3 internal error (a traceback with --debug).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from osce_kg import __version__
from osce_kg.errors import OsceKgError

QUERY_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]


class Context:
    debug = False


def store_option(function):
    """`--store PATH` on every command that touches the store (env OSCE_KG_STORE)."""
    return click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="OSCE_KG_STORE",
                        help="Store folder (default: $OSCE_KG_STORE or ~/.local/share/osce-kg/store).")(function)


def open_store(path: Path | None, *, read_only: bool = False):
    from osce_kg.store import Store

    return Store(path, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="osce-kg")
@click.option("--debug", is_flag=True, help="Show a traceback for errors.")
def cli(debug: bool) -> None:
    """Build, query, validate and export a knowledge graph of OSCE news pages."""
    Context.debug = debug


# -- build ---------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
              help="An unreadable page stops the build (nothing written) or is skipped and listed.")
@click.option("--on-invalid", type=click.Choice(["reject", "store"]), default="reject", show_default=True,
              help="A news item that violates the shapes is kept out of the store, or stored anyway.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of the new items.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(paths: tuple[Path, ...], store_path: Path | None, on_error: str, on_invalid: str,
          no_validate: bool, quiet: bool) -> None:
    """Read news pages (files or folders; the bundled samples when none) into the store."""
    from osce_kg.build import build as run_build

    with open_store(store_path) as store:
        report = run_build(store, list(paths) or None, on_error=on_error, validate=not no_validate,
                           on_invalid=on_invalid)
        location = store.path
    if not quiet:
        for source, reason in report.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        for title, reason in report.invalid:
            click.echo(f"invalid, not stored: {title}: {reason}", err=True)
        click.echo(report.summary())
        click.echo(f"store: {location}")


# -- extract -------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "turtle"]), default="json", show_default=True)
def extract(pages: tuple[Path, ...], fmt: str) -> None:
    """Print the extraction record of each page (or the triples `build` would store)."""
    from osce_kg.build import extract_page
    from osce_kg.pages import find_page_files, read_page

    records = []
    for path in find_page_files(pages):
        page = read_page(path)
        records.append((page, extract_page(page)))
    if fmt == "jsonl":
        for _page, record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    elif fmt == "json":
        data = records[0][1] if len(records) == 1 else [r for _p, r in records]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        import pyoxigraph as ox

        from osce_kg.mapping import Mapper
        from osce_kg.namespaces import PREFIXES

        mapper = Mapper()
        quads = [q for page, record in records
                 for item in mapper.map_page(record, source=page.source, source_hash=page.sha256)
                 for q in item.quads]
        sys.stdout.buffer.write(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))


# -- query ---------------------------------------------------------------------------------------------------
@cli.group()
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
@store_option
@click.option("--file", "query_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Run the SPARQL in this file instead of a canned query.")
@click.option("--param", "-p", "params", multiple=True, help="NAME=VALUE (a label, ISO code or IRI for entities).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def query_run(name: str | None, store_path: Path | None, query_file: Path | None, params: tuple[str, ...],
              fmt: str) -> None:
    """Run a canned query by NAME (or --file) and print its answer."""
    from osce_kg import queries

    if bool(name) == bool(query_file):
        raise click.UsageError("give a query NAME or --file, not both and not neither")
    with open_store(store_path, read_only=True) as store:
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


@cli.command()
@click.argument("sparql_text", required=False, metavar="QUERY")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def sparql(sparql_text: str | None, store_path: Path | None, fmt: str) -> None:
    """Run an ad-hoc SPARQL query (from the argument, or stdin with `-` or no argument)."""
    from osce_kg import queries

    if sparql_text in (None, "-"):
        sparql_text = sys.stdin.read()
    with open_store(store_path, read_only=True) as store:
        write_result(queries.run_text(store, sparql_text or ""), fmt)


def write_result(result: object, fmt: str) -> None:
    """Print a query answer: W3C result formats through Oxigraph's serialisers, or a terminal table."""
    import pyoxigraph as ox

    from osce_kg.namespaces import PREFIXES
    from osce_kg.output import render_table

    out = sys.stdout.buffer
    if isinstance(result, ox.QuerySolutions):
        formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
        if fmt == "table":
            variables = [v.value for v in result.variables]
            click.echo(render_table(variables, ([s[v] for v in variables] for s in result)))
        elif fmt in formats:
            out.write(result.serialize(format=formats[fmt]))
        else:
            raise OsceKgError(f"a SELECT answer cannot be written as {fmt}; use table, csv, tsv, json or xml")
    elif isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml"):
            out.write(result.serialize(format=ox.QueryResultsFormat.JSON if fmt == "json"
                                       else ox.QueryResultsFormat.XML))
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


# -- validate ------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--shapes", "shapes_files", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Shapes file(s) to use instead of ours.")
@click.option("--infer", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation",
              show_default=True, help="Exit 1 when there are results of this severity or worse.")
@click.option("--max-results", type=int, default=5, show_default=True, help="Examples shown per constraint.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
def validate(paths: tuple[Path, ...], store_path: Path | None, shapes_files: tuple[Path, ...], infer: str,
             fmt: str, fail_on: str, max_results: int, output: Path | None) -> None:
    """Validate RDF files, or the store, against the SHACL shapes. Exit 0 conforms, 1 results, 2 bad input."""
    from osce_kg import validate as v
    from osce_kg.output import atomic_write, report_text

    shapes = v.load_shapes(shapes_files) if shapes_files else None
    if paths:
        data = v.load_files(paths)
    else:
        with open_store(store_path, read_only=True) as store:
            data = store.to_rdflib(store.named_graphs())
    report = v.validate_graph(data, shapes, ontology=None if shapes_files else v.load_ontology(), infer=infer)
    if fmt == "text":
        text = report_text(report, max_results)
    elif fmt == "turtle":
        text = report.graph.serialize(format="turtle")  # type: ignore[union-attr]
    else:
        text = json.dumps({"conforms": report.conforms, "results": [r.__dict__ for r in report.results]},
                          indent=1, ensure_ascii=False)
    if output:
        atomic_write(output, text.encode("utf-8"))
    else:
        click.echo(text.rstrip("\n"))
    if report.at_or_above(fail_on.capitalize()):
        sys.exit(1)


# -- export, stats, remove, load -----------------------------------------------------------------------------
EXPORT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File (default: stdout).")
@click.option("--graph", "graphs", multiple=True, help="Only this named graph (IRI); repeatable.")
def export(store_path: Path | None, fmt: str, output: Path | None, graphs: tuple[str, ...]) -> None:
    """Export the store: the whole dataset (TriG, N-Quads) or the merged graph (Turtle, N-Triples, …)."""
    from osce_kg.export import export_store

    with open_store(store_path, read_only=True) as store:
        export_store(store, fmt, output, list(graphs) or None)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(store_path: Path | None, fmt: str) -> None:
    """Counts per graph kind, class and property."""
    from osce_kg.output import stats_text

    with open_store(store_path, read_only=True) as store:
        data = store.stats()
    click.echo(json.dumps(data, indent=1) if fmt == "json" else stats_text(data))


@cli.command()
@click.argument("items", nargs=-1, required=True)
@store_option
def remove(items: tuple[str, ...], store_path: Path | None) -> None:
    """Delete news items (by key, news IRI or graph IRI) from the store."""
    from osce_kg.iris import key_of_graph, news_graph_iri

    with open_store(store_path) as store:
        keys = set(store.news_keys())
        graphs = []
        for item in items:
            key = key_of_graph(item) or item.rstrip("/").rsplit("/", 1)[-1]
            if key not in keys:
                raise OsceKgError(f"no news item {item!r} in the store")
            graphs.append(news_graph_iri(key))
        store.remove_graphs(graphs)
    click.echo(f"removed {len(graphs)} news item(s)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples", "rdfxml"]),
              help="RDF format (default: from the file extension).")
@click.option("--graph", "graph_iri", help="Named graph for triple formats (default: the file's graph IRI).")
def load(files: tuple[Path, ...], store_path: Path | None, fmt: str | None, graph_iri: str | None) -> None:
    """Bulk-load N-Quads/TriG/Turtle produced elsewhere."""
    from osce_kg.store import format_for

    total = 0
    with open_store(store_path) as store:
        for path in files:
            rdf_format = format_for(path, fmt)
            graph = graph_iri or (None if rdf_format in ("nquads", "trig") else path.resolve().as_uri())
            total += store.bulk_load(path, rdf_format, graph)
    click.echo(f"loaded {total} quads from {len(files)} file(s)")


def _register_commands() -> None:
    """Add the commands of `osce_kg.commands.*` (serve, push, describe, diff, report…)."""
    import importlib
    import pkgutil

    from osce_kg import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"osce_kg.commands.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: one clear line and exit 2 for our errors, exit 3 for internal ones."""
    try:
        cli.main(args=argv, prog_name="osce-kg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("osce-kg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2 if error.exit_code in (1, 2) else error.exit_code)
    except OsceKgError as error:
        if Context.debug:
            raise
        click.echo(f"osce-kg: error: {error.one_line()}", err=True)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, exit 3
        if Context.debug:
            raise
        click.echo(f"osce-kg: internal error: {type(error).__name__}: {error} (run with --debug for details)",
                   err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
