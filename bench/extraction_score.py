"""Score extractor output against the gold records, field by field (EXTRACTION.md §15).

    python bench/extraction_score.py [--corpus tests/corpus] [--page 07] [--verbose] [--json] [--speed]

* scalars (title, date_published, content_type): accuracy;
* lists (issuers — together with issuers_inferred when a record has no metadata issuer —, states, cities via
  city_aliases, other_places, projects, people by name, fields_of_work): micro F1;
* events: optional gold events are skipped (a predicted event matching one is neither rewarded nor
  penalised); the others are paired with predicted events on dates, place and kind; `events` is the F1 of
  that pairing, and each event field (start, end, city, state, organisers, partners, funders,
  participant_count, women, men, status) is an F1 whose true positives are paired events with equal values
  (2·tp / (gold events + predicted events));
* listing pages: the page lists and every item (paired by title) are scored with the same counters.

OSCE unit names compare through the §13 former/current equivalence; other bodies' names compare leniently
(one name's content words contained in the other's, or half of them shared), because the spec asks for
"the fullest form the page gives", which annotators paraphrase.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from osce_kg.extract import extract  # noqa: E402

try:
    from osce_kg.extract.gazetteer import canonical_state, canonical_unit, successor_unit  # noqa: E402
except ImportError:  # pragma: no cover
    def canonical_unit(name: str) -> str | None:
        return None

    def successor_unit(name: str) -> str | None:
        return None

    def canonical_state(name: str) -> str | None:
        return None

SCALARS = ("title", "date_published", "content_type")
LISTS = ("issuers", "fields_of_work", "projects", "people", "states", "cities", "other_places")
EVENT_FIELDS = ("start", "end", "city", "state", "organisers", "partners", "funders", "participant_count",
                "women", "men", "status")
STOP = {"the", "of", "and", "at", "in", "for", "on", "a", "an", "to", "osce", "s", "project", "with"}


# ---------------------------------------------------------------------------------------------- normalising
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def unit_key(name: str) -> str:
    """Former and current names of a unit give the same key (§13)."""
    cu = canonical_unit(name) or name
    for _ in range(3):
        nxt = successor_unit(cu)
        if not nxt or nxt == cu:
            break
        cu = nxt
    return _fold(cu)


def _tokens(name: str) -> set[str]:
    """Content words cut to six letters ('municipal' ~ 'municipality')."""
    return {t[:6] for t in re.findall(r"\w+", _fold(name)) if t not in STOP}


def names_match(a: str, b: str) -> bool:
    """Same OSCE unit, or the same body written more or less fully."""
    if unit_key(a) == unit_key(b):
        return True
    if canonical_unit(a) or canonical_unit(b):
        return False
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return small <= big or len(ta & tb) / len(ta | tb) >= 0.5


def _pair_count(gold: list[str], pred: list[str], same) -> int:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                tp += 1
                break
    return tp


def _as_list(v) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def _city_norm(rec: dict):
    aliases = {k.lower(): v for k, v in (rec.get("city_aliases") or {}).items()}

    def norm(c: str) -> str:
        return _fold(aliases.get(c.lower(), c))
    return norm


def list_values(rec: dict, field: str) -> list[str]:
    if field == "issuers":
        vals = list(rec.get("issuers") or [])
        if not vals:
            vals = list(rec.get("issuers_inferred") or [])
        return vals
    if field == "people":
        return [p["name"] for p in rec.get("people") or []]
    if field == "states":
        return [canonical_state(s) or s for s in rec.get("states") or []]
    if field == "cities":
        norm = _city_norm(rec)
        return [norm(c) for c in rec.get("cities") or []]
    return list(rec.get(field) or [])


def list_same(field: str):
    if field in ("issuers",):
        return lambda a, b: unit_key(a) == unit_key(b)
    if field in ("cities", "states", "fields_of_work", "other_places"):
        return lambda a, b: _fold(a) == _fold(b)
    if field == "people":
        return lambda a, b: _fold(a) == _fold(b)
    return lambda a, b: _fold(a) == _fold(b) or names_match(a, b)


# ---------------------------------------------------------------------------------------------- events
def _kind_sim(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _event_sim(g: dict, p: dict) -> float:
    s = 0.0
    if g.get("start") and g.get("start") == p.get("start"):
        s += 3
    if g.get("end") and g.get("end") == p.get("end"):
        s += 3
    gc = {_fold(c) for c in _as_list(g.get("city"))}
    pc = {_fold(c) for c in _as_list(p.get("city"))}
    if gc and gc == pc:
        s += 2
    s += 2.5 * _kind_sim(g.get("kind", ""), p.get("kind", ""))
    return s


def match_events(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], int, int]:
    """Pairs (gold, pred) of non-optional gold events; also #gold (non-optional) and #pred (scored)."""
    cand = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            sim = _event_sim(g, p)
            if sim >= 1.2:
                cand.append((sim, gi, pi))
    cand.sort(reverse=True)
    gused: set[int] = set()
    pused: set[int] = set()
    pairs = []
    ignored_pred = 0
    for _, gi, pi in cand:
        if gi in gused or pi in pused:
            continue
        gused.add(gi)
        pused.add(pi)
        if gold[gi].get("optional"):
            ignored_pred += 1
        else:
            pairs.append((gold[gi], pred[pi]))
    n_gold = sum(1 for g in gold if not g.get("optional"))
    return pairs, n_gold, len(pred) - ignored_pred


def _norm_names(vals) -> list[str]:
    return list(vals or [])


def event_field_equal(f: str, g: dict, p: dict) -> bool:
    if f in ("organisers", "partners", "funders"):
        gv, pv = _norm_names(g.get(f)), _norm_names(p.get(f))
        if len(gv) != len(pv):
            return False
        return _pair_count(gv, pv, names_match) == len(gv)
    if f in ("city", "state"):
        norm = (lambda x: _fold(canonical_state(x) or x)) if f == "state" else _fold
        return sorted(norm(x) for x in _as_list(g.get(f))) == sorted(norm(x) for x in _as_list(p.get(f)))
    return g.get(f) == p.get(f)


# ---------------------------------------------------------------------------------------------- scoring
class Score:
    """Counters for every field; `table()` gives the per-field scores."""

    def __init__(self) -> None:
        self.acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.prf: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, n_gold, n_pred
        self.diffs: list[str] = []

    def record(self, gold: dict, pred: dict, where: str) -> None:
        for f in SCALARS:
            ok = gold.get(f) == pred.get(f)
            if f == "title":
                ok = _fold(gold.get(f) or "") == _fold(pred.get(f) or "")
            self.acc[f][0] += ok
            self.acc[f][1] += 1
            if not ok:
                self.diffs.append(f"{where} {f}: gold={gold.get(f)!r} pred={pred.get(f)!r}")
        for f in LISTS:
            gv, pv = _dedupe(list_values(gold, f)), _dedupe(list_values(pred, f))
            tp = _pair_count(gv, pv, list_same(f))
            c = self.prf[f]
            c[0] += tp
            c[1] += len(gv)
            c[2] += len(pv)
            if tp != len(gv) or tp != len(pv):
                self.diffs.append(f"{where} {f}: gold={gv} pred={pv}")
        if gold.get("content_type") != "Listing":
            self.record_events(gold.get("events") or [], pred.get("events") or [], where)

    def record_events(self, gold: list[dict], pred: list[dict], where: str) -> None:
        pairs, n_gold, n_pred = match_events(gold, pred)
        c = self.prf["events"]
        c[0] += len(pairs)
        c[1] += n_gold
        c[2] += n_pred
        if len(pairs) != n_gold or len(pairs) != n_pred:
            matched = {id(p) for _, p in pairs}
            self.diffs.append(
                f"{where} events: {n_gold} gold, {n_pred} pred, {len(pairs)} paired; unpaired gold="
                f"{[(g['kind'], g.get('start'), g.get('end')) for g in gold if not g.get('optional') and all(g is not q for q, _ in pairs)]}"
                f" unpaired pred={[(p['kind'], p.get('start'), p.get('end')) for p in pred if id(p) not in matched]}")
        for f in EVENT_FIELDS:
            tp = 0
            for g, p in pairs:
                if event_field_equal(f, g, p):
                    tp += 1
                else:
                    self.diffs.append(f"{where} event[{g['kind']}].{f}: gold={g.get(f)!r} pred={p.get(f)!r}")
            c = self.prf["event." + f]
            c[0] += tp
            c[1] += n_gold
            c[2] += n_pred

    def scores(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for f in SCALARS:
            ok, n = self.acc[f]
            out[f] = ok / n if n else 1.0
        for f in list(LISTS) + ["events"] + ["event." + x for x in EVENT_FIELDS]:
            tp, ng, npred = self.prf[f]
            out[f] = 2 * tp / (ng + npred) if ng + npred else 1.0
        out["overall"] = sum(out.values()) / len(out)
        return out


def _dedupe(vals: list[str]) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v not in out:
            out.append(v)
    return out


def score_page(score: Score, gold: dict, pred: dict, pid: str) -> None:
    score.record(gold, pred, pid)
    if gold.get("content_type") == "Listing":
        pitems = {(_fold(it["title"])): it for it in pred.get("items") or []}
        for n, git in enumerate(gold.get("items") or [], 1):
            pit = pitems.get(_fold(git["title"]))
            if pit is None:
                pit = {"title": "", "events": []}
            score.record(git, pit, f"{pid}.{n}")


def run(corpus: Path, page: str | None = None) -> tuple[Score, dict[str, dict]]:
    score = Score()
    preds: dict[str, dict] = {}
    for gold_path in sorted(corpus.glob("*.gold.json")):
        pid = gold_path.name.split(".")[0]
        if page and pid != page:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (corpus / f"{pid}.txt").read_text(encoding="utf-8")
        pred = extract(text)
        preds[pid] = pred
        score_page(score, gold, pred, pid)
    return score, preds


def speed(corpus: Path, rounds: int = 100) -> float:
    """Pages per second of CPU time on one core (process time, so other load on the machine counts less)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    for t in texts:  # warm-up: imports and regex compilation
        extract(t)
    t0 = time.process_time()
    for _ in range(rounds):
        for t in texts:
            extract(t)
    return len(texts) * rounds / (time.process_time() - t0)


def table(scores: dict[str, float]) -> str:
    lines = ["| field | score |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in scores.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("--page")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--rounds", type=int, default=100)
    args = ap.parse_args(argv)
    score, _ = run(args.corpus, args.page)
    scores = score.scores()
    if args.json:
        print(json.dumps(scores, indent=1))
    else:
        print(table(scores))
    if args.verbose:
        print("\n".join(score.diffs))
    if args.speed:
        print(f"\nspeed: {speed(args.corpus, args.rounds):.0f} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
