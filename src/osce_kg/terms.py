"""The boundary between pyoxigraph terms (storage, queries) and rdflib terms (validation, serialisers).

PITFALLS.md #1: Oxigraph returns plain strings as `"x"^^xsd:string`, rdflib's parsers as `Literal("x")`, and
rdflib treats the two as different terms (so `sh:in` and equality break). Every conversion goes through here and
turns `xsd:string` literals into plain rdflib literals, so both sides agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from osce_kg.namespaces import XSD_NS

if TYPE_CHECKING:
    from collections.abc import Callable

    from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    from rdflib import BNode, Literal, URIRef  # here, so the query path never imports rdflib

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


def _boolean(value: str) -> bool:
    return value in ("true", "1")


# Datatype IRI → Python type, looked up once per cell: a page of results converts thousands of cells.
_CONVERTERS: dict[str, Callable[[str], object]] = {
    **{XSD_NS + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong",
                               "unsignedInt", "unsignedShort", "unsignedByte")},
    **{XSD_NS + t: float for t in ("decimal", "double", "float")},
    XSD_NS + "boolean": _boolean,
}


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """A plain Python value for a result cell: IRIs and strings as str, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _CONVERTERS.get(term.datatype.value)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except ValueError:  # an ill-typed literal ("abc"^^xsd:integer) stays text
            return term.value
    return term.value
