"""`osce-kg validate`: SHACL validation of files, the store or an endpoint, with CI-friendly reports.

Exit codes (as pyshacl's CLI): 0 conforms (or only results below --fail-on), 1 results at or above --fail-on,
2 bad input or usage (unreadable data or shapes), 3 internal error.

`--engine auto` (the default) runs the Rust engine (pyshifty) where tests/test_engines.py proves it gives
pyshacl's results — our bundled shapes, no `--infer` — and pyshacl everywhere else; `--engine pyshacl` forces the
reference engine. On the fast path the data never becomes an rdflib Graph: files and the store are read into an
in-memory pyoxigraph store and handed over as N-Triples (building the rdflib Graph alone would take longer than
the fast engine's whole validation).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source

FORMATS = ["text", "turtle", "jsonld", "json", "junit", "sarif", "github"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@endpoint_option
@click.option("--shapes", "shapes_files", multiple=True, type=click.Path(path_type=Path),
              help="Shapes file(s) to use instead of ours (so other projects can use this command).")
@click.option("--infer", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True,
              help="Inference before validating (pyshacl's).")
@click.option("--engine", type=click.Choice(["auto", "pyshacl", "shifty", "turbo"]), default="auto",
              show_default=True,
              help="SHACL engine: auto = the fast Rust engine (pyshifty) for our shapes without --infer, where its "
                   "agreement with pyshacl is tested; pyshacl otherwise.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; turtle/jsonld (sh:ValidationReport), json, junit, sarif, github for CI.")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation",
              show_default=True, help="Exit 1 when there are results of this severity or worse.")
@click.option("--max-results", type=click.IntRange(min=0), default=5, show_default=True,
              help="Examples shown per shape and constraint (text format).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
def validate(paths: tuple[Path, ...], store_path: Path | None, endpoint_url: str | None,
             shapes_files: tuple[Path, ...], infer: str, engine: str, fmt: str, fail_on: str, max_results: int,
             output: Path | None) -> None:
    """Validate RDF files (any format), the store, or an endpoint against the SHACL shapes."""
    from osce_kg import engines
    from osce_kg import validate as v
    from osce_kg.output import atomic_write
    from osce_kg.reports import render

    shapes = v.load_shapes_files(shapes_files) if shapes_files else v.load_shapes()
    try:
        chosen = engines.choose(engine, shapes, infer=infer)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    ontology = None if shapes_files else v.load_ontology()
    if chosen == "pyshacl":  # the rdflib path, exactly as before (and what tests monkeypatch)
        if paths:
            data = v.load_files(paths)
        else:
            with open_source(store_path, endpoint_url) as store:
                data = store.to_rdflib(store.named_graphs())
        report = v.validate_graph(data, shapes, ontology=ontology, infer=infer, engine="pyshacl")
    else:
        if paths:
            source_data = engines.Data.from_files(paths)
        else:
            with open_source(store_path, endpoint_url) as store:
                source_data = engines.Data.from_quads(q for g in store.named_graphs() for q in store.quads(g))
        report = v.validate_data(source_data, shapes, ontology=ontology, infer=infer, engine=chosen)
    source = str(paths[0]) if paths and len(paths) == 1 else None
    text = render(report, fmt, fail_on=fail_on.capitalize(), max_results=max_results, source=source)
    if output:
        atomic_write(output, text.encode("utf-8"))
        if fmt == "text":
            click.echo(text.splitlines()[0])
    else:
        click.echo(text.rstrip("\n"))
    if report.at_or_above(fail_on.capitalize()):
        sys.exit(1)


command = validate
