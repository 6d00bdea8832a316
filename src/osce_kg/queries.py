"""The canned-query catalogue (`queries/*.rq`) and running queries with bound parameters.

Each .rq file starts with a header of `# key: value` comment lines (a line starting with `#` and two spaces
continues the description)::

    # title: News per field of work
    # description: How many news items each field of work has, per year.
    # param: year (year, optional): only this year
    # param: state (country, default Ukraine): the State, by label, ISO code or IRI
    # example: osce-kg query run news-by-field-of-work --param year=2023
    # page: 100

Parameters are SPARQL variables of the query. A given value is resolved to an RDF term and bound in a
`VALUES` block written by pyoxigraph's term serialiser (pyoxigraph's `substitutions` would need the variable in
the projection, and remote servers do not have it): a value never becomes query syntax. A parameter left out
stays a free variable, which the query reads as "any".

Listings are paged, as datasette pages a table: a query with a `# page: N` header answers N rows at a time.
Its text holds exactly one `LIMIT N`, in the sub-select that picks the page's keys (events, news items…) in
order; the details of those N keys are then looked up one by one. Returning thousands of rows cannot be quick
(each term handed to Python costs microseconds), but a page is: 13k events take 3 s in full, 80 ms a page.
`limit`/`offset` set that LIMIT (and an OFFSET); `limit=None` drops it, for every row.

Start-up matters (`osce-kg query run` is run many times): this module imports pyoxigraph and plain strings
only, never rdflib (`osce_kg.namespaces` makes its rdflib Namespaces lazily).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from osce_kg.errors import QueryError
from osce_kg.namespaces import BASE, FOW_NS, GRAPH_INFERRED, ID_NS, MTYPE_NS, PREFIXES, XSD_NS
from osce_kg.resources import queries_dir
from osce_kg.terms import python_value

__all__ = ["PREFIXES", "CannedQuery", "Param", "Rows", "bind", "catalogue", "get", "resolve_entity", "run",
           "run_text"]

_HEADER = re.compile(r"^#\s*(title|description|param|example|page):\s*(.*)$")
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.I)
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(?:,\s*(optional|required|default\s+(.+?)))?\s*\)\s*:?\s*(.*)$")

# Parameter types that name entities, with the IRI prefixes their values must have.
ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "country": (ID_NS + "country/", ID_NS + "territory/"),
    "org": (ID_NS + "org/", ID_NS + "field-operation/", ID_NS + "country/"),
    "place": (ID_NS + "place/", ID_NS + "country/", ID_NS + "territory/"),
    "person": (ID_NS + "person/",),
    "project": (ID_NS + "project/",),
    "event": (ID_NS + "event/",),
    "news": (ID_NS + "news/",),
    "fow": (FOW_NS,),
    "mtype": (MTYPE_NS,),
    "entity": (BASE,),
}
LITERAL_TYPES = {"date", "year", "integer", "string"}


@dataclass(frozen=True)
class Param:
    """One parameter of a canned query, as its header declares it."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass
class CannedQuery:
    """A `queries/*.rq` file: its documentation header and its SPARQL."""

    name: str
    path: Path
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    example: str = ""
    page: int | None = None
    text: str = ""  # the SPARQL as read with the header (`_parsed` re-reads the file when it changes)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                                "description": p.description} for p in self.params],
                "example": self.example, "page": self.page}


def parse_header(path: Path) -> CannedQuery:
    """Read the `# key: value` header of a .rq file (a malformed parameter line is an error, not a skip)."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": [], "page": []}
    last = None
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
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
    page = None
    if fields["page"]:
        if not fields["page"][0].isdigit() or int(fields["page"][0]) < 1:
            raise QueryError(f"bad page size {fields['page'][0]!r} (a positive number of rows)", path=path)
        page = int(fields["page"][0])
        limits = _LIMIT.findall(_blank_comments_and_strings(text))
        if limits != [str(page)]:
            raise QueryError(f"a query with '# page: {page}' needs exactly one 'LIMIT {page}' (the page's "
                             f"sub-select), not {len(limits)} LIMITs", path=path)
    return CannedQuery(name=path.stem, path=path, title=" ".join(fields["title"]) or path.stem,
                       description=" ".join(fields["description"]), params=params,
                       example=" ".join(fields["example"]), page=page, text=text)


_PARSED: dict[Path, tuple[int, CannedQuery]] = {}


def _parsed(path: Path, stamp: int | None = None) -> CannedQuery:
    """A query file's parsed header, cached until the file changes (a notebook or the server runs many)."""
    stamp = path.stat().st_mtime_ns if stamp is None else stamp
    cached = _PARSED.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, parse_header(path))
        _PARSED[path] = cached
    return cached[1]


def catalogue() -> dict[str, CannedQuery]:
    """Every canned query by name, in name order."""
    return {q.name: q for q in (_parsed(p) for p in sorted(queries_dir().glob("*.rq")))}


def get(name: str) -> CannedQuery:
    path = queries_dir() / f"{name}.rq"
    if "/" not in name:
        try:
            info = os.stat(path)  # one system call, not is_file() and then stat() (0.02 ms a query)
        except OSError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            return _parsed(path, info.st_mtime_ns)
    queries = catalogue()
    close = [n for n in queries if name in n or n in name]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `osce-kg query list` shows them"
    raise QueryError(f"no canned query named {name!r}{hint}")


# -- parameter values ------------------------------------------------------------------------------------------
# Names are looked up in two steps. First exact literals (the value as typed, upper-cased for ISO codes, and a
# few case variants): an index lookup, fast on any store. Only when that finds nothing, a case-insensitive scan
# of all names.
_NAME_PROPERTIES = ("rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel|skos:notation|schema:name"
                    "|osce:iso3166Alpha2|osce:iso3166Alpha3|dcterms:identifier")
_RESOLVE_EXACT = f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s {_NAME_PROPERTIES} ?name }} }}"
_RESOLVE_SCAN = f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s {_NAME_PROPERTIES} ?name }} FILTER(LCASE(STR(?name)) = ?q) }}"
_LABEL = """SELECT (MIN(STR(?label)) AS ?l) WHERE { GRAPH ?g { ?s rdfs:label ?label } }"""
_EXISTS = """ASK WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { GRAPH ?g { ?o2 ?p2 ?s } } }"""


def _variants(value: str) -> list[str]:
    seen: list[str] = []
    for v in (value, value.upper(), value.lower(), value.title(), value[:1].upper() + value[1:]):
        if v not in seen:
            seen.append(v)
    return seen


def expand_iri(value: str) -> str | None:
    """`<…>`, a full http(s) IRI, or a compact `osceid:country/ua` → the full IRI; None for anything else."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if re.match(r"^https?://", value):
        return value
    prefix, sep, rest = value.partition(":")
    if sep and prefix in PREFIXES and rest and " " not in rest:
        return PREFIXES[prefix] + rest
    return None


def resolve_entity(store: object, ptype: str, value: str) -> ox.NamedNode:
    """A label, code or IRI → the one entity it names (an unknown or ambiguous value is an error)."""
    prefixes = ENTITY_TYPES[ptype]
    iri = expand_iri(value)
    if iri is not None:
        try:
            node = ox.NamedNode(iri)
        except ValueError as error:
            raise QueryError(f"{value!r} is not a valid IRI ({error})") from error
        if not iri.startswith(prefixes):
            raise QueryError(f"{iri} is not a {ptype} IRI of this graph (expected {' or '.join(prefixes)}…)")
        if not _mentioned(store, node):
            raise QueryError(f"nothing is known about <{iri}> in this store")
        return node
    value = value.strip()
    found = _candidates(store, prefixes, {"name": [ox.Literal(v) for v in _variants(value)]})
    if not found:
        found = _candidates(store, prefixes, {"q": [ox.Literal(value.lower())]}, scan=True)
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if not found:
        raise QueryError(f"no {ptype} is called {value!r} (give a label, ISO code or IRI; "
                         f"`osce-kg sparql` can search the labels)")
    listing = "; ".join(f"{label_of(store, iri) or '?'} <{iri}>" for iri in found)
    raise QueryError(f"{value!r} is ambiguous, it names {len(found)} {ptype} entities: {listing}; "
                     f"give the IRI instead")


def _mentioned(store: object, node: ox.NamedNode) -> bool:
    """Whether any triple has `node` as subject or object: two index lookups on the embedded store (an ASK
    cost 0.2 ms, a third of a typical one-event query), an ASK on an endpoint."""
    ox_store = getattr(store, "ox", None)
    if isinstance(ox_store, ox.Store):
        return (next(ox_store.quads_for_pattern(node, None, None), None) is not None
                or next(ox_store.quads_for_pattern(None, None, node), None) is not None)
    return bool(_query(store, _EXISTS, {"s": node}))


def _candidates(store: object, prefixes: tuple[str, ...], values: Mapping[str, list[ox.Literal]],
                scan: bool = False) -> list[str]:
    (name, terms), = values.items()
    text = with_values(_RESOLVE_SCAN if scan else _RESOLVE_EXACT, name, terms)
    found = {row["s"].value for row in _raw(store, text) if isinstance(row["s"], ox.NamedNode)}
    return sorted(iri for iri in found if iri.startswith(prefixes))


def label_of(store: object, iri: str) -> str | None:
    """The (alphabetically first) rdfs:label of an entity, from whichever graph states it."""
    for row in _query(store, _LABEL, {"s": ox.NamedNode(iri)}):
        return row["l"].value if row["l"] is not None else None
    return None


def literal_param(ptype: str, value: str) -> ox.Literal:
    """A literal parameter as a typed RDF literal (dates as xsd:date, years and integers as xsd:integer)."""
    try:
        if ptype == "date":
            return ox.Literal(dt.date.fromisoformat(value.strip()).isoformat(),
                              datatype=ox.NamedNode(XSD_NS + "date"))
        if ptype in ("year", "integer"):
            return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD_NS + "integer"))
    except ValueError as error:
        raise QueryError(f"{value!r} is not a valid {ptype}"
                         + (" (YYYY-MM-DD)" if ptype == "date" else "")) from error
    return ox.Literal(value)


def bind(store: object, query: CannedQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Parameter values (as typed by a user) → RDF terms, with defaults filled in and names resolved."""
    known = {p.name: p for p in query.params}
    unknown = set(values) - set(known)
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(sorted(unknown))} "
                         f"(it takes: {', '.join(known) or 'none'})")
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None or (value == "" and not param.required):
            if param.required:
                raise QueryError(f"query {query.name} needs --param {param.name}=…")
            continue
        if param.type in ENTITY_TYPES:
            bound[param.name] = resolve_entity(store, param.type, value)
        else:
            bound[param.name] = literal_param(param.type, value)
    return bound


# -- query text ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def prologue_for(text: str) -> str:
    """Add PREFIX lines for our prefixes the query uses but does not declare.

    Cached: the same canned text is prepared on every call, and scanning it costs up to 0.2 ms, which is a
    fifth of a one-millisecond query.
    """
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+(\w*):", text))
    used = set(re.findall(r"\b([a-zA-Z][\w-]*):[A-Za-z_]", _blank_comments_and_strings(text)))
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared) if p in PREFIXES)


_TOKENS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|<[^<>\"{}|^`\\\s]*>" r"|#[^\n]*")


@functools.lru_cache(maxsize=512)
def _blank_comments_and_strings(text: str) -> str:
    """The text with comments, strings and IRIs replaced by spaces (same length), for finding keywords."""
    return _TOKENS.sub(lambda m: " " * len(m.group()), text)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_GRAPH_VAR = re.compile(r"\bGRAPH\s+([?$]\w+)\s*\{", re.I)


def with_values(text: str, name: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """A one-variable `VALUES ?name { … }` block at the top of the outer WHERE group (for internal queries)."""
    block = f" VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }} "
    return _insert_after_where(prologue_for(text) + text, block)


@functools.lru_cache(maxsize=256)
def _where_end(text: str) -> int | None:
    """Where the first WHERE group opens. Cached: searching a canned text took 0.02 ms of a 0.7 ms query."""
    match = _WHERE.search(_blank_comments_and_strings(text))
    return match.end() if match else None


def _insert_after_where(text: str, block: str) -> str:
    end = _where_end(text)
    if end is None:
        raise QueryError("a query with parameters needs a WHERE { … } clause")
    return text[:end] + block + text[end:]


def with_bindings(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> str:
    """The query with a `VALUES` block of bound terms at the top of its outer WHERE group.

    The terms are written by pyoxigraph's N-Triples serialiser, which escapes every character that could end
    a literal or an IRI (and `ox.NamedNode` refuses an IRI with `>` or spaces): a value is data, whatever it
    contains. A FILTER in the group sees the binding; being first, the block restricts the patterns early.
    """
    text = prologue_for(text) + text
    if not bindings:
        return text
    names = sorted(bindings)
    # One VALUES block per variable (the same single row): Virtuoso 7.2 fails to compile a block of two or
    # more variables in some queries ("SP031 … ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED").
    values = "".join(f" VALUES ?{name} {{ {bindings[name]} }} " for name in names)
    return _insert_after_where(text, values)


def without_graph(text: str, graph_iri: str = GRAPH_INFERRED) -> str:
    """The query with every `GRAPH ?g { … }` followed by `FILTER(?g != <graph_iri>)`.

    Why a text rewrite: when `graph:inferred` is in the store but the caller did not ask for inference, its
    triples must not answer. Restricting the dataset instead (`named_graphs=` all others) made Oxigraph 20×
    slower at 1M triples (4.5 s instead of 0.23 s); one inequality filter per GRAPH block costs nothing.
    """
    blanked = _blank_comments_and_strings(text)
    inserts: list[tuple[int, str]] = []
    for match in _GRAPH_VAR.finditer(blanked):
        depth, pos = 1, match.end()
        while pos < len(blanked) and depth:
            depth += {"{": 1, "}": -1}.get(blanked[pos], 0)
            pos += 1
        inserts.append((pos, f" FILTER({match.group(1)} != <{graph_iri}>) "))
    for pos, insert in sorted(inserts, reverse=True):
        text = text[:pos] + insert + text[pos:]
    return text


PAGE = "page"  # limit= value meaning "the query's own page size"


def paged(query: CannedQuery, limit: int | None | str = PAGE, offset: int = 0) -> str:
    """A canned query's text for one page of its answer (`limit=None`: every row; unpaged queries as they are).

    The page's LIMIT sits in the sub-select that picks the keys, so OFFSET/LIMIT choose keys, not detail rows:
    a page never cuts an event's places or organisers in two.
    """
    text = query.text
    if query.page is None:
        if limit not in (PAGE, None) or offset:
            raise QueryError(f"a limit and an offset page through listings; {query.name} is not one (it has no "
                             f"'# page:' size) and answers in full")
        return text
    if limit == PAGE:
        limit = query.page
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise QueryError(f"the page size must be a positive number of rows, not {limit!r}")
    if offset < 0:
        raise QueryError(f"the offset must be 0 or more, not {offset}")
    match = _LIMIT.search(_blank_comments_and_strings(text))
    assert match is not None  # parse_header checked it
    clause = "" if limit is None else f"LIMIT {limit}"
    if offset:
        clause += f" OFFSET {offset}"
    return text[: match.start()] + clause + text[match.end():]


# -- running ---------------------------------------------------------------------------------------------------
def _raw(store: object, text: str) -> object:
    return store.query(text)  # type: ignore[attr-defined]


def _query(store: object, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> object:
    return _raw(store, with_bindings(text, bindings))


def has_inferred_graph(store: object) -> bool:
    """Whether the store holds a closure graph (an endpoint client is asked with ASK)."""
    ox_store = getattr(store, "ox", None)
    if isinstance(ox_store, ox.Store):
        return ox_store.contains_named_graph(ox.NamedNode(GRAPH_INFERRED))
    return bool(_raw(store, f"ASK WHERE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }}"))


def run_text(store: object, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
             *, infer: bool = False) -> object:
    """Run SPARQL text on a store (or endpoint client) with parameters bound as RDF terms.

    infer=False keeps `graph:inferred` out of `GRAPH ?g` patterns; infer=True lets it in (the caller makes
    sure it is there and fresh: `osce_kg.inference.ensure_closure`).
    """
    text = with_bindings(text, bindings)
    if not infer and has_inferred_graph(store):
        text = without_graph(text)
        ox_store = getattr(store, "ox", None)
        if isinstance(ox_store, ox.Store) and not _GRAPH_VAR.search(_blank_comments_and_strings(text)):
            # No GRAPH ?g at all: the union default graph is used; make it the union of the other graphs.
            others = [g for g in ox_store.named_graphs() if g != ox.NamedNode(GRAPH_INFERRED)]
            try:
                return ox_store.query(text, default_graph=others)
            except SyntaxError as error:
                raise QueryError(f"SPARQL syntax error: {error}") from error
    return _raw(store, text)


def run(name: str, params: Mapping[str, str] | None = None, store: object = None, *,
        infer: bool = False, limit: int | None | str = None, offset: int = 0) -> Rows:
    """Run a canned query by name; returns `Rows` (list of dicts; `.to_dataframe()` when pandas is there).

    `store` is an open `osce_kg.store.Store` (or an endpoint client), or None for the default store (opened
    read-only). A CONSTRUCT query gives one row per triple (subject, predicate, object). With `infer=True` the
    closure graph is built first when missing or stale (that needs a writable store). A listing (a query with
    a page size) answers every row by default here, a page with `limit=queries.PAGE` or `limit=N, offset=K`.
    """
    from osce_kg.store import Store

    own = store is None
    store = store or Store(read_only=not infer)
    try:
        query = get(name)
        if infer:
            from osce_kg.inference import ensure_closure

            ensure_closure(store)  # type: ignore[arg-type]
        text = paged(query, limit, offset)
        result = run_text(store, text, bind(store, query, params or {}), infer=infer)
        return Rows.from_result(result)
    finally:
        if own:
            store.close()  # type: ignore[attr-defined]


class Rows(list):
    """Query answers as a list of {variable: python value} dicts, with the variable order kept.

    A plain list so a notebook can use it directly; `to_dataframe()` for pandas users (pandas is not a
    dependency: it is imported only when asked for).
    """

    variables: list[str]

    @classmethod
    def from_result(cls, result: object) -> Rows:
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = cls(dict(zip(variables, map(python_value, s), strict=True)) for s in result)
        elif isinstance(result, ox.QueryBoolean):
            variables = ["answer"]
            rows = cls([{"answer": bool(result)}])
        else:
            variables = ["subject", "predicate", "object"]
            rows = cls({"subject": python_value(t.subject), "predicate": python_value(t.predicate),
                        "object": python_value(t.object)} for t in result)  # type: ignore[attr-defined]
        rows.variables = variables
        return rows

    # Kept for callers of the first version of this module.
    from_solutions = from_result

    def to_dataframe(self):
        """A pandas DataFrame of the rows (needs pandas installed)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise QueryError("to_dataframe() needs pandas: pip install pandas") from error
        return pd.DataFrame(list(self), columns=self.variables)
