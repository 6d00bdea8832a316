"""The canned-query catalogue (`queries/*.rq`) and running queries with bound parameters.

Each .rq file starts with a header of `# key: value` comment lines::

    # title: News per field of work
    # description: How many news items each field of work has, per year.
    # param: year (year, optional): only this year
    # param: state (country, default Ukraine): the State, by label, ISO code or IRI
    # example: osce-kg query run news-by-field-of-work --param year=2023

Parameters are SPARQL variables of the query. A given value is resolved to an RDF term and bound in a
`VALUES` block written by the RDF library's term serialiser (pyoxigraph's `substitutions` would need the
variable in the projection, and remote servers do not have it): a value never becomes query syntax. A parameter
left out stays a free variable, which the query reads as "any".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from osce_kg.errors import QueryError
from osce_kg.namespaces import ID_NS, PREFIXES, XSD_NS
from osce_kg.resources import queries_dir

_HEADER = re.compile(r"^#\s*(title|description|param|example):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(?:,\s*(optional|required|default\s+(.+?)))?\s*\)\s*:?\s*(.*)$")

# Parameter types that name entities, with the IRI prefixes their values must have.
ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "country": (ID_NS + "country/", ID_NS + "territory/"),
    "org": (ID_NS + "org/", ID_NS + "field-operation/", ID_NS + "country/"),
    "place": (ID_NS + "place/", ID_NS + "country/", ID_NS + "territory/"),
    "person": (ID_NS + "person/",),
    "project": (ID_NS + "project/",),
    "fow": ("https://w3id.org/osce-kg/field-of-work/",),
    "mtype": ("https://w3id.org/osce-kg/meeting-type/",),
    "entity": ("https://w3id.org/osce-kg/",),
}
LITERAL_TYPES = {"date", "year", "integer", "string"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    example: str = ""

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                                "description": p.description} for p in self.params],
                "example": self.example}


def parse_header(path: Path) -> CannedQuery:
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if match:
            last = match.group(1)
            fields[last].append(match.group(2).strip())
        elif last in ("description",) and line[1:].strip():
            fields[last][-1] += " " + line[1:].strip()
    params = []
    for spec in fields["param"]:
        m = _PARAM.match(spec)
        if not m:
            raise QueryError(f"bad parameter line {spec!r}", path=path)
        name, ptype, mode, default, description = m.groups()
        if ptype not in ENTITY_TYPES and ptype not in LITERAL_TYPES:
            raise QueryError(f"unknown parameter type {ptype!r}", path=path)
        params.append(Param(name, ptype, mode == "required", default, description))
    return CannedQuery(name=path.stem, path=path, title=" ".join(fields["title"]) or path.stem,
                       description=" ".join(fields["description"]), params=params,
                       example=" ".join(fields["example"]))


def catalogue() -> dict[str, CannedQuery]:
    return {q.name: q for q in (parse_header(p) for p in sorted(queries_dir().glob("*.rq")))}


def get(name: str) -> CannedQuery:
    queries = catalogue()
    if name not in queries:
        close = [n for n in queries if name in n or n in name]
        hint = f"; did you mean {', '.join(close)}?" if close else "; `osce-kg query list` shows them"
        raise QueryError(f"no canned query named {name!r}{hint}")
    return queries[name]


# -- parameter values ------------------------------------------------------------------------------------------
_RESOLVE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX osce: <https://w3id.org/osce-kg/ontology#>
SELECT DISTINCT ?s ?label WHERE {
  GRAPH ?g { ?s rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel|skos:notation|osce:iso3166Alpha2|osce:iso3166Alpha3 ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?q)))
  OPTIONAL { GRAPH ?g2 { ?s rdfs:label ?label } }
}"""


def resolve_entity(store: object, ptype: str, value: str) -> ox.NamedNode:
    """A label, code or IRI → the one entity it names (an unknown or ambiguous value is an error)."""
    prefixes = ENTITY_TYPES[ptype]
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.match(r"^https?://", value):
        if not value.startswith(prefixes):
            raise QueryError(f"{value} is not a {ptype} IRI of this graph")
        return ox.NamedNode(value)
    found: dict[str, str] = {}
    for row in run_text(store, _RESOLVE, {"q": ox.Literal(value)}):
        iri = row["s"].value
        if iri.startswith(prefixes):
            found.setdefault(iri, row["label"].value if row["label"] is not None else iri)
    if len(found) == 1:
        return ox.NamedNode(next(iter(found)))
    if not found:
        raise QueryError(f"no {ptype} is called {value!r}")
    listing = "; ".join(f"{label} <{iri}>" for iri, label in sorted(found.items()))
    raise QueryError(f"{value!r} is ambiguous: {listing}")


def literal_param(ptype: str, value: str) -> ox.Literal:
    try:
        if ptype == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD_NS + "date"))
        if ptype in ("year", "integer"):
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD_NS + "integer"))
    except ValueError as error:
        raise QueryError(f"{value!r} is not a valid {ptype}") from error
    return ox.Literal(value)


def bind(store: object, query: CannedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    known = {p.name: p for p in query.params}
    unknown = set(values) - set(known)
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(sorted(unknown))} "
                         f"(it takes: {', '.join(known) or 'none'})")
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryError(f"query {query.name} needs --param {param.name}=…")
            continue
        if param.type in ENTITY_TYPES:
            bound[param.name] = resolve_entity(store, param.type, value)
        else:
            bound[param.name] = literal_param(param.type, value)
    return bound


# -- running ---------------------------------------------------------------------------------------------------
def prologue_for(text: str) -> str:
    """Add PREFIX lines for our prefixes the query uses but does not declare."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+(\w*):", text))
    used = set(re.findall(r"\b([a-zA-Z][\w-]*):[A-Za-z_]", text))
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared) if p in PREFIXES)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def with_bindings(text: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> str:
    """The query with a `VALUES` block of bound terms at the top of its outer WHERE group.

    The terms are written by pyoxigraph's N-Triples serialiser, which escapes every character that could end
    a literal or an IRI: a value is data, whatever it contains. A FILTER in the group sees the binding.
    """
    text = prologue_for(text) + text
    if not bindings:
        return text
    match = _WHERE.search(re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), text))
    if not match:
        raise QueryError("a query with parameters needs a WHERE { … } clause")
    names = sorted(bindings)
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }} "
    return text[: match.end()] + values + text[match.end():]


def run_text(store: object, text: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
    """Run SPARQL text on a store (or endpoint client) with parameters bound as RDF terms."""
    return store.query(with_bindings(text, bindings))  # type: ignore[attr-defined]


def run(name: str, params: dict[str, str] | None = None, store: object = None) -> Rows:
    """Run a canned query by name; returns `Rows` (list of dicts; `.to_dataframe()` when pandas is there).

    `store` is an open `osce_kg.store.Store`, or None for the default store (opened read-only).
    """
    from osce_kg.store import Store

    own = store is None
    store = store or Store(read_only=True)
    try:
        query = get(name)
        result = run_text(store, query.text, bind(store, query, params or {}))
        return Rows.from_solutions(result)
    finally:
        if own:
            store.close()  # type: ignore[attr-defined]


class Rows(list):
    """SELECT results as a list of {variable: python value} dicts, with the variable order kept."""

    variables: list[str]

    @classmethod
    def from_solutions(cls, solutions: object) -> Rows:
        from osce_kg.terms import python_value

        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("this query does not return rows (use the CLI's --format turtle for graphs)")
        variables = [v.value for v in solutions.variables]
        rows = cls({v: python_value(s[v]) for v in variables} for s in solutions)
        rows.variables = variables
        return rows

    def to_dataframe(self):  # pragma: no cover - needs pandas
        import pandas as pd

        return pd.DataFrame(list(self), columns=self.variables)
