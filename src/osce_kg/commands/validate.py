"""`osce-kg validate`: SHACL validation of files, the store or an endpoint, with CI-friendly exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@endpoint_option
@click.option(
    "--shapes",
    "shapes_files",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Shapes file(s) to use instead of ours.",
)
@click.option("--infer", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Exit 1 when there are results of this severity or worse.",
)
@click.option("--max-results", type=int, default=5, show_default=True, help="Examples shown per constraint.")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
def validate(
    paths: tuple[Path, ...],
    store_path: Path | None,
    endpoint_url: str | None,
    shapes_files: tuple[Path, ...],
    infer: str,
    fmt: str,
    fail_on: str,
    max_results: int,
    output: Path | None,
) -> None:
    """Validate RDF files, or the store, against the SHACL shapes. Exit 0 conforms, 1 results, 2 bad input."""
    from osce_kg import validate as v
    from osce_kg.output import atomic_write, report_text

    shapes = v.load_shapes(shapes_files) if shapes_files else None
    if paths:
        data = v.load_files(paths)
    else:
        with open_source(store_path, endpoint_url) as store:
            data = store.to_rdflib(store.named_graphs())
    report = v.validate_graph(data, shapes, ontology=None if shapes_files else v.load_ontology(), infer=infer)
    if fmt == "text":
        text = report_text(report, max_results)
    elif fmt == "turtle":
        text = report.graph.serialize(format="turtle")  # type: ignore[union-attr]
    else:
        text = json.dumps(
            {"conforms": report.conforms, "results": [r.__dict__ for r in report.results]},
            indent=1,
            ensure_ascii=False,
        )
    if output:
        atomic_write(output, text.encode("utf-8"))
    else:
        click.echo(text.rstrip("\n"))
    if report.at_or_above(fail_on.capitalize()):
        sys.exit(1)


command = validate
