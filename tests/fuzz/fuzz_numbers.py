"""Fuzz target: the number reader (`osce_kg.extract.numbers`).

Invariants: `parse_number` gives None or an int >= 0, and digits (with or without thousands separators) read
back as themselves; `find_counts` gives counts that are ints in [1, MAX_COUNT) with offsets inside the text;
`participants` gives a count in [0, MAX_COUNT) whose women + men add up to it when both are known;
`money` gives a non-negative amount in a three-letter currency; `item_counts` gives counts in bounds.

Run: python tests/fuzz/fuzz_numbers.py [CORPUS_DIR] -max_total_time=15 -dict=tests/fuzz/osce.dict
"""

import re
import sys

import atheris

atheris.enabled_hooks.add("str")

with atheris.instrument_imports(include=["osce_kg"]):
    from osce_kg.extract.numbers import find_counts, item_counts, money, parse_number, participants

from _checks import MAX_COUNT, check_count, text_of  # noqa: E402

ADJECTIVES = {"Afghan": "Afghanistan", "Tajik": "Tajikistan", "Ukrainian": "Ukraine"}


def fuzz_one_input(data: bytes) -> None:
    text = text_of(data)
    value = parse_number(text)
    assert value is None or (type(value) is int and value >= 0), f"parse_number gave {value!r}"
    digits = text.strip()
    if value is not None and re.fullmatch(r"[0-9]+", digits):
        assert value == int(digits), f"parse_number({digits!r}) = {value}"
    for c in find_counts(text):
        assert type(c.value) is int and 1 <= c.value < MAX_COUNT, f"find_counts: {c.value!r} in {text!r}"
        assert 0 <= c.begin < c.stop <= len(text), "find_counts: offsets outside the text"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    res = participants(sentences, ADJECTIVES)
    for key in ("participant_count", "women", "men"):
        check_count(getattr(res, key), f"participants {key}")
    if res.women is not None and res.men is not None:
        assert res.women + res.men == res.participant_count, f"women + men != total: {res}"
    for state, n in res.by_country.items():
        check_count(n, f"by_country[{state}]")
    cash = money(text)
    if cash is not None:
        assert cash["amount"] >= 0 and re.fullmatch(r"[A-Z]{3}", cash["currency"]), f"money gave {cash}"
    for thing, n in item_counts(text).items():
        check_count(n, f"item_counts[{thing}]")


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
