"""Coverage-guided fuzzing (atheris) of the parts that read untrusted text, within a fixed budget.

Each target in tests/fuzz/ runs in its own process for OSCE_KG_FUZZ_SECONDS (default 9) seconds from a
small seed corpus written here (plus the repository's development pages and synthetic HTML fixtures),
with the dictionary tests/fuzz/osce.dict. The test fails when the fuzzer reports a crash: an exception
(a broken invariant is an AssertionError), a timeout on one input (-timeout, catches runaway regexes) or
running out of memory. The input that crashed is kept in the test's tmp folder and its path printed;
replay it with `python tests/fuzz/fuzz_NAME.py PATH`.

The properties are those of tests/test_fuzz.py (hypothesis); atheris adds coverage feedback, so it finds
inputs a random generator does not. Without atheris installed (it has wheels for CPython on Linux and
macOS only) these tests skip.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                reason="atheris is not installed (pip install atheris; CPython on Linux/macOS)")

FUZZ = Path(__file__).parent / "fuzz"
CORPUS = Path(__file__).parent / "corpus"
HTML_FIXTURES = Path(__file__).parent / "fixtures" / "inputs" / "html"
SECONDS = int(os.environ.get("OSCE_KG_FUZZ_SECONDS", "9"))

# Seeds are invented for these tests (short, in the shapes the readers know); the development pages and
# the synthetic HTML fixtures already in the repository are added to the page seeds.
PAGE_SEEDS = [
    "News Item\nOSCE trains police in Lviv\n- Issued on: 4 May 2023\n- Issued by:\n- OSCE Project Co-ordinator"
    " in Ukraine\n- Fields of work:\n- Policing\n\nLVIV, 4 May 2023 – Some 30 police officers, 12 of them women,"
    " attended a training course organized by the OSCE in Lviv from 2 to 3 May 2023.\n\n“We learned a lot,”"
    " said Colonel Ivan Example, Head of the Lviv Police Academy.\n",
    "Press Release\nTitle with \"quotes\", <angle> & ampersand\n- Issued on: 31 February 2023\n\n"
    + "1" * 40 + " participants met in Vienna on 0 May 0000 and 29 February 2023.\n",
    "News and press releases\n\nWorkshop in Skopje\nPublishing date: 21 September 2016\nContent type: News\n"
    "Where we are: OSCE Mission to Skopje\nWhat we do: Gender equality\nTwenty six judges attended.\n",
    "Тitle in Кириллица 東京 🙂\x00\x1b\u200b\n\nThe next day, yesterday, this month and next year.\n",
]
HTML_SEEDS = [
    "<!DOCTYPE html><html><head><title>OSCE event</title>"
    "<meta property=\"og:type\" content=\"article\"><script type=\"application/ld+json\">"
    "{\"@type\": \"NewsArticle\", \"headline\": \"A workshop\", \"datePublished\": \"2023-05-04T10:00:00\"}"
    "</script></head><body><article><h1>A workshop</h1><p>- Issued on: 4 May 2023</p>"
    "<p>KYIV, 4 May 2023 – 20 journalists attended a workshop organized by the OSCE.</p></article></body></html>",
    "<html><body><div class=\"view-content\"><div class=\"views-row\"><h3><a href=\"/node/1\">One</a></h3>"
    "<span>4 May 2023</span></div><div class=\"views-row\"><h3><a href=\"/node/2\">Two</a></h3>"
    "<span>May 5, 2023</span></div></div></body></html>",
    "<p>Text</p></div></body></html>" + "<div>" * 300 + "deep",
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><html><body><p>&#0; &bogus; <b>bold</p></i></body>",
]
DATE_SEEDS = [
    "from 29 to 31 October 2013", "21-22 September 2016", "(Sept. 9-10)", "Friday, February 14",
    "In October 2007", "today", "the following day", "from 28 February to 1 March 2013",
    "between December 2023 and February 2024", "on 7 and 9 July 2020 respectively", "31 February 2023",
    "29 February 2024", "12 May 0", "2009-05-22 10:14", "July 1, 2022", "by the end of the year",
    "on Monday", "a 3-day training", "six-week course", "for a week", "election day",
]
NUMBER_SEEDS = [
    "Some 50 police officers attended.", "Twenty six police officers, 18 women and 8 men.",
    "A dozen laptops, 11 projectors, eight printers", "€22.000 and 3.7 million Euro", "6,300 voters",
    "from Afghanistan (20) and Tajikistan (6)", "30 participants, of whom 12 were women",
    "15 judges and ten of the prosecutors", "1" * 40 + " participants", "2023 participants", "25% of women",
    "Forty-two Afghan and 12 Tajik border guards", "up to 20 commanders each",
]


def _write_seeds(folder: Path, seeds: list[bytes]) -> Path:
    folder.mkdir(parents=True)
    for i, seed in enumerate(seeds):
        (folder / f"seed-{i:03d}").write_bytes(seed)
    return folder


def _seeds(name: str) -> tuple[list[bytes], int]:
    """Seed inputs for a target (in its input layout) and the largest input the fuzzer may make."""
    if name == "extract":
        pages = [s.encode() for s in PAGE_SEEDS] + [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]
        return pages, 12_000
    if name == "html":
        # the first byte picks the reading (sniffed / as HTML / as text): see fuzz_html.py
        pages = [b"\x01" + s.encode() for s in HTML_SEEDS] + [b"\x00" + s.encode("utf-16") for s in PAGE_SEEDS[:1]]
        pages += [b"\x02" + "Titel für Zürich\r\nüber 5 Männer\r".encode("latin-1")]
        pages += [b"\x00" + p.read_bytes() for p in sorted(HTML_FIXTURES.glob("*.htm*"))]
        return pages, 12_000
    if name == "dates":
        # bytes 0-2: anchor mode and day (see fuzz_dates.py)
        return [bytes([1 + i % 31, i * 37 % 256, i * 91 % 256]) + s.encode() for i, s in enumerate(DATE_SEEDS)], 512
    return [s.encode() for s in NUMBER_SEEDS], 512


@pytest.mark.slow
@pytest.mark.parametrize("name", ["extract", "html", "dates", "numbers"])
def test_fuzz_target_finds_no_crash_within_budget(name: str, tmp_path: Path):
    seeds, max_len = _seeds(name)
    corpus = _write_seeds(tmp_path / "corpus", seeds)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    cmd = [sys.executable, str(FUZZ / f"fuzz_{name}.py"), str(corpus), f"-max_total_time={SECONDS}",
           "-timeout=20", "-rss_limit_mb=2048", f"-max_len={max_len}", f"-dict={FUZZ / 'osce.dict'}",
           f"-artifact_prefix={artifacts}/", "-print_final_stats=1"]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=SECONDS + 240,
                          cwd=FUZZ)
    took = time.monotonic() - start
    log = proc.stdout + proc.stderr
    crashes = sorted(artifacts.iterdir())
    lines = log.splitlines()
    first = next((i for i, line in enumerate(lines) if "Uncaught Python exception" in line or "ERROR: libFuzzer" in line),
                 max(len(lines) - 40, 0))
    tail = "\n".join(lines[first:first + 40])  # the exception (or libFuzzer's error) and the input that caused it
    assert proc.returncode == 0 and not crashes, (
        f"fuzz_{name} found a crash (exit {proc.returncode}, {took:.0f} s); inputs kept: "
        f"{[str(c) for c in crashes]}\n{tail}")
    assert "Done " in log, f"fuzz_{name} did not finish its run:\n{tail}"
