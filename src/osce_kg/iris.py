"""Minting stable IRIs (docs/DATA-MODEL.md, "IRIs").

The same input always gives the same IRI, and every name, whatever its script or punctuation, gives a valid
IRI: slugs are ASCII letters, digits and hyphens only, with a hash fallback when nothing of the name survives
transliteration.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from osce_kg.namespaces import GRAPH_NEWS_PREFIX, ID_NS

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
                          "Ł": "L", "ı": "i", "þ": "th", "œ": "oe", "Œ": "OE", "ë": "e"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def slug(name: str, max_length: int = 80) -> str:
    """A lower-case ASCII slug: `Chișinău` → `chisinau`, `Cyber/ICT Security` → `cyber-ict-security`."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_SPECIAL)).encode("ascii", "ignore").decode()
    result = _NON_SLUG.sub("-", ascii_name.lower()).strip("-")
    if len(result) > max_length:
        result = result[:max_length].rstrip("-") + "-" + sha1_hex(name)[:8]
    return result or "x" + sha1_hex(name)[:10]


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def news_key(title: str, date_published: str | None, node_id: str | None = None) -> str:
    """The stable key of a news item: the osce.org node id when known, else a hash of title and date."""
    if node_id:
        return node_id
    return sha1_hex(normalise_title(title) + "|" + (date_published or ""))[:12]


def news_iri(key: str) -> str:
    return f"{ID_NS}news/{key}"


def news_graph_iri(key: str) -> str:
    return f"{GRAPH_NEWS_PREFIX}{key}"


def key_of_graph(graph_iri: str) -> str | None:
    """The news key of a news graph IRI, or None for any other graph."""
    return graph_iri[len(GRAPH_NEWS_PREFIX):] if graph_iri.startswith(GRAPH_NEWS_PREFIX) else None


def entity_iri(kind: str, name: str) -> str:
    """`osceid:{kind}/{slug(name)}`, e.g. entity_iri("person", "Yuriy Vykhodets")."""
    return f"{ID_NS}{kind}/{slug(name)}"
