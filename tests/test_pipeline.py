"""The foundation, end to end: page → record → triples → validated named graph → store → SPARQL.

The seed page's facts (issue 2, part 4) are asserted through SPARQL over a store built from the page. Strings
that come from the page (title, project name) are read from ../shared at test time, not copied here.
"""

from __future__ import annotations

import json
import shutil

import pytest

from osce_kg.build import build
from osce_kg.export import export_bytes
from osce_kg.store import Store
from osce_kg.validate import load_ontology, validate_graph

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX osce: <https://w3id.org/osce-kg/ontology#>
PREFIX osceid: <https://w3id.org/osce-kg/id/>
PREFIX fow: <https://w3id.org/osce-kg/field-of-work/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def gold(shared):
    return json.loads(shared("seed", "osce-news-item.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed(seed_store):
    path, report = seed_store
    store = Store(path, read_only=True)
    yield store
    store.close()


def ask(store: Store, body: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + body + " }"))


def test_the_seed_builds_one_news_item_with_events(seed_store):
    _path, report = seed_store
    assert report.items == 1
    assert report.events >= 1
    assert not report.invalid, report.invalid


def test_news_article_with_headline_issuer_and_fields(seed, gold):
    title = json.dumps(gold["title"])
    assert ask(seed, f"GRAPH ?g {{ ?news a schema:NewsArticle ; schema:headline {title} ; "
                     "schema:publisher <https://w3id.org/osce-kg/id/org/support-programme-for-ukraine> ; "
                     "schema:about fow:policing , fow:combating-trafficking-in-human-beings , "
                     "fow:cyber-ict-security }")
    # the programme is a unit of the Secretariat (reference data)
    assert ask(seed, "GRAPH ?r { <https://w3id.org/osce-kg/id/org/support-programme-for-ukraine> org:unitOf <https://w3id.org/osce-kg/id/org/secretariat> }")


def test_training_course_in_lviv_with_30_participants_in_the_project(seed, gold):
    project = json.dumps(gold["projects"][0])
    assert ask(seed, f"""GRAPH ?g {{
        ?event a schema:Event ; osce:kind ?kind ;
            schema:startDate "2023-05-29"^^xsd:date ; schema:endDate "2023-05-31"^^xsd:date ;
            schema:location <https://w3id.org/osce-kg/id/place/lviv> ; osce:country <https://w3id.org/osce-kg/id/country/ua> ;
            osce:participantCount 30 ;
            schema:organizer <https://w3id.org/osce-kg/id/org/support-programme-for-ukraine> ;
            osce:partOfProject ?project ; prov:wasDerivedFrom ?news .
        ?project rdfs:label {project} .
        <https://w3id.org/osce-kg/id/place/lviv> a schema:City ; schema:containedInPlace <https://w3id.org/osce-kg/id/country/ua> .
        FILTER(CONTAINS(LCASE(?kind), "training"))
    }}""")


def test_the_quoted_police_colonel(seed):
    assert ask(seed, """GRAPH ?g {
        ?person schema:name "Yuriy Vykhodets" ; schema:honorificPrefix "Police Colonel" ;
            schema:jobTitle "Head of the Cyberpolice Department" ; schema:worksFor ?org .
        ?org rdfs:label "National Police of Ukraine" .
        ?role a osce:RoleStatement ; osce:person ?person ; prov:wasDerivedFrom ?news .
        ?quote a schema:Quotation ; schema:spokenByCharacter ?person ; schema:isPartOf ?news .
    }""")


def test_the_plan_of_nine_further_sessions_and_300_officers(seed):
    assert ask(seed, """GRAPH ?g {
        ?plan a schema:Event ; osce:status "planned" ; schema:endDate "2023-12"^^xsd:gYearMonth ;
              osce:plannedSessions 9 ; osce:targetParticipantCount 300 ;
              schema:organizer <https://w3id.org/osce-kg/id/org/support-programme-for-ukraine> .
    }""")


def test_evidence_links_the_event_to_its_sentence(seed, seed_page):
    rows = seed.select(PREFIXES + """SELECT ?text ?start ?end WHERE { GRAPH ?g {
        ?event osce:participantCount 30 ; osce:evidence ?span .
        ?span osce:text ?text ; osce:startOffset ?start ; osce:endOffset ?end ; prov:wasQuotedFrom ?news } }""")
    assert rows
    page = seed_page.read_text(encoding="utf-8")
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert page[start:end] == row["text"].value


def test_the_built_store_conforms_to_the_shapes(samples_store):
    path, _report = samples_store
    with Store(path, read_only=True) as store:
        data = store.to_rdflib(store.named_graphs())
    report = validate_graph(data, ontology=load_ontology())
    violations = report.at_or_above("Violation")
    assert not violations, violations[:5]


def test_building_twice_gives_the_same_iris(seed_page, tmp_path):
    subjects = []
    for n in (1, 2):
        with Store(tmp_path / f"s{n}") as store:
            build(store, [seed_page])
            subjects.append({r["s"].value for r in store.select(
                "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")})
    assert subjects[0] == subjects[1]


def test_the_same_page_twice_changes_nothing(seed_page, tmp_path):
    with Store(tmp_path / "s") as store:
        build(store, [seed_page])
        count, first = store.count(), export_bytes(store, "nquads")
        report = build(store, [seed_page])
        assert report.unchanged == 1 and report.added == 0 and report.replaced == 0
        assert store.count() == count
        assert export_bytes(store, "nquads") == first


def test_a_changed_page_replaces_its_graph_and_remove_deletes_it(seed_page, tmp_path):
    page = tmp_path / "page.txt"
    shutil.copy(seed_page, page)
    with Store(tmp_path / "s") as store:
        build(store, [page])
        keys = store.news_keys()
        page.write_text(page.read_text(encoding="utf-8").replace("30 law enforcement", "31 law enforcement"),
                        encoding="utf-8")
        report = build(store, [page])
        assert report.replaced == 1
        assert store.news_keys() == keys
        assert bool(store.query(PREFIXES + "ASK { GRAPH ?g { ?e osce:participantCount 31 } }"))
        assert not bool(store.query(PREFIXES + "ASK { GRAPH ?g { ?e osce:participantCount 30 } }"))
        store.remove_graphs([f"https://w3id.org/osce-kg/graph/news/{keys[0]}"])
        assert store.news_keys() == []


def test_bad_input_in_a_batch_leaves_the_store_as_it_was(seed_page, tmp_path):
    from osce_kg.errors import InputError

    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    shutil.copy(seed_page, good)
    empty.write_bytes(b"")
    with Store(tmp_path / "s") as store:
        before = store.count()
        with pytest.raises(InputError, match="empty file"):
            build(store, [good, empty])
        assert store.count() == before
        report = build(store, [good, empty], on_error="skip")
        assert report.items == 1 and [s for s, _ in report.skipped] == [str(empty)]


def test_every_sample_page_builds(samples_store):
    _path, report = samples_store
    assert report.pages == 25
    assert not report.skipped, report.skipped
    assert report.items >= 25  # listing pages give one item per entry


def test_two_workers_build_the_same_graphs_as_one(tmp_path, monkeypatch):
    """The parallel path (worker processes, a bounded window of pages in flight, many small batches) gives
    the same quads as extracting in this process, apart from the ingest time."""
    import sys
    from pathlib import Path

    import osce_kg.build as build_module

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    pages = tmp_path / "pages"
    generate(150, 7, pages)
    monkeypatch.setattr(build_module, "BATCH_SIZE", 40)  # several batches and a window of a few chunks
    seen: list[tuple[int, int]] = []
    dumps = {}
    for jobs in (1, 2):
        with Store(tmp_path / f"store-{jobs}") as store:
            report = build(store, [pages], validate=False, jobs=jobs,
                           progress=(lambda n, total: seen.append((n, total))) if jobs == 2 else None)
            assert report.pages == 150 and report.jobs == jobs and not report.skipped
            dumps[jobs] = sorted(line for line in export_bytes(store, "nquads").decode().splitlines()
                                 if "generatedAtTime" not in line)
    assert len(dumps[1]) > 150 * 20
    assert dumps[1] == dumps[2]
    assert seen[-1] == (150, 150) and [n for n, _ in seen] == sorted(n for n, _ in seen)


def test_a_build_of_several_batches_compacts_the_store(tmp_path, monkeypatch):
    """Two batches or more: the store is compacted at the end. One batch (a usual update): it is not."""
    import osce_kg.build as build_module

    calls: list[int] = []
    real = Store.optimize

    def counted(self):
        calls.append(1)
        real(self)

    monkeypatch.setattr(Store, "optimize", counted)
    monkeypatch.setattr(build_module, "BATCH_SIZE", 10)
    with Store(tmp_path / "store") as store:
        report = build(store, validate=False, jobs=1)  # the bundled samples: 42 items, five batches
        assert report.added == 42 and calls == [1]
    monkeypatch.setattr(build_module, "BATCH_SIZE", 2000)
    with Store(tmp_path / "store2") as store:
        build(store, validate=False, jobs=1)
        assert calls == [1]
