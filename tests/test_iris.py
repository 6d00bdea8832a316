"""IRIs minted from names are stable and valid for every name."""

from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from osce_kg.iris import entity_iri, news_key, slug

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_slug_transliterates_and_joins():
    assert slug("Chișinău") == "chisinau"
    assert slug("Türkiye") == "turkiye"
    assert slug("Cyber/ICT Security") == "cyber-ict-security"
    assert slug("Prishtinë/Priština") == "prishtine-pristina"
    assert slug("Łódź") == "lodz"


def test_slug_of_a_name_with_no_latin_letters_is_a_stable_hash():
    assert slug("Київ") == slug("Київ")
    assert slug("Київ") != slug("Москва")
    assert SLUG.match(slug("Київ"))


def test_news_key_is_stable_and_ignores_spacing_and_case():
    assert news_key("OSCE trains  police", "2023-05-31") == news_key("osce trains police", "2023-05-31")
    assert news_key("OSCE trains police", "2023-05-31") != news_key("OSCE trains police", None)
    assert news_key("anything", None, node_id="589239") == "589239"


@given(st.text())
def test_every_name_gives_a_valid_slug_and_iri(name):
    value = slug(name)
    assert SLUG.match(value), value
    assert len(value) <= 90
    iri = entity_iri("person", name)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert ox.parse(f"<{iri}> <http://p> <http://o> .", ox.RdfFormat.N_TRIPLES)
