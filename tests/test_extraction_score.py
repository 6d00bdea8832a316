"""The scorer: perfect output scores 1, unit equivalence, optional events, city aliases, listing items."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import extraction_score as scorer  # noqa: E402

CORPUS = REPO / "tests" / "corpus"


def _gold(pid: str) -> dict:
    return json.loads((CORPUS / f"{pid}.gold.json").read_text(encoding="utf-8"))


def _score(gold: dict, pred: dict) -> dict[str, float]:
    s = scorer.Score()
    scorer.score_page(s, gold, pred, "x")
    return s.scores()


@pytest.mark.parametrize("pid", ["01", "24", "25"])
def test_gold_against_itself_is_perfect(pid: str) -> None:
    gold = _gold(pid)
    assert _score(gold, copy.deepcopy(gold))["overall"] == 1.0


def test_former_and_current_unit_names_are_equal() -> None:
    assert scorer.unit_key("OSCE Centre in Bishkek") == scorer.unit_key("OSCE Programme Office in Bishkek")
    assert scorer.unit_key("SPU") == scorer.unit_key("OSCE Secretariat Extra-Budgetary Support Programme for Ukraine")
    assert scorer.names_match("OSCE Mission to Serbia and Montenegro", "OSCE Mission to Serbia")
    assert not scorer.names_match("OSCE Mission to Serbia", "OSCE Mission to Skopje")
    assert not scorer.names_match("OSCE Secretary General Lamberto Zannier", "OSCE Secretary General")


def test_other_bodies_compare_leniently() -> None:
    assert scorer.names_match("Police Reform Centre of the Interior Ministry",
                              "Police Reform Centre of the Interior Ministry of Kyrgyzstan")
    assert scorer.names_match("municipal Communities Committee",
                              "Communities Committee of the municipality of Podujevë/Podujevo")
    assert not scorer.names_match("European Union", "Government of Germany")


def test_optional_events_are_neither_rewarded_nor_penalised() -> None:
    gold = _gold("03")
    pred = copy.deepcopy(gold)
    pred["events"] = [e for e in pred["events"] if not e.get("optional")]
    assert _score(gold, pred)["events"] == 1.0
    pred2 = copy.deepcopy(gold)  # keeps the optional one: still perfect
    assert _score(gold, pred2)["events"] == 1.0


def test_missing_and_spurious_events_cost() -> None:
    gold = _gold("21")
    pred = copy.deepcopy(gold)
    pred["events"] = pred["events"][:1]
    assert _score(gold, pred)["events"] < 1.0
    pred = copy.deepcopy(gold)
    pred["events"].append({"kind": "football match", "start": "1999-01-01", "end": "1999-01-01", "city": None,
                           "state": None, "organisers": [], "participant_count": None})
    assert _score(gold, pred)["events"] < 1.0


def test_event_field_differences_are_seen() -> None:
    gold = _gold("13")
    pred = copy.deepcopy(gold)
    pred["events"][0]["women"] = 25
    s = _score(gold, pred)
    assert s["event.women"] < 1.0 and s["event.start"] == 1.0


def test_city_aliases_are_followed() -> None:
    gold = {"title": "t", "cities": ["Astana"], "events": []}
    pred = {"title": "t", "cities": ["Nur-Sultan"], "city_aliases": {"Nur-Sultan": "Astana"}, "events": []}
    assert _score(gold, pred)["cities"] == 1.0


def test_issuers_fall_back_to_inferred() -> None:
    gold = {"title": "t", "issuers": [], "issuers_inferred": ["OSCE Centre in Tashkent"], "events": []}
    pred = {"title": "t", "issuers": [], "issuers_inferred": ["OSCE Project Co-ordinator in Uzbekistan"], "events": []}
    assert _score(gold, pred)["issuers"] == 1.0


def test_listing_items_are_scored() -> None:
    gold = _gold("25")
    pred = copy.deepcopy(gold)
    pred["items"][0]["date_published"] = "1999-01-01"
    assert _score(gold, pred)["date_published"] < 1.0


def test_cli_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert scorer.main(["--page", "02"]) == 0
    out = capsys.readouterr().out
    assert "| overall |" in out and "| event.start |" in out
