"""`osce-kg show`: everything known about one entity, as text or as a picture of its neighbourhood.

The entity (a State, a unit, a person, an event, a news item…) is found by label, code or IRI with
`osce_kg.queries.resolve_entity`, the same resolution as query parameters, so an ambiguous name fails the
same way everywhere (listing the candidates). Its statements are read with plain SPARQL through
`osce_kg.queries.run_text`, so the closure graph (`graph:inferred`) stays out and a remote endpoint works as
well as the local store.

The picture is drawn by Graphviz (the `dot` programs from Debian's `graphviz` package) through the `graphviz`
binding from PyPI, with the `twopi` layout rooted at the entity: the entity in the middle (with its literal
values in a small table), its neighbours around it labelled with their names, edges labelled with compact
property names (`schema:organizer`). `neighbourhood_svg(source, iri)` is the entry point for other code (the
server's entity pages): it returns an inline `<svg>` element.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from osce_kg import queries

RDF_TYPE = queries.PREFIXES["rdf"] + "type"
REFERENCE_GRAPH = "https://w3id.org/osce-kg/graph/reference"

# Properties whose value names a thing, best first (the first one found labels a node).
_LABEL_PROPERTIES = ["rdfs:label", "skos:prefLabel", "schema:name", "schema:headline", "osce:name",
                     "schema:jobTitle", "schema:text", "osce:text"]
# Statements left out of the picture (still in the text): types are shown as node colours, the rest is noise
# at the scale of one neighbourhood.
_NOT_DRAWN = {"rdf:type", "osce:evidence", "prov:wasQuotedFrom", "skos:inScheme", "skos:altLabel",
              "skos:hiddenLabel", "rdfs:label", "skos:prefLabel"}
# Literal values not shown in the entity's table (its title already says them, or they are provenance).
_NOT_TABULATED = {"rdfs:label", "skos:prefLabel", "skos:altLabel", "skos:hiddenLabel", "osce:sourceHash",
                  "prov:generatedAtTime", "dcterms:identifier"}

# Kinds of nodes, by rdf:type (first match wins), with their fill and border colours.
_KINDS: list[tuple[str, tuple[str, ...], str, str]] = [
    ("event", ("osce:Event", "schema:Event"), "#fde2c4", "#d9822b"),
    ("news", ("schema:NewsArticle", "osce:NewsItem"), "#e3e8f8", "#4a5fa8"),
    ("person", ("schema:Person", "foaf:Person"), "#f6dbe7", "#b0406f"),
    ("state", ("schema:Country", "osce:Territory", "osce:ParticipatingState", "osce:PartnerState"),
     "#dcefd9", "#3f8a3a"),
    ("organisation", ("osce:Organization", "org:Organization", "org:FormalOrganization",
                      "org:OrganizationalUnit"), "#d7ebe5", "#2e7d6b"),
    ("place", ("schema:City", "osce:City", "schema:Place", "schema:AdministrativeArea"), "#eee6d6", "#8a7445"),
    ("project", ("osce:Project",), "#efe0f5", "#7d4a99"),
    ("concept", ("skos:Concept",), "#f1f1f1", "#777777"),
]
_OTHER = ("other", (), "#ffffff", "#999999")


def compact(iri: str) -> str:
    """`https://schema.org/organizer` → `schema:organizer` (longest namespace first); other IRIs unchanged."""
    best = ""
    for prefix, ns in queries.PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(queries.PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(queries.PREFIXES[best]):]}" if best else iri


@dataclass
class Node:
    """A thing in the neighbourhood: its IRI, name and kind (for colour)."""

    iri: str
    label: str
    kind: str = "other"
    types: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    subject: str
    predicate: str
    object: str


@dataclass
class Neighbourhood:
    """An entity, the things linked to it (to `depth` hops) and the literal values of each."""

    center: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    literals: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    omitted: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (node, predicate, in|out) → n

    @property
    def entity(self) -> Node:
        return self.nodes[self.center]


# -- reading ---------------------------------------------------------------------------------------------------
_OUT = "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_IN = "SELECT ?x ?p WHERE { GRAPH ?g { ?x ?p ?s } }"
_NAMES = ("SELECT ?x ?p ?v ?g WHERE { GRAPH ?g { ?x ?p ?v } VALUES ?p { rdf:type "
          + " ".join(_LABEL_PROPERTIES) + " } }")


def resolve(source: object, value: str) -> str:
    """A label, code, compact or full IRI → the one entity's IRI (unknown or ambiguous: QueryError)."""
    return queries.resolve_entity(source, "entity", value).value


def _rows(source: object, text: str, bindings: dict | None = None) -> Iterable:
    return queries.run_text(source, text, bindings)  # type: ignore[return-value]


def _describe_nodes(source: object, iris: Iterable[str]) -> dict[str, Node]:
    """Names and kinds of many nodes in one query (reference labels first: they are the canonical names)."""
    iris = sorted(set(iris))
    names: dict[str, list[tuple[int, str]]] = {iri: [] for iri in iris}
    types: dict[str, set[str]] = {iri: set() for iri in iris}
    order = {queries.expand_iri(p): n for n, p in enumerate(_LABEL_PROPERTIES)}
    for start in range(0, len(iris), 200):
        chunk = [ox.NamedNode(i) for i in iris[start:start + 200]]
        for row in _rows(source, queries.with_values(_NAMES, "x", chunk)):
            x, p, v, g = row["x"].value, row["p"].value, row["v"], row["g"].value
            if p == RDF_TYPE:
                types[x].add(compact(v.value))
            elif isinstance(v, ox.Literal):
                rank = order.get(p, 99) * 2 + (0 if g == REFERENCE_GRAPH else 1)
                names[x].append((rank, v.value))
    nodes = {}
    for iri in iris:
        label = min(names[iri])[1] if names[iri] else compact(iri)
        label = " ".join(label.split())
        nodes[iri] = Node(iri, label if len(label) <= 90 else label[:89] + "…", _kind(types[iri])[0],
                          sorted(types[iri]))
    return nodes


def _kind(types: Iterable[str]) -> tuple[str, tuple[str, ...], str, str]:
    found = set(types)
    for kind in _KINDS:
        if found & set(kind[1]):
            return kind
    return _OTHER


def neighbourhood(source: object, iri: str, depth: int = 1, *, per_property: int = 12,
                  max_nodes: int = 80) -> Neighbourhood:
    """The entity and what is linked to it, `depth` hops out, in both directions.

    Why the caps: a State is the object of thousands of statements (every event held there); a picture of
    all of them says nothing. At most `per_property` neighbours per property and direction are kept (the
    rest are counted in `omitted`), and at most `max_nodes` nodes in all.
    """
    result = Neighbourhood(iri)
    seen = {iri}
    frontier = [iri]
    edges: set[Edge] = set()
    for _hop in range(max(depth, 1)):
        next_frontier: list[str] = []
        for node in frontier:
            linked: dict[tuple[str, str], list[tuple[str, Edge]]] = {}
            literals: set[tuple[str, str]] = set()
            for row in _rows(source, _OUT, {"s": ox.NamedNode(node)}):
                p, o = row["p"].value, row["o"]
                if isinstance(o, ox.Literal):
                    literals.add((compact(p), o.value))
                elif isinstance(o, ox.NamedNode):
                    linked.setdefault((p, "out"), []).append((o.value, Edge(node, p, o.value)))
            for row in _rows(source, _IN, {"s": ox.NamedNode(node)}):
                x, p = row["x"], row["p"].value
                if isinstance(x, ox.NamedNode):
                    linked.setdefault((p, "in"), []).append((x.value, Edge(x.value, p, node)))
            result.literals[node] = sorted(literals)
            for (p, direction), targets in sorted(linked.items()):
                unique = sorted(dict(targets).items())
                if compact(p) in _NOT_DRAWN:
                    continue
                kept = unique[:per_property]
                if len(unique) > len(kept):
                    result.omitted[(node, compact(p), direction)] = len(unique) - len(kept)
                for other, edge in kept:
                    if other not in seen:
                        if len(seen) >= max_nodes:
                            result.omitted[(node, compact(p), direction)] = \
                                result.omitted.get((node, compact(p), direction), 0) + 1
                            continue
                        seen.add(other)
                        next_frontier.append(other)
                    edges.add(edge)
        frontier = next_frontier
    result.nodes = _describe_nodes(source, seen)
    result.edges = sorted(edges, key=lambda e: (e.subject != iri, compact(e.predicate), e.subject, e.object))
    return result


# -- text ------------------------------------------------------------------------------------------------------
def describe_text(source: object, iri: str) -> str:
    """Everything stated about the entity and everything pointing to it, with names, for a terminal."""
    nb = neighbourhood(source, iri, 1, per_property=50, max_nodes=2000)
    entity = nb.entity
    lines = [entity.label, f"<{iri}>"]
    if entity.types:
        lines.append("a " + ", ".join(entity.types))
    out = [e for e in nb.edges if e.subject == iri]
    into = [e for e in nb.edges if e.object == iri and e.subject != iri]
    rows = [(p, v) for p, v in nb.literals.get(iri, []) if p not in ("rdfs:label",)]
    rows += [(compact(e.predicate), _named(nb.nodes[e.object])) for e in out]
    rows += [(f"{p} (+{n} more)", "") for (node, p, d), n in nb.omitted.items() if node == iri and d == "out"]
    # Statements left out of the picture are still facts: list them (types are on the "a" line).
    hidden = _hidden_out(source, iri)
    rows += [(p, v) for p, v in hidden]
    width = max((len(p) for p, _v in rows), default=10)
    lines.append("")
    lines += [f"  {p:<{width}}  {_one_line(v)}" for p, v in sorted(rows, key=lambda r: r[0])]
    if into:
        lines += ["", "pointed to by:"]
        width = max(len(compact(e.predicate)) for e in into)
        lines += [f"  {compact(e.predicate):<{width}}  ← {_named(nb.nodes[e.subject])}"
                  for e in sorted(into, key=lambda e: (compact(e.predicate), nb.nodes[e.subject].label))]
    more = [(p, n) for (node, p, d), n in nb.omitted.items() if node == iri and d == "in"]
    lines += [f"  {p:<{width}}  ← … and {n} more" for p, n in more]
    return "\n".join(lines) + "\n"


def _named(node: Node) -> str:
    """`Name  <osceid:…>`, or just `<…>` for a thing without a name."""
    iri = compact(node.iri)
    return f"<{iri}>" if node.label == iri else f"{node.label}  <{iri}>"


def _hidden_out(source: object, iri: str) -> list[tuple[str, str]]:
    """The IRI-valued statements `neighbourhood` leaves out of the picture (evidence spans, schemes…)."""
    found = []
    for row in _rows(source, _OUT, {"s": ox.NamedNode(iri)}):
        p, o = compact(row["p"].value), row["o"]
        if isinstance(o, ox.NamedNode) and p in _NOT_DRAWN and p != "rdf:type":
            found.append((p, o.value))
    names = _describe_nodes(source, [o for _p, o in found])  # an evidence span is named by its text
    return sorted({(p, _named(names[o])) for p, o in found})


def _one_line(value: str, width: int = 160) -> str:
    text = " ".join(value.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- pictures --------------------------------------------------------------------------------------------------
def _dot_text(text: str) -> str:
    """A value safe in a Graphviz string: backslashes are escape sequences to dot."""
    return text.replace("\\", "\\\\")


def _wrap(text: str, width: int = 26) -> str:
    import textwrap

    lines = textwrap.wrap(text, width, break_on_hyphens=False)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3][: width - 1] + "…"]
    return "\n".join(lines) or "?"


def to_graphviz(nb: Neighbourhood, link: Callable[[str], str | None] | None = None):
    """A `graphviz.Digraph` of the neighbourhood: `twopi` rooted at the entity, so it sits in the middle."""
    import graphviz

    font = "DejaVu Sans,Arial,sans-serif"
    dot = graphviz.Digraph("neighbourhood", engine="twopi")
    dot.attr(root="n0", overlap="false", splines="true", ranksep="2.8", bgcolor="white", fontname=font,
             outputorder="edgesfirst")
    dot.attr("node", shape="box", style="rounded,filled", fontname=font, fontsize="10", margin="0.1,0.05")
    dot.attr("edge", fontname=font, fontsize="8", color="#888888", fontcolor="#555555", arrowsize="0.6")
    ids = {nb.center: "n0"}
    for n, iri in enumerate(sorted(i for i in nb.nodes if i != nb.center), start=1):
        ids[iri] = f"n{n}"
    for iri, node_id in ids.items():
        node = nb.nodes[iri]
        _name, _types, fill, border = _kind(node.types)
        attrs = {"tooltip": _dot_text(f"{node.label}\n{iri}"), "fillcolor": fill, "color": border}
        url = link(iri) if link else None
        if url:
            attrs.update(URL=_dot_text(url), target="_top")
        if iri == nb.center:
            dot.node(node_id, _center_label(nb), shape="plain", **attrs)
        else:
            dot.node(node_id, _dot_text(_wrap(node.label)), **attrs)
    for edge in nb.edges:
        if edge.subject in ids and edge.object in ids:
            dot.edge(ids[edge.subject], ids[edge.object], label=_dot_text(compact(edge.predicate)))
    for (iri, predicate, direction), count in sorted(nb.omitted.items()):
        if iri not in ids:
            continue
        more = f"more-{ids[iri]}-{len(dot.body)}"
        dot.node(more, f"… {count} more", shape="plaintext", fontcolor="#777777", fillcolor="white", style="")
        ends = (ids[iri], more) if direction == "out" else (more, ids[iri])
        dot.edge(*ends, label=_dot_text(predicate), style="dashed")
    return dot


def _center_label(nb: Neighbourhood) -> str:
    """An HTML-like label: the entity's name on top, its literal values (a few, shortened) below."""
    node = nb.entity
    _name, _types, fill, border = _kind(node.types)
    rows = [(p, v) for p, v in nb.literals.get(nb.center, []) if p not in _NOT_TABULATED][:12]
    cells = "".join(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="#555555">{html.escape(p)}</FONT></TD>'
                    f'<TD ALIGN="LEFT"><FONT POINT-SIZE="8">{html.escape(_one_line(v, 48))}</FONT></TD></TR>'
                    for p, v in rows)
    title = "<BR/>".join(html.escape(line) for line in _wrap(node.label, 36).split("\n"))
    kind = html.escape(", ".join(node.types[:3]))
    return (f'<<TABLE BORDER="2" COLOR="{border}" BGCOLOR="{fill}" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="3" STYLE="ROUNDED"><TR><TD COLSPAN="2"><B>{title}</B></TD></TR>'
            f'<TR><TD COLSPAN="2"><FONT POINT-SIZE="8" COLOR="#555555">{kind}</FONT></TD></TR>{cells}</TABLE>>')


def render(source: object, iri: str, fmt: str = "svg", depth: int = 1,
           link: Callable[[str], str | None] | None = None) -> bytes:
    """The neighbourhood picture as an SVG or PNG file's bytes."""
    dot = to_graphviz(neighbourhood(source, iri, depth), link)
    if fmt == "png":
        dot.attr(dpi="110")
    return dot.pipe(format=fmt)


def neighbourhood_svg(source: object, iri: str, depth: int = 1,
                      link: Callable[[str], str | None] | None = None) -> str:
    """The picture of an entity's neighbourhood as an inline `<svg>` element, ready to put in an HTML page.

    `source` is an open `osce_kg.store.Store` or `osce_kg.remote.Endpoint`; `iri` the entity's full IRI (use
    `resolve` for a name). `link(iri)` may return the URL a node should link to (e.g. the server's entity
    page); None leaves the node unlinked. Needs the Graphviz programs (`apt-get install graphviz`).
    """
    text = render(source, iri, "svg", depth, link).decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


__all__ = ["Neighbourhood", "compact", "describe_text", "neighbourhood", "neighbourhood_svg", "render",
           "resolve", "to_graphviz"]
