"""`build` validates each new news item before storing it: reject, store anyway, or quarantine."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from osce_kg.build import build
from osce_kg.store import Store

STRICT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:test:NeedsImpossible> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
    sh:property [ sh:path <urn:test:impossible> ; sh:minCount 1 ; sh:message "needs the impossible" ] .
"""


@pytest.fixture
def strict_shapes(monkeypatch):
    import osce_kg.validate as v

    monkeypatch.setattr(v, "load_shapes", lambda paths=None: Graph().parse(data=STRICT, format="turtle"))


def test_reject_keeps_invalid_items_out(strict_shapes, seed_page, tmp_path):
    with Store(tmp_path / "s") as store:
        report = build(store, [seed_page], on_invalid="reject")
        assert len(report.invalid) == 1 and "needs the impossible" in report.invalid[0][1]
        assert store.news_keys() == []


def test_store_keeps_them_anyway(strict_shapes, seed_page, tmp_path):
    with Store(tmp_path / "s") as store:
        report = build(store, [seed_page], on_invalid="store")
        assert report.invalid == [] and len(store.news_keys()) == 1


def test_quarantine_writes_the_item_and_its_report(strict_shapes, seed_page, tmp_path):
    with Store(tmp_path / "s") as store:
        build(store, [seed_page], on_invalid="quarantine")
        assert store.news_keys() == []
    folder = tmp_path / "s.quarantine"
    reports = list(folder.glob("*.report.json"))
    assert len(reports) == 1
    data = json.loads(reports[0].read_text(encoding="utf-8"))
    assert data["results"][0]["message"] == "needs the impossible"
    key = data["key"]
    triples = Graph().parse(folder / f"{key}.nt", format="nt")
    assert len(triples) > 20


def test_valid_items_are_stored(seed_page, tmp_path):
    with Store(tmp_path / "s") as store:
        report = build(store, [seed_page])
        assert report.invalid == [], report.invalid
        assert len(store.news_keys()) == 1
