"""`osce-kg show`: one entity as text, SVG and PNG (Graphviz), found by label, code or IRI.

The pictures need the Graphviz programs (Debian: graphviz) and the `graphviz` binding; those tests skip
cleanly without them. The seed-page tests skip when ../shared/seed is absent.
"""

from __future__ import annotations

import html
import io
import re
import shutil

import pytest
from click.testing import CliRunner

from osce_kg import queries
from osce_kg.cli import cli
from osce_kg.errors import QueryError
from osce_kg.store import Store


def needs_graphviz() -> None:
    pytest.importorskip("graphviz")
    if not shutil.which("twopi"):
        pytest.skip("the Graphviz programs are not installed (Debian: graphviz)")


def show(store, *args: str):
    return CliRunner().invoke(cli, ["show", "--store", str(store), *args])


@pytest.fixture(scope="module")
def dev_store(request, tmp_path_factory):
    from test_report import development_store

    return development_store(request, tmp_path_factory)


@pytest.fixture(scope="module")
def seed_event(seed_store) -> dict:
    """The seed page's first event, with its organiser (as the store has them)."""
    path = seed_store[0]
    with Store(path, read_only=True) as store:
        rows = queries.run_text(store, """
            SELECT ?event ?label ?organiser ?organiser_label WHERE {
              GRAPH ?g { ?event a osce:Event ; rdfs:label ?label ; schema:organizer ?organiser }
              GRAPH ?h { ?organiser rdfs:label ?organiser_label }
            } ORDER BY ?event LIMIT 1""")
        row = next(iter(rows))
        return {"store": path, **{k: row[k].value for k in ("event", "label", "organiser", "organiser_label")}}


def svg_texts(svg: str) -> list[str]:
    """The text of each node of a Graphviz SVG (its <text> lines joined), unescaped."""
    texts = []
    for group in re.findall(r'<g id="[^"]*" class="node">(.*?)</g>\s*(?=<g id|</g>)', svg, re.S):
        lines = [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", group, re.S)]
        texts.append(" ".join(lines))
    return texts


# -- text ------------------------------------------------------------------------------------------------------
def test_show_state_as_text(dev_store):
    result = show(dev_store, "UA")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["Ukraine", "<https://w3id.org/osce-kg/id/country/ua>"]
    assert "osce:ParticipatingState" in lines[2]
    assert re.search(r"osce:iso3166Alpha3\s+UKR", result.output)
    assert "pointed to by:" in result.output and "osce:country" in result.output


def test_same_entity_by_label_code_and_iri(dev_store):
    outputs = {show(dev_store, name).output for name in
               ("Ukraine", "ua", "osceid:country/ua", "<https://w3id.org/osce-kg/id/country/ua>")}
    assert len(outputs) == 1


def test_ambiguous_and_unknown_names_are_clear_errors(dev_store):
    with Store(dev_store, read_only=True) as store:
        rows = queries.run_text(store, """
            SELECT ?l WHERE { GRAPH ?g { ?s rdfs:label ?l } FILTER(STRSTARTS(STR(?s), "https://w3id.org/osce-kg/")) }
            GROUP BY ?l HAVING (COUNT(DISTINCT ?s) > 1) ORDER BY ?l LIMIT 1""")
        ambiguous = [r["l"].value for r in rows]
    if ambiguous:
        result = show(dev_store, ambiguous[0])
        assert result.exit_code != 0
        assert isinstance(result.exception, QueryError)
        message = str(result.exception)
        assert "ambiguous" in message and message.count("<https://w3id.org/osce-kg/") >= 2
    result = show(dev_store, "Narnia")
    assert result.exit_code != 0 and "Narnia" in str(result.exception)


# -- pictures --------------------------------------------------------------------------------------------------
def test_seed_event_as_svg_and_png(seed_event, tmp_path):
    needs_graphviz()
    svg_path, png_path = tmp_path / "event.svg", tmp_path / "event.png"
    for path in (svg_path, png_path):
        result = show(seed_event["store"], seed_event["label"], "-o", str(path))
        assert result.exit_code == 0, result.output
    svg = svg_path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    texts = svg_texts(svg)
    assert any(seed_event["label"] in t for t in texts), texts
    assert seed_event["organiser_label"] in texts, texts
    assert "schema:organizer" in svg and "schema:location" in svg  # edges are labelled with compact names
    png = png_path.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pil = pytest.importorskip("PIL.Image")
    image = pil.open(io.BytesIO(png))
    assert image.width > 300 and image.height > 200


def test_entity_is_in_the_middle(seed_event):
    needs_graphviz()
    from osce_kg.show import neighbourhood_svg

    with Store(seed_event["store"], read_only=True) as store:
        svg = neighbourhood_svg(store, seed_event["event"])
    assert svg.startswith("<svg")
    width, height = (float(v) for v in re.search(r'viewBox="0(?:\.00)? 0(?:\.00)? ([\d.]+) ([\d.]+)"', svg).groups())
    # The entity node (n0) is drawn around the centre of the picture (twopi, rooted at it). Graphviz draws
    # with y up, inside a translate(…, height).
    shift = float(re.search(r"translate\([\d.]+ ([\d.]+)\)", svg).group(1))
    shape = re.search(r'<title>n0</title>.*?<(?:path|polygon)[^>]*(?:d|points)="([^"]+)"', svg, re.S).group(1)
    points = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape)]
    x = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    y = shift + (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    assert abs(x - width / 2) < width * 0.15
    assert abs(y - height / 2) < height * 0.15


def test_neighbourhood_svg_links_nodes(dev_store):
    needs_graphviz()
    from osce_kg.show import neighbourhood_svg, resolve

    with Store(dev_store, read_only=True) as store:
        iri = resolve(store, "ODIHR")
        svg = neighbourhood_svg(store, iri, link=lambda i: "/entity?iri=" + i)
    assert "/entity?iri=https://w3id.org/osce-kg/id/org/odihr" in html.unescape(svg)
    assert "OSCE Office for Democratic" in svg


def test_format_from_extension_and_depth(dev_store, tmp_path):
    needs_graphviz()
    one, two = tmp_path / "one.svg", tmp_path / "two.svg"
    assert show(dev_store, "ODIHR", "-o", str(one)).exit_code == 0
    assert show(dev_store, "ODIHR", "-o", str(two), "--depth", "2").exit_code == 0
    assert one.read_text().count('class="node"') < two.read_text().count('class="node"') <= 81 + 200
