"""Canned queries (queries/*.rq): exact rows on a hand-written fixture, parameters, injection, formats, API.

The fixture tests/fixtures/queries/mini.trig follows docs/DATA-MODEL.md (a cut-down graph:reference and four
news graphs); every expected row below was worked out by hand from it (see the comments in the fixture).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from osce_kg import queries
from osce_kg.errors import QueryError
from osce_kg.store import Store

XSD = "http://www.w3.org/2001/XMLSchema#"

FIXTURE = Path(__file__).parent / "fixtures" / "queries" / "mini.trig"
SHORT = {"https://w3id.org/osce-kg/id/": "osceid:", "https://w3id.org/osce-kg/field-of-work/": "fow:",
         "https://w3id.org/osce-kg/ontology#": "osce:"}
# GROUP_CONCAT gives no order: these columns are compared as sorted lists.
LIST_COLUMNS = {"places", "states", "organisers", "partners", "funders", "implementing_units", "roles",
                "chairpersons_in_office", "years"}


def short(value: object) -> object:
    if isinstance(value, str):
        for ns, prefix in SHORT.items():
            if value.startswith(ns):
                return prefix + value[len(ns):]
    return value


def normalise(columns: tuple[str, ...], row: tuple) -> tuple:
    return tuple(tuple(sorted(v.split("; ") if "; " in v else v.split(", "))) if c in LIST_COLUMNS and v else v
                 for c, v in zip(columns, row, strict=True))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("q") / "store") as s:
        s.bulk_load(FIXTURE, "trig")
        yield s


@pytest.fixture(scope="module")
def store_path(store):
    return store.path


CASES = [
    ('chairpersonships', {}, ('chair_year', 'state', 'state_name', 'chairpersons_in_office', 'events_in_chair_state'), [
        ('2023', 'osceid:country/mk', 'North Macedonia', 'Bujar Osmani', 1),
        ('2024', 'osceid:country/mt', 'Malta', 'Ian Borg', 0),
    ]),
    ('chairpersonships', {'year': '2024'}, ('chair_year', 'state', 'state_name', 'chairpersons_in_office', 'events_in_chair_state'), [
        ('2024', 'osceid:country/mt', 'Malta', 'Ian Borg', 0),
    ]),
    ('closed-field-operations', {}, ('operation', 'name', 'state', 'host', 'opened', 'closed', 'successor', 'successor_name', 'successor_closed'), [
        ('osceid:field-operation/central-asia-1995', 'OSCE Liaison Office in Central Asia', 'osceid:country/uz', 'Uzbekistan', '1995-03-16', '2000-12-14', 'osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent', '2006'),
        ('osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent', 'osceid:country/uz', 'Uzbekistan', '2000-12-14', '2006', 'osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', None),
        ('osceid:field-operation/ukraine-1999', 'OSCE Project Co-ordinator in Ukraine', 'osceid:country/ua', 'Ukraine', '1999-06-01', '2022-06-30', 'osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', None),
    ]),
    ('co-occurring-fields-of-work', {}, ('field_a', 'label_a', 'field_b', 'label_b', 'news_items'), [
        ('fow:gender-equality', 'Gender equality', 'fow:policing', 'Policing', 1),
    ]),
    ('co-organisers', {}, ('org_a', 'name_a', 'org_b', 'name_b', 'events', 'first', 'last'), [
        ('osceid:org/ngo-alliance', 'NGO Alliance', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 1, '2023-11-20', '2023-11-20'),
        ('osceid:org/national-police-of-ukraine', 'National Police of Ukraine', 'osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 1, '2023-05-29', '2023-05-29'),
        ('osceid:org/chairpersonship', 'OSCE Chairpersonship', 'osceid:org/ngo-alliance', 'NGO Alliance', 1, None, None),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 1, '2024-03-05', '2024-03-05'),
    ]),
    ('co-organisers', {'org': 'ODIHR'}, ('org_a', 'name_a', 'org_b', 'name_b', 'events', 'first', 'last'), [
        ('osceid:org/ngo-alliance', 'NGO Alliance', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 1, '2023-11-20', '2023-11-20'),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 1, '2024-03-05', '2024-03-05'),
    ]),
    ('cross-border-funders', {}, ('funder', 'funder_name', 'state', 'state_name', 'events', 'years'), [
        ('osceid:country/de', 'Germany', 'osceid:country/kg', 'Kyrgyzstan', 1, '2024'),
        ('osceid:country/de', 'Germany', 'osceid:country/ua', 'Ukraine', 1, '2023'),
        ('osceid:country/mt', 'Malta', 'osceid:country/mk', 'North Macedonia', 1, '2023'),
    ]),
    ('cross-border-funders', {'state': 'Ukraine'}, ('funder', 'funder_name', 'state', 'state_name', 'events', 'years'), [
        ('osceid:country/de', 'Germany', 'osceid:country/ua', 'Ukraine', 1, '2023'),
    ]),
    ('entity-profile', {'entity': 'Lviv'}, ('subject', 'predicate', 'object'), [
        ('osceid:country/ua', 'http://www.w3.org/2000/01/rdf-schema#label', 'Ukraine'),
        ('osceid:event/aaaaaaaaaa01-e2', 'http://www.w3.org/2000/01/rdf-schema#label', 'conference, Lviv, 2023-06-15'),
        ('osceid:event/aaaaaaaaaa01-e2', 'https://schema.org/location', 'osceid:place/lviv'),
        ('osceid:news/aaaaaaaaaa01', 'http://www.w3.org/2000/01/rdf-schema#label', 'Police officers trained in Kyiv'),
        ('osceid:news/aaaaaaaaaa01', 'https://schema.org/mentions', 'osceid:place/lviv'),
        ('osceid:place/lviv', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://schema.org/City'),
        ('osceid:place/lviv', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'osce:City'),
        ('osceid:place/lviv', 'http://www.w3.org/2000/01/rdf-schema#label', 'Lviv'),
        ('osceid:place/lviv', 'https://schema.org/containedInPlace', 'osceid:country/ua'),
    ]),
    ('event-evidence', {'event': 'training course, Kyiv, 2023-05-29'}, ('event', 'kind', 'sentence', 'start_offset', 'end_offset', 'news', 'headline', 'published', 'url', 'source_file'), [
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', 'Thirty police officers, 12 of them women, completed a three-day course in Kyiv.', 120, 190, 'osceid:news/aaaaaaaaaa01', 'Police officers trained in Kyiv', '2023-05-31', 'https://www.osce.org/support-programme-for-ukraine/500001', 'fixture/01.txt'),
    ]),
    ('events-between-dates', {'from': '2023-06-01', 'to': '2024-03-31'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', '2023-06-15', None, 'Lviv', 'Ukraine', 'OSCE Support Programme for Ukraine', None, None, None, None, None, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/dddddddddd04-e1', 'roundtable', '2023-11-20', None, 'Skopje', 'North Macedonia', 'NGO Alliance; OSCE Office for Democratic Institutions and Human Rights', 'Japan', 'Malta', 40, 25, 15, 'osceid:news/dddddddddd04'),
        ('osceid:event/bbbbbbbbbb02-e2', 'study visit', '2024-03', None, 'Uzbekistan', 'Uzbekistan', 'OSCE Office for Democratic Institutions and Human Rights', None, 'Uzbekistan', None, None, None, 'osceid:news/bbbbbbbbbb02'),
        ('osceid:event/bbbbbbbbbb02-e1', 'training seminar', '2024-03-05', '2024-03-07', 'Bishkek', 'Kyrgyzstan', 'OSCE Office for Democratic Institutions and Human Rights; OSCE Programme Office in Bishkek', None, 'Germany', 20, 11, 9, 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('events-by-type', {'type': 'training'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', '2023-05-29', '2023-05-31', 'Kyiv', 'Ukraine', 'National Police of Ukraine; OSCE Support Programme for Ukraine', 'OSCE Office for Democratic Institutions and Human Rights', 'Germany', 30, 12, 18, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/bbbbbbbbbb02-e1', 'training seminar', '2024-03-05', '2024-03-07', 'Bishkek', 'Kyrgyzstan', 'OSCE Office for Democratic Institutions and Human Rights; OSCE Programme Office in Bishkek', None, 'Germany', 20, 11, 9, 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('events-in-chair-state', {}, ('chair_year', 'chair_state', 'event', 'kind', 'start', 'places', 'organisers', 'news'), [
        ('2023', 'North Macedonia', 'osceid:event/dddddddddd04-e1', 'roundtable', '2023-11-20', 'Skopje', 'NGO Alliance; OSCE Office for Democratic Institutions and Human Rights', 'osceid:news/dddddddddd04'),
    ]),
    ('events-in-chair-state', {'year': '2024'}, ('chair_year', 'chair_state', 'event', 'kind', 'start', 'places', 'organisers', 'news'), [
    ]),
    ('events-in-city', {'city': 'Kiev'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', '2023-05-29', '2023-05-31', 'Kyiv', 'Ukraine', 'National Police of Ukraine; OSCE Support Programme for Ukraine', 'OSCE Office for Democratic Institutions and Human Rights', 'Germany', 30, 12, 18, 'osceid:news/aaaaaaaaaa01'),
    ]),
    ('events-in-field-of-work', {'field': 'gender-equality', 'to': '2023-06-30'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', '2023-05-29', '2023-05-31', 'Kyiv', 'Ukraine', 'National Police of Ukraine; OSCE Support Programme for Ukraine', 'OSCE Office for Democratic Institutions and Human Rights', 'Germany', 30, 12, 18, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', '2023-06-15', None, 'Lviv', 'Ukraine', 'OSCE Support Programme for Ukraine', None, None, None, None, None, 'osceid:news/aaaaaaaaaa01'),
    ]),
    ('events-in-state', {}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', '2023-05-29', '2023-05-31', 'Kyiv', 'Ukraine', 'National Police of Ukraine; OSCE Support Programme for Ukraine', 'OSCE Office for Democratic Institutions and Human Rights', 'Germany', 30, 12, 18, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', '2023-06-15', None, 'Lviv', 'Ukraine', 'OSCE Support Programme for Ukraine', None, None, None, None, None, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/dddddddddd04-e1', 'roundtable', '2023-11-20', None, 'Skopje', 'North Macedonia', 'NGO Alliance; OSCE Office for Democratic Institutions and Human Rights', 'Japan', 'Malta', 40, 25, 15, 'osceid:news/dddddddddd04'),
        ('osceid:event/bbbbbbbbbb02-e2', 'study visit', '2024-03', None, 'Uzbekistan', 'Uzbekistan', 'OSCE Office for Democratic Institutions and Human Rights', None, 'Uzbekistan', None, None, None, 'osceid:news/bbbbbbbbbb02'),
        ('osceid:event/bbbbbbbbbb02-e1', 'training seminar', '2024-03-05', '2024-03-07', 'Bishkek', 'Kyrgyzstan', 'OSCE Office for Democratic Institutions and Human Rights; OSCE Programme Office in Bishkek', None, 'Germany', 20, 11, 9, 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('events-in-state', {'state': 'UA', 'from': '2023-06-01'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', '2023-06-15', None, 'Lviv', 'Ukraine', 'OSCE Support Programme for Ukraine', None, None, None, None, None, 'osceid:news/aaaaaaaaaa01'),
    ]),
    ('events-per-month', {}, ('month', 'events', 'participants'), [
        ('2023-05', 1, 30),
        ('2023-06', 1, 0),
        ('2023-11', 1, 40),
        ('2024-03', 2, 20),
    ]),
    ('events-per-month', {'state': 'Uzbekistan'}, ('month', 'events', 'participants'), [
        ('2024-03', 1, 0),
    ]),
    ('events-without-place-or-count', {}, ('event', 'kind', 'news', 'has_place', 'has_count'), [
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', 'osceid:news/aaaaaaaaaa01', True, False),
        ('osceid:event/bbbbbbbbbb02-e2', 'study visit', 'osceid:news/bbbbbbbbbb02', True, False),
        ('osceid:event/cccccccccc03-e1', 'working meeting', 'osceid:news/cccccccccc03', False, False),
    ]),
    ('events', {}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/cccccccccc03-e1', 'working meeting', None, None, None, None, 'NGO Alliance; OSCE Chairpersonship', None, None, None, None, None, 'osceid:news/cccccccccc03'),
        ('osceid:event/aaaaaaaaaa01-e1', 'training course', '2023-05-29', '2023-05-31', 'Kyiv', 'Ukraine', 'National Police of Ukraine; OSCE Support Programme for Ukraine', 'OSCE Office for Democratic Institutions and Human Rights', 'Germany', 30, 12, 18, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/aaaaaaaaaa01-e2', 'conference', '2023-06-15', None, 'Lviv', 'Ukraine', 'OSCE Support Programme for Ukraine', None, None, None, None, None, 'osceid:news/aaaaaaaaaa01'),
        ('osceid:event/dddddddddd04-e1', 'roundtable', '2023-11-20', None, 'Skopje', 'North Macedonia', 'NGO Alliance; OSCE Office for Democratic Institutions and Human Rights', 'Japan', 'Malta', 40, 25, 15, 'osceid:news/dddddddddd04'),
        ('osceid:event/bbbbbbbbbb02-e2', 'study visit', '2024-03', None, 'Uzbekistan', 'Uzbekistan', 'OSCE Office for Democratic Institutions and Human Rights', None, 'Uzbekistan', None, None, None, 'osceid:news/bbbbbbbbbb02'),
        ('osceid:event/bbbbbbbbbb02-e1', 'training seminar', '2024-03-05', '2024-03-07', 'Bishkek', 'Kyrgyzstan', 'OSCE Office for Democratic Institutions and Human Rights; OSCE Programme Office in Bishkek', None, 'Germany', 20, 11, 9, 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('events', {'organiser': 'ODIHR', 'from': '2024-01-01'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/bbbbbbbbbb02-e2', 'study visit', '2024-03', None, 'Uzbekistan', 'Uzbekistan', 'OSCE Office for Democratic Institutions and Human Rights', None, 'Uzbekistan', None, None, None, 'osceid:news/bbbbbbbbbb02'),
        ('osceid:event/bbbbbbbbbb02-e1', 'training seminar', '2024-03-05', '2024-03-07', 'Bishkek', 'Kyrgyzstan', 'OSCE Office for Democratic Institutions and Human Rights; OSCE Programme Office in Bishkek', None, 'Germany', 20, 11, 9, 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('events', {'type': 'conference', 'state': 'North Macedonia'}, ('event', 'kind', 'start', 'end', 'places', 'states', 'organisers', 'partners', 'funders', 'participants', 'women', 'men', 'news'), [
        ('osceid:event/dddddddddd04-e1', 'roundtable', '2023-11-20', None, 'Skopje', 'North Macedonia', 'NGO Alliance; OSCE Office for Democratic Institutions and Human Rights', 'Japan', 'Malta', 40, 25, 15, 'osceid:news/dddddddddd04'),
    ]),
    ('field-operations-without-news', {}, ('operation', 'name', 'opened', 'closed'), [
        ('osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent', '2000-12-14', '2006'),
        ('osceid:field-operation/central-asia-1995', 'OSCE Liaison Office in Central Asia', '1995-03-16', '2000-12-14'),
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', '1999-07-01', None),
        ('osceid:field-operation/ukraine-1999', 'OSCE Project Co-ordinator in Ukraine', '1999-06-01', '2022-06-30'),
        ('osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', '2006', None),
    ]),
    ('field-operations-without-news', {'year': '2024'}, ('operation', 'name', 'opened', 'closed'), [
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', '1999-07-01', None),
        ('osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', '2006', None),
    ]),
    ('field-operations-without-news', {'year': '2023'}, ('operation', 'name', 'opened', 'closed'), [
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', '1999-07-01', None),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', '1998-07-23', None),
        ('osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', '2006', None),
    ]),
    ('field-operations', {}, ('operation', 'name', 'state', 'host', 'office_city', 'opened', 'closed', 'successor', 'successor_name'), [
        ('osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent', 'osceid:country/uz', 'Uzbekistan', 'Tashkent', '2000-12-14', '2006', 'osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan'),
        ('osceid:field-operation/central-asia-1995', 'OSCE Liaison Office in Central Asia', 'osceid:country/uz', 'Uzbekistan', 'Tashkent', '1995-03-16', '2000-12-14', 'osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent'),
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', 'osceid:territory/kosovo', 'Kosovo', 'Pristina', '1999-07-01', None, None, None),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', 'osceid:country/kg', 'Kyrgyzstan', 'Bishkek', '1998-07-23', None, None, None),
        ('osceid:field-operation/ukraine-1999', 'OSCE Project Co-ordinator in Ukraine', 'osceid:country/ua', 'Ukraine', 'Kyiv', '1999-06-01', '2022-06-30', 'osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine'),
        ('osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', 'osceid:country/uz', 'Uzbekistan', 'Tashkent', '2006', None, None, None),
    ]),
    ('field-operations', {'state': 'Kosovo'}, ('operation', 'name', 'state', 'host', 'office_city', 'opened', 'closed', 'successor', 'successor_name'), [
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', 'osceid:territory/kosovo', 'Kosovo', 'Pristina', '1999-07-01', None, None, None),
    ]),
    ('gender-by-field-of-work', {}, ('field', 'field_label', 'events', 'women', 'men'), [
        ('fow:elections', 'Elections', 1, 11, 9),
        ('fow:gender-equality', 'Gender equality', 2, 37, 33),
        ('fow:policing', 'Policing', 1, 12, 18),
    ]),
    ('gender-by-organiser', {}, ('organiser', 'organiser_name', 'events', 'women', 'men'), [
        ('osceid:org/ngo-alliance', 'NGO Alliance', 1, 25, 15),
        ('osceid:org/national-police-of-ukraine', 'National Police of Ukraine', 1, 12, 18),
        ('osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 2, 36, 24),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', 1, 11, 9),
        ('osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 1, 12, 18),
    ]),
    ('gender-by-organiser', {'organiser': 'ODIHR'}, ('organiser', 'organiser_name', 'events', 'women', 'men'), [
        ('osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 2, 36, 24),
    ]),
    ('news-by-field-of-work', {}, ('field', 'field_label', 'year_published', 'news_items'), [
        ('fow:elections', 'Elections', '2024', 1),
        ('fow:gender-equality', 'Gender equality', '2023', 2),
        ('fow:policing', 'Policing', '2023', 1),
        ('fow:unknown', 'Unknown field of work', None, 1),
    ]),
    ('news-by-field-of-work', {'year': '2023'}, ('field', 'field_label', 'year_published', 'news_items'), [
        ('fow:gender-equality', 'Gender equality', '2023', 2),
        ('fow:policing', 'Policing', '2023', 1),
    ]),
    ('news-without-date', {}, ('news', 'headline', 'content_type', 'source_file'), [
        ('osceid:news/cccccccccc03', 'Chair meets civil society', None, 'fixture/03.txt'),
    ]),
    ('osce-hierarchy', {}, ('unit', 'name', 'depth', 'parent', 'parent_name', 'kind'), [
        ('osceid:field-operation/tashkent-2000', 'OSCE Centre in Tashkent', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:org/chairpersonship', 'OSCE Chairpersonship', 1, 'osceid:org/osce', 'OSCE', 'ExecutiveStructure'),
        ('osceid:field-operation/central-asia-1995', 'OSCE Liaison Office in Central Asia', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:field-operation/kosovo-1999', 'OSCE Mission in Kosovo', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 1, 'osceid:org/osce', 'OSCE', 'Institution'),
        ('osceid:field-operation/bishkek-1998', 'OSCE Programme Office in Bishkek', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:field-operation/ukraine-1999', 'OSCE Project Co-ordinator in Ukraine', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:field-operation/uzbekistan-2006', 'OSCE Project Co-ordinator in Uzbekistan', 1, 'osceid:org/osce', 'OSCE', 'FieldOperation'),
        ('osceid:org/secretariat', 'OSCE Secretariat', 1, 'osceid:org/osce', 'OSCE', 'Secretariat'),
        ('osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 2, 'osceid:org/secretariat', 'OSCE Secretariat', 'SecretariatUnit'),
        ('osceid:org/transnational-threats-department', 'Transnational Threats Department', 2, 'osceid:org/secretariat', 'OSCE Secretariat', 'SecretariatUnit'),
        ('osceid:org/strategic-police-matters-unit', 'Strategic Police Matters Unit', 3, 'osceid:org/transnational-threats-department', 'Transnational Threats Department', 'SecretariatUnit'),
    ]),
    ('osce-hierarchy', {'root': 'Secretariat'}, ('unit', 'name', 'depth', 'parent', 'parent_name', 'kind'), [
        ('osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 1, 'osceid:org/secretariat', 'OSCE Secretariat', 'SecretariatUnit'),
        ('osceid:org/transnational-threats-department', 'Transnational Threats Department', 1, 'osceid:org/secretariat', 'OSCE Secretariat', 'SecretariatUnit'),
        ('osceid:org/strategic-police-matters-unit', 'Strategic Police Matters Unit', 2, 'osceid:org/transnational-threats-department', 'Transnational Threats Department', 'SecretariatUnit'),
    ]),
    ('participants-per-state-year', {}, ('state', 'state_name', 'event_year', 'events', 'participants', 'participants_from'), [
        ('osceid:country/jp', 'Japan', '2023', 0, 0, 5),
        ('osceid:country/kg', 'Kyrgyzstan', '2024', 1, 20, 0),
        ('osceid:country/mk', 'North Macedonia', '2023', 1, 40, 0),
        ('osceid:country/ua', 'Ukraine', '2023', 2, 30, 25),
        ('osceid:country/uz', 'Uzbekistan', '2024', 1, 0, 0),
    ]),
    ('participants-per-state-year', {'year': '2024'}, ('state', 'state_name', 'event_year', 'events', 'participants', 'participants_from'), [
        ('osceid:country/kg', 'Kyrgyzstan', '2024', 1, 20, 0),
        ('osceid:country/uz', 'Uzbekistan', '2024', 1, 0, 0),
    ]),
    ('partner-states-in-events', {}, ('partner', 'partner_name', 'role', 'participants', 'event', 'start', 'news'), [
        ('osceid:country/jp', 'Japan', 'participants from', 5, 'osceid:event/aaaaaaaaaa01-e1', '2023-05-29', 'osceid:news/aaaaaaaaaa01'),
        ('osceid:country/jp', 'Japan', 'partner', None, 'osceid:event/dddddddddd04-e1', '2023-11-20', 'osceid:news/dddddddddd04'),
    ]),
    ('people-quoted', {}, ('person', 'name', 'role', 'organisation', 'organisation_name', 'as_of', 'quote', 'news'), [
        ('osceid:person/anna-schmidt', 'Anna Schmidt', 'Senior Adviser', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', '2024-03-10', 'Observers are the eyes of the public.', 'osceid:news/bbbbbbbbbb02'),
        ('osceid:person/aziz-karimov', 'Aziz Karimov', 'Deputy Chair', 'osceid:org/central-election-commission-of-kyrgyzstan', 'Central Election Commission of Kyrgyzstan', '2024-03-10', 'We welcome the support.', 'osceid:news/bbbbbbbbbb02'),
        ('osceid:person/ivan-petrenko', 'Ivan Petrenko', 'Head of the Training Department', 'osceid:org/national-police-of-ukraine', 'National Police of Ukraine', '2023-05-31', 'Community policing starts with trust.', 'osceid:news/aaaaaaaaaa01'),
    ]),
    ('people-quoted', {'org': 'ODIHR'}, ('person', 'name', 'role', 'organisation', 'organisation_name', 'as_of', 'quote', 'news'), [
        ('osceid:person/anna-schmidt', 'Anna Schmidt', 'Senior Adviser', 'osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', '2024-03-10', 'Observers are the eyes of the public.', 'osceid:news/bbbbbbbbbb02'),
    ]),
    ('projects', {}, ('project', 'name', 'funders', 'implementing_units', 'events', 'news_items'), [
        ('osceid:project/police-reform-project', 'Police Reform Project', 'Germany', 'OSCE Support Programme for Ukraine', 1, 1),
    ]),
    ('projects', {'funder': 'Malta'}, ('project', 'name', 'funders', 'implementing_units', 'events', 'news_items'), [
    ]),
    ('states-without-events', {}, ('state', 'name'), [
        ('osceid:country/at', 'Austria'),
        ('osceid:country/de', 'Germany'),
        ('osceid:country/mt', 'Malta'),
    ]),
    ('states-without-events', {'year': '2023'}, ('state', 'name'), [
        ('osceid:country/at', 'Austria'),
        ('osceid:country/de', 'Germany'),
        ('osceid:country/kg', 'Kyrgyzstan'),
        ('osceid:country/mt', 'Malta'),
        ('osceid:country/uz', 'Uzbekistan'),
    ]),
    ('top-cities', {}, ('city', 'name', 'state_name', 'events', 'news_items'), [
        ('osceid:place/bishkek', 'Bishkek', 'Kyrgyzstan', 1, 1),
        ('osceid:place/kyiv', 'Kyiv', 'Ukraine', 1, 1),
        ('osceid:place/lviv', 'Lviv', 'Ukraine', 1, 1),
        ('osceid:place/skopje', 'Skopje', 'North Macedonia', 1, 1),
    ]),
    ('top-cities', {'state': 'Ukraine'}, ('city', 'name', 'state_name', 'events', 'news_items'), [
        ('osceid:place/kyiv', 'Kyiv', 'Ukraine', 1, 1),
        ('osceid:place/lviv', 'Lviv', 'Ukraine', 1, 1),
    ]),
    ('top-cities', {'year': '2023'}, ('city', 'name', 'state_name', 'events', 'news_items'), [
        ('osceid:place/kyiv', 'Kyiv', 'Ukraine', 1, 1),
        ('osceid:place/lviv', 'Lviv', 'Ukraine', 1, 1),
        ('osceid:place/skopje', 'Skopje', 'North Macedonia', 1, 1),
    ]),
    ('top-cities', {'year': '2024'}, ('city', 'name', 'state_name', 'events', 'news_items'), [
        ('osceid:place/bishkek', 'Bishkek', 'Kyrgyzstan', 1, 1),
    ]),
    ('unlinked-organisations', {}, ('organisation', 'name', 'news_items'), [
        ('osceid:org/ngo-alliance', 'NGO Alliance', 2),
        ('osceid:org/central-election-commission-of-kyrgyzstan', 'Central Election Commission of Kyrgyzstan', 1),
        ('osceid:org/national-police-of-ukraine', 'National Police of Ukraine', 1),
    ]),
    ('who-spoke-for', {}, ('organisation', 'organisation_name', 'person', 'name', 'roles', 'first_seen', 'last_seen', 'news_items'), [
        ('osceid:org/central-election-commission-of-kyrgyzstan', 'Central Election Commission of Kyrgyzstan', 'osceid:person/aziz-karimov', 'Aziz Karimov', 'Deputy Chair', '2024-03-10', '2024-03-10', 1),
        ('osceid:org/national-police-of-ukraine', 'National Police of Ukraine', 'osceid:person/ivan-petrenko', 'Ivan Petrenko', 'Head of the Training Department', '2023-05-31', '2023-05-31', 1),
        ('osceid:org/odihr', 'OSCE Office for Democratic Institutions and Human Rights', 'osceid:person/anna-schmidt', 'Anna Schmidt', 'Senior Adviser', '2024-03-10', '2024-03-10', 1),
        ('osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 'osceid:person/anna-schmidt', 'Anna Schmidt', 'Project Manager', '2023-05-31', '2023-05-31', 1),
    ]),
    ('who-spoke-for', {'organisation': 'SPU'}, ('organisation', 'organisation_name', 'person', 'name', 'roles', 'first_seen', 'last_seen', 'news_items'), [
        ('osceid:org/support-programme-for-ukraine', 'OSCE Support Programme for Ukraine', 'osceid:person/anna-schmidt', 'Anna Schmidt', 'Project Manager', '2023-05-31', '2023-05-31', 1),
    ]),
]


def own_queries() -> set[str]:
    """The research queries this file covers; `report-*.rq` back `osce-kg report` and are tested with it."""
    return {name for name in queries.catalogue() if not name.startswith("report-")}


def test_every_canned_query_has_an_exact_rows_case():
    assert len(own_queries()) >= 25
    assert own_queries() <= {name for name, *_ in CASES}


@pytest.mark.parametrize(("name", "params", "columns", "expected"), CASES,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'all'}" for n, p, _, _ in CASES])
def test_canned_query_rows(store, name, params, columns, expected):
    rows = queries.run(name, params, store=store)
    assert tuple(rows.variables) == columns
    got = [normalise(columns, tuple(short(r[c]) for c in columns)) for r in rows]
    if name == "entity-profile":  # a graph has no order
        got = sorted(got)
    assert got == [normalise(columns, r) for r in expected]


# -- the catalogue -----------------------------------------------------------------------------------------
def test_headers_are_complete():
    for name, q in queries.catalogue().items():
        assert q.title and q.title != name, name
        assert len(q.description) > 40, name
        assert q.example.startswith(f"osce-kg query run {name}"), name
        declared = {p.name for p in q.params}
        assert {a.split("=")[0] for a in shlex.split(q.example)[4:] if "=" in a} <= declared, name
        for p in q.params:
            assert f"?{p.name}" in q.text.split("WHERE", 1)[1] or f"?{p.name}" in q.text, (name, p.name)


def test_queries_name_their_graphs():
    """Every triple pattern sits in a GRAPH block: servers differ on what the default graph is."""
    for name, q in queries.catalogue().items():
        body = queries._blank_comments_and_strings(q.text)
        assert "GRAPH" in body, name
        assert "NOT EXISTS" not in body.upper(), name  # PITFALLS #3: MINUS / OPTIONAL+aggregate instead
        ox.Store().query(queries.with_bindings(q.text, None))  # parses as SPARQL 1.1


# -- parameters --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["Ukraine", "ukraine", "UA", "ua", "UKR",
                                   "https://w3id.org/osce-kg/id/country/ua",
                                   "<https://w3id.org/osce-kg/id/country/ua>", "osceid:country/ua"])
def test_a_state_by_label_code_or_iri(store, value):
    assert queries.resolve_entity(store, "country", value) == ox.NamedNode("https://w3id.org/osce-kg/id/country/ua")


def test_alt_labels_and_acronyms(store):
    assert queries.resolve_entity(store, "place", "Kiev").value.endswith("/place/kyiv")
    assert queries.resolve_entity(store, "org", "odihr").value.endswith("/org/odihr")
    assert queries.resolve_entity(store, "mtype", "training").value.endswith("/meeting-type/training")


def test_unknown_value_is_a_clear_error(store):
    with pytest.raises(QueryError, match="no country is called 'Atlantis'"):
        queries.run("events-in-state", {"state": "Atlantis"}, store=store)


def test_ambiguous_value_lists_the_candidates(store):
    with pytest.raises(QueryError) as error:
        queries.run("events-in-city", {"city": "Springfield"}, store=store)
    message = str(error.value)
    assert "ambiguous" in message
    assert "<https://w3id.org/osce-kg/id/place/springfield-a>" in message
    assert "<https://w3id.org/osce-kg/id/place/springfield-b>" in message


def test_wrong_kind_of_iri_and_unknown_iri(store):
    with pytest.raises(QueryError, match="not a country IRI"):
        queries.resolve_entity(store, "country", "https://w3id.org/osce-kg/id/org/odihr")
    with pytest.raises(QueryError, match="nothing is known"):
        queries.resolve_entity(store, "country", "https://w3id.org/osce-kg/id/country/zz")


def test_bad_literal_params_unknown_and_missing_params(store):
    with pytest.raises(QueryError, match="not a valid date"):
        queries.run("events-in-state", {"from": "last tuesday"}, store=store)
    with pytest.raises(QueryError, match="not a valid year"):
        queries.run("news-by-field-of-work", {"year": "MMXXIII"}, store=store)
    with pytest.raises(QueryError, match="has no parameter colour"):
        queries.run("news-by-field-of-work", {"colour": "red"}, store=store)
    with pytest.raises(QueryError, match="needs --param city"):
        queries.run("events-in-city", {}, store=store)


INJECTIONS = ['"} DROP ALL #', "<x> } UNION {", "x' } ; DROP ALL ; #", '") } UNION { ?s ?p ?o } #',
              "https://w3id.org/osce-kg/id/country/ua> } UNION { ?s ?p ?o", "\\u0022} DROP ALL #",
              "Ukraine\n} DROP ALL", "?state", "$state", "UNDEF"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_an_entity_param_finds_nothing_and_harms_nothing(store, value):
    before = len(store.ox)
    with pytest.raises(QueryError) as error:
        queries.run("events-in-state", {"state": value}, store=store)
    assert "no country is called" in str(error.value) or "IRI" in str(error.value) or "nothing is known" in str(error.value)
    assert len(store.ox) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_a_string_param_is_data(store, tmp_path, value):
    """A literal parameter is bound as a literal: the same rows as any harmless unknown name (none)."""
    path = tmp_path / "by-name.rq"
    path.write_text("# title: News by headline\n# description: exact headline.\n"
                    "# param: headline (string, required): the headline\n"
                    "SELECT ?news WHERE { GRAPH ?g { ?news schema:headline ?headline } }\n")
    q = queries.parse_header(path)
    before = len(store.ox)
    rows = queries.Rows.from_result(queries.run_text(store, q.text, queries.bind(store, q, {"headline": value})))
    harmless = queries.Rows.from_result(queries.run_text(store, q.text, queries.bind(store, q, {"headline": "zz"})))
    assert list(rows) == list(harmless) == []
    assert len(store.ox) == before
    real = queries.run_text(store, q.text, queries.bind(store, q, {"headline": "Chair meets civil society"}))
    assert len(list(real)) == 1


def test_values_block_escapes_terms():
    text = queries.with_bindings("SELECT ?x WHERE { GRAPH ?g { ?x ?p ?name } }", {"name": ox.Literal('"} DROP ALL #')})
    assert 'VALUES ?name { "\\"} DROP ALL #" }' in text
    ox.Store().query(text)  # still one valid query


def test_graph_inferred_is_filtered_out_unless_asked():
    text = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s ?q \"}\" } } OPTIONAL { GRAPH ?h { ?s a ?c } } }"
    rewritten = queries.without_graph(text)
    assert rewritten.count("FILTER(?g != <https://w3id.org/osce-kg/graph/inferred>)") == 1
    assert rewritten.count("FILTER(?h != <https://w3id.org/osce-kg/graph/inferred>)") == 1
    ox.Store().query(rewritten)


# -- library API -------------------------------------------------------------------------------------------
def test_run_returns_rows_a_notebook_can_use(store):
    rows = queries.run("gender-by-field-of-work", {}, store=store)
    assert isinstance(rows, list) and isinstance(rows[0], dict)
    assert rows.variables == ["field", "field_label", "events", "women", "men"]
    assert rows[1]["women"] == 37 and isinstance(rows[1]["women"], int)
    graph_rows = queries.run("entity-profile", {"entity": "Lviv"}, store=store)
    assert graph_rows.variables == ["subject", "predicate", "object"]


def test_to_dataframe(store):
    pd = pytest.importorskip("pandas")
    frame = queries.run("gender-by-field-of-work", {}, store=store).to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["field", "field_label", "events", "women", "men"]
    assert frame["women"].sum() == 60


def test_run_opens_the_default_store_read_only(store_path, monkeypatch, store):
    monkeypatch.setenv("OSCE_KG_STORE", str(store_path))
    store.ox.flush()
    rows = queries.run("news-without-date")
    assert [r["headline"] for r in rows] == ["Chair meets civil society"]


# -- the command line --------------------------------------------------------------------------------------
def cli(*args: str, store=None, input: str | None = None):
    env = dict(os.environ)
    if store is not None:
        env["OSCE_KG_STORE"] = str(store)
    return subprocess.run([sys.executable, "-m", "osce_kg", *args], capture_output=True, text=True, env=env,
                          input=input, timeout=120)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    """A separate on-disk copy for subprocesses (the module store stays open for writing)."""
    path = tmp_path_factory.mktemp("cli") / "store"
    with Store(path) as s:
        s.bulk_load(FIXTURE, "trig")
    return path


def test_cli_list_json_has_names_types_and_defaults():
    result = cli("query", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    listing = {q["name"]: q for q in json.loads(result.stdout)}
    assert len(listing) >= 25
    hierarchy = listing["osce-hierarchy"]
    assert hierarchy["title"] and hierarchy["description"]
    assert hierarchy["parameters"] == [{"name": "root", "type": "org", "required": False, "default": "OSCE",
                                        "description": "the top of the tree (label, acronym or IRI)"}]
    text = cli("query", "list").stdout
    assert "events-in-city" in text and "city" in text


def test_cli_show_prints_doc_and_sparql():
    result = cli("query", "show", "events-in-state")
    assert result.returncode == 0
    assert "--param state=" in result.stdout and "SELECT" in result.stdout and "example:" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_cli_run_select_formats(cli_store, fmt):
    result = cli("query", "run", "events-in-state", "--param", "state=Ukraine", "--param", "from=2023-01-01",
                 "--format", fmt, store=cli_store)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    if fmt == "table":
        assert "osceid:event/aaaaaaaaaa01-e1" in out and out.rstrip().endswith("(2 rows)")
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][:3] == ["event", "kind", "start"] and len(rows) == 3
    elif fmt == "tsv":
        assert out.startswith("?event\t?kind")
    elif fmt == "json":
        assert len(json.loads(out)["results"]["bindings"]) == 2
    else:
        assert "<sparql" in out and out.count("<result>") == 2


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples"])
def test_cli_run_construct_formats(cli_store, fmt):
    result = cli("query", "run", "entity-profile", "-p", "entity=Lviv", "--format", fmt, store=cli_store)
    assert result.returncode == 0, result.stderr
    fmt_ox = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES}[fmt]
    triples = list(ox.parse(result.stdout.encode(), fmt_ox))
    assert len(triples) == 9


def test_cli_errors_are_one_line_with_exit_2(cli_store):
    unknown = cli("query", "run", "events-in-state", "-p", "state=Atlantis", store=cli_store)
    assert unknown.returncode == 2 and "no country is called 'Atlantis'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    ambiguous = cli("query", "run", "events-in-city", "-p", "city=Springfield", store=cli_store)
    assert ambiguous.returncode == 2 and "springfield-a" in ambiguous.stderr and "springfield-b" in ambiguous.stderr
    wrong = cli("query", "run", "entity-profile", "--format", "csv", "-p", "entity=Lviv", store=cli_store)
    assert wrong.returncode == 2 and "graph answer" in wrong.stderr


def test_cli_file_with_header_params_and_sparql_stdin(cli_store, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Events of an organiser\n# param: who (org, required): organiser\n"
                    "SELECT ?event WHERE { GRAPH ?g { ?event schema:organizer ?who } } ORDER BY ?event\n")
    result = cli("query", "run", "--file", str(path), "-p", "who=ODIHR", "--format", "csv", store=cli_store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["event", "https://w3id.org/osce-kg/id/event/bbbbbbbbbb02-e1",
                                     "https://w3id.org/osce-kg/id/event/bbbbbbbbbb02-e2",
                                     "https://w3id.org/osce-kg/id/event/dddddddddd04-e1"]
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a osce:Event } }"
    assert cli("sparql", "--format", "csv", input=query, store=cli_store).stdout.split() == ["n", "6"]
    assert cli("sparql", query, "--format", "csv", store=cli_store).stdout.split() == ["n", "6"]


def test_query_modules_do_not_import_rdflib():
    """`osce-kg query run` must start fast: the query modules keep rdflib and pyshacl off their import path."""
    code = ("import sys, osce_kg.queries, osce_kg.commands.query\n"
            "bad = [m for m in ('rdflib', 'pyshacl', 'owlrl') if m in sys.modules]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_query_run_does_not_import_rdflib(cli_store):
    code = ("import sys; from osce_kg.cli import main\n"
            "try:\n    main(['query', 'run', 'news-without-date', '--format', 'csv'])\n"
            "except SystemExit:\n    pass\n"
            "sys.exit(3 if 'rdflib' in sys.modules else 0)")
    env = dict(os.environ, OSCE_KG_STORE=str(cli_store))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0


# -- the development corpus --------------------------------------------------------------------------------
def example_params(q: queries.CannedQuery) -> dict[str, str]:
    args = shlex.split(q.example)
    return dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a in ("--param", "-p"))


def test_every_query_runs_on_the_development_corpus(samples_store):
    """Each canned query, with its example's parameters and (when it has no required one) with none."""
    with Store(samples_store[0], read_only=True) as s:
        for name, q in queries.catalogue().items():
            queries.run(name, example_params(q), store=s)
            if not any(p.required for p in q.params):
                queries.run(name, {}, store=s)


# -- listings come a page at a time ---------------------------------------------------------------------------
PAGED = [name for name, q in queries.catalogue().items() if q.page]


def test_the_long_listings_are_paged():
    """The queries that list events, news items, quotations and people are the ones with a page size."""
    assert {"events", "events-in-state", "events-by-type", "events-between-dates", "events-in-field-of-work",
            "people-quoted", "who-spoke-for", "news-without-date", "unlinked-organisations"} <= set(PAGED)
    for name in PAGED:
        q = queries.get(name)

        def limits(text: str) -> list[str]:
            return re.findall(r"LIMIT \d+(?: OFFSET \d+)?", queries._blank_comments_and_strings(text))

        assert limits(queries.paged(q)) == [f"LIMIT {q.page}"]
        assert limits(queries.paged(q, None)) == []
        assert limits(queries.paged(q, 7, 14)) == ["LIMIT 7 OFFSET 14"]


def test_a_page_size_needs_its_one_limit(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# title: t\n# page: 10\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="exactly one 'LIMIT 10'"):
        queries.parse_header(path)
    path.write_text("# title: t\n# page: 10\nSELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 10 } } LIMIT 5\n")
    with pytest.raises(QueryError, match="not 2 LIMITs"):
        queries.parse_header(path)
    path.write_text("# title: t\n# page: ten\nSELECT * WHERE { ?s ?p ?o } LIMIT 10\n")
    with pytest.raises(QueryError, match="bad page size"):
        queries.parse_header(path)


def _key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


@pytest.mark.parametrize("name", PAGED)
def test_pages_partition_the_listing(samples_store, name):
    """Pages of 3, read with offsets until one comes back short, hold exactly the rows of the whole listing,
    each once: the page is cut on the listing's keys, so no row is lost or repeated between pages."""
    from collections import Counter

    q = queries.get(name)
    params = example_params(q) if any(p.required for p in q.params) else {}
    with Store(samples_store[0], read_only=True) as s:
        whole = queries.run(name, params, store=s, limit=None)
        assert whole, f"{name} lists nothing on the development corpus: the test would prove nothing"
        pages, offset = [], 0
        while True:
            page = queries.run(name, params, store=s, limit=3, offset=offset)
            pages.extend(page)
            if len(page) < 3 or offset > 10 * len(whole):
                break
            offset += 3
        assert Counter(map(_key, pages)) == Counter(map(_key, whole))
        first = queries.run(name, params, store=s, limit=queries.PAGE)
        assert len(first) == min(len(whole), q.page) or len(first) >= q.page


def test_the_first_page_holds_the_earliest_events(samples_store):
    with Store(samples_store[0], read_only=True) as s:
        whole = queries.run("events", {}, store=s, limit=None)
        page = queries.run("events", {}, store=s, limit=4)
    starts = sorted(str(r["start"]) if r["start"] is not None else "" for r in whole)
    assert len(whole) > 4 and [str(r["start"]) if r["start"] is not None else "" for r in page] == starts[:4]


def test_parameters_filter_before_the_page_is_cut(store):
    """The page's LIMIT applies to the events that qualify (parameters are bound inside the page's
    sub-select), not to all events: a page of 1 in Ukraine is a Ukrainian event."""
    whole = queries.run("events-in-state", {"state": "Ukraine", "from": "2023-01-01"}, store=store, limit=None)
    assert len(whole) == 2
    first = queries.run("events-in-state", {"state": "Ukraine", "from": "2023-01-01"}, store=store, limit=1)
    second = queries.run("events-in-state", {"state": "Ukraine", "from": "2023-01-01"}, store=store, limit=1,
                         offset=1)
    assert len(first) == len(second) == 1 and {first[0]["event"], second[0]["event"]} == {
        r["event"] for r in whole}


def test_cli_prints_one_page_and_says_how_to_get_more(cli_store):
    args = ("query", "run", "events-in-state", "--param", "state=Ukraine", "--param", "from=2023-01-01")
    first = cli(*args, "--limit", "1", "--format", "csv", store=cli_store)
    assert first.returncode == 0, first.stderr
    assert len(list(csv.reader(io.StringIO(first.stdout)))) == 2
    assert "--offset 1 for the next page" in first.stderr and "--all" in first.stderr
    second = cli(*args, "--limit", "1", "--offset", "1", "--format", "json", store=cli_store)
    assert len(json.loads(second.stdout)["results"]["bindings"]) == 1 and second.stdout != first.stdout
    everything = cli(*args, "--all", store=cli_store)
    assert everything.returncode == 0 and everything.stdout.rstrip().endswith("(2 rows)")
    assert everything.stderr == ""
    not_listing = cli("query", "run", "chairpersonships", "--limit", "1", store=cli_store)
    assert not_listing.returncode == 2 and "not one" in not_listing.stderr
    assert "Traceback" not in not_listing.stderr
    assert "rows per page" in cli("query", "show", "events").stdout


def test_an_iri_only_ever_used_as_an_object_is_known(tmp_path):
    """The existence check looks at both ends of triples (index lookups on the embedded store)."""
    with Store(tmp_path / "s") as fresh:
        fresh.ox.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"),
                             ox.NamedNode("https://w3id.org/osce-kg/id/country/zz"),
                             ox.NamedNode("https://example.org/g")))
        node = queries.resolve_entity(fresh, "country", "https://w3id.org/osce-kg/id/country/zz")
        assert node.value == "https://w3id.org/osce-kg/id/country/zz"
        with pytest.raises(QueryError, match="nothing is known"):
            queries.resolve_entity(fresh, "country", "https://w3id.org/osce-kg/id/country/yy")


@pytest.mark.parametrize(("literal", "expected"), [
    (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), 42),
    (ox.Literal("7", datatype=ox.NamedNode(XSD + "short")), 7),
    (ox.Literal("2.5", datatype=ox.NamedNode(XSD + "decimal")), 2.5),
    (ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")), True),
    (ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")), False),
    (ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")), "abc"),
    (ox.Literal("2023-05-01", datatype=ox.NamedNode(XSD + "date")), "2023-05-01"),
    (ox.Literal("Wien", language="de"), "Wien"),
    (ox.NamedNode("https://example.org/x"), "https://example.org/x"),
    (None, None),
])
def test_result_cells_become_python_values(literal, expected):
    from osce_kg.terms import python_value

    value = python_value(literal)
    assert value == expected and type(value) is type(expected)
