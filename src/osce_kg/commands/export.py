"""`osce-kg export`: the dataset, the merged graph or chosen graphs, in any RDF format — deterministic, streaming,
written atomically, with the dataset description (VoID + DCAT) beside every file."""

from __future__ import annotations

from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source

EXPORT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]


@click.command()
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="RDF format (default: from the -o extension, else trig).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File (default: stdout). Written atomically; FILE.void.ttl describes it.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Only this named graph; repeatable.")
@click.option("--merged", is_flag=True,
              help="TriG/N-Quads: write the merged graph (distinct triples, default graph) instead of the "
                   "named graphs. Turtle, N-Triples, RDF/XML and JSON-LD are always merged.")
@click.option("--context-url", metavar="URL",
              help="JSON-LD: reference this published @context instead of embedding ontology/context.jsonld.")
@click.option("--no-description", is_flag=True, help="Do not write FILE.void.ttl beside -o FILE.")
@click.option("--endpoint-url", "sparql_endpoint", metavar="URL",
              help="SPARQL endpoint to advertise in the description (void:sparqlEndpoint).")
@click.option("--base-url", metavar="URL",
              help="Where the file will be published (dcat:downloadURL, void:dataDump in the description).")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr (default: only when stderr is a terminal).")
def export(store_path: Path | None, endpoint_url: str | None, fmt: str | None, output: Path | None,
           graphs: tuple[str, ...], merged: bool, context_url: str | None, no_description: bool,
           sparql_endpoint: str | None, base_url: str | None, progress: bool | None) -> None:
    """Export the store: the whole dataset (TriG, N-Quads) or the merged graph (Turtle, N-Triples, RDF/XML,
    JSON-LD). The same store always gives the same bytes (sorted, fixed prefixes)."""
    from osce_kg.export import export as run_export
    from osce_kg.export import format_of

    fmt = format_of(output, fmt)
    with open_source(store_path, endpoint_url) as source:
        result = run_export(source, fmt, output, list(graphs) or None, merged=merged, context_url=context_url,
                            describe=not no_description, sparql_endpoint=sparql_endpoint, base_url=base_url,
                            progress=progress)
    if output is not None:
        click.echo(f"wrote {output} ({result.byte_size:,} bytes, {len(result.graphs)} graphs, "
                   f"{result.seconds:.2f} s)", err=True)


command = export
