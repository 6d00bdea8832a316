"""Invariants shared by the atheris fuzz targets (the same ones tests/test_fuzz.py states for hypothesis).

Each check raises AssertionError with a short reason; atheris reports any exception as a crash and writes the
input that caused it (`crash-<sha1>`) so it can be replayed: `python tests/fuzz/fuzz_NAME.py crash-<sha1>`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

#: more people than live on Earth: a count at or above this is a misread number, not a count
MAX_COUNT = 10**10
_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_SCHEMA = Path(__file__).resolve().parent.parent / "extraction.schema.json"


def text_of(data: bytes) -> str:
    """Fuzzer bytes → text: UTF-8, undecodable bytes as U+FFFD (the mutations stay close to the seeds)."""
    return data.decode("utf-8", errors="replace")


def check_partial_date(value: object, what: str) -> None:
    """An ISO date, year-month or year (xsd:date / gYearMonth / gYear) that exists in the calendar."""
    assert isinstance(value, str) and _PARTIAL.fullmatch(value), f"{what}: {value!r} is not an ISO (partial) date"
    year = int(value[:4])
    assert year >= 1, f"{what}: year 0 in {value!r}"
    if len(value) == 10:
        dt.date.fromisoformat(value)  # raises ValueError for 31 February
    elif len(value) == 7:
        assert 1 <= int(value[5:]) <= 12, f"{what}: no month {value[5:]} in {value!r}"


def check_full_date(value: object, what: str) -> None:
    assert isinstance(value, str) and len(value) == 10, f"{what}: {value!r} is not YYYY-MM-DD"
    check_partial_date(value, what)


def check_count(value: object, what: str) -> None:
    assert value is None or (type(value) is int and 0 <= value < MAX_COUNT), f"{what}: {value!r}"


def schema_validator():
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(_SCHEMA.read_text(encoding="utf-8")))


def check_record(record: dict, validator) -> None:
    """Schema-valid, every date a real (partial) date, every count a plausible count; listing items too."""
    errors = sorted(validator.iter_errors(record), key=str)
    assert not errors, f"record is not schema-valid: {errors[0].message} at {list(errors[0].absolute_path)}"
    _check_values(record)


def _check_values(record: dict) -> None:
    if record.get("date_published") is not None:
        check_full_date(record["date_published"], "date_published")
    for event in record.get("events", []):
        for key in ("start", "end"):
            if event.get(key) is not None:
                check_partial_date(event[key], f"event {key}")
        if event.get("start") and event.get("end") and len(event["start"]) == len(event["end"]) == 10:
            assert event["start"] <= event["end"], f"event starts after it ends: {event['start']} > {event['end']}"
        for key in ("participant_count", "women", "men"):
            check_count(event.get(key), f"event {key}")
        for state, n in (event.get("by_country") or {}).items():
            check_count(n, f"by_country[{state}]")
        for thing, n in (event.get("items") or {}).items():
            check_count(n, f"items[{thing}]")
    for item in record.get("items", []):
        _check_values(item)


def check_rdf(record: dict) -> None:
    """Every value that reaches RDF serialises as N-Triples and parses back (one quad each)."""
    import pyoxigraph as ox

    from osce_kg.mapping import Mapper

    for item in Mapper(ingest_time="2024-01-01T00:00:00+00:00").map_page(record, source="fuzz",
                                                                          source_hash="sha256:0"):
        data = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in item.quads)
        parsed = list(ox.parse(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
        assert len(parsed) == len(item.quads), "a mapped value does not survive N-Triples"
