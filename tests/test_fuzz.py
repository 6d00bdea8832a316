"""Property-based tests (hypothesis) for the parts that read untrusted text: the page extractor, the date
parser and the number reader. They run in CI within a fixed budget (a bounded number of examples each).

Properties: never crash; every record validates against the extraction schema; dates are real calendar dates;
numbers read back what was written; every value that reaches RDF serialises and parses back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_kg.extract import extract
from osce_kg.extract.dates import find_dates, parse_date
from osce_kg.extract.numbers import find_counts, parse_number

SCHEMA = Path(__file__).parent / "extraction.schema.json"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like pages: real page vocabulary mixed with arbitrary unicode, control characters and markup.
WORDS = st.sampled_from(["OSCE", "Mission", "to", "Skopje", "Issued on:", "- Issued by:", "Fields of work:",
                         "News Item", "Press Release", "training", "from", "29", "to", "31", "May", "2023",
                         "participants", "women", "men", "Twenty six", "some", "VIENNA,", "–", "-", "\n", "\n\n",
                         '"', "<b>", "</b>", ">", "&amp;", "\x00", "\x1b", "\u200b", "Київ", "東京", "🙂",
                         "today", "yesterday", "Publishing date:", "Where we are:", "(OSCE/Someone)", "..."])
PAGE_TEXT = st.one_of(st.text(max_size=400), st.lists(st.one_of(WORDS, st.text(max_size=12)),
                                                      max_size=120).map(" ".join))


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


@BUDGET
@given(text=PAGE_TEXT)
def test_extract_never_crashes_and_gives_a_schema_valid_record(text, validator):
    if not text.strip():
        return
    record = extract(text)
    errors = sorted(validator.iter_errors(record), key=str)
    assert not errors, errors[0].message


@BUDGET
@given(text=PAGE_TEXT)
def test_every_extracted_value_survives_rdf(text):
    from osce_kg.mapping import Mapper

    if not text.strip():
        return
    record = extract(text)
    for item in Mapper().map_page(record, source="fuzz", source_hash="sha256:0"):
        data = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in item.quads)
        parsed = list(ox.parse(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
        assert len(parsed) == len(item.quads)


@BUDGET
@given(day=st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2035, 12, 31)),
       style=st.sampled_from(["{d} {M} {Y}", "{M} {d}, {Y}", "on {d} {M} {Y}", "{W}, {d} {M} {Y}"]))
def test_dates_in_every_style_read_back(day, style):
    text = style.format(d=day.day, M=MONTHS[day.month - 1], Y=day.year, W=day.strftime("%A"))
    found = find_dates(text, anchor=day)
    assert any(expr_covers(e, day) for e in found), (text, found)


def expr_covers(expr: object, day: dt.date) -> bool:
    return day.isoformat() in repr(expr)


@BUDGET
@given(text=st.text(max_size=80))
def test_parse_date_returns_a_real_date_or_none(text):
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize("text", ["31 February 2023", "0 May 2023", "12 May 0", "99 December 2023",
                                  "29 February 2023"])
def test_impossible_dates_are_not_dates(text):
    result = parse_date(text)
    assert result is None or result.isoformat() not in ("2023-02-31", "2023-02-29")


@BUDGET
@given(n=st.integers(min_value=0, max_value=10**6))
def test_numbers_written_in_digits_read_back(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize("words, value", [("Twenty six", 26), ("twenty-four", 24), ("Forty", 40),
                                          ("Fifty-five", 55), ("Thirteen", 13), ("seventy", 70)])
def test_number_words(words, value):
    assert parse_number(words) == value


@BUDGET
@given(text=st.text(max_size=200))
def test_find_counts_never_crashes_on_any_text(text):
    find_counts(text)


def test_a_forty_digit_number_does_not_become_a_count():
    record = extract("Title line\n" + "1" * 40 + " participants attended a training in Vienna on 3 May 2023.")
    for event in record["events"]:
        count = event.get("participant_count")
        assert count is None or count < 10**12
