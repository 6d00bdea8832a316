"""Extractor core: schema validity, the seed page, per-field floors, date and number phrasings, evidence."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from osce_kg.extract import extract
from osce_kg.extract.dates import find_dates, find_durations, find_relative, parse_date, roll_year
from osce_kg.extract.layout import normal_case, parse_page
from osce_kg.extract.numbers import find_counts, parse_number, participants

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CORPUS = TESTS / "corpus"
SHARED = Path(__file__).parents[2] / "shared"
PAGES = sorted(p.name.split(".")[0] for p in CORPUS.glob("*.txt"))

sys.path.insert(0, str(REPO / "bench"))
import extraction_score as scorer  # noqa: E402


def _schema() -> dict:
    for p in (SHARED / "spec" / "extraction.schema.json", TESTS / "extraction.schema.json"):
        if p.is_file():
            return json.loads(p.read_text(encoding="utf-8"))
    pytest.skip("extraction.schema.json not found")


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {pid: extract((CORPUS / f"{pid}.txt").read_text(encoding="utf-8")) for pid in PAGES}


# ---------------------------------------------------------------------------------------------- records
def test_corpus_present() -> None:
    assert len(PAGES) == 25


@pytest.mark.parametrize("pid", PAGES)
def test_record_validates_against_schema(pid: str, records: dict[str, dict]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(_schema()).validate(records[pid])


@pytest.mark.parametrize("pid", PAGES)
def test_evidence_offsets_point_into_the_page(pid: str, records: dict[str, dict]) -> None:
    text = (CORPUS / f"{pid}.txt").read_text(encoding="utf-8")
    rec = records[pid]
    for item in rec.get("items") or [rec]:
        t = item["x_evidence"]["title"]
        assert text[t["start"]:t["end"]] == item["title"]
        for spans in item["x_evidence"].values():
            for sp in spans if isinstance(spans, list) else [spans]:
                assert text[sp["start"]:sp["end"]] == sp["text"]
        for ev in item["events"]:
            for e in ev["x_evidence"]:
                assert text[e["start"]:e["end"]] == e["text"]
        for q in item["x_quotes"]:
            assert text[q["start"]:q["end"]] == q["text"]
        for c in item["cities"]:
            assert isinstance(c, str) and c == c.strip()


def test_every_event_city_is_a_page_city(records: dict[str, dict]) -> None:
    for rec in records.values():
        for item in rec.get("items") or [rec]:
            for ev in item["events"]:
                cities = ev["city"] if isinstance(ev["city"], list) else [ev["city"]] if ev["city"] else []
                for c in cities:
                    assert c in item["cities"]


def test_cut_and_degenerate_pages_still_give_valid_records() -> None:
    """Pages cut anywhere (teasers, crawls that stop early) never crash the extractor or break the schema."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(_schema())
    cases = ["", "  \n\n", "- menu\n- item\n", "Title only"]
    for pid in PAGES:
        text = (CORPUS / f"{pid}.txt").read_text(encoding="utf-8")
        for k in (1, 3, 7):
            cut = len(text) * k // 8
            cases += [text[:cut], text[cut:]]
    for case in cases:
        validator.validate(extract(case))


def test_masked_page_keeps_length_and_lines() -> None:
    for pid in PAGES:
        text = (CORPUS / f"{pid}.txt").read_text(encoding="utf-8")
        page = parse_page(text)
        assert len(page.masked) == len(text)
        assert [i for i, c in enumerate(page.masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_menu_and_footer_are_masked() -> None:
    text = (CORPUS / "01.txt").read_text(encoding="utf-8")
    masked = parse_page(text).masked
    assert "Liechtenstein" not in masked and "Wallnerstrasse" not in masked
    assert "Warsaw" in masked


# ---------------------------------------------------------------------------------------------- seed page
def _seed() -> tuple[dict, dict]:
    seed = SHARED / "seed"
    if not (seed / "osce-news-item.txt").is_file():
        pytest.skip("shared/seed not available")
    gold = json.loads((seed / "osce-news-item.gold.json").read_text(encoding="utf-8"))
    return gold, extract((seed / "osce-news-item.txt").read_text(encoding="utf-8"))


def test_seed_header_and_events_match_gold() -> None:
    gold, rec = _seed()
    for key in ("title", "date_published", "content_type", "issuers", "fields_of_work"):
        assert rec[key] == gold[key], key
    pairs, n_gold, n_pred = scorer.match_events(gold["events"], rec["events"])
    assert len(pairs) == n_gold == n_pred
    for g, p in pairs:
        for f in scorer.EVENT_FIELDS:
            assert scorer.event_field_equal(f, g, p), f


def test_seed_entities_match_gold() -> None:
    gold, rec = _seed()
    for key in ("projects", "states", "cities", "other_places"):
        assert sorted(rec[key]) == sorted(gold[key]), key
    assert [p["name"] for p in rec["people"]] == [p["name"] for p in gold["people"]]


# ---------------------------------------------------------------------------------------------- floors
# just below what the extractor reaches on the dev set (1.000 for every field when these were set)
FLOORS = {
    "title": 0.99, "date_published": 0.99, "content_type": 0.99, "issuers": 0.98, "fields_of_work": 0.99,
    "events": 0.97, "event.start": 0.97, "event.end": 0.97, "event.city": 0.97, "event.state": 0.97,
    "event.organisers": 0.97, "event.partners": 0.97, "event.funders": 0.97, "event.participant_count": 0.97,
    "event.women": 0.97, "event.men": 0.97, "event.status": 0.97,
    # entity fields come from entities.py (a parallel work stream): floored a little lower
    "projects": 0.93, "people": 0.93, "states": 0.95, "cities": 0.95, "other_places": 0.93, "overall": 0.98,
}


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, float]:
    score, _ = scorer.run(CORPUS)
    return score.scores()


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_floor(field: str, dev_scores: dict[str, float]) -> None:
    assert dev_scores[field] >= FLOORS[field], f"{field}: {dev_scores[field]:.3f} < {FLOORS[field]}"


# ---------------------------------------------------------------------------------------------- dates
A = date(2015, 11, 27)


def _one(text: str, anchor: date | None = A) -> tuple[str | None, str | None]:
    ds = find_dates(text, anchor)
    assert ds, text
    return ds[0].start, ds[0].end


@pytest.mark.parametrize(("text", "start", "end"), [
    ("from 29 to 31 October 2013", "2013-10-29", "2013-10-31"),
    ("from 28 February to 1 March 2013", "2013-02-28", "2013-03-01"),
    ("between 21 and 27 November 2018", "2018-11-21", "2018-11-27"),
    ("between 28 September and 9 October 2015", "2015-09-28", "2015-10-09"),
    ("on 17 and 18 October 2013", "2013-10-17", "2013-10-18"),
    ("met on 21-22 September 2016", "2016-09-21", "2016-09-22"),
    ("held on 29–30 July 2025", "2025-07-29", "2025-07-30"),
    ("a two-day (Sept. 9-10) visit", "2015-09-09", "2015-09-10"),
    ("on Wednesday, 23 May 2018", "2018-05-23", "2018-05-23"),
    ("On July 1, 2022, the Office", "2022-07-01", "2022-07-01"),
    ("on Friday, February 14", "2015-02-14", "2015-02-14"),
    ("In October 2007, forty-two", "2007-10", "2007-10"),
    ("from June to December 2020", "2020-06", "2020-12"),
    ("between December 2023 and February 2024", "2023-12", "2024-02"),
    ("visited Bishkek from 24 to 26 November", "2015-11-24", "2015-11-26"),
    ("will host in Dublin in December", "2015-12", "2015-12"),
    ("from 30 December 2014 to 2 January 2015", "2014-12-30", "2015-01-02"),
])
def test_date_phrasings(text: str, start: str, end: str) -> None:
    assert _one(text) == (start, end)


def test_respectively_gives_separate_days() -> None:
    d = find_dates("took place on 7 and 9 July respectively", date(2020, 7, 10))[0]
    assert d.respectively and d.days == ["2020-07-07", "2020-07-09"]


def test_missing_year_is_flagged_and_rolls() -> None:
    d = find_dates("on 28 December", date(2016, 1, 5))[0]
    assert d.year_inferred and d.start == "2016-12-28"
    assert roll_year(d.start, -1) == "2015-12-28"


def test_relative_days() -> None:
    anchor = date(2013, 3, 28)
    got = {e.text.lower(): e.start for e in find_relative(
        "today, yesterday, last night, tomorrow, this morning, this month and next year", anchor)}
    assert got["today"] == "2013-03-28" and got["yesterday"] == "2013-03-27"
    assert got["last night"] == "2013-03-27" and got["tomorrow"] == "2013-03-29"
    assert got["this morning"] == "2013-03-28" and got["this month"] == "2013-03"
    assert got["next year"] == "2014"


def test_bare_weekday_is_latest_on_or_before_anchor() -> None:
    [e] = find_relative("qualified as instructors on Wednesday", date(2017, 7, 26))
    assert e.start == "2017-07-26"
    [e] = find_relative("qualified as instructors on Monday", date(2017, 7, 26))
    assert e.start == "2017-07-24"


def test_parse_date_shapes() -> None:
    assert parse_date("4 September 2023") == date(2023, 9, 4)
    assert parse_date("July 1, 2022") == date(2022, 7, 1)
    assert parse_date("Posted: 2009-05-22 10:14") == date(2009, 5, 22)
    assert parse_date("") is None


def test_durations() -> None:
    units = [(d.amount, d.unit) for d in find_durations("a two-day seminar, a six-week course, a 3-day training, "
                                                         "the one-month course")]
    assert units == [(2, "day"), (6, "week"), (3, "day"), (1, "month")]


# ---------------------------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(("words", "value"), [
    ("Twenty six", 26), ("twenty-four", 24), ("forty-two", 42), ("Thirteen", 13), ("a dozen", 12),
    ("6,300", 6300), ("22.000", 22000), ("one hundred and five", 105), ("Fifty-five", 55),
])
def test_number_words(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(("sentence", "count", "approx", "women", "men"), [
    ("Twenty six police officers received certificates today.", 26, False, None, None),
    ("Some 50 police officers and investigators met in Kharkiv.", 50, True, None, None),
    ("Around 30 journalists and editors gathered today.", 30, True, None, None),
    ("Over 25 students from three countries played ambassadors.", 25, True, None, None),
    ("brought together 27 members of the Pool (18 women and 9 men) in Vienna", 27, False, 18, 9),
    ("a course for 378 former members, 61 women and 317 men, began today", 378, False, 61, 317),
    ("Forty students, 26 of them women, took part.", 40, False, 26, 14),
    ("26 young women from all regions attended a summer school", 26, False, 26, 0),
    ("Seven senior managers from the headquarters and 15 field managers took part", 22, False, None, None),
    ("More than 600 police officers will tomorrow complete a course", 600, True, None, None),
])
def test_participant_counts(sentence: str, count: int, approx: bool, women: int | None, men: int | None) -> None:
    res = participants([sentence])
    assert (res.participant_count, res.approx, res.women, res.men) == (count, approx, women, men)


def test_sum_by_country() -> None:
    res = participants(["Ten officers of the Afghan Border Police and ten of the Tajik Border Troops qualified."],
                       {"Afghan": "Afghanistan", "Tajik": "Tajikistan"})
    assert res.participant_count == 20 and res.by_country == {"Afghanistan": 10, "Tajikistan": 10}


@pytest.mark.parametrize("sentence", [
    "nationals of seven OSCE participating States",
    "officials from 30 local self-governance bodies",
    "the 30th Staff Course of the College",
    "More than 67 per cent of citizens believe",
    "IT equipment worth €22.000 and 11 projectors",
    "border managers from twelve countries",
    "Today the Mission employs more than 300 staff",
])
def test_non_counts(sentence: str) -> None:
    assert participants([sentence]).participant_count is None


def test_capacity_is_not_a_count() -> None:
    counts = find_counts("Each workshop will bring together up to 20 commanders.")
    assert counts and participants(["Each workshop will bring together up to 20 commanders."]).participant_count is None


# ---------------------------------------------------------------------------------------------- layout
def test_normal_case_of_caps_datelines() -> None:
    assert normal_case("VUSHTRRI/VUČITRN") == "Vushtrri/Vučitrn"
    assert normal_case("PRISHTINË/PRIŠTINA") == "Prishtinë/Priština"
    assert normal_case("BANJA LUKA") == "Banja Luka"


@pytest.mark.parametrize(("head", "cities", "day"), [
    ("WARSAW, 4 September 2023 – The Office", ["Warsaw"], date(2023, 9, 4)),
    ("SKOPJE, 9 May 2008- The Mission", ["Skopje"], date(2008, 5, 9)),
    ("BELGRADE, 22 May 2001 (OSCE) - The Mission", ["Belgrade"], date(2001, 5, 22)),
    ("OSH, Kyrgyzstan, 28 April 2011 - A seminar", ["Osh"], date(2011, 4, 28)),
    ("VIENNA/SARAJEVO, 15 February 2019 – Two heads", ["Vienna", "Sarajevo"], date(2019, 2, 15)),
    ("PODUJEVË/PODUJEVO, 11 May 2007- Residents", ["Podujevë/Podujevo"], date(2007, 5, 11)),
    ("19 December 2024, SARAJEVO – The Mission", ["Sarajevo"], date(2024, 12, 19)),
])
def test_dateline_shapes(head: str, cities: list[str], day: date) -> None:
    page = parse_page(f"A title of a press release for a test\n\n{head} held a meeting today.\n")
    dl = page.entries[0].dateline
    assert dl is not None and dl.city_names == cities and dl.date == day


# ---------------------------------------------------------------------------------------------- behaviour on new pages
MENU = "Newsroom\n- News and press releases\n- Media contacts\n"


def _events(text: str) -> list[dict]:
    return extract(text)["events"]


def test_day_list_gives_one_event_per_place_and_rolls_the_year() -> None:
    page = (MENU + "News Item\nElection officials complete regional trainings\n- Issued on:\n- 10 January 2018\n"
            "- Issued by:\n- OSCE Mission to Montenegro\n\nThe OSCE Mission to Montenegro trained 85 members of "
            "election commissions in four sessions: on 5 December in Bar, on 7 December in Nikšić, on 8 December "
            "in Bijelo Polje and on 12 December in Podgorica.\n")
    evs = _events(page)
    assert [e["start"] for e in evs] == ["2017-12-05", "2017-12-07", "2017-12-08", "2017-12-12"]
    assert [e["city"] for e in evs] == ["Bar", "Nikšić", "Bijelo Polje", "Podgorica"]


def test_statement_and_incident_from_a_caps_dateline() -> None:
    page = ("OSCE media freedom representative condemns attack on journalist\n\nVIENNA, 12 August 2016 – The OSCE "
            "Representative on Freedom of the Media today condemned the attack on a reporter who was beaten "
            "yesterday in Skopje.\n")
    rec = extract(page)
    kinds = [(e["kind"], e["start"], e["city"], e["organisers"]) for e in rec["events"]]
    assert kinds[0] == ("statement", "2016-08-12", "Vienna", ["OSCE Representative on Freedom of the Media"])
    assert kinds[1][1:] == ("2016-08-11", "Skopje", [])
    assert rec["content_type"] == "Press Release" and rec["date_published"] == "2016-08-12"


def test_roles_by_wording() -> None:
    page = (MENU + "News Item\nOSCE trains prosecutors on cybercrime investigations\n- Issued on:\n- 2 June 2023\n"
            "- Issued by:\n- OSCE Programme Office in Bishkek\n\nNearly 40 prosecutors (25 women and 15 men) took "
            "part in a training course held in Bishkek from 29 to 31 May 2023.\n\nThe course was organized by the "
            "OSCE Programme Office in Bishkek in co-operation with the General Prosecutor's Office of Kyrgyzstan "
            "and funded by Germany and the European Union.\n")
    [ev] = _events(page)
    assert ev["organisers"] == ["OSCE Programme Office in Bishkek"]
    assert ev["partners"] == ["General Prosecutor's Office of Kyrgyzstan"]
    assert ev["funders"] == ["Government of Germany", "European Union"]
    assert (ev["participant_count"], ev["participant_count_approx"], ev["women"], ev["men"]) == (40, True, 25, 15)
    assert (ev["start"], ev["end"], ev["city"], ev["state"]) == ("2023-05-29", "2023-05-31", "Bishkek", "Kyrgyzstan")


@pytest.mark.parametrize("tail", ["from 12 to 14 June 2023", "on 12 June 2023", "from 2 to 4 June 2023",
                                  "in 2023"])
def test_a_body_named_before_a_date_stops_at_the_date(tail: str) -> None:
    """A two-digit day or a year ends the phrase as a one-digit day does (it once read "… from 12 to 14 June")."""
    page = (MENU + "News Item\nOSCE trains judges\n- Issued on:\n- 20 June 2023\n- Issued by:\n- OSCE Mission to "
            "Bosnia and Herzegovina\n\n30 judges took part in a workshop organized by the OSCE Mission to Bosnia and "
            f"Herzegovina in co-operation with the Judicial Training Centre in Bihać {tail}.\n")
    [ev] = _events(page)
    assert ev["organisers"] == ["OSCE Mission to Bosnia and Herzegovina"]
    assert ev["partners"] == ["Judicial Training Centre in Bihać"]


def test_short_title_and_bare_date_line() -> None:
    rec = extract("Mine action progress\n\nThe OSCE Project Co-ordinator in Ukraine organized a workshop for 20 "
                  "deminers in Kharkiv on 3 May 2012.\n")
    assert rec["title"] == "Mine action progress"
    assert rec["events"][0]["participant_count"] == 20
    rec = extract("Resources\n24 October 2018\nOSCE publishes handbook on policing hate crime\n\nThe OSCE "
                  "Secretariat today published a handbook for police trainers.\n")
    assert rec["date_published"] == "2018-10-24" and rec["events"][0]["start"] == "2018-10-24"


def test_quotes_keep_their_speaker() -> None:
    rec = extract((CORPUS / "16.txt").read_text(encoding="utf-8"))
    assert {q["speaker"] for q in rec["x_quotes"]} == {"Astrid Thors"}


def test_past_range_without_year_rolls_back_and_future_weekday_moves_forward() -> None:
    page = (MENU + "News Item\nRoma mediators in Montenegro complete training\n- Issued on:\n- 5 January 2016\n"
            "- Issued by:\n- OSCE Mission to Montenegro\n\nFifteen Roma and Egyptian community mediators completed "
            "a training course on conflict resolution held from 30 November to 2 December in Podgorica, organized "
            "by the OSCE Mission to Montenegro.\n\nA follow-up workshop will take place in Nikšić on Monday.\n")
    first, second = _events(page)
    assert (first["start"], first["end"], first["participant_count"]) == ("2015-11-30", "2015-12-02", 15)
    assert (second["start"], second["city"], second["status"]) == ("2016-01-11", "Nikšić", "planned")


def test_by_country_in_parentheses_and_week_duration() -> None:
    page = ("Border guards train in Dushanbe\n\nDUSHANBE, 20 April 2012 - A two-week course on risk analysis for 22 "
            "border officers from Afghanistan (8), Kazakhstan (4), Kyrgyzstan (4) and Tajikistan (6) ended today at "
            "the OSCE Border Management Staff College in Dushanbe.\n\nThe course was financed by Norway and the "
            "United Kingdom.\n")
    [ev] = _events(page)
    assert ev["by_country"] == {"Afghanistan": 8, "Kazakhstan": 4, "Kyrgyzstan": 4, "Tajikistan": 6}
    assert (ev["start"], ev["end"], ev["duration"]) == (None, "2012-04-20", "two weeks")
    assert ev["funders"] == ["Government of Norway", "Government of the United Kingdom"]
