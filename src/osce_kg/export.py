"""Export the store to files: Oxigraph's streaming serialisers, written atomically (temp file + rename)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyoxigraph as ox

from osce_kg.namespaces import PREFIXES
from osce_kg.output import atomic_write
from osce_kg.store import FORMATS


def merged_triples(store, graphs: list[str] | None) -> list[ox.Triple]:
    """The triples of the chosen graphs (all by default), each once."""
    seen: set[ox.Triple] = set()
    chosen = graphs if graphs is not None else store.named_graphs()
    for graph in chosen:
        for quad in store.quads(graph):
            seen.add(quad.triple)
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export_bytes(store, fmt: str, graphs: list[str] | None = None) -> bytes:
    if fmt == "jsonld":
        from osce_kg.output import triples_to_jsonld

        return triples_to_jsonld(merged_triples(store, graphs)).encode("utf-8")
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets:
        buffer = io.BytesIO()
        chosen = graphs if graphs is not None else store.named_graphs()
        quads = sorted((q for g in chosen for q in store.quads(g)),
                       key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        ox.serialize(quads, buffer, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        return buffer.getvalue()
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(merged_triples(store, graphs), format=rdf_format, prefixes=prefixes)


def export_store(store, fmt: str, output: Path | None, graphs: list[str] | None = None) -> None:
    data = export_bytes(store, fmt, graphs)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        atomic_write(output, data)
