"""Every input a researcher has: text, HTML (current, old, sub-site, listing), JSONL/CSV records, folders,
globs, list files and stdin, with dedupe, provenance and one-line errors for what cannot be read.

Fixtures: tests/fixtures/inputs/ (see its README); the development pages are wrapped in HTML on the fly.
"""

from __future__ import annotations

import codecs
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osce_kg import pages as pages_mod
from osce_kg.errors import InputError
from osce_kg.pages import InputStats, Page, decode, find_page_files, iter_pages, read_page
from osce_kg.records import DEFAULT_COLUMNS, parse_columns

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "inputs"
HTML = FIX / "html"
RECORDS = FIX / "records"
CORPUS = REPO / "tests" / "corpus"
CSV_COLUMNS = {"title": "headline", "date": "published", "url": "link", "body": "text", "unit": "office",
               "fields": "topics"}


def _extract():
    try:
        from osce_kg.extract import extract
    except ImportError as error:  # pragma: no cover - the extractor is finished in parallel
        pytest.skip(f"the extractor is not importable yet ({error})")
    return extract


def _wrap_module():
    spec = importlib.util.spec_from_file_location("wrap_dev_pages", FIX / "wrap_dev_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _all(paths, **kw) -> tuple[list[Page], list[InputError]]:
    pages, errors = [], []
    for item in iter_pages([Path(p) if not isinstance(p, Path) else p for p in paths], **kw):
        (errors if isinstance(item, InputError) else pages).append(item)
    return pages, errors


def _core(record: dict) -> dict:
    return {"title": record["title"], "date_published": record["date_published"],
            "content_type": record["content_type"], "issuers": record["issuers"],
            "fields_of_work": record["fields_of_work"], "events": len(record["events"]),
            "items": [(i["title"], i["date_published"], i["issuers"], i["fields_of_work"], len(i["events"]))
                      for i in record.get("items") or []]}


# ---------------------------------------------------------------------------------------------- HTML
def test_current_layout_text_order_and_metadata():
    page = read_page(HTML / "current-skopje-587412.html")
    lines = page.text.split("\n")
    assert lines[:5] == [
        "News Item",
        "Community police officers in Ohrid trained on hate crime investigation with OSCE Mission to Skopje support",
        "Issued on: 12 March 2025",
        "Issued by: OSCE Mission to Skopje",
        "Fields of work: Policing, Tolerance and non-discrimination",
    ]
    # caption kept, in place, before the dateline paragraph
    caption = lines.index("Police officers at the closing session of the course in Ohrid, 11 March 2025. "
                          "(OSCE/Elena Markovska)")
    assert lines[caption + 2].startswith("OHRID, 12 March 2025 –")
    for chrome in ("Skip to main content", "Czechia", "Arms control", "Share this page", "Facebook", "Related content",
                   "Wallnerstrasse", "cookies", "Terms of use", "Home", "Chairpersonship", "Tetovo"):
        assert chrome not in page.text, chrome
    assert page.url == "https://www.osce.org/mission-to-skopje/587412"
    assert page.node_id == "587412"
    assert page.metadata["title"].startswith("Community police officers in Ohrid")
    assert page.metadata["date_published"] == "2025-03-12"
    assert page.metadata["issuers"] == ["OSCE Mission to Skopje"]
    assert page.metadata["fields_of_work"] == ["Policing", "Tolerance and non-discrimination"]
    assert page.metadata["content_type"] == "News Item"
    assert "three-day course" in page.metadata["description"]
    assert page.source == str(HTML / "current-skopje-587412.html")
    assert page.sha256 == "sha256:" + __import__("hashlib").sha256(
        (HTML / "current-skopje-587412.html").read_bytes()).hexdigest()


def test_current_layout_extracts():
    record = _extract()(read_page(HTML / "current-skopje-587412.html").text)
    assert record["title"].startswith("Community police officers in Ohrid")
    assert record["date_published"] == "2025-03-12"
    assert record["content_type"] == "News Item"
    assert record["issuers"] == ["OSCE Mission to Skopje"]
    assert record["fields_of_work"] == ["Policing", "Tolerance and non-discrimination"]
    assert len(record["events"]) == 1
    assert "Czechia" not in json.dumps(record["states"])


def test_old_layout_in_windows_1252():
    path = HTML / "old-bishkek-2008.htm"
    assert b"\x93" in path.read_bytes()  # a cp1252 curly quote: the fixture really is not UTF-8
    page = read_page(path)
    assert page.text.split("\n")[0] == "OSCE Centre in Bishkek helps journalists in Osh prepare for election coverage"
    assert "“Voters can only make a free choice" in page.text and "Norway – the project’s" in page.text
    for chrome in ("Printer-friendly", "E-mail this page", "Centre in Almaty", "Terms of use", "Kärntner", "\r"):
        assert chrome not in page.text, chrome
    assert page.metadata["title"] == "OSCE Centre in Bishkek helps journalists in Osh prepare for election coverage"
    assert page.url is None and page.node_id is None
    record = _extract()(page.text)
    assert record["title"] == page.metadata["title"]
    assert record["date_published"] == "2008-05-15"
    assert len(record["events"]) == 1


def test_subsite_microdata():
    page = read_page(HTML / "subsite-pa-2024.html")
    assert page.text.split("\n")[:3] == [
        "OSCE PA President calls for renewed dialogue at Bucharest Annual Session",
        "Issued on: 2 July 2024",
        "Issued by: OSCE Parliamentary Assembly",
    ]
    assert "Русский" not in page.text and "Share:" not in page.text and "Tordenskjoldsgade" not in page.text
    assert page.metadata["date_published"] == "2024-07-02"
    assert page.metadata["issuers"] == ["OSCE Parliamentary Assembly"]
    assert page.url.startswith("https://www.oscepa.org/")
    assert page.node_id is None  # no numeric node id at the end of this URL
    record = _extract()(page.text)
    assert record["issuers"] == ["OSCE Parliamentary Assembly"]
    assert record["date_published"] == "2024-07-02"


def test_listing_page_is_one_page_in_layout_g():
    pages, errors = _all([HTML / "listing-newsroom.html"])
    assert not errors and len(pages) == 1
    page = pages[0]
    assert page.metadata["content_type"] == "Listing"
    assert page.metadata["title"] == "News and press releases"
    assert page.node_id is None
    assert [e["date_published"] for e in page.metadata["entries"]] == ["2025-01-28", "2025-01-20", "2025-01-16",
                                                                       "2025-01-10"]
    assert page.metadata["entries"][0]["url"] == "https://www.osce.org/mission-to-serbia/582001"
    blocks = page.text.strip().split("\n\n")
    assert blocks[0].split("\n")[0] == "News and press releases"
    assert blocks[1].split("\n") == [
        "Police officers in Vranje trained to work with victims of domestic violence with OSCE support",
        "Publishing date: 28 January 2025",
        "Content type: Press release",
        "Where we are: OSCE Mission to Serbia",
        "What we do: Policing, Gender equality",
        blocks[1].split("\n")[5],
    ]
    assert blocks[3].split("\n")[1] == "Publishing date: 16 January 2025"  # from <time> alone
    for chrome in ("Read more", "Previous", "Next", "Any", "Sort by", "Apply"):
        assert chrome not in page.text, chrome
    record = _extract()(page.text)
    assert record["content_type"] == "Listing"
    assert [i["date_published"] for i in record["items"]] == ["2025-01-28", "2025-01-20", "2025-01-16",
                                                              "2025-01-10"]
    assert record["items"][2]["issuers"] == ["OSCE Transnational Threats Department", "OSCE Programme Office in Astana"]


CORPUS_PAGES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("txt", CORPUS_PAGES, ids=[p.stem for p in CORPUS_PAGES])
def test_dev_pages_wrapped_in_html_extract_like_the_text(txt: Path, tmp_path: Path):
    extract = _extract()
    wrapped = tmp_path / f"{txt.stem}.html"
    wrapped.write_text(_wrap_module().wrap(txt.read_text(encoding="utf-8"),
                                           f"https://www.osce.org/example/{600000 + int(txt.stem)}"),
                       encoding="utf-8")
    page = read_page(wrapped)
    assert "Skip to main content" not in page.text and "Facebook" not in page.text
    assert _core(extract(page.text)) == _core(extract(txt.read_text(encoding="utf-8")))


def test_html_in_a_text_file_is_read_as_html(tmp_path: Path):
    path = tmp_path / "saved.txt"
    shutil.copy(HTML / "current-skopje-587412.html", path)
    page = read_page(path)
    assert page.text.startswith("News Item\nCommunity police officers")
    assert page.node_id == "587412"


def test_plain_text_with_a_tag_stays_text(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text("A page that mentions the <p> tag once\n\nBody text here.\n", encoding="utf-8")
    assert read_page(path).text == "A page that mentions the <p> tag once\n\nBody text here.\n"


def test_html_speed():
    """HTML parsing must not dominate a build: far faster than extraction (about 60 pages/s)."""
    data = [(p, p.read_bytes()) for p in sorted(HTML.glob("*.htm*"))]
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < 0.5:
        for path, raw in data:
            pages_mod.page_from_bytes(raw, str(path), kind="html")
            n += 1
    rate = n / (time.perf_counter() - started)
    assert rate > 50, f"{rate:.0f} HTML pages/s"  # about 250-400 on a loaded 2-core machine


# ---------------------------------------------------------------------------------------------- records
def test_jsonl_default_columns():
    pages, errors = _all([RECORDS / "news.jsonl"])
    assert not errors and len(pages) == 3
    first, second, third = pages
    assert [p.source for p in pages] == [f"{RECORDS / 'news.jsonl'}:{n}" for n in (1, 2, 3)]
    assert [p.node_id for p in pages] == ["577101", "560202", "513303"]
    assert len({p.sha256 for p in pages}) == 3
    lines = (RECORDS / "news.jsonl").read_bytes().split(b"\n")
    assert first.sha256 == "sha256:" + __import__("hashlib").sha256(lines[0]).hexdigest()
    assert first.text.startswith("News Item\nOSCE Mission to Montenegro supports training")
    assert second.metadata["issuers"] == ["OSCE Programme Office in Dushanbe", "OSCE Secretariat"]
    assert second.metadata["fields_of_work"] == ["Policing", "Gender equality"]
    assert "<p>" not in second.text and "\n\nThe participants discussed career" in second.text
    assert third.metadata["date_published"] == "2022-03-15"
    extract = _extract()
    record = extract(second.text)
    assert record["issuers"] == ["OSCE Programme Office in Dushanbe", "OSCE Secretariat"]
    assert record["fields_of_work"] == ["Policing", "Gender equality"]
    assert record["date_published"] == "2023-06-27"
    assert extract(first.text)["content_type"] == "News Item"


def test_csv_with_custom_columns():
    assert parse_columns("title=headline, body=text") == {"title": "headline", "body": "text"}
    pages, errors = _all([RECORDS / "headlines.csv"], columns=CSV_COLUMNS)
    assert not errors and len(pages) == 2
    # the first body spans three lines of the file: the second record starts on line 5
    assert [p.source.rsplit(":", 1)[1] for p in pages] == ["2", "5"]
    assert pages[0].metadata["fields_of_work"] == ["Youth", "Policing"]
    assert pages[0].node_id == "548404"
    record = _extract()(pages[0].text)
    assert record["title"] == "Youth activists in Kosovo learn about community safety at OSCE-supported camp"
    assert record["date_published"] == "2023-08-02"
    assert record["issuers"] == ["OSCE Mission in Kosovo"]


def test_csv_common_column_names_need_no_mapping():
    pages, errors = _all([RECORDS / "headlines.csv"])  # headline/text are known aliases of title/body
    assert not errors and [p.metadata["title"][:14] for p in pages] == ["Youth activist", "OSCE Centre in"]


def test_columns_spec_errors():
    assert set(DEFAULT_COLUMNS) >= {"title", "date", "url", "body", "unit", "fields"}
    with pytest.raises(InputError, match="unknown key 'headline'"):
        parse_columns("headline=title")
    with pytest.raises(InputError, match="not KEY=COLUMN"):
        parse_columns("title")


# ---------------------------------------------------------------------------------------------- sources
def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(CORPUS / "05.txt", root / "a" / "05.txt")
    shutil.copy(HTML / "current-skopje-587412.html", root / "b" / "page.html")
    shutil.copy(HTML / "old-bishkek-2008.htm", root / "b" / "deep" / "old.htm")
    shutil.copy(RECORDS / "news.jsonl", root / "b" / "news.jsonl")
    (root / "notes.md").write_text("Notes on the crawl of the OSCE newsroom\n\nNothing else.\n", encoding="utf-8")
    (root / "b" / "ignored.json").write_text("{}", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("hidden page text\n", encoding="utf-8")
    return root


def test_folder_recursion_stable_order(tmp_path: Path):
    root = _tree(tmp_path)
    files = list(find_page_files([root]))
    assert [f.relative_to(root).as_posix() for f in files] == [
        "a/05.txt", "b/deep/old.htm", "b/news.jsonl", "b/page.html", "notes.md"]  # no .json, no hidden
    stats = InputStats()
    pages, errors = _all([root], stats=stats)
    assert not errors and len(pages) == 7
    assert stats.by_kind == {"text": 2, "html": 2, "jsonl": 3}
    assert [p.source for p in pages] == [p.source for p in _all([root])[0]]  # the same order every time


def test_glob_pattern_not_expanded_by_the_shell(tmp_path: Path):
    root = _tree(tmp_path)
    pages, errors = _all([f"{root}/**/*.htm*"])
    assert not errors
    assert sorted(Path(p.source).name for p in pages) == ["old.htm", "page.html"]
    pages, errors = _all([f"{root}/nothing/*.html"])
    assert not pages and len(errors) == 1 and "no page files match" in errors[0].one_line()


def test_list_file(tmp_path: Path):
    root = _tree(tmp_path)
    listing = root / "lists" / "paths.txt"
    listing.parent.mkdir()
    listing.write_text("# pages for the report\n../a/05.txt\n\n../b/page.html   \n../missing.html\n"
                       f"{root}/b/deep/*.htm\n", encoding="utf-8")
    pages, errors = _all([f"@{listing}"])
    assert [p.source for p in pages] == [f"{root}/a/05.txt", f"{root}/b/page.html", f"{root}/b/deep/old.htm"]
    assert len(errors) == 1
    assert errors[0].one_line() == f"{listing}:5: no such file or folder: {root}/missing.html"
    _, errors = _all([f"@{root}/no-list.txt"])
    assert errors[0].one_line() == f"{root}/no-list.txt: no such list file"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("kind", ["text", "html", "jsonl"])
def test_stdin_is_sniffed(kind: str, monkeypatch):
    data = {"text": (CORPUS / "05.txt").read_bytes(), "html": (HTML / "current-skopje-587412.html").read_bytes(),
            "jsonl": (RECORDS / "news.jsonl").read_bytes()}[kind]
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    pages, errors = _all([Path("-")])
    assert not errors
    if kind == "jsonl":
        assert [p.source for p in pages] == ["-:1", "-:2", "-:3"]
    else:
        assert len(pages) == 1 and pages[0].source == "-"
        assert pages[0].text.startswith("Newsroom" if kind == "text" else "News Item")


def test_stdin_subprocess_build(tmp_path: Path):
    _extract()
    exe = shutil.which("osce-kg")
    if exe is None:
        pytest.skip("the osce-kg command is not installed")
    run = subprocess.run([exe, "build", "-", "--store", str(tmp_path / "store")], input=(CORPUS / "05.txt").read_bytes(),
                         capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    assert b"1 pages read" in run.stdout


# ---------------------------------------------------------------------------------------------- dedupe
def test_dedupe_same_bytes_and_same_url(tmp_path: Path):
    html = HTML / "current-skopje-587412.html"
    other = tmp_path / "copy-with-other-boilerplate.html"
    other.write_text(html.read_text(encoding="utf-8").replace("Switzerland – OSCE Chairpersonship 2026",
                                                            "Finland – OSCE Chairpersonship 2025"), encoding="utf-8")
    jsonl = tmp_path / "scraped.jsonl"
    jsonl.write_text(json.dumps({"title": "x y z w", "body": "Body of the scraped copy.",
                                 "url": "http://osce.org/mission-to-skopje/587412/"}) + "\n", encoding="utf-8")
    stats = InputStats()
    pages, errors = _all([html, html, other, jsonl], stats=stats)
    assert not errors and [p.source for p in pages] == [str(html)]
    assert stats.duplicates == 3 and stats.duplicate_sources[0] == (str(html), str(html))
    pages, _ = _all([html, other], dedupe=False)
    assert len(pages) == 2


# ---------------------------------------------------------------------------------------------- bad input
def test_bad_files_give_one_line_errors_and_reading_goes_on(tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a-empty.txt").write_bytes(b"  \n\n")
    (bad / "b-binary.txt").write_bytes(b"\x00\x01\x02abc" * 100)
    (bad / "c-report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (bad / "d-empty.html").write_bytes(b"<html><head><title></title></head><body><nav>Menu</nav></body></html>")
    (bad / "e-news.jsonl").write_bytes(
        b'{"title": "One good record here", "body": "Good body."}\n'
        b'{"title": "broken", "body": \n'
        b'[1, 2]\n'
        b'\n'
        b'{"title": "No body here at all"}\n'
        b'{"title": "Second good record", "body": "Another body."}\n')
    (bad / "f-news.csv").write_bytes(b"title,date,body\nGood row title here,2024-01-01,Body text\n"
                                     b"Row without a body,2024-01-02,\n")
    (bad / "g-noheader.csv").write_bytes(b"headline;when;words\nA;B;C\n")
    (bad / "h-empty.csv").write_bytes(b"")
    (bad / "z-good.txt").write_bytes((CORPUS / "05.txt").read_bytes())
    (tmp_path / "records.json").write_text("[]", encoding="utf-8")  # given by name: refused with a hint
    pages, errors = _all([bad, tmp_path / "missing.txt", tmp_path / "records.json"])
    lines = [e.one_line() for e in errors]
    assert lines == [
        f"{bad}/a-empty.txt: empty file: no page text to read",
        f"{bad}/b-binary.txt: binary file, not a text page",
        f"{bad}/c-report.html: binary file (a PDF document), not a text page",
        f"{bad}/d-empty.html: no readable text in this HTML page",
        f"{bad}/e-news.jsonl:2: not valid JSON (Expecting value at column 29)",
        f"{bad}/e-news.jsonl:3: not a JSON object (a list); one news record per line expected",
        f"{bad}/e-news.jsonl:5: missing the body column",
        f"{bad}/f-news.csv:3: missing the body column (it is empty)",
        f"{bad}/g-noheader.csv:1: no body column in the header (columns: headline, when, words); "
        "name the body column with --columns body=NAME",
        f"{bad}/h-empty.csv: empty CSV file: no header row",
        f"{tmp_path}/missing.txt: no such file or folder",
        f"{tmp_path}/records.json: a JSON file: records are read from JSON Lines (.jsonl, one JSON object per line)",
    ]
    assert all("\n" not in line for line in lines)
    assert [p.source.rsplit("/", 1)[1] for p in pages] == ["e-news.jsonl:1", "e-news.jsonl:6", "f-news.csv:2",
                                                          "z-good.txt"]


def test_find_page_files_still_raises_for_a_missing_path(tmp_path: Path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(find_page_files([tmp_path / "nope"]))


def test_huge_inputs(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(pages_mod, "MAX_PAGE_BYTES", 1000)
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body>" + b"<p>x</p>" * 500 + b"</body></html>")
    _, errors = _all([big])
    assert "file too large for a news page (4,026 bytes; the limit is 1,000)" in errors[0].one_line()
    import osce_kg.records as records_mod

    monkeypatch.setattr(records_mod, "MAX_RECORD_CHARS", 200)
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text(json.dumps({"title": "t", "body": "x" * 500}) + "\n" +
                     json.dumps({"title": "Small record title", "body": "small"}) + "\n", encoding="utf-8")
    pages, errors = _all([jsonl])
    assert [e.one_line() for e in errors] == [f"{jsonl}:1: record too large (over 200 bytes)"]
    assert [p.source for p in pages] == [f"{jsonl}:2"]


# ---------------------------------------------------------------------------------------------- encodings
TEXT = "Vučitrn – Chișinău, “quoted”, Ümit\nsecond line\n"


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    TEXT.encode("utf-16-le"),  # no BOM
    TEXT.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf16le-nobom", "crlf"])
def test_decode_unicode_forms(encoded: bytes):
    assert decode(encoded, "x") == TEXT


def test_decode_latin1_mixed_and_truncated():
    assert decode("Café – naïve\n".encode("cp1252"), "x") == "Café – naïve\n"
    mixed = "Vučitrn ".encode() + "café ".encode("latin-1") + b"end\r\nnext\rlast\n"
    assert decode(mixed, "x") == "Vučitrn café end\nnext\nlast\n"
    # a file cut inside its last character: the partial character is dropped, the rest stays UTF-8
    assert decode("Prishtinë/Priš".encode()[:-1], "x") == "Prishtinë/Pri"


@pytest.mark.slow
def test_mixed_folder_builds_in_one_command(tmp_path: Path):
    _extract()
    exe = shutil.which("osce-kg")
    if exe is None:
        pytest.skip("the osce-kg command is not installed")
    folder = tmp_path / "mixed"
    (folder / "html").mkdir(parents=True)
    for f in HTML.iterdir():
        shutil.copy(f, folder / "html" / f.name)
    shutil.copy(RECORDS / "news.jsonl", folder / "news.jsonl")
    shutil.copy(CORPUS / "05.txt", folder / "05.txt")
    run = subprocess.run([exe, "build", str(folder), "--store", str(tmp_path / "store")], capture_output=True,
                         timeout=600)
    out = run.stdout.decode()
    assert run.returncode == 0, run.stderr.decode()
    # 4 HTML pages (one a listing of 4 entries) + 3 records + 1 text page = 8 pages, 3 + 4 + 3 + 1 = 11 items
    assert "8 pages read, 11 news items" in out, out
    assert "0 skipped" in out


def test_every_item_keeps_its_source_hash_and_ingest_time(tmp_path: Path):
    """Provenance of each news graph: where the page came from, the hash of its bytes, when it was ingested."""
    import datetime as dt
    import hashlib

    from osce_kg.build import build
    from osce_kg.store import Store

    page = tmp_path / "page.txt"
    shutil.copy(CORPUS / "05.txt", page)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with Store(tmp_path / "store") as store:
        build(store, [page], validate=False)
        rows = store.select("""
            PREFIX osce: <https://w3id.org/osce-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?g ?src ?hash ?time WHERE { GRAPH ?g { ?g osce:sourceFile ?src ; osce:sourceHash ?hash ;
                                                          prov:generatedAtTime ?time } }""")
    assert rows, "every news graph says where it came from"
    for row in rows:
        assert row["src"].value == str(page)
        assert row["hash"].value == "sha256:" + hashlib.sha256(page.read_bytes()).hexdigest()
        ingested = dt.datetime.fromisoformat(row["time"].value)
        assert before <= ingested <= dt.datetime.now(dt.timezone.utc)


def test_a_listing_builds_one_news_item_per_entry_linked_to_the_listing(tmp_path: Path):
    from osce_kg.build import build
    from osce_kg.store import Store

    with Store(tmp_path / "store") as store:
        report = build(store, [HTML / "listing-newsroom.html"], validate=False)
        rows = store.select("""
            PREFIX osce: <https://w3id.org/osce-kg/ontology#> PREFIX schema: <https://schema.org/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?news ?listing ?name ?published WHERE { GRAPH ?g {
                ?news a schema:NewsArticle ; osce:listing ?listing ; schema:datePublished ?published .
                ?listing a osce:Listing ; rdfs:label ?name } }""")
    assert report.pages == 1 and report.items == 4
    assert sorted(r["published"].value for r in rows) == ["2025-01-10", "2025-01-16", "2025-01-20", "2025-01-28"]
    assert len({r["news"].value for r in rows}) == 4
    assert {r["listing"].value for r in rows} == {rows[0]["listing"].value}  # all four: the same listing
    assert {r["name"].value for r in rows} == {"News and press releases"}
