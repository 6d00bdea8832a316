"""Shared fixtures: where ../shared is, and stores built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "tests" / "corpus"


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or a clean skip where the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the ../shared folder is absent)")
    return path


@pytest.fixture(scope="session")
def shared():
    """`shared("seed", "x.txt")` → the path, or a clean skip when ../shared is absent."""
    return shared_file


@pytest.fixture(scope="session")
def seed_page() -> Path:
    return shared_file("seed", "osce-news-item.txt")


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory):
    """A store built from the bundled samples (the development pages), shared by read-only tests."""
    from osce_kg.build import build
    from osce_kg.store import Store

    path = tmp_path_factory.mktemp("samples") / "store"
    with Store(path) as store:
        report = build(store)
    assert report.items > 0
    return path, report


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_page):
    """A store built from the seed page alone."""
    from osce_kg.build import build
    from osce_kg.store import Store

    path = tmp_path_factory.mktemp("seed") / "store"
    with Store(path) as store:
        report = build(store, [seed_page])
    return path, report


@pytest.fixture
def xxe_rdf(tmp_path) -> Path:
    """RDF/XML whose entity would pull in a local file holding TOP-SECRET, if a parser ever read it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    rdf = tmp_path / "evil.rdf"
    rdf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>""", encoding="utf-8")
    return rdf
