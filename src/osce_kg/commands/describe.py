"""`osce-kg describe`: the VoID + DCAT description of the dataset, with figures counted from the data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source


@click.command()
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld"]), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File (default: stdout).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Describe only these graphs; repeatable.")
@click.option("--distribution", "distributions", multiple=True, metavar="FILE",
              type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A dump file to list as a dcat:Distribution (size, media type, sha256); repeatable.")
@click.option("--endpoint-url", "sparql_endpoint", metavar="URL",
              help="SPARQL endpoint to advertise (void:sparqlEndpoint); --endpoint is where to READ from.")
@click.option("--base-url", metavar="URL", help="Where the distributions are published (dcat:downloadURL).")
def describe(store_path: Path | None, endpoint_url: str | None, fmt: str, output: Path | None,
             graphs: tuple[str, ...], distributions: tuple[Path, ...], sparql_endpoint: str | None,
             base_url: str | None) -> None:
    """Describe the dataset in VoID and DCAT: triples, entities, class and property partitions, the Wikidata
    linkset, temporal and spatial coverage, license and distributions. Describing twice gives the same bytes."""
    from osce_kg.describe import Distribution, describe_source, serialize_description
    from osce_kg.export import atomic_output

    files = [Distribution.of_file(path, base_url=base_url) for path in distributions]
    with open_source(store_path, endpoint_url) as source:
        triples = describe_source(source, list(graphs) or None, distributions=files,
                                  sparql_endpoint=sparql_endpoint)
    data = serialize_description(triples, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        with atomic_output(output) as handle:
            handle.write(data)


command = describe
