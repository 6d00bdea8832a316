"""Fuzz target: the page extractor (`osce_kg.extract.extract`) on arbitrary text.

Invariants: extract never raises on any text; the record is valid against tests/extraction.schema.json;
every date in it is a real ISO (partial) date and no event ends before it starts; every count is a
non-negative int below MAX_COUNT; every value the mapper turns into RDF survives N-Triples.

Run: python tests/fuzz/fuzz_extract.py [CORPUS_DIR] -max_total_time=15 -dict=tests/fuzz/osce.dict
"""

import sys

import atheris

atheris.enabled_hooks.add("str")

with atheris.instrument_imports(include=["osce_kg"]):
    import osce_kg.mapping  # noqa: F401 - instrumented too, so mapping paths give coverage feedback
    from osce_kg.extract import extract

from _checks import check_rdf, check_record, schema_validator, text_of  # noqa: E402

VALIDATOR = schema_validator()


def fuzz_one_input(data: bytes) -> None:
    text = text_of(data)
    record = extract(text)
    check_record(record, VALIDATOR)
    check_rdf(record)


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
