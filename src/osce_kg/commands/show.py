"""`osce-kg show ENTITY`: everything known about one entity, as text or as a picture of its neighbourhood.

Only click is imported at load time; the Graphviz binding only when a picture is asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source
from osce_kg.errors import OsceKgError


@click.command()
@click.argument("entity")
@endpoint_option
@click.option("--format", "fmt", type=click.Choice(["text", "svg", "png"]), default=None,
              help="text (default), or a picture of the neighbourhood (default: from the -o extension).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="How many hops of neighbours the picture shows.")
def show(entity: str, store_path: Path | None, endpoint_url: str | None, fmt: str | None, output: Path | None,
         depth: int) -> None:
    """Show ENTITY (a State, unit, person, event, news item…, by label, code or IRI): its statements, the
    statements pointing to it, or (svg/png) a Graphviz picture with the entity in the middle."""
    from osce_kg import show as shows

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("svg", "png") else "text"
    if fmt == "png" and output is None and sys.stdout.isatty():
        raise click.UsageError("a PNG is binary: give -o FILE.png (or redirect standard output)")
    with open_source(store_path, endpoint_url) as source:
        iri = shows.resolve(source, entity)
        if fmt == "text":
            data = shows.describe_text(source, iri).encode("utf-8")
        else:
            try:
                data = shows.render(source, iri, fmt, depth)
            except ImportError as error:
                raise OsceKgError("pictures need the graphviz binding: pip install graphviz") from error
            except Exception as error:
                if type(error).__name__ == "ExecutableNotFound":
                    raise OsceKgError("pictures need the Graphviz programs (dot, twopi): "
                                      "apt-get install graphviz") from error
                raise
    if output:
        from osce_kg.output import atomic_write

        atomic_write(output, data)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


command = show
