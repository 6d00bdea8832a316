"""`osce-kg docs`: an HTML page documenting ontology/osce.ttl, built by one command, offline.

Why our own template and not pyLODE: pyLODE 3.4.1 (what the package index serves) installs but fails as soon
as it runs (`python -m pylode` and `OntPub(...)` both look for a `pyproject.toml` the wheel does not ship), and
it would add five dependencies (dominate, html5lib, markdown, httpx, tqdm). A small Jinja2 template (Jinja2 is
already a dependency) lists what readers need: every class and property with its label, comment, IRI, domain
and range, super/sub terms, inverses, characteristics, and the alignments to ORG, schema.org, PROV, SKOS, FOAF.

The page is deterministic (no build date; terms sorted by label) so it can be committed and diffed, and
self-contained (inline CSS, no scripts, no web fonts) so it works from a file:// URL and passes strict CSPs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #ddd; margin-top: 2.5rem; }
code, .iri { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9em; }
.term { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; margin: 1rem 0; }
.term h3 { margin: 0 0 .3rem 0; } .term h3 small { font-weight: normal; color: #666; }
table.meta { border-collapse: collapse; } table.meta th { text-align: left; padding-right: 1rem; vertical-align: top;
       font-weight: 600; white-space: nowrap; } table.meta td { padding: .1rem 0; }
.kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; background: #eef; color: #336;
        border-radius: 3px; padding: 0 .35rem; margin-left: .4rem; }
nav ul { columns: 3; list-style: none; padding-left: 0; } nav li { break-inside: avoid; }
a { color: #0b5cad; text-decoration: none; } a:hover { text-decoration: underline; }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<table class="meta">
<tr><th>IRI</th><td class="iri">{{ ontology_iri }}</td></tr>
{% if version_iri %}<tr><th>Version IRI</th><td class="iri">{{ version_iri }}</td></tr>{% endif %}
{% if version %}<tr><th>Version</th><td>{{ version }}</td></tr>{% endif %}
{% if created %}<tr><th>Created</th><td>{{ created }}</td></tr>{% endif %}
<tr><th>Namespace</th><td class="iri">{{ namespace }} (prefix <code>{{ prefix }}:</code>)</td></tr>
<tr><th>Source</th><td><code>ontology/osce.ttl</code></td></tr>
</table>
{% for text in descriptions %}<p>{{ text }}</p>{% endfor %}
</header>
<nav>
<h2>Contents</h2>
{% for section in sections %}{% if section.terms %}
<h3><a href="#{{ section.id }}">{{ section.title }}</a> ({{ section.terms|length }})</h3>
<ul>{% for term in section.terms %}<li><a href="#{{ term.anchor }}">{{ term.label }}</a></li>{% endfor %}</ul>
{% endif %}{% endfor %}
<h3><a href="#namespaces">Namespaces</a></h3>
</nav>
{% for section in sections %}{% if section.terms %}
<section id="{{ section.id }}">
<h2>{{ section.title }}</h2>
{% for term in section.terms %}
<div class="term" id="{{ term.anchor }}">
<h3>{{ term.label }} <small><code>{{ term.curie }}</code></small>{% for k in term.kinds %}<span class="kind">{{ k }}</span>{% endfor %}</h3>
<table class="meta">
<tr><th>IRI</th><td class="iri">{{ term.iri }}</td></tr>
{% for text in term.comments %}<tr><th>Description</th><td>{{ text }}</td></tr>{% endfor %}
{% for row in term.rows %}<tr><th>{{ row.name }}</th><td>{% for link in row.links %}{% if not loop.first %}, {% endif %}<a href="{{ link.href }}"><code>{{ link.text }}</code></a>{% endfor %}</td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
</section>
{% endif %}{% endfor %}
<section id="namespaces">
<h2>Namespaces</h2>
<table class="meta">
{% for prefix, ns in namespaces %}<tr><th><code>{{ prefix }}:</code></th><td class="iri">{{ ns }}</td></tr>
{% endfor %}
</table>
</section>
</body>
</html>
"""

ALIGNMENT_PREDICATES = {
    "http://www.w3.org/2002/07/owl#equivalentClass": "Equivalent to",
    "http://www.w3.org/2002/07/owl#equivalentProperty": "Equivalent to",
    "http://www.w3.org/2004/02/skos/core#exactMatch": "Exact match",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "Close match",
    "http://www.w3.org/2004/02/skos/core#broadMatch": "Broad match",
    "http://www.w3.org/2004/02/skos/core#narrowMatch": "Narrow match",
    "http://www.w3.org/2004/02/skos/core#relatedMatch": "Related match",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "See also",
}
CHARACTERISTICS = ("FunctionalProperty", "InverseFunctionalProperty", "TransitiveProperty", "SymmetricProperty",
                   "AsymmetricProperty", "ReflexiveProperty", "IrreflexiveProperty")


def build_context(ontology_path: Path) -> dict[str, Any]:
    """Everything the template shows, read from the ontology with rdflib (it is small)."""
    from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS

    from osce_kg.namespaces import OSCE_NS, PREFIXES

    graph = Graph().parse(ontology_path, format="turtle")
    by_length = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
    extra = {"vann": "http://purl.org/vocab/vann/"}

    def curie(iri: str) -> str:
        for prefix, ns in [*by_length, *extra.items()]:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def anchor(iri: str) -> str:
        return iri[len(OSCE_NS):] if iri.startswith(OSCE_NS) else curie(iri).replace(":", "_")

    def texts(node: Any, predicate: Any) -> list[str]:
        values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
        english = [v for v in values if v.language in (None, "en")] or values
        return sorted(str(v) for v in english)

    local_terms: set[str] = set()

    def link(node: Any) -> list[dict[str, str]]:
        if isinstance(node, BNode):  # owl:unionOf lists and restrictions: show their members
            members = graph.value(node, OWL.unionOf) or graph.value(node, OWL.intersectionOf)
            if members is not None:
                return [item for member in Collection(graph, members) for item in link(member)]
            return [{"href": "#", "text": "(anonymous class)"}]
        iri = str(node)
        href = f"#{anchor(iri)}" if iri in local_terms else iri
        return [{"href": href, "text": curie(iri)}]

    def links(nodes: Any) -> list[dict[str, str]]:
        items = [item for node in nodes for item in link(node)]
        return sorted(items, key=lambda item: item["text"])

    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    kinds = {"class": [OWL.Class, RDFS.Class], "object": [OWL.ObjectProperty],
             "datatype": [OWL.DatatypeProperty], "annotation": [OWL.AnnotationProperty],
             "property": [RDF.Property]}
    members: dict[str, set[str]] = {k: set() for k in kinds}
    for kind, types in kinds.items():
        for rdf_type in types:
            members[kind] |= {str(s) for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef)}
    members["property"] -= members["object"] | members["datatype"] | members["annotation"]
    local_terms.update(i for ms in members.values() for i in ms if i.startswith(OSCE_NS))
    properties = members["object"] | members["datatype"] | members["annotation"] | members["property"]

    def describe_term(iri: str, is_class: bool) -> dict[str, Any]:
        node = URIRef(iri)
        rows: list[dict[str, Any]] = []

        def row(name: str, nodes: Any) -> None:
            items = links(nodes)
            if items:
                rows.append({"name": name, "links": items})

        if is_class:
            row("Subclass of", graph.objects(node, RDFS.subClassOf))
            row("Superclass of", graph.subjects(RDFS.subClassOf, node))
            row("Disjoint with", graph.objects(node, OWL.disjointWith))
            row("In the domain of", (p for p in graph.subjects(RDFS.domain, node) if str(p) in properties))
            row("In the range of", (p for p in graph.subjects(RDFS.range, node) if str(p) in properties))
        else:
            row("Domain", graph.objects(node, RDFS.domain))
            row("Range", graph.objects(node, RDFS.range))
            row("Subproperty of", graph.objects(node, RDFS.subPropertyOf))
            row("Superproperty of", graph.subjects(RDFS.subPropertyOf, node))
            row("Inverse of", {*graph.objects(node, OWL.inverseOf), *graph.subjects(OWL.inverseOf, node)})
        for predicate, name in ALIGNMENT_PREDICATES.items():
            row(name, graph.objects(node, URIRef(predicate)))
        characteristic = [c.replace("Property", "") for c in CHARACTERISTICS
                          if (node, RDF.type, OWL[c]) in graph]
        labels = texts(node, RDFS.label)
        return {"iri": iri, "curie": curie(iri), "anchor": anchor(iri),
                "label": labels[0] if labels else curie(iri),
                "comments": texts(node, RDFS.comment) + texts(node, URIRef(str(DCTERMS) + "description")),
                "rows": rows, "kinds": characteristic}

    def section(section_id: str, title: str, iris: set[str], is_class: bool) -> dict[str, Any]:
        terms = [describe_term(i, is_class) for i in iris]
        return {"id": section_id, "title": title,
                "terms": sorted(terms, key=lambda t: (t["label"].lower(), t["iri"]))}

    ours = {k: {i for i in v if i.startswith(OSCE_NS)} for k, v in members.items()}
    external = {i for v in members.values() for i in v if not i.startswith(OSCE_NS)}
    sections = [
        section("classes", "Classes", ours["class"], True),
        section("object-properties", "Object properties", ours["object"], False),
        section("datatype-properties", "Datatype properties", ours["datatype"], False),
        section("annotation-properties", "Annotation properties", ours["annotation"], False),
        section("other-properties", "Other properties", ours["property"], False),
        section("external", "External terms used in axioms",
                {i for i in external if i in members["class"]}, True),
        section("external-properties", "External properties used in axioms",
                {i for i in external if i in properties}, False),
    ]
    title = (texts(ontology, DCTERMS.title) or texts(ontology, RDFS.label) or ["osce-kg ontology"])[0] \
        if ontology is not None else "osce-kg ontology"
    used = {curie(str(t)).split(":")[0] for t in graph.all_nodes() if isinstance(t, URIRef)}
    namespaces = sorted((p, ns) for p, ns in [*PREFIXES.items(), *extra.items()] if p in used)
    return {
        "title": title,
        "ontology_iri": str(ontology) if ontology is not None else OSCE_NS,
        "version_iri": str(graph.value(ontology, OWL.versionIRI) or "") if ontology is not None else "",
        "version": str(graph.value(ontology, OWL.versionInfo) or "") if ontology is not None else "",
        "created": str(graph.value(ontology, DCTERMS.created) or "") if ontology is not None else "",
        "namespace": OSCE_NS, "prefix": "osce",
        "descriptions": (texts(ontology, RDFS.comment) + texts(ontology, DCTERMS.description))
        if ontology is not None else [],
        "sections": sections, "namespaces": namespaces,
    }


def render(ontology_path: Path) -> str:
    """The HTML page (autoescaped: labels and comments are text, never markup)."""
    from jinja2 import Environment

    environment = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.from_string(TEMPLATE).render(**build_context(ontology_path))


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("docs/ontology.html"), show_default=True, help="Where to write the page ('-': stdout).")
@click.option("--ontology", "ontology_path", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Ontology file (default: the bundled ontology/osce.ttl).")
def docs(output: Path, ontology_path: Path | None) -> None:
    """Build the HTML documentation of the ontology (classes, properties, domains, ranges, alignments)."""
    from osce_kg.export import atomic_output
    from osce_kg.resources import ontology_file

    html = render(ontology_path or ontology_file())
    if str(output) == "-":
        click.echo(html, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(output) as handle:
        handle.write(html.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


command = docs
