"""The rows of docs/BAD-INPUT.md that no other test proved: each kind of bad input, fault or hostile load gets a
correct result or one clear line (the file, exit code 2, no traceback unless --debug).

The other rows are proved where they were written (test_inputs, test_cli, test_faults, test_store, test_server,
test_queries, test_export, test_fuzz, test_atheris); the table names each test.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from osce_kg.extract import extract
from osce_kg.extract.numbers import parse_number
from osce_kg.pages import iter_pages, page_from_bytes

REPO = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "extraction.schema.json"
HEADLINE = "https://schema.org/headline"

# An invented page in the text layout of osce.org (title, metadata lines, dateline paragraph).
PAGE = ("OSCE trains police officers in Zürich and Chișinău\n- Issued on:\n- 4 May 2023\n- Fields of work:\n"
        "- Policing\n\nVIENNA, 4 May 2023 – Some 30 police officers attended a training course organized by the "
        "OSCE in Vienna from 2 to 3 May 2023.\n\nThe course covered community policing.\n")


def osce_kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osce_kg", *args], capture_output=True, text=True, timeout=600,
                          **kwargs)


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def one_clear_line(result: subprocess.CompletedProcess, path: Path, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], result.stderr
    assert str(path) in result.stderr and words in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------- files
@pytest.mark.parametrize("name, data, words", [
    ("random.txt", bytes(range(256)) * 40, "binary file"),
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF document)"),
    ("empty.html", b"", "empty file"),
])
def test_empty_and_binary_files_are_one_line_exit_2(tmp_path, name, data, words):
    page = tmp_path / name
    page.write_bytes(data)
    one_clear_line(osce_kg("build", str(page), "--store", str(tmp_path / "s")), page, words)


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 100 MB long, no disk used
        handle.truncate(100 * 1024 * 1024)
    started = time.monotonic()
    result = osce_kg("build", str(huge), "--store", str(tmp_path / "s"))
    one_clear_line(result, huge, "file too large for a news page (104,857,600 bytes; the limit is 20,971,520)")
    assert time.monotonic() - started < 60


LATIN1_PAGE = PAGE.replace("–", "-").replace("Chișinău", "Genève")  # what Latin-1 can hold


@pytest.mark.parametrize("data, text", [
    (LATIN1_PAGE.encode("latin-1"), LATIN1_PAGE),
    (codecs.BOM_UTF16_LE + PAGE.replace("\n", "\r\n").encode("utf-16-le"), PAGE),
    (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), PAGE),
    (PAGE.replace("\n", "\r\n", 3).replace("\n\n", "\r\r").encode("utf-8"), PAGE),
], ids=["latin-1", "utf-16-le-bom-crlf", "utf-16-be-bom", "mixed-line-endings"])
def test_pages_not_in_utf8_read_as_the_same_text_and_record(data, text):
    page = page_from_bytes(data, "p.txt")
    assert page.text == text
    record = extract(page.text)
    assert record == extract(text)
    assert record["title"] == text.splitlines()[0] and record["date_published"] == "2023-05-04"
    assert [(e["start"], e["end"], e["participant_count"]) for e in record["events"]] == [
        ("2023-05-02", "2023-05-03", 30)]


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.8])
def test_a_page_cut_mid_page_still_gives_a_valid_record(validator, cut):
    text_page = PAGE.encode("utf-8")[: int(len(PAGE) * cut)]
    html = (REPO / "tests/fixtures/inputs/html/current-skopje-587412.html").read_bytes()
    for data, name in ((text_page, "cut.txt"), (html[: int(len(html) * cut)], "cut.html")):
        page = page_from_bytes(data, name)  # a cut inside a UTF-8 character or a tag is no error
        record = extract(page.text)
        assert not list(validator.iter_errors(record)), name
        assert record["title"]


def test_a_page_with_no_title_gets_its_first_line_and_a_title_line_is_kept(validator, tmp_path):
    body_only = extract("\n\nSome 30 police officers attended a training course in Vienna on 3 May 2023.\n")
    assert body_only["title"] and not list(validator.iter_errors(body_only))
    assert extract("   \n")["title"] == "(untitled)"
    # a text page that starts with its title, directly over the metadata lines (no site menu above it)
    titled = extract("OSCE trains police officers in Lviv\n- Issued on:\n- 4 May 2023\n\nBody of the page.\n")
    assert titled["title"] == "OSCE trains police officers in Lviv" and titled["date_published"] == "2023-05-04"
    from osce_kg.build import build
    from osce_kg.store import Store

    page = tmp_path / "no-title.txt"
    page.write_text("- Issued on:\n- 4 May 2023\n\nA workshop took place in Vienna on 3 May 2023.\n", encoding="utf-8")
    with Store(tmp_path / "s") as store:
        report = build(store, [page])
    assert report.items == 1 and not report.skipped and not report.invalid


def test_absurd_dates_are_never_dates(validator):
    record = extract("Absurd dates on this page\n- Issued on:\n- 31 February 2023\n\nVIENNA, 31 February 2023 – "
                     "A workshop took place in Vienna on 31 February 2023, on 12 May 0 and on 0 May 2023.\n")
    assert not list(validator.iter_errors(record))
    assert record["date_published"] is None
    dates = [e[k] for e in record["events"] for k in ("start", "end") if e.get(k)]
    assert "2023-02-31" not in dates and not any(d.startswith("0000") for d in dates)
    for d in dates:
        assert len(d) in (4, 7) or ox.Literal(d, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))


def test_a_range_that_ends_before_it_starts_is_no_range():
    """Found by fuzzing (tests/fuzz/fuzz_dates.py): a month range written backwards gave start > end."""
    from osce_kg.extract.dates import find_dates

    assert all(e.start <= e.end for e in find_dates("between December 2026 and February 2024"))
    assert [(e.start, e.end) for e in find_dates("between December 2023 and February 2024")] == [
        ("2023-12", "2024-02")]


@pytest.mark.parametrize("value, expected", [("New?", None), ("Blog post", None), ("Listing", None),
                                             ("press release", "Press Release"), ("News", "News")])
def test_a_content_type_outside_the_vocabulary_is_none(validator, value, expected):
    """Found by fuzzing (tests/fuzz/fuzz_extract.py): a 'Content type:' line was copied into the record as is."""
    record = extract(f"Workshop for judges in Skopje\nPublishing date: 21 September 2016\nContent type: {value}\n"
                     "Where we are: OSCE Mission to Skopje\n\nTwenty six judges attended.\n")
    assert record["content_type"] == expected and not list(validator.iter_errors(record))


def test_a_forty_digit_number_is_no_count():
    forty = "1" * 40
    assert parse_number(forty) is None and parse_number("1" + "0" * 10) is None and parse_number("9" * 10) == 9_999_999_999
    record = extract(f"OSCE trains police in Vienna\n- Issued on:\n- 4 May 2023\n\nVIENNA, 4 May 2023 - Some {forty}"
                     " police officers attended a training course organized by the OSCE in Vienna from 2 to 3 May "
                     f"2023. The OSCE handed over {forty} laptops.\n")
    assert record["events"], record
    for event in record["events"]:
        assert event.get("participant_count") is None
        assert all(v < 10**10 for v in (event.get("items") or {}).values())


def test_thousands_of_fields_are_all_read(validator, tmp_path):
    fields = [f"Field of work number {i}" for i in range(3000)]
    record = extract("A page with many fields of work\n- Issued on:\n- 4 May 2023\n- Fields of work:\n"
                     + "".join(f"- {f}\n" for f in fields) + "\nA workshop took place in Vienna on 3 May 2023.\n")
    assert record["fields_of_work"] == fields and not list(validator.iter_errors(record))
    # a scraper record with thousands of columns: the known ones are read, the others ignored
    row = {"title": "A record with five thousand columns", "body": "A workshop took place in Vienna."}
    row.update({f"column{i}": "x" * 10 for i in range(5000)})
    jsonl = tmp_path / "wide.jsonl"
    jsonl.write_text(json.dumps(row) + "\n", encoding="utf-8")
    pages = list(iter_pages([jsonl]))
    assert len(pages) == 1 and not isinstance(pages[0], Exception)
    assert "five thousand columns" in pages[0].text


def test_awkward_titles_survive_build_query_and_export(tmp_path):
    title = 'Title "quoted" <b>bold</b> a > b & c \x07\x1b\u202e Київ 東京 عربي עברית ქართული हिन्दी 🙂'
    page = tmp_path / "awkward.txt"
    page.write_text(f"{title}\n- Issued on:\n- 4 May 2023\n\nA workshop took place in Vienna on 3 May 2023.\n",
                    encoding="utf-8")
    record = tmp_path / "newline.jsonl"
    record.write_text(json.dumps({"title": "Line one <i>\nline two\x00 “q”", "date": "2023-05-04",
                                  "body": "A workshop took place in Vienna on 3 May 2023."}) + "\n", encoding="utf-8")
    store = tmp_path / "s"
    built = osce_kg("build", str(page), str(record), "--store", str(store), "-q")
    assert built.returncode == 0, built.stderr
    query = osce_kg("sparql", f"SELECT ?h WHERE {{ GRAPH ?g {{ ?n <{HEADLINE}> ?h }} }} ORDER BY ?h",
                    "--store", str(store), "--format", "json")
    assert query.returncode == 0, query.stderr
    headlines = [b["h"]["value"] for b in json.loads(query.stdout)["results"]["bindings"]]
    expected_title = title.replace("\x07", "").replace("\x1b", "")  # control characters are dropped
    assert headlines == sorted(["Line one <i> line two “q”", expected_title])
    for fmt, rdf_format in (("turtle", ox.RdfFormat.TURTLE), ("rdfxml", ox.RdfFormat.RDF_XML),
                            ("jsonld", ox.RdfFormat.JSON_LD), ("nquads", ox.RdfFormat.N_QUADS)):
        out = tmp_path / f"kg.{fmt}"
        assert osce_kg("export", "--store", str(store), "--format", fmt, "-o", str(out)).returncode == 0
        parsed = sorted(q.object.value for q in ox.parse(path=str(out), format=rdf_format)
                        if q.predicate.value == HEADLINE)
        assert parsed == sorted(headlines), fmt


# ---------------------------------------------------------------------------------------------- RDF inputs
def test_validate_does_not_read_external_entities_either(tmp_path, xxe_rdf):
    rdf = xxe_rdf
    for command in ("validate", "load"):
        args = [command, str(rdf)] + (["--store", str(tmp_path / "s")] if command == "load" else [])
        result = osce_kg(*args)
        one_clear_line(result, rdf, "syntax error")
        assert "TOP-SECRET" not in result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------- CLI contract
def test_debug_shows_the_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    plain = osce_kg("build", str(empty), "--store", str(tmp_path / "s"))
    one_clear_line(plain, empty, "empty file")
    debug = osce_kg("--debug", "build", str(empty), "--store", str(tmp_path / "s"))
    assert debug.returncode == 2, "--debug adds the traceback, the exit code stays the documented one"
    assert "Traceback (most recent call last)" in debug.stderr
    assert f"InputError: {empty}: empty file" in debug.stderr


def test_on_error_fail_changes_nothing_and_skip_names_every_skipped_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    empty, binary, missing = tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "missing.txt"
    empty.write_bytes(b"\n\n")
    binary.write_bytes(b"\x00\x01\x02" * 500)
    store = tmp_path / "s"
    assert osce_kg("build", str(good), "--store", str(store), "-q").returncode == 0
    before = osce_kg("export", "--store", str(store), "--format", "nquads").stdout
    failed = osce_kg("build", str(good), str(empty), str(binary), str(missing), "--store", str(store))
    one_clear_line(failed, empty, "empty file")  # the first bad file; nothing is written
    assert osce_kg("export", "--store", str(store), "--format", "nquads").stdout == before
    skipped = osce_kg("build", str(good), str(empty), str(binary), str(missing), "--store", str(store),
                      "--on-error", "skip")
    assert skipped.returncode == 0, skipped.stderr
    lines = [line for line in skipped.stderr.splitlines() if line.startswith("skipped ")]
    assert lines == [f"skipped {empty}: empty file: no page text to read",
                     f"skipped {binary}: binary file, not a text page",
                     f"skipped {missing}: no such file or folder"]
    assert "3 skipped" in skipped.stdout and "Traceback" not in skipped.stderr


def test_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import os

    from osce_kg import output

    target = tmp_path / "report.txt"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        output.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


@pytest.mark.parametrize("command", [["report"], ["show", "Ukraine", "--format", "text"]])
def test_report_and_show_write_through_a_temporary_name(samples_store, tmp_path, monkeypatch, command):
    """A failure at the rename (full disk, say) leaves the old file whole and no temporary beside it."""
    import os

    from click.testing import CliRunner

    from osce_kg.cli import cli

    store, _ = samples_store
    target = tmp_path / "out.html"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = CliRunner().invoke(cli, [*command, "--store", str(store), "-o", str(target)])
    assert isinstance(result.exception, OSError), result.output
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    monkeypatch.undo()
    result = CliRunner().invoke(cli, [*command, "--store", str(store), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"old"


# ---------------------------------------------------------------------------------------------- endpoint load
@pytest.mark.slow
def test_fifty_concurrent_clients_get_only_expected_answers(samples_store, tmp_path):
    """bench/load.py's request mix (canned and ad-hoc queries, an entity, a malformed query that must get 400)
    from 50 clients at once; the benchmark runs it for 30 s (README figures), CI for a few seconds."""
    httpx = pytest.importorskip("httpx")
    sys.path.insert(0, str(REPO / "bench"))
    import load

    path, _report = samples_store
    server, base = load.start_server(path, 2)
    try:
        stats = asyncio.run(load.run_clients(base, 50, 5.0))
        assert stats["requests"] >= 50 and stats["failures"] == [], stats["failures"][:5]
        assert httpx.get(base + "/queries", timeout=10).status_code == 200  # and it still answers
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
