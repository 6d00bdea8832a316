"""Fuzz target: reading one page's bytes (`osce_kg.pages.page_from_bytes`): decoding (BOMs, UTF-16, Latin-1,
binary sniffing), HTML sniffing and the HTML reader (`osce_kg.html.parse_html`), then the extractor.

The first byte picks how the bytes are read (sniffed, as HTML, as text); the rest is the file.
Invariants: the only error is InputError, one line naming the file; a page read has non-blank text with
`\\n` line ends; its metadata dates are real YYYY-MM-DD dates; `looks_like_html` and `iso_date` never raise
and `iso_date` gives None or a real date; the extraction record of the page text is schema-valid.

Run: python tests/fuzz/fuzz_html.py [CORPUS_DIR] -max_total_time=15 -dict=tests/fuzz/osce.dict
"""

import sys

import atheris

atheris.enabled_hooks.add("str")

with atheris.instrument_imports(include=["osce_kg"]):
    from osce_kg.errors import InputError
    from osce_kg.extract import extract
    from osce_kg.html import iso_date, looks_like_html
    from osce_kg.pages import page_from_bytes

from _checks import check_full_date, check_record, schema_validator, text_of  # noqa: E402

VALIDATOR = schema_validator()
KINDS = (None, "html", "text")
SOURCE = "fuzz-page.html"


def fuzz_one_input(data: bytes) -> None:
    if not data:
        return
    kind, body = KINDS[data[0] % 3], data[1:]
    text = text_of(body)
    assert isinstance(looks_like_html(text), bool)
    got = iso_date(text[:200])
    if got is not None:
        check_full_date(got, "iso_date")
    try:
        page = page_from_bytes(body, SOURCE, kind=kind)
    except InputError as error:
        line = str(error)
        assert "\n" not in line and line.startswith(SOURCE + ": "), f"not one line naming the file: {line!r}"
        return
    assert page.text.strip(), "a page with blank text was accepted"
    assert "\r" not in page.text, "a carriage return was left in the page text"
    meta = page.metadata
    if meta.get("date_published") is not None:
        check_full_date(meta["date_published"], "metadata date_published")
    for entry in meta.get("entries") or []:
        if entry.get("date_published") is not None:
            check_full_date(entry["date_published"], "listing entry date_published")
    check_record(extract(page.text), VALIDATOR)


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
