"""`osce-kg diff OLD NEW`: triples added and removed per named graph. Exit 0 equal, 1 different, 2 bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--merged", is_flag=True, help="Compare the merged graphs (ignore which named graph holds a triple).")
@click.option("--summary", is_flag=True, help="Text: counts per graph only, no triples.")
@click.option("--full-iris", is_flag=True, help="Text: full N-Triples lines instead of prefixed names.")
def diff(old: Path, new: Path, fmt: str, merged: bool, summary: bool, full_iris: bool) -> None:
    """Compare two versions of the graph: RDF files (format from the extension: .ttl .nt .nq .trig .rdf .jsonld)
    or store folders. Literals compare by value where Oxigraph canonicalises them ("1.50" = "1.5")."""
    from osce_kg.diff import diff as run_diff
    from osce_kg.diff import render_text

    result = run_diff(old, new, merged=merged)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False))
    else:
        click.echo(render_text(result, summary_only=summary, compact=not full_iris))
    sys.exit(0 if result.equal else 1)


command = diff
