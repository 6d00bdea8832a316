"""Fuzz target: the date parser (`osce_kg.extract.dates`).

Bytes 0-2 pick the anchor date (none, or a day in 1800-2099, the years a page can write) and the tense;
the rest is the text. Invariants: `parse_date` gives None or a real date; `find_dates` and `find_relative`
give expressions in text order, without overlaps, whose offsets point at their own text, and whose start /
end are real ISO (partial) dates with start <= end; `roll_year`/`shift` of a found date stay valid.

Run: python tests/fuzz/fuzz_dates.py [CORPUS_DIR] -max_total_time=15 -dict=tests/fuzz/osce.dict
"""

import datetime as dt
import sys

import atheris

atheris.enabled_hooks.add("str")

with atheris.instrument_imports(include=["osce_kg"]):
    from osce_kg.extract.dates import find_dates, find_durations, find_relative, parse_date, roll_year, shift

from _checks import check_partial_date, text_of  # noqa: E402

FIRST = dt.date(1800, 1, 1)
SPAN = (dt.date(2099, 12, 31) - FIRST).days + 1


def check_exprs(exprs: list, text: str, what: str, *, ordered: bool = True) -> None:
    last_stop = 0
    for e in exprs:
        assert 0 <= e.begin < e.stop <= len(text), f"{what}: offsets {e.begin}-{e.stop} outside the text"
        assert text[e.begin:e.stop] == e.text, f"{what}: offsets do not point at {e.text!r}"
        if ordered:
            assert e.begin >= last_stop, f"{what}: {e.text!r} overlaps the expression before it"
            last_stop = e.stop
        for value in (e.start, e.end, *e.days):
            if value is not None:
                check_partial_date(value, f"{what} {e.text!r}")
        if e.start and e.end and len(e.start) == len(e.end):
            assert e.start <= e.end, f"{what}: {e.text!r} starts {e.start} after it ends {e.end}"
        for value in (e.start, e.end):
            if value is not None and len(value) == 10:
                check_partial_date(shift(value, 1), "shift")
            if value is not None:
                check_partial_date(roll_year(value, -1), "roll_year")


def fuzz_one_input(data: bytes) -> None:
    if len(data) < 3:
        return
    mode, offset = data[0], int.from_bytes(data[1:3], "big")
    anchor = None if mode % 4 == 0 else FIRST + dt.timedelta(days=offset * 7 % SPAN)
    text = text_of(data[3:])
    day = parse_date(text)
    assert day is None or isinstance(day, dt.date), f"parse_date gave {day!r}"
    check_exprs(find_dates(text, anchor=anchor), text, "find_dates")
    election = anchor.isoformat() if anchor and mode & 8 else None
    year_anchor = FIRST + dt.timedelta(days=offset % SPAN) if mode & 16 else None
    rel = find_relative(text, anchor, future=bool(mode & 4), election=election, year_anchor=year_anchor)
    check_exprs(rel, text, "find_relative", ordered=False)
    for d in find_durations(text):
        assert 0 <= d.begin < d.stop <= len(text), "find_durations: offsets outside the text"
        assert d.amount >= 0 and d.as_text(), f"find_durations: {d}"


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
