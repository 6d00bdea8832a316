"""`osce-kg export`: the dataset or chosen graphs in any RDF format, written atomically."""

from __future__ import annotations

from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source

EXPORT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]


@click.command()
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="trig", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File (default: stdout)."
)
@click.option("--graph", "graphs", multiple=True, help="Only this named graph (IRI); repeatable.")
def export(
    store_path: Path | None, endpoint_url: str | None, fmt: str, output: Path | None, graphs: tuple[str, ...]
) -> None:
    """Export the store: the whole dataset (TriG, N-Quads) or the merged graph (Turtle, N-Triples, …)."""
    from osce_kg.export import export_store

    with open_source(store_path, endpoint_url) as store:
        export_store(store, fmt, output, list(graphs) or None)


command = export
