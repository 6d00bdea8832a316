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
from osce_kg.commands._common import Context, open_store, store_option
from osce_kg.errors import OsceKgError


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
@click.option("--on-invalid", type=click.Choice(["reject", "store", "quarantine"]), default="reject",
              show_default=True, help="A news item that violates the shapes is kept out of the store, stored "
              "anyway, or kept out and written with its report to --quarantine.")
@click.option("--quarantine", "quarantine_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for quarantined items (default: STORE.quarantine beside the store).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of the new items.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for extraction "
              "(default: the number of cores).")
@click.option("--columns", metavar="FIELD=COLUMN,…", help="Column names of JSON Lines / CSV news records, e.g. "
              "title=headline,body=text (default: title, date, url, body, unit, fields).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(paths: tuple[Path, ...], store_path: Path | None, on_error: str, on_invalid: str,
          quarantine_dir: Path | None, no_validate: bool, jobs: int | None, columns: str | None,
          quiet: bool) -> None:
    """Read news pages into the store: text or HTML pages, JSON Lines / CSV records, folders, globs,
    `-` for stdin, `@list.txt` for a list of paths; the bundled samples when none is given."""
    from osce_kg.build import build as run_build
    from osce_kg.output import ProgressReporter
    from osce_kg.records import parse_columns

    progress = ProgressReporter(sys.stderr, quiet=quiet)
    with open_store(store_path) as store:
        report = run_build(store, list(paths) or None, on_error=on_error, validate=not no_validate,
                           on_invalid=on_invalid, jobs=jobs, progress=progress, quarantine=quarantine_dir,
                           columns=parse_columns(columns) if columns else None)
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
    from osce_kg.pages import iter_pages

    records = []
    for page in iter_pages(pages):
        if isinstance(page, OsceKgError):
            raise page
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


# -- export, stats, remove, load -----------------------------------------------------------------------------
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
    """Bulk-load N-Quads/TriG/Turtle produced elsewhere.

    Every file is parsed before anything is written: a syntax error in any of them loads nothing."""
    from osce_kg.store import format_for

    plan = []
    for path in files:
        rdf_format = format_for(path, fmt)
        plan.append((path, rdf_format,
                     graph_iri or (None if rdf_format in ("nquads", "trig") else path.resolve().as_uri())))
    with open_store(store_path) as store:
        total = store.load_files(plan)  # every file is checked before the first is loaded
    click.echo(f"loaded {total} quads from {len(files)} file(s)")


def _register_commands() -> None:
    """Add the commands of `osce_kg.commands.*`: each module defines `command` or a list `commands`."""
    import importlib
    import pkgutil

    from osce_kg import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"osce_kg.commands.{info.name}")
        for command in [getattr(module, "command", None), *getattr(module, "commands", [])]:
            if isinstance(command, click.Command):
                cli.add_command(command)


_register_commands()


def _traceback_if_debug() -> None:
    """With --debug, print the traceback of the error being handled; the exit code stays the documented one."""
    if Context.debug:
        import traceback

        traceback.print_exc()


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
        _traceback_if_debug()
        click.echo(f"osce-kg: error: {error.one_line()}", err=True)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as error:  # the environment, not a bug: a full disk, permissions, a read-only filesystem
        _traceback_if_debug()
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        text = " ".join(str(error.strerror or error).split())
        click.echo(f"osce-kg: error: {where}{text}; nothing was changed", err=True)
        sys.exit(2)
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, exit 3
        _traceback_if_debug()
        click.echo(f"osce-kg: internal error: {type(error).__name__}: {error} (run with --debug for details)",
                   err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
