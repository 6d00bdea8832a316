"""`osce-kg diff`: per-graph added/removed triples, by value for canonicalised literals, exit codes 0/1/2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from osce_kg.diff import diff, render_text
from osce_kg.export import export
from osce_kg.store import Store

G1 = "https://w3id.org/osce-kg/graph/news/aaaaaaaaaaaa"
G2 = "https://w3id.org/osce-kg/graph/news/bbbbbbbbbbbb"
XSD = "http://www.w3.org/2001/XMLSchema#"
HEAD = """@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix osceid: <https://w3id.org/osce-kg/id/> .
"""


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    from osce_kg.cli import main

    code = 0
    try:
        main(args)
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_equal_files_exit_0(tmp_path, capsys):
    a = write(tmp_path / "a.ttl", HEAD + 'osceid:x schema:name "X" .\n')
    b = write(tmp_path / "b.nt", '<https://w3id.org/osce-kg/id/x> <https://schema.org/name> "X" .\n')
    code, out, _ = run_cli(["diff", str(a), str(b)], capsys)
    assert code == 0 and "equal" in out


def test_literals_compare_by_value_where_oxigraph_canonicalises(tmp_path):
    """PITFALLS #5: "2192000.00"^^xsd:decimal comes back from Oxigraph as "2192000" — not a difference."""
    a = write(tmp_path / "a.ttl", HEAD + 'osceid:p schema:amount "2192000.00"^^xsd:decimal ; '
                                         'schema:count "007"^^xsd:integer ; schema:ok "1"^^xsd:boolean ; '
                                         'schema:at "2023-01-01T00:00:00+00:00"^^xsd:dateTime .\n')
    b = write(tmp_path / "b.ttl", HEAD + 'osceid:p schema:amount 2192000.0 ; schema:count 7 ; schema:ok true ; '
                                         'schema:at "2023-01-01T00:00:00Z"^^xsd:dateTime .\n')
    assert diff(a, b).equal
    c = write(tmp_path / "c.ttl", HEAD + 'osceid:p schema:amount "2192000.01"^^xsd:decimal ; '
                                         'schema:count 7 ; schema:ok true ; '
                                         'schema:at "2023-01-01T00:00:00Z"^^xsd:dateTime .\n')
    result = diff(a, c)
    assert not result.equal and result.added == 1 and result.removed == 1


def test_changes_per_named_graph_text_and_json(tmp_path, capsys):
    old = write(tmp_path / "old.trig", HEAD + f"""<{G1}> {{ osceid:n1 schema:headline "Old headline" ; schema:x 1 . }}
<{G2}> {{ osceid:n2 schema:headline "Kept" . }}
<https://w3id.org/osce-kg/graph/news/cccccccccccc> {{ osceid:n3 schema:headline "Gone" . }}
""")
    new = write(tmp_path / "new.nq", "\n".join([
        f'<https://w3id.org/osce-kg/id/n1> <https://schema.org/headline> "New headline" <{G1}> .',
        f'<https://w3id.org/osce-kg/id/n1> <https://schema.org/x> "1"^^<{XSD}integer> <{G1}> .',
        f'<https://w3id.org/osce-kg/id/n2> <https://schema.org/headline> "Kept" <{G2}> .',
        '<https://w3id.org/osce-kg/id/n4> <https://schema.org/headline> "Fresh" '
        '<https://w3id.org/osce-kg/graph/news/dddddddddddd> .', ""]))
    code, out, _ = run_cli(["diff", str(old), str(new)], capsys)
    assert code == 1
    assert f"graph <{G1}> (+1 -1)" in out
    assert '- osceid:n1 schema:headline "Old headline" .' in out
    assert '+ osceid:n1 schema:headline "New headline" .' in out
    assert "graph removed" in out and "new graph" in out and G2 not in out
    code, out, _ = run_cli(["diff", "--format", "json", str(old), str(new)], capsys)
    data = json.loads(out)
    assert code == 1 and data["equal"] is False
    assert data["summary"] == {"graphs_compared": 4, "graphs_changed": 3, "graphs_added": 1, "graphs_removed": 1,
                               "triples_added": 2, "triples_removed": 2}
    modified = next(g for g in data["graphs"] if g["graph"] == G1)
    assert modified["added"] == ['<https://w3id.org/osce-kg/id/n1> <https://schema.org/headline> "New headline" .']


def test_merged_ignores_which_graph_holds_a_triple(tmp_path):
    a = write(tmp_path / "a.trig", HEAD + f'<{G1}> {{ osceid:x schema:name "X" . }}\n')
    b = write(tmp_path / "b.trig", HEAD + f'<{G2}> {{ osceid:x schema:name "X" . }}\n')
    assert not diff(a, b).equal
    assert diff(a, b, merged=True).equal


def test_blank_nodes_compare_up_to_renaming(tmp_path):
    a = write(tmp_path / "a.ttl", HEAD + 'osceid:x schema:address [ schema:name "A" ] .\n')
    b = write(tmp_path / "b.nt", '<https://w3id.org/osce-kg/id/x> <https://schema.org/address> _:zz .\n'
                                 '_:zz <https://schema.org/name> "A" .\n')
    result = diff(a, b)
    assert result.equal and result.blank_node_graphs == [""]
    c = write(tmp_path / "c.ttl", HEAD + 'osceid:x schema:address [ schema:name "B" ] .\n')
    assert not diff(a, c).equal


@pytest.mark.parametrize("content,name,message", [
    (None, "missing.ttl", "no such file"),
    ("x", "data.csv", "cannot tell the RDF format"),
    ("<http://a> <http://b> .", "bad.ttl", "syntax error"),
])
def test_bad_input_exits_2(tmp_path, capsys, content, name, message):
    good = write(tmp_path / "good.ttl", HEAD)
    bad = tmp_path / name
    if content is not None:
        write(bad, content)
    code, _, err = run_cli(["diff", str(good), str(bad)], capsys)
    assert code == 2 and message in err


def test_a_folder_that_is_not_a_store_is_bad_input(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    good = write(tmp_path / "good.ttl", HEAD)
    code, _, err = run_cli(["diff", str(tmp_path / "empty"), str(good)], capsys)
    assert code == 2 and "not an osce-kg store" in err


def test_store_equals_its_own_dump_in_every_dataset_format(samples_store, tmp_path):
    path, _ = samples_store
    with Store(path, read_only=True) as store:
        for fmt in ("nquads", "trig"):
            target = tmp_path / f"kg.{'nq' if fmt == 'nquads' else 'trig'}"
            export(store, fmt, target, describe=False, progress=False)
            assert diff(path, target).equal, fmt
        target = tmp_path / "kg.jsonld"
        export(store, "jsonld", target, describe=False, progress=False)
        assert diff(path, target, merged=True).equal


@pytest.mark.slow
def test_a_one_page_edit_shows_as_one_changed_graph(tmp_path, capsys):
    """The closing check of the issue: build the samples, edit one sentence of one page, rebuild into a copy."""
    from osce_kg.build import build
    from osce_kg.resources import samples_dir

    pages = tmp_path / "pages"
    shutil.copytree(samples_dir(), pages)
    old_store, new_store = tmp_path / "old", tmp_path / "new"
    with Store(old_store) as store:
        build(store, [pages])
    shutil.copytree(old_store, new_store)
    page = pages / "01.txt"
    text = page.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.count(" ") > 12 and line.rstrip().endswith("."))
    page.write_text(text.replace(sentence, sentence.replace(" the ", " THE ", 1), 1), encoding="utf-8")
    with Store(new_store) as store:
        report = build(store, [pages])
    assert report.replaced >= 1
    code, out, _ = run_cli(["diff", str(old_store), str(new_store)], capsys)
    assert code == 1
    changed = [line for line in out.splitlines() if line.startswith("graph <")]
    assert len(changed) == report.replaced, out
    assert "THE" in out and "osce:sourceHash" in out
    code, _, _ = run_cli(["diff", str(old_store), str(old_store)], capsys)
    assert code == 0


def test_render_summary_only():
    from osce_kg.diff import DiffResult, GraphChange

    result = DiffResult("a", "b", [GraphChange(G1, ["<x> <y> <z> ."], [])], 3)
    text = render_text(result, summary_only=True)
    assert f"graph <{G1}> (+0 -1)" in text and "<x>" not in text
    assert "1 of 3 graph(s) differ" in text


def test_unchanged_oxigraph_quads_do_not_show(tmp_path):
    with Store(tmp_path / "s") as store:
        quad = ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("v"), ox.NamedNode(G1))
        store.replace_graphs({G1: [quad]})
    target = tmp_path / "s.nq"
    target.write_text(f'<http://x/s> <http://x/p> "v" <{G1}> .\n', encoding="utf-8")
    assert diff(tmp_path / "s", target).equal
