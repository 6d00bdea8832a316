"""The export: every format round-trips through parsers we did not write, byte-identical twice, streaming.

Parsers used as independent judges: pyoxigraph (every format), rdflib (every format) and Debian's `rapper`
(raptor2-utils: Turtle, N-Triples, RDF/XML, N-Quads, TriG; skipped cleanly when absent).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from osce_kg.errors import OsceKgError
from osce_kg.export import (
    EXPORT_FORMATS,
    JsonLdCompactor,
    Progress,
    SortedLines,
    description_path,
    export,
    export_bytes,
    load_context,
)
from osce_kg.store import Store
from osce_kg.terms import to_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/osce-kg/id/"
G_NEWS = "https://w3id.org/osce-kg/graph/news/0123456789ab"
G_REF = "https://w3id.org/osce-kg/graph/reference"
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld",
                  "rdfxml": "xml"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
RAPPER_FORMATS = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml", "nquads": "nquads", "trig": "trig"}

# Text that breaks naive serialisers: quotes, newlines, CR, tab, markup, backslashes, non-Latin scripts, emoji.
AWKWARD_TEXTS = [
    'He said "peace" — and \'left\'.',
    "line one\nline two\r\nline three\rend",
    "tab\there, a > b < c & d ]]> <![CDATA[ x ]]> </p>",
    "back\\slash at the end \\",
    '"""triple quotes""" and \'\'\'more\'\'\'',
    "Кириллица: Организация по безопасности и сотрудничеству в Европе",
    "Ελληνικά: Οργανισμός για την Ασφάλεια και τη Συνεργασία στην Ευρώπη",
    "العربية: منظمة الأمن والتعاون في أوروبا",
    "中文：欧洲安全与合作组织 — 日本語 — 한국어",
    "emoji 🕊️🇺🇦👩🏽‍💻 and combining é vs é, line sep \u2028 para sep \u2029 BOM \ufeff",
    "",
    "  leading and trailing spaces  ",
    "@prefix x: <http://evil/> . } GRAPH <g> {",
    '{"@id": "json", "@context": null}',
]
AWKWARD_IRIS = [
    ID + "place/Київ",
    ID + "place/Αθήνα",
    ID + "place/القاهرة",
    ID + "place/東京",
    ID + "person/o'brien-(jr.)",
    ID + "emoji/🕊️",
    ID + "encoded/a%22quote%3Egt%5Cbackslash%20space",
    ID + "query?x=1&y=2#frag",
    "http://example.org/ns#Ελληνικά",
    "urn:isbn:978-3-16-148410-0",
]


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g))


def awkward_quads() -> dict[str, list[ox.Quad]]:
    """Two graphs of hostile-but-legal content, one triple shared by both (merged exports count it once)."""
    news: list[ox.Quad] = []
    for n, text in enumerate(AWKWARD_TEXTS):
        news.append(_q(ID + f"span/0123456789ab-{n}", "https://w3id.org/osce-kg/ontology#text", ox.Literal(text),
                       G_NEWS))
    for n, iri in enumerate(AWKWARD_IRIS):
        news.append(_q(ID + "news/0123456789ab", "https://schema.org/mentions", ox.NamedNode(iri), G_NEWS))
        news.append(_q(iri, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal(f"label {n}"), G_NEWS))
    news += [
        _q(ID + "news/0123456789ab", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
           ox.NamedNode("https://w3id.org/osce-kg/ontology#NewsItem"), G_NEWS),
        _q(ID + "news/0123456789ab", "https://schema.org/headline", ox.Literal("Ünïcödé “headline”"), G_NEWS),
        _q(ID + "news/0123456789ab", "https://schema.org/datePublished",
           ox.Literal("2023-05-31", datatype=ox.NamedNode(XSD + "date")), G_NEWS),
        _q(ID + "event/0123456789ab-e1", "https://schema.org/startDate",
           ox.Literal("2023-05", datatype=ox.NamedNode(XSD + "gYearMonth")), G_NEWS),
        _q(ID + "event/0123456789ab-e1", "https://w3id.org/osce-kg/ontology#participantCount",
           ox.Literal("30", datatype=ox.NamedNode(XSD + "integer")), G_NEWS),
        _q(ID + "event/0123456789ab-e1", "https://w3id.org/osce-kg/ontology#women",
           ox.Literal("-12345678901234567890123", datatype=ox.NamedNode(XSD + "integer")), G_NEWS),
        _q(ID + "event/0123456789ab-e1", "https://w3id.org/osce-kg/ontology#participantCountApprox",
           ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")), G_NEWS),
        _q(ID + "project/x", "https://schema.org/amount",
           ox.Literal("2192000.5", datatype=ox.NamedNode(XSD + "decimal")), G_NEWS),
        _q(ID + "project/x", "https://schema.org/size",
           ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")), G_NEWS),
        _q(ID + "project/x", "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("Проект", language="ru"),
           G_NEWS),
        _q(ID + "project/x", "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("Έργο", language="el"),
           G_NEWS),
        _q(ID + "project/x", "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("مشروع", language="ar"),
           G_NEWS),
        _q(ID + "project/x", "https://schema.org/datePublished",
           ox.Literal("not a date", datatype=ox.NamedNode(XSD + "date")), G_NEWS),
        _q(ID + "project/x", "http://example.org/vocab/custom",
           ox.Literal("custom datatype", datatype=ox.NamedNode("http://example.org/dt/Ελληνικά")), G_NEWS),
        _q(ID + "country/ua", "http://www.w3.org/2004/02/skos/core#exactMatch",
           ox.NamedNode("http://www.wikidata.org/entity/Q212"), G_NEWS),
    ]
    reference = [
        _q(ID + "country/ua", "http://www.w3.org/2004/02/skos/core#exactMatch",
           ox.NamedNode("http://www.wikidata.org/entity/Q212"), G_REF),
        _q(ID + "country/ua", "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("Ukraine"), G_REF),
        _q(ID + "country/ua", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
           ox.NamedNode("https://w3id.org/osce-kg/ontology#ParticipatingState"), G_REF),
    ]
    return {G_NEWS: news, G_REF: reference}


@pytest.fixture()
def awkward_store(tmp_path) -> Store:
    store = Store(tmp_path / "awkward")
    store.replace_graphs(awkward_quads())
    yield store
    store.close()


@pytest.fixture(scope="module")
def samples(samples_store):
    path, _report = samples_store
    store = Store(path, read_only=True)
    yield store
    store.close()


def run_cli(args: list[str]) -> int:
    """Run `osce-kg ARGS` in this process; the exit code (0 when the command returns normally)."""
    from osce_kg.cli import main

    try:
        main(args)
    except SystemExit as exit_info:
        return int(exit_info.code or 0)
    return 0


def store_quads(store: Store) -> set[tuple]:
    return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
            for g in store.named_graphs() for q in store.quads(g)}


def store_triples(store: Store) -> set[tuple]:
    return {quad[:3] for quad in store_quads(store)}


def _norm(term):
    """rdflib keeps language tags as written; Oxigraph lower-cases them. Compare case-insensitively."""
    from rdflib import Literal

    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def rdflib_parse(data: bytes, fmt: str, *, quads: bool) -> set[tuple]:
    from rdflib import Dataset, Graph

    if quads:
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
        return {(_norm(s), _norm(p), _norm(o), getattr(g, "identifier", g)) for s, p, o, g in dataset.quads()}
    graph = Graph()
    graph.parse(data=data, format=RDFLIB_FORMATS[fmt])
    return {(_norm(s), _norm(p), _norm(o)) for s, p, o in graph}


def oxigraph_parse(data: bytes, fmt: str, *, quads: bool) -> set[tuple]:
    parsed = ox.parse(data, OX_FORMATS[fmt])
    if quads:
        return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                for q in parsed}
    return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in parsed}


# -- round trips -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_awkward_content_round_trips_through_pyoxigraph_and_rdflib(awkward_store, fmt):
    data = export_bytes(awkward_store, fmt)
    dataset = fmt in ("nquads", "trig")
    expected = store_quads(awkward_store) if dataset else store_triples(awkward_store)
    expected = {tuple(_norm(t) for t in row) for row in expected}
    assert oxigraph_parse(data, fmt, quads=dataset) == expected
    assert rdflib_parse(data, fmt, quads=dataset) == expected


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_samples_round_trip_through_pyoxigraph_and_rdflib(samples, fmt):
    data = export_bytes(samples, fmt)
    dataset = fmt in ("nquads", "trig")
    expected = store_quads(samples) if dataset else store_triples(samples)
    assert oxigraph_parse(data, fmt, quads=dataset) == expected
    assert rdflib_parse(data, fmt, quads=dataset) == expected


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle"])
def test_merged_and_chosen_graphs(awkward_store, fmt):
    merged = oxigraph_parse(export_bytes(awkward_store, fmt, merged=True), fmt, quads=False)
    assert merged == store_triples(awkward_store)  # the triple shared by both graphs appears once
    only_ref = export_bytes(awkward_store, fmt, [G_REF])
    parsed = oxigraph_parse(only_ref, fmt, quads=False)
    assert len(parsed) == 3 and all("country/ua" in str(t[0]) for t in parsed)


# -- rapper (Debian raptor2-utils) -------------------------------------------------------------------------------
def _rapper(path: Path, fmt: str, *, quads: bool) -> tuple[set[tuple], int]:
    """Parse with Raptor, read its N-Quads output back (with rdflib: neither parser is ours)."""
    from rdflib import Dataset

    run = subprocess.run(["rapper", "-q", "-i", RAPPER_FORMATS[fmt], "-o", "nquads", str(path)],
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    dataset = Dataset()
    dataset.parse(data=run.stdout, format="nquads")
    rows = {(_norm(s), _norm(p), _norm(o), getattr(g, "identifier", g)) for s, p, o, g in dataset.quads()}
    return ({row if quads else row[:3] for row in rows}), len(lines)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian package raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", list(RAPPER_FORMATS))
@pytest.mark.parametrize("which", ["awkward", "samples"])
def test_rapper_reads_what_rdflib_reads(tmp_path, awkward_store, samples, fmt, which):
    store = awkward_store if which == "awkward" else samples
    dataset = fmt in ("nquads", "trig")
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(export_bytes(store, fmt))
    parsed, count = _rapper(path, fmt, quads=dataset)
    expected = {tuple(_norm(t) for t in row) for row in (store_quads(store) if dataset else store_triples(store))}
    assert count == len(expected)
    assert parsed == rdflib_parse(path.read_bytes(), fmt, quads=dataset) == expected


# -- determinism -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_same_data_exports_to_the_same_bytes(tmp_path, awkward_store, samples, fmt):
    assert export_bytes(samples, fmt) == export_bytes(samples, fmt)
    # a second store with the same content, written graph by graph in the other order
    other = Store(tmp_path / "other")
    for graph, quads in reversed(list(awkward_quads().items())):
        other.replace_graphs({graph: list(reversed(quads))})
    assert export_bytes(other, fmt) == export_bytes(awkward_store, fmt)
    other.close()


def test_cli_exports_twice_byte_identical_with_description(tmp_path, samples_store):
    path, _ = samples_store
    for fmt in EXPORT_FORMATS:
        outputs = []
        for n in (1, 2):
            target = tmp_path / f"run{n}" / f"kg.{fmt}"
            target.parent.mkdir(exist_ok=True)
            assert run_cli(["export", "--store", str(path), "--format", fmt, "-o", str(target)]) == 0
            outputs.append((target.read_bytes(), description_path(target).read_bytes()))
        assert outputs[0] == outputs[1], fmt


def test_turtle_prefixes_come_sorted(samples):
    head = [line for line in export_bytes(samples, "turtle").splitlines() if line.startswith(b"@prefix")]
    assert head == sorted(head) and len(head) > 10


def test_subjects_come_sorted_in_ntriples(samples):
    lines = export_bytes(samples, "ntriples").splitlines()
    assert lines == sorted(set(lines))


# -- JSON-LD and the published context --------------------------------------------------------------------------
def test_jsonld_uses_short_keys_of_the_published_context(samples):
    document = json.loads(export_bytes(samples, "jsonld"))
    assert document["@context"] == load_context()["@context"]
    keys = {key for node in document["@graph"] for key in node}
    assert {"headline", "datePublished", "organizer", "participantCount", "label", "@type", "@id"} <= keys
    news = next(n for n in document["@graph"] if "headline" in n)
    assert news["@id"].startswith("osceid:news/")
    assert "schema:NewsArticle" in news["@type"]
    assert not any(key.startswith("http") for key in keys)  # every property has a term or a prefix


def test_jsonld_can_reference_the_context_instead(samples):
    document = json.loads(export_bytes(samples, "jsonld", context_url="https://w3id.org/osce-kg/context/0.1.0"))
    assert document["@context"] == "https://w3id.org/osce-kg/context/0.1.0"


def test_the_context_file_is_safe_and_versioned():
    document = load_context()
    context = document["@context"]
    assert document["@id"].startswith("https://w3id.org/osce-kg/context/")
    assert not {"@vocab", "@base", "@language"} & set(context)  # nothing that could change the triples
    for term, definition in context.items():
        if isinstance(definition, dict):
            assert set(definition) <= {"@id", "@type"}, term  # no @container, no @reverse
    assert context["schema"] == "https://schema.org/"
    for term in ("headline", "datePublished", "organizer", "participantCount", "label"):
        assert term in context


def test_compactor_never_writes_a_value_that_changes_its_triple():
    compactor = JsonLdCompactor(load_context()["@context"])
    date = ox.Literal("2023-05", datatype=ox.NamedNode(XSD + "gYearMonth"))
    assert compactor.value(date, XSD + "date") == {"@value": "2023-05", "@type": "xsd:gYearMonth"}
    assert compactor.value(ox.Literal("007", datatype=ox.NamedNode(XSD + "integer")), None) == \
        {"@value": "007", "@type": "xsd:integer"}
    assert compactor.value(ox.Literal("x"), "@id") == {"@value": "x"}
    assert compactor.iri("https://w3id.org/osce-kg/id//odd") == "osceid:/odd"
    # JSON-LD reads "prefix://…" as an absolute IRI, so a suffix starting with // is never compacted
    assert compactor.iri("https://w3id.org/osce-kg/id///odd") == "https://w3id.org/osce-kg/id///odd"


# -- RDF/XML limits ---------------------------------------------------------------------------------------------
def test_rdfxml_refuses_what_xml_cannot_carry(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_graphs({G_NEWS: [_q(ID + "x", "http://example.org/p", ox.Literal("bell \x07"), G_NEWS)]})
        with pytest.raises(OsceKgError, match="control character"):
            export_bytes(store, "rdfxml")
        assert b"\\u0007" in export_bytes(store, "ntriples")  # the other formats carry it
        store.replace_graphs({G_NEWS: [_q(ID + "x", "http://example.org/p/0", ox.Literal("x"), G_NEWS)]})
        with pytest.raises(OsceKgError, match="no XML local name"):
            export_bytes(store, "rdfxml")


# -- streaming, atomic files, progress ---------------------------------------------------------------------------
def test_external_sort_spills_and_still_sorts_and_deduplicates():
    sorter = SortedLines(chunk_lines=7)
    lines = [f"<http://x/{n % 50:03d}> <p> <o> .\n".encode() for n in range(200)]
    for line in lines:
        sorter.add(line)
    assert sorter.spilled > 10
    assert list(sorter) == sorted(set(lines))


def _big_store(path: Path, graphs: int, per_graph: int) -> Store:
    store = Store(path)
    store.ox.bulk_extend(
        _q(ID + f"span/{g}-{n}", "https://w3id.org/osce-kg/ontology#text",
           ox.Literal(f"sentence {n} of graph {g} " + "x" * 60), f"https://w3id.org/osce-kg/graph/news/{g:012x}")
        for g in range(graphs) for n in range(per_graph))
    return store


@pytest.mark.slow
@pytest.mark.parametrize("fmt,describe", [("ntriples", False), ("nquads", True), ("turtle", True)])
def test_streaming_export_memory_does_not_grow_with_the_graph(tmp_path, fmt, describe):
    peaks = []
    for size in (5, 20):
        store = _big_store(tmp_path / f"s{size}", size, 1000)
        target = tmp_path / f"out{size}.{fmt}"
        tracemalloc.start()
        export(store, fmt, target, describe=describe, chunk_lines=2000, progress=False)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        if fmt != "turtle":
            assert target.read_bytes().count(b"\n") == size * 1000
        store.close()
    print("tracemalloc peaks", peaks)
    assert peaks[1] < peaks[0] * 1.5, peaks  # 4x the data, (nearly) the same peak


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path, awkward_store, monkeypatch):
    import osce_kg.export as module

    target = tmp_path / "kg.ttl"
    target.write_bytes(b"old")

    def broken(*args, **kwargs):
        args[2].write(b"half a file")
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "write_export", broken)
    with pytest.raises(RuntimeError):
        export(awkward_store, "turtle", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["awkward", "kg.ttl"]


def test_progress_is_shown_only_on_a_terminal():
    quiet = io.StringIO()
    meter = Progress("exporting", stream=quiet)
    meter.tick(5)
    meter.done()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    meter = Progress("exporting", enabled=True, stream=loud)
    meter.tick(5)
    meter.done()
    assert "5 triples" in loud.getvalue()


def test_cli_unknown_graph_is_bad_input(tmp_path, awkward_store, capsys):
    awkward_store.close()
    assert run_cli(["export", "--store", str(tmp_path / "awkward"), "--graph", "https://example.org/none"]) == 2
    assert "no graph" in capsys.readouterr().err


def test_cli_format_from_extension_and_description_beside(tmp_path, awkward_store):
    awkward_store.close()
    target = tmp_path / "dump.nq"
    assert run_cli(["export", "--store", str(tmp_path / "awkward"), "-o", str(target)]) == 0
    assert len(list(ox.parse(target.read_bytes(), ox.RdfFormat.N_QUADS))) == \
        sum(len(q) for q in awkward_quads().values())
    assert (tmp_path / "dump.void.ttl").exists()


class _ProtocolOnly:
    """A source that offers only the source protocol (like `osce_kg.remote.Endpoint`): no `.ox` fast path."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def named_graphs(self) -> list[str]:
        return self._store.named_graphs()

    def quads(self, graph_iri: str | None = None):
        return self._store.quads(graph_iri)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_remote_style_source_exports_the_same_bytes(awkward_store, fmt):
    assert export_bytes(_ProtocolOnly(awkward_store), fmt) == export_bytes(awkward_store, fmt)


@pytest.mark.parametrize("character", ['"', ">", "<", "\\", " ", "{", "|", "^", "`"])
def test_characters_an_iri_cannot_hold_never_reach_the_export(character):
    """RFC 3987 forbids them in IRIs: Oxigraph refuses such a term, so the data must percent-encode them
    (`%22`, `%3E`, `%5C`, `%20` — the forms AWKWARD_IRIS round-trips through every format)."""
    with pytest.raises(ValueError):
        ox.NamedNode(f"https://w3id.org/osce-kg/id/x{character}y")
