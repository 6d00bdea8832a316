"""What changed between two versions of the graph: triples added and removed, per named graph.

Made for review of a graph kept in git (docs/DATASET-CI.md): `osce-kg diff old.nq new.nq` in a pull request shows
exactly which statements a page edit changed, and the exit code (0 equal, 1 different, 2 bad input) lets CI act
on it.

Why the comparison goes through Oxigraph: Oxigraph canonicalises literals of the datatypes it knows
(PITFALLS.md #5: `"2192000.00"^^xsd:decimal` comes back as `"2192000"`, `"007"^^xsd:integer` as `"7"`,
`"+00:00"` time zones as `Z`). A file is therefore loaded into a temporary on-disk Oxigraph store first (bounded
memory, same canonical forms as the store), so "the same value written differently" is not a difference, and a
dump compares equal to the store it came from.

Each graph is compared as two sorted streams of canonical N-Triples lines (`osce_kg.export.SortedLines`, an
external sort), so memory holds the differences, not the graphs. Graphs with blank nodes (not in our data, but
possible in files from elsewhere) are compared with rdflib's canonical labelling instead, because Oxigraph
relabels blank nodes on every load.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from osce_kg.errors import InputError

DEFAULT_GRAPH = ""  # the key of the default graph in results ("" sorts first; shown as "(default graph)")
FILE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".n3": ox.RdfFormat.N3}


@dataclass
class GraphChange:
    """The triples of one graph that only OLD has (removed) and only NEW has (added), as N-Triples lines."""

    graph: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    status: str = "modified"  # modified, added (graph only in NEW) or removed (graph only in OLD)


@dataclass
class DiffResult:
    old: str
    new: str
    changes: list[GraphChange]
    graphs_compared: int
    blank_node_graphs: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.changes

    @property
    def added(self) -> int:
        return sum(len(c.added) for c in self.changes)

    @property
    def removed(self) -> int:
        return sum(len(c.removed) for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old, "new": self.new, "equal": self.equal,
            "summary": {"graphs_compared": self.graphs_compared, "graphs_changed": len(self.changes),
                        "graphs_added": sum(c.status == "added" for c in self.changes),
                        "graphs_removed": sum(c.status == "removed" for c in self.changes),
                        "triples_added": self.added, "triples_removed": self.removed},
            "graphs": [{"graph": c.graph or None, "status": c.status, "added": c.added, "removed": c.removed}
                       for c in self.changes],
            "blank_node_graphs": [g or None for g in self.blank_node_graphs],
        }


# -- opening the two sides ---------------------------------------------------------------------------------------
@contextlib.contextmanager
def open_side(path: Path) -> Iterator[ox.Store]:
    """An Oxigraph store holding one side: a store folder (read-only) or a file loaded into a temporary store."""
    path = Path(path)
    if path.is_dir():
        if not (path / "CURRENT").exists():
            raise InputError("not an osce-kg store folder (no CURRENT file) and not an RDF file", path=path)
        try:
            store = ox.Store.read_only(str(path))
        except OSError as error:
            raise InputError(f"cannot open the store: {error}", path=path) from error
        yield store
        return
    if not path.exists():
        raise InputError("no such file or folder", path=path)
    rdf_format = FILE_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(f"cannot tell the RDF format from the extension {path.suffix!r} "
                         f"(one of {', '.join(sorted(FILE_FORMATS))}) and it is not a store folder", path=path)
    with tempfile.TemporaryDirectory(prefix="osce-kg-diff-", ignore_cleanup_errors=True) as tmp:
        store = ox.Store(tmp)
        try:
            store.bulk_load(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri())
        except SyntaxError as error:
            raise InputError(f"{rdf_format.name} syntax error: {error}", path=path,
                             line=getattr(error, "lineno", None)) from error
        except (OSError, ValueError) as error:
            raise InputError(f"cannot read the file: {error}", path=path) from error
        try:
            yield store
        finally:
            del store  # the last reference (diff() drops its own): RocksDB closes before the folder goes


def graph_names(store: ox.Store) -> list[str]:
    """The graphs of a store: named graphs by IRI, plus the default graph ("") when it holds triples."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        names.insert(0, DEFAULT_GRAPH)
    return names


def _graph_term(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name == DEFAULT_GRAPH else ox.NamedNode(name)


def sorted_lines(store: ox.Store, graphs: list[str]) -> Iterator[bytes]:
    """The distinct triples of `graphs` (merged when several) as sorted canonical N-Triples lines."""
    from osce_kg.export import LineSink, SortedLines

    sorter = SortedLines()
    for name in graphs:
        sink = LineSink(sorter)
        store.dump(sink, ox.RdfFormat.N_TRIPLES, from_graph=_graph_term(name))
        sink.close()
    return iter(sorter)


def compare_sorted(old: Iterator[bytes], new: Iterator[bytes]) -> tuple[list[str], list[str]]:
    """(removed, added): a merge of two sorted, distinct line streams."""
    removed: list[str] = []
    added: list[str] = []
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a < b):
            removed.append(a.decode().rstrip("\n"))  # type: ignore[union-attr]
            a = next(old, None)
        elif a is None or b < a:
            added.append(b.decode().rstrip("\n"))
            b = next(new, None)
        else:
            a, b = next(old, None), next(new, None)
    return removed, added


def _has_blank_nodes(store: ox.Store, graphs: list[str]) -> bool:
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, _graph_term(name)):
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                return True
    return False


def _compare_with_blank_nodes(old: ox.Store, new: ox.Store, old_graphs: list[str],
                              new_graphs: list[str]) -> tuple[list[str], list[str]]:
    """rdflib's canonical labelling (RDF graph isomorphism), for the rare graph with blank nodes."""
    from rdflib import Graph
    from rdflib.compare import graph_diff, to_isomorphic

    from osce_kg.terms import to_rdflib

    def load(store: ox.Store, graphs: list[str]) -> Graph:
        graph = Graph()
        for name in graphs:
            for q in store.quads_for_pattern(None, None, None, _graph_term(name)):
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return graph

    _both, only_old, only_new = graph_diff(to_isomorphic(load(old, old_graphs)), to_isomorphic(load(new, new_graphs)))
    lines = [sorted(line.decode().strip() if isinstance(line, bytes) else line.strip()
                    for line in g.serialize(format="nt").splitlines() if line.strip())
             for g in (only_old, only_new)]
    return lines[0], lines[1]


def diff(old_path: Path, new_path: Path, *, merged: bool = False) -> DiffResult:
    """Compare two graphs (files of any RDF format, or store folders), per named graph or merged."""
    with open_side(old_path) as old, open_side(new_path) as new:
        old_graphs, new_graphs = graph_names(old), graph_names(new)
        pairs: list[tuple[str, list[str], list[str]]]
        if merged:
            pairs = [(DEFAULT_GRAPH, old_graphs, new_graphs)]
        else:
            pairs = [(g, [g] if g in old_graphs else [], [g] if g in new_graphs else [])
                     for g in sorted(set(old_graphs) | set(new_graphs))]
        changes: list[GraphChange] = []
        blank: list[str] = []
        for name, in_old, in_new in pairs:
            if _has_blank_nodes(old, in_old) or _has_blank_nodes(new, in_new):
                blank.append(name)
                removed, added = _compare_with_blank_nodes(old, new, in_old, in_new)
            else:
                removed, added = compare_sorted(sorted_lines(old, in_old), sorted_lines(new, in_new))
            if removed or added:
                status = "modified" if merged or (in_old and in_new) else ("added" if in_new else "removed")
                changes.append(GraphChange(name, removed, added, status))
        del old, new  # close temporary stores before their folders are removed
    return DiffResult(str(old_path), str(new_path), changes, len(pairs), blank)


# -- rendering ---------------------------------------------------------------------------------------------------
def _compact_line(line: str) -> str:
    """An N-Triples line with prefixed names (for people; JSON keeps the exact N-Triples)."""
    from osce_kg.output import compact

    try:
        triple = next(iter(ox.parse(line.encode(), ox.RdfFormat.N_TRIPLES))).triple
    except (SyntaxError, StopIteration):
        return line

    def term(t: Any) -> str:
        if isinstance(t, ox.NamedNode):
            return compact(t.value)
        if isinstance(t, ox.Literal) and not t.language and \
                t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            text = str(ox.Literal(t.value))
            return f"{text}^^{compact(t.datatype.value)}"
        return str(t)

    return f"{term(triple.subject)} {term(triple.predicate)} {term(triple.object)} ."


def render_text(result: DiffResult, *, summary_only: bool = False, compact: bool = True) -> str:
    """A review-friendly text diff: one block per changed graph, `-` removed and `+` added lines."""
    lines = [f"--- {result.old}", f"+++ {result.new}"]
    for change in result.changes:
        name = f"<{change.graph}>" if change.graph else "(default graph)"
        note = {"added": "new graph, ", "removed": "graph removed, "}.get(change.status, "")
        lines.append(f"graph {name} ({note}+{len(change.added)} -{len(change.removed)})")
        if summary_only:
            continue
        show = _compact_line if compact else (lambda text: text)
        lines += [f"- {show(t)}" for t in change.removed]
        lines += [f"+ {show(t)}" for t in change.added]
    if result.blank_node_graphs:
        lines.append(f"note: {len(result.blank_node_graphs)} graph(s) with blank nodes compared up to "
                     "blank-node renaming (rdflib canonical labels)")
    if result.equal:
        lines.append(f"equal: {result.graphs_compared} graph(s), no differences")
    else:
        counts = result.as_dict()["summary"]
        lines.append(f"{counts['graphs_changed']} of {result.graphs_compared} graph(s) differ "
                     f"({counts['graphs_added']} added, {counts['graphs_removed']} removed): "
                     f"+{result.added} -{result.removed} triples")
    return "\n".join(lines)
