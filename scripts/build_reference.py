#!/usr/bin/env python3
"""Build `ontology/reference.ttl` (graph:reference) from the reference CSVs.

    python scripts/build_reference.py [--from DIR] [--out FILE]

`--from` defaults to `../shared/reference` relative to the repository root, `--out` to `ontology/reference.ttl`.
The output is deterministic: sections in a fixed order, subjects sorted, predicates in a fixed order, objects
sorted, no blank nodes, fixed prefixes. Regenerating from the same CSVs gives a byte-identical file.

What is built (docs/DATA-MODEL.md, "Reference data"):
  * the 57 participating States and 11 current Partners, with ISO codes, Wikidata and EU NAL matches, name
    variants (skos:altLabel), demonyms (skos:hiddenLabel) and dated org:Membership nodes (Mongolia: former
    partnership 2004-2012, participating State since 2012);
  * Kosovo (osce:Territory) and the historical States;
  * the OSCE and every structure of structures.csv, plus the units EXTRACTION.md §13 names that the CSV lacks,
    each labelled with its §13 canonical name;
  * every field operation of field_operations.csv with host, office city, kind, dates, successors and dated
    former names; the cities of offices and seats;
  * the 23 fields of work (+ fow:unknown), the dimensions, the meeting types, the field-operation types;
  * the chairpersonships 2015-2026 and their Chairpersons-in-Office.

Facts the CSVs mark as not confirmed are kept, flagged with `osce:verified false` (whole node) or
`osce:unverifiedProperty <p>` (one property of the node), plus `osce:verificationNote` with the CSV note.
All text literals are plain (no language tag).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from osce_kg.iris import slug  # noqa: E402

# ---------------------------------------------------------------------------------------------------------------------
# Namespaces (the osceid: entities are written relative to @base)
# ---------------------------------------------------------------------------------------------------------------------

BASE = "https://w3id.org/osce-kg/id/"
PREFIXES = [
    ("osce", "https://w3id.org/osce-kg/ontology#"),
    ("fow", "https://w3id.org/osce-kg/field-of-work/"),
    ("mtype", "https://w3id.org/osce-kg/meeting-type/"),
    ("fotype", "https://w3id.org/osce-kg/field-operation-type/"),
    ("dim", "https://w3id.org/osce-kg/dimension/"),
    ("scheme", "https://w3id.org/osce-kg/scheme/"),
    ("schema", "https://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("wd", "http://www.wikidata.org/entity/"),
]
NS = dict(PREFIXES)
EU_NAL = "http://publications.europa.eu/resource/authority/country/"
FOW_SCHEME = NS["scheme"] + "fields-of-work"
MTYPE_SCHEME = NS["scheme"] + "meeting-types"
FOTYPE_SCHEME = NS["scheme"] + "field-operation-types"
DIM_SCHEME = NS["scheme"] + "dimensions"
_LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


# ---------------------------------------------------------------------------------------------------------------------
# Terms and the deterministic Turtle writer
# ---------------------------------------------------------------------------------------------------------------------

class IRI(str):
    """An IRI; `I("country/at")` is relative to the osceid: base, `P("skos:altLabel")` a prefixed name."""


class Lit:
    __slots__ = ("value", "datatype")

    def __init__(self, value: object, datatype: str | None = None) -> None:
        self.value = value
        self.datatype = datatype

    def key(self) -> tuple:
        return (1, str(self.datatype or ""), str(self.value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lit) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


def I(path: str) -> IRI:  # noqa: E743 - short on purpose, it is used hundreds of times
    return IRI(BASE + path)


def P(curie: str) -> IRI:
    prefix, local = curie.split(":", 1)
    return IRI(NS[prefix] + local)


def text(value: str) -> Lit:
    return Lit(" ".join(str(value).split()))


def typed(value: str, dtype: str) -> Lit:
    return Lit(value, NS["xsd"] + dtype)


def boolean(value: bool) -> Lit:
    return Lit("true" if value else "false", NS["xsd"] + "boolean")


def integer(value: int) -> Lit:
    return Lit(str(int(value)), NS["xsd"] + "integer")


def render_iri(iri: str) -> str:
    if iri.startswith(BASE) and re.fullmatch(r"[A-Za-z0-9/_.-]+", iri[len(BASE):]):
        return f"<{iri[len(BASE):]}>"
    for prefix, ns in PREFIXES:
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def render_literal(lit: Lit) -> str:
    value = str(lit.value)
    if lit.datatype == NS["xsd"] + "boolean":
        return value
    if lit.datatype == NS["xsd"] + "integer":
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lit.datatype:
        return f'"{escaped}"^^{render_iri(lit.datatype)}'
    return f'"{escaped}"'


def render(term: IRI | Lit) -> str:
    return render_literal(term) if isinstance(term, Lit) else render_iri(term)


PREDICATE_ORDER = [
    "rdf:type", "rdfs:label", "skos:prefLabel", "skos:altLabel", "skos:hiddenLabel", "skos:notation",
    "schema:name", "osce:name", "osce:iso3166Alpha2", "osce:iso3166Alpha3", "osce:partnerGroup",
    "skos:inScheme", "skos:topConceptOf", "skos:hasTopConcept", "skos:broader", "osce:dimension", "osce:navOrder",
    "org:member", "org:organization", "org:role", "osce:year", "osce:chairpersonInOffice",
    "org:unitOf", "org:subOrganizationOf", "org:linkedTo", "org:postIn", "org:classification",
    "osce:hostTerritory", "osce:officeCity", "schema:containedInPlace", "osce:autonomous",
    "schema:foundingDate", "schema:dissolutionDate", "schema:startDate", "schema:endDate",
    "osce:succeededBy", "osce:succeeds", "osce:nameAssignment",
    "skos:exactMatch", "skos:closeMatch", "skos:note", "dcterms:source",
    "osce:verified", "osce:unverifiedProperty", "osce:verificationNote",
]
_PRED_RANK = {P(c): n for n, c in enumerate(PREDICATE_ORDER)}


class Graph:
    def __init__(self) -> None:
        self.triples: dict[IRI, dict[IRI, set]] = defaultdict(lambda: defaultdict(set))
        self.section: dict[IRI, str] = {}

    def add(self, s: IRI, p: str, o: IRI | Lit | None, section: str | None = None) -> None:
        if o is None or (isinstance(o, Lit) and str(o.value) == ""):
            return
        self.triples[s][P(p)].add(o)
        if section and s not in self.section:
            self.section[s] = section

    def has(self, s: IRI, p: str, o: IRI | Lit) -> bool:
        return o in self.triples.get(s, {}).get(P(p), set())

    def serialise(self, sections: list[tuple[str, str]]) -> str:
        out = [
            "# =====================================================================================================================",
            "#  osce-kg reference data (graph:reference)",
            "#  GENERATED by scripts/build_reference.py from shared/reference/*.csv - do not edit by hand; edit the script or",
            "#  the CSVs and regenerate. Facts the CSVs mark as unconfirmed carry osce:verified false (whole node) or",
            "#  osce:unverifiedProperty (one property), with osce:verificationNote.",
            "# =====================================================================================================================",
            "",
            f"@base <{BASE}> .",
        ]
        out += [f"@prefix {prefix}: <{ns}> ." for prefix, ns in PREFIXES]
        for key, title in sections:
            subjects = sorted(s for s in self.triples if self.section.get(s) == key)
            if not subjects:
                continue
            out += ["", "# " + "-" * 117, f"#  {title}", "# " + "-" * 117]
            for s in subjects:
                out.append("")
                out.append(self._block(s))
        missing = [s for s in self.triples if self.section.get(s) not in {k for k, _ in sections}]
        if missing:
            raise SystemExit(f"subjects without a section: {sorted(missing)[:5]}")
        return "\n".join(out) + "\n"

    def _block(self, s: IRI) -> str:
        preds = sorted(self.triples[s], key=lambda p: (_PRED_RANK.get(p, len(_PRED_RANK)), p))
        lines = []
        for p in preds:
            objs = sorted(self.triples[s][p], key=lambda o: o.key() if isinstance(o, Lit) else (0, "", str(o)))
            pred = "a" if p == P("rdf:type") else render_iri(p)
            lines.append(f"    {pred} " + " , ".join(render(o) for o in objs))
        return render_iri(s) + "\n" + " ;\n".join(lines) + " ."


# ---------------------------------------------------------------------------------------------------------------------
# Editorial knowledge the CSVs do not hold (name variants, §13 names, historical States)
# ---------------------------------------------------------------------------------------------------------------------

# Preferred labels that differ from the CSV's osce_name (EXTRACTION.md §10 canonical names).
STATE_LABEL = {"NL": "Netherlands"}

# Other names of States (skos:altLabel) and demonyms / national adjectives (skos:hiddenLabel).
STATE_ALT: dict[str, list[str]] = {
    "AL": ["Republic of Albania"], "AD": ["Principality of Andorra"], "AM": ["Republic of Armenia"],
    "AT": ["Republic of Austria"], "AZ": ["Republic of Azerbaijan"], "BY": ["Republic of Belarus"],
    "BE": ["Kingdom of Belgium"], "BA": ["BiH", "B&H", "Bosnia-Herzegovina"], "BG": ["Republic of Bulgaria"],
    "HR": ["Republic of Croatia"], "CY": ["Republic of Cyprus"], "CZ": ["Czech Republic"],
    "DK": ["Kingdom of Denmark"], "EE": ["Republic of Estonia"], "FI": ["Republic of Finland"],
    "FR": ["French Republic"], "DE": ["Federal Republic of Germany"], "GR": ["Hellenic Republic"],
    "VA": ["Vatican", "Vatican City"], "IT": ["Italian Republic"], "KZ": ["Republic of Kazakhstan"],
    "KG": ["Kyrgyz Republic"], "LV": ["Republic of Latvia"], "LT": ["Republic of Lithuania"],
    "LU": ["Grand Duchy of Luxembourg"], "MT": ["Republic of Malta"], "MD": ["Republic of Moldova"],
    "MC": ["Principality of Monaco"], "ME": ["Republic of Montenegro"],
    "NL": ["The Netherlands", "the Netherlands", "Kingdom of the Netherlands", "Holland"],
    "MK": ["the former Yugoslav Republic of Macedonia", "former Yugoslav Republic of Macedonia", "FYROM",
           "Republic of North Macedonia"],
    "NO": ["Kingdom of Norway"], "PL": ["Republic of Poland"], "PT": ["Portuguese Republic"],
    "RU": ["Russia"], "SM": ["Republic of San Marino"], "RS": ["Republic of Serbia"], "SK": ["Slovak Republic"],
    "SI": ["Republic of Slovenia"], "ES": ["Kingdom of Spain"], "SE": ["Kingdom of Sweden"],
    "CH": ["Swiss Confederation"], "TJ": ["Republic of Tajikistan"],
    "TR": ["Turkey", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "UA": [], "GB": ["UK", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "US": ["United States", "US", "USA", "U.S.", "U.S.A.", "America"], "UZ": ["Republic of Uzbekistan"],
    # Partners
    "DZ": ["People's Democratic Republic of Algeria"], "EG": ["Arab Republic of Egypt"], "IL": ["State of Israel"],
    "JO": ["Hashemite Kingdom of Jordan"], "MA": ["Kingdom of Morocco"], "TN": ["Republic of Tunisia"],
    "AF": ["Islamic Republic of Afghanistan"], "AU": ["Commonwealth of Australia"], "JP": [],
    "KR": ["South Korea", "Korea"], "TH": ["Kingdom of Thailand"],
}
DEMONYMS: dict[str, list[str]] = {
    "AL": ["Albanian"], "AD": ["Andorran"], "AM": ["Armenian"], "AT": ["Austrian"], "AZ": ["Azerbaijani", "Azeri"],
    "BY": ["Belarusian"], "BE": ["Belgian"], "BA": ["Bosnian"], "BG": ["Bulgarian"], "CA": ["Canadian"],
    "HR": ["Croatian"], "CY": ["Cypriot"], "CZ": ["Czech"], "DK": ["Danish"], "EE": ["Estonian"], "FI": ["Finnish"],
    "FR": ["French"], "GE": ["Georgian"], "DE": ["German"], "GR": ["Greek"], "HU": ["Hungarian"],
    "IS": ["Icelandic"], "IE": ["Irish"], "IT": ["Italian"], "KZ": ["Kazakh", "Kazakhstani"],
    "KG": ["Kyrgyz", "Kyrgyzstani"], "LV": ["Latvian"], "LI": ["Liechtensteiner"], "LT": ["Lithuanian"],
    "LU": ["Luxembourgish"], "MT": ["Maltese"], "MD": ["Moldovan"], "MC": ["Monegasque"], "MN": ["Mongolian"],
    "ME": ["Montenegrin"], "NL": ["Dutch"], "MK": ["Macedonian"], "NO": ["Norwegian"], "PL": ["Polish"],
    "PT": ["Portuguese"], "RO": ["Romanian"], "RU": ["Russian"], "SM": ["Sammarinese"], "RS": ["Serbian"],
    "SK": ["Slovak"], "SI": ["Slovenian", "Slovene"], "ES": ["Spanish"], "SE": ["Swedish"], "CH": ["Swiss"],
    "TJ": ["Tajik", "Tajikistani"], "TR": ["Turkish"], "TM": ["Turkmen"], "UA": ["Ukrainian"], "GB": ["British"],
    "US": ["American"], "UZ": ["Uzbek"],
    "DZ": ["Algerian"], "EG": ["Egyptian"], "IL": ["Israeli"], "JO": ["Jordanian"], "MA": ["Moroccan"],
    "TN": ["Tunisian"], "AF": ["Afghan"], "AU": ["Australian"], "JP": ["Japanese"], "KR": ["Korean"],
    "TH": ["Thai"],
}
# Wikidata items that are not the participant itself: linked with skos:closeMatch, not exactMatch.
CLOSE_MATCH_ONLY = {"VA": "Q237 is Vatican City; the OSCE participant is the Holy See (Q-id not verified)"}

# Historical States (VOCABULARY.md pitfall 8). All dates and Q-ids from general knowledge, flagged unverified.
HISTORICAL = [
    # slug, label, altLabels, hiddenLabels, founding, dissolution, successors, (match kind, qid)
    ("hist-ussr", "Union of Soviet Socialist Republics", ["Soviet Union", "USSR"], ["Soviet"],
     None, "1991-12-26", ["ru"], ("exact", "Q15180")),
    ("hist-sfry", "Socialist Federal Republic of Yugoslavia", ["SFRY", "SFR Yugoslavia", "Yugoslavia"],
     ["Yugoslav"], None, "1992-04-27", ["hist-fry"], ("exact", "Q83286")),
    ("hist-fry", "Federal Republic of Yugoslavia", ["FRY", "FR Yugoslavia"], [], "1992-04-27", "2003-02-04",
     ["hist-serbia-and-montenegro"], ("close", "Q37024")),
    ("hist-serbia-and-montenegro", "Serbia and Montenegro", ["State Union of Serbia and Montenegro"], [],
     "2003-02-04", "2006-06-05", ["rs", "me"], ("close", "Q37024")),
    ("hist-czechoslovakia", "Czechoslovakia", ["Czech and Slovak Federative Republic", "CSFR",
                                                "Czechoslovak Socialist Republic"], ["Czechoslovak"],
     None, "1992-12-31", ["cz", "sk"], ("exact", "Q33946")),
    ("hist-gdr", "German Democratic Republic", ["GDR", "East Germany", "DDR"], ["East German"],
     None, "1990-10-03", ["de"], ("exact", "Q16957")),
    ("hist-frg", "Federal Republic of Germany (1949-1990)", ["West Germany", "FRG"], ["West German"],
     "1949-05-23", "1990-10-03", ["de"], ("exact", "Q713750")),
]
HIST_BY_NAME = {"Federal Republic of Yugoslavia (historical)": "hist-fry"}

# §13 canonical names (rdfs:label / skos:prefLabel) and other forms (skos:altLabel) of OSCE structures.
STRUCTURE_NAMES: dict[str, tuple[str, list[str]]] = {
    "osce": ("OSCE", ["Organisation for Security and Co-operation in Europe",
                      "Organization for Security and Cooperation in Europe",
                      "Conference on Security and Co-operation in Europe", "CSCE"]),
    "ministerial-council": ("Ministerial Council", ["OSCE Ministerial Council", "MC"]),
    "permanent-council": ("Permanent Council", ["OSCE Permanent Council", "PC"]),
    "forum-for-security-co-operation": ("Forum for Security Co-operation",
                                        ["OSCE Forum for Security Co-operation", "FSC"]),
    "summit": ("Summit", ["OSCE Summit"]),
    "chairpersonship": ("OSCE Chairpersonship", ["OSCE Chairmanship", "OSCE Chairmanship / Chairpersonship",
                                                 "Chairpersonship", "Chairmanship", "OSCE Chair",
                                                 "OSCE Chairperson-in-Office", "Chairperson-in-Office", "CiO"]),
    "troika": ("OSCE Troika", ["Troika"]),
    "secretariat": ("OSCE Secretariat", ["Secretariat"]),
    "documentation-centre-in-prague": ("OSCE Documentation Centre in Prague", ["Prague Office"]),
    "office-of-the-secretary-general": ("Office of the Secretary General",
                                        ["Office of the OSCE Secretary General", "OSG"]),
    "conflict-prevention-centre": ("OSCE Conflict Prevention Centre", ["Conflict Prevention Centre", "CPC"]),
    "transnational-threats-department": ("OSCE Transnational Threats Department",
                                         ["Transnational Threats Department", "TNTD"]),
    "tntd-strategic-police-matters-unit": (
        "Strategic Police Matters Unit",
        ["SPMU", "TNTD/SPMU", "OSCE Strategic Police Matters Unit",
         "OSCE Transnational Threats Department (Strategic Police Matters Unit)"]),
    "tntd-borders-unit": (
        "Border Security and Management Unit",
        ["Borders Unit", "TNTD/Borders", "OSCE Border Security and Management Unit",
         "OSCE Transnational Threats Department (Border Security and Management Unit)"]),
    "tntd-action-against-terrorism-unit": (
        "Action against Terrorism Unit",
        ["ATU", "TNTD/ATU", "OSCE Action against Terrorism Unit",
         "OSCE Transnational Threats Department (Action against Terrorism Unit)"]),
    "oceea": ("Office of the Co-ordinator of OSCE Economic and Environmental Activities", ["OCEEA"]),
    "osr-cthb": ("Office of the OSCE Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
                 ["Office of the Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
                  "OSR/CTHB"]),
    "gender-issues": ("OSCE Gender Issues Programme",
                      ["Gender Issues Programme", "Gender Issues Programme (Senior Adviser on Gender Issues and Section)"]),
    "odihr": ("OSCE Office for Democratic Institutions and Human Rights",
              ["Office for Democratic Institutions and Human Rights", "ODIHR", "OSCE/ODIHR",
               "OSCE ODIHR", "Office for Free Elections"]),
    "odihr-contact-point-for-roma-and-sinti-issues": ("Contact Point for Roma and Sinti Issues",
                                                       ["ODIHR Contact Point for Roma and Sinti Issues", "CPRSI"]),
    "hcnm": ("OSCE High Commissioner on National Minorities", ["High Commissioner on National Minorities", "HCNM"]),
    "rfom": ("OSCE Representative on Freedom of the Media",
             ["Representative on Freedom of the Media", "RFoM",
              "Office of the OSCE Representative on Freedom of the Media", "OSCE media freedom representative"]),
    "osce-pa": ("OSCE Parliamentary Assembly", ["OSCE PA", "the Assembly", "Parliamentary Assembly"]),
    "court-of-conciliation-and-arbitration": ("Court of Conciliation and Arbitration within the OSCE",
                                              ["Court of Conciliation and Arbitration", "CCA"]),
    "minsk-group": ("OSCE Minsk Group", ["Minsk Group"]),
    "asian-partners-contact-group": ("Asian Partners for Co-operation Group",
                                     ["Asian Partners for Co-operation Group (Contact Group with the Asian Partners)",
                                      "Contact Group with the Asian Partners", "APCG"]),
    "mediterranean-contact-group": ("Mediterranean Partners for Co-operation Group",
                                    ["Mediterranean Partners for Co-operation Group (Contact Group)",
                                     "Mediterranean Contact Group"]),
}
# Dated former names of structures (name, start, end) that the CSV gives only in prose.
STRUCTURE_FORMER_NAMES = {
    "osce": [("Conference on Security and Co-operation in Europe", "1973", "1994-12-31"),
             ("Organization for Security and Co-operation in Europe", "1995-01-01", None)],
    "odihr": [("Office for Free Elections", "1990", "1992"),
              ("Office for Democratic Institutions and Human Rights", "1992", None)],
}

# Units EXTRACTION.md §13 names that structures.csv lacks.
EXTRA_UNITS = [
    {"slug": "secretary-general", "label": "OSCE Secretary General",
     "alt": ["Secretary General", "SG", "OSCE Secretary-General", "Secretary-General"],
     "types": ["osce:Organization", "org:OrganizationalUnit", "org:Post"],
     "unit_of": "secretariat", "post_in": "secretariat", "city": ("Vienna", "AT")},
    {"slug": "support-programme-for-ukraine", "label": "OSCE Secretariat Extra-Budgetary Support Programme for Ukraine",
     "alt": ["OSCE Support Programme for Ukraine", "Support Programme for Ukraine",
             "Extra-Budgetary Support Programme for Ukraine", "SPU"],
     "types": ["osce:SecretariatUnit", "org:OrganizationalUnit", "osce:Organization"],
     "unit_of": "secretariat", "succeeds": "field-operation/ukraine-project-co-ordinator-1999",
     "city": ("Kyiv", "UA")},
    {"slug": "border-management-staff-college", "label": "OSCE Border Management Staff College",
     "alt": ["Border Management Staff College", "BMSC"],
     "types": ["org:OrganizationalUnit", "osce:Organization"],
     "unit_of": "field-operation/tajikistan-1994", "city": ("Dushanbe", "TJ")},
]

# §13 names and other forms of field operations, beyond the CSV's names.
FO_EXTRA_ALT = {
    "albania-1997": ["the Presence"],
    "bosnia-and-herzegovina-1995": ["Mission to BiH", "OSCE Mission to BiH"],
    "kosovo-1999": ["OSCE Kosovo Mission"],
    "serbia-2001": ["OSCE Belgrade Mission"],
    "skopje-1992": ["OSCE Skopje Mission"],
    "tajikistan-1994": ["POiD"],
    "uzbekistan-2006": ["PCUz", "Project Co-Ordinator", "Project Co-ordinator in Uzbekistan"],
    "ukraine-project-co-ordinator-1999": ["PCU", "OSCE Project Co-ordinator in Ukraine (closed)"],
    "ukraine-smm-2014": ["SMM", "Special Monitoring Mission to Ukraine"],
    "kosovo-verification-mission-1998": ["KVM"],
    "bishkek-field-office-osh": ["OSCE Field Office in Osh (of the Centre/Programme Office in Bishkek)",
                                 "Field Office in Osh"],
}
FO_LABEL = {"bishkek-field-office-osh": "OSCE Field Office in Osh"}
# Former names §13 knows and the CSV does not (name, start, end).
FO_EXTRA_FORMER = {"kazakhstan-1998": [("OSCE Programme Office in Nur-Sultan", "2019", "2022")]}
# Start of the current name when a source in the CSV row gives it (tajikistan-1994: news.tj, 1 July 2017).
FO_CURRENT_NAME_START = {"tajikistan-1994": "2017-07-01"}
# Editorial reading of the notes of 'partial' rows: which properties are the unconfirmed ones.
FO_PARTIAL = {
    "albania-1997": ["schema:foundingDate"],
    "bosnia-and-herzegovina-1995": ["schema:foundingDate"],
    "serbia-2001": ["osce:nameAssignment"],
    "kazakhstan-1998": ["osce:nameAssignment"],
    "centre-in-tashkent-2000": ["schema:dissolutionDate"],
    "kosovo-sandjak-vojvodina-1992": ["schema:dissolutionDate"],
    "georgia-1992": ["schema:foundingDate", "schema:dissolutionDate"],
    "baku-2000": ["schema:foundingDate", "schema:dissolutionDate", "osce:nameAssignment"],
    "minsk-2003": ["schema:foundingDate", "osce:nameAssignment"],
    "ukraine-project-co-ordinator-1999": ["schema:dissolutionDate"],
    "ukraine-smm-2014": ["schema:dissolutionDate"],
}
# Cities that lie outside the host named in the CSV row (or whose host is a historical State).
CITY_CONTAINER = {"Tbilisi": "country/ge", "Pristina": "territory/kosovo", "Belgrade": "country/rs",
                  "Novi Pazar": "country/rs", "Subotica": "country/rs"}
CITY_ALT = {
    "Chisinau": ["Chișinău", "Kishinev"], "Pristina": ["Prishtinë/Priština", "Prishtina", "Priština", "Prishtinë"],
    "Astana": ["Nur-Sultan", "Akmola"], "Kyiv": ["Kiev"], "Ashgabat": ["Ashkhabad"], "Almaty": ["Alma-Ata"],
    "Skopje": ["Skopie"], "Vienna": ["Wien"], "Warsaw": ["Warszawa"], "Prague": ["Praha"], "The Hague": ["Den Haag"],
    "Geneva": ["Genève"], "Copenhagen": ["København"], "Tirana": ["Tiranë"],
}
FOTYPE_LABEL = {"project-co-ordinator": "Project co-ordinator"}
STRUCTURE_KIND_TYPES = {
    "intergovernmental organization": ["org:FormalOrganization", "osce:Organization"],
    "decision-making body": ["osce:DecisionMakingBody", "org:OrganizationalUnit", "osce:Organization"],
    "executive function": ["osce:ExecutiveStructure", "org:OrganizationalUnit", "osce:Organization"],
    "executive structure": ["osce:ExecutiveStructure", "org:OrganizationalUnit", "osce:Organization"],
    "secretariat unit": ["osce:SecretariatUnit", "org:OrganizationalUnit", "osce:Organization"],
    "institution": ["osce:Institution", "org:Organization", "osce:Organization"],
    "institution unit": ["org:OrganizationalUnit", "osce:Organization"],
    "parliamentary body": ["osce:ParliamentaryBody", "org:Organization", "osce:Organization"],
    "treaty body": ["org:FormalOrganization", "osce:Organization"],
    "OSCE-related body": ["org:Organization", "osce:Organization"],
    "conflict-settlement format": ["org:Organization", "osce:Organization"],
    "partnership format": ["org:OrganizationalUnit", "osce:Organization"],
}
DIMENSIONS = {
    "politico-military": "Politico-military dimension",
    "economic-environmental": "Economic and environmental dimension",
    "human": "Human dimension",
    "cross-dimensional": "Cross-dimensional",
}
MONTHS = {m: n for n, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


# ---------------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------------

def read(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def date_lit(value: str) -> Lit | None:
    """'1997-03-27' → xsd:date, '1992-09' → xsd:gYearMonth, '1994' / '1995 (unverified)' / '1991 (…)' → xsd:gYear."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return typed(value, "date")
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return typed(value, "gYearMonth")
    match = re.match(r"^(\d{4})\b", value)
    return typed(match.group(1), "gYear") if match else None


def qualifier_date(qualifier: str) -> tuple[Lit | None, Lit | None]:
    """Start (and end) of a former name from its CSV qualifier: '2001', 'from 1992', 'Oct 2002', '1998-2002, …'."""
    q = qualifier.lower()
    if q.startswith("by ") or "unverified" in q and not re.search(r"\d{4}-\d{4}", q):
        return None, None
    if span := re.search(r"(\d{4})-(\d{4})", q):
        return typed(span.group(1), "gYear"), typed(span.group(2), "gYear")
    if (month := re.search(r"\b([a-z]{3})[a-z]* (\d{4})", q)) and month.group(1) in MONTHS:
        return typed(f"{month.group(2)}-{MONTHS[month.group(1)]:02d}", "gYearMonth"), None
    if year := re.search(r"\b(\d{4})\b", q):
        return typed(year.group(1), "gYear"), None
    return None, None


def split_former(cell: str) -> list[tuple[str, str]]:
    """'A (2001); B (2003)' → [('A', '2001'), ('B', '2003')]."""
    result = []
    for part in (p.strip() for p in cell.split(";") if p.strip()):
        match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", part)
        result.append((match.group(1), match.group(2)) if match else (part, ""))
    return result


def unverified_status(status: str) -> bool:
    return status.lower().startswith("unverified")


def add_types(g: Graph, s: IRI, curies: list[str], section: str) -> None:
    for curie in curies:
        g.add(s, "rdf:type", P(curie), section)


def add_labels(g: Graph, s: IRI, label: str, alts: list[str], section: str, hidden: list[str] = ()) -> None:
    g.add(s, "rdfs:label", text(label), section)
    g.add(s, "skos:prefLabel", text(label))
    for alt in alts:
        if alt and alt != label:
            g.add(s, "skos:altLabel", text(alt))
    for h in hidden:
        g.add(s, "skos:hiddenLabel", text(h))


# ---------------------------------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------------------------------

class Builder:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.g = Graph()
        self.state_by_name: dict[str, str] = {}
        self.city_flags: dict[str, bool] = {}

    # -- places -------------------------------------------------------------------------------------------------------
    def city(self, name: str, container: str | None, qid: str = "", qid_unverified: bool = False) -> IRI:
        iri = I("place/" + slug(name))
        sec = "city"
        add_types(self.g, iri, ["osce:City", "schema:City"], sec)
        self.g.add(iri, "rdfs:label", text(name))
        for alt in CITY_ALT.get(name, []):
            self.g.add(iri, "skos:altLabel", text(alt))
        container = CITY_CONTAINER.get(name, container)
        if container:
            self.g.add(iri, "schema:containedInPlace", I(container))
        if qid:
            self.g.add(iri, "skos:exactMatch", P("wd:" + qid))
            if qid_unverified:
                self.g.add(iri, "osce:unverifiedProperty", P("skos:exactMatch"))
        return iri

    # -- States -------------------------------------------------------------------------------------------------------
    def states(self) -> None:
        for row in read(self.dir, "states.csv"):
            iso2 = row["iso3166_alpha2"]
            iri = I("country/" + iso2.lower())
            self.state_by_name[row["osce_name"]] = "country/" + iso2.lower()
            self._country(iri, iso2, row["iso3166_alpha3"], row["wikidata_qid"], row["osce_name"],
                          ["osce:ParticipatingState", "schema:Country", "org:FormalOrganization"],
                          row["iso_and_qid_verified"] != "yes")
            m = I(f"membership/{iso2.lower()}-osce")
            add_types(self.g, m, ["org:Membership"], "membership")
            self.g.add(m, "org:member", iri)
            self.g.add(m, "org:organization", I("org/osce"))
            self.g.add(m, "org:role", P("osce:role-participating-state"))
            self.g.add(m, "schema:startDate", date_lit(row["admission_date"]))
            self.g.add(m, "dcterms:source", text(row["source"]))
            if row["admission_date_verified"] != "yes":
                self.g.add(m, "osce:unverifiedProperty", P("schema:startDate"))
                self.g.add(m, "osce:verificationNote", text(
                    f"admission year verified: {row['admission_year_verified']}; exact date verified: "
                    f"{row['admission_date_verified']}. {row['notes']}"))
            elif row["notes"]:
                self.g.add(m, "osce:verificationNote", text(row["notes"]))

    def partners(self) -> None:
        for row in read(self.dir, "partners.csv"):
            iso2 = row["iso3166_alpha2"]
            iri = I("country/" + iso2.lower())
            current = row["status"] == "current"
            if current:
                self.state_by_name[row["name"]] = "country/" + iso2.lower()
                self._country(iri, iso2, row["iso3166_alpha3"], row["wikidata_qid"], row["name"],
                              ["osce:PartnerState", "schema:Country", "org:FormalOrganization"],
                              row["verified"] != "yes")
                self.g.add(iri, "osce:partnerGroup", text(row["partner_group"]))
            m = I(f"membership/{iso2.lower()}-partner")
            add_types(self.g, m, ["org:Membership"], "membership")
            self.g.add(m, "org:member", iri)
            self.g.add(m, "org:organization", I("org/osce"))
            self.g.add(m, "org:role", P("osce:role-partner"))
            self.g.add(m, "osce:partnerGroup", text(row["partner_group"]))
            self.g.add(m, "schema:startDate", date_lit(row["partner_since"]))
            self.g.add(m, "dcterms:source", text(row["source"]))
            if row["notes"]:
                self.g.add(m, "osce:verificationNote", text(row["notes"]))
            if not current:
                # Mongolia: the partnership ended when it became a participating State.
                admission = self.g.triples[I(f"membership/{iso2.lower()}-osce")][P("schema:startDate")]
                for lit in admission:
                    self.g.add(m, "schema:endDate", lit)
                self.g.add(m, "osce:unverifiedProperty", P("schema:endDate"))
            if row["verified"] != "yes":
                self.g.add(m, "osce:verified", boolean(False))

    def _country(self, iri: IRI, iso2: str, iso3: str, qid: str, name: str, types: list[str],
                 unverified: bool) -> None:
        sec = "state" if "osce:ParticipatingState" in types else "partner"
        add_types(self.g, iri, types, sec)
        add_labels(self.g, iri, STATE_LABEL.get(iso2, name), STATE_ALT.get(iso2, []) + [name], sec,
                   DEMONYMS.get(iso2, []))
        self.g.add(iri, "osce:iso3166Alpha2", text(iso2))
        self.g.add(iri, "osce:iso3166Alpha3", text(iso3))
        if iso2 in CLOSE_MATCH_ONLY:
            self.g.add(iri, "skos:closeMatch", P("wd:" + qid))
            self.g.add(iri, "osce:verificationNote", text(CLOSE_MATCH_ONLY[iso2]))
        else:
            self.g.add(iri, "skos:exactMatch", P("wd:" + qid))
        self.g.add(iri, "skos:exactMatch", IRI(EU_NAL + iso3))
        if unverified:
            self.g.add(iri, "osce:verified", boolean(False))

    def territories_and_history(self) -> None:
        kosovo = I("territory/kosovo")
        add_types(self.g, kosovo, ["osce:Territory", "schema:Place"], "territory")
        add_labels(self.g, kosovo, "Kosovo", ["Kosova", "Kosovë"], "territory")
        self.g.add(kosovo, "skos:exactMatch", P("wd:Q1246"))
        self.g.add(kosovo, "skos:note", text(
            "Status-neutral: not a participating State and no ISO 3166-1 code (XK is user-assigned); the OSCE "
            "Mission in Kosovo works under UNSCR 1244."))
        for key, label, alts, hidden, founded, dissolved, successors, (kind, qid) in HISTORICAL:
            iri = I("country/" + key)
            add_types(self.g, iri, ["osce:HistoricalState", "schema:Country", "org:FormalOrganization"], "historical")
            add_labels(self.g, iri, label, alts, "historical", hidden)
            self.g.add(iri, "schema:foundingDate", date_lit(founded) if founded else None)
            self.g.add(iri, "schema:dissolutionDate", date_lit(dissolved))
            for succ in successors:
                self.g.add(iri, "osce:succeededBy", I("country/" + succ))
                self.g.add(I("country/" + succ), "osce:succeeds", iri)
            self.g.add(iri, "skos:exactMatch" if kind == "exact" else "skos:closeMatch", P("wd:" + qid))
            for prop in ("schema:foundingDate", "schema:dissolutionDate", "skos:exactMatch", "skos:closeMatch"):
                if self.g.triples[iri].get(P(prop)):
                    self.g.add(iri, "osce:unverifiedProperty", P(prop))
            self.g.add(iri, "osce:verificationNote", text(
                "Dates, successors and Wikidata match from general knowledge, not from the reference CSVs."))

    # -- OSCE structures ------------------------------------------------------------------------------------------
    def structures(self) -> None:
        for row in read(self.dir, "structures.csv"):
            key = row["slug"]
            iri = I("org/" + key)
            kind = re.sub(r"\s*\(.*\)$", "", row["kind"])
            types = STRUCTURE_KIND_TYPES[kind]
            if key == "secretariat":
                types = ["osce:Secretariat", "org:OrganizationalUnit", "osce:Organization"]
            add_types(self.g, iri, types, "structure")
            label, alts = STRUCTURE_NAMES.get(key, (row["name"], []))
            alts = alts + [row["name"]] + ([row["abbreviation"]] if row["abbreviation"] else [])
            if key == "osce":  # DATA-MODEL.md: rdfs:label "OSCE", skos:prefLabel the full name
                self.g.add(iri, "rdfs:label", text(label))
                self.g.add(iri, "skos:prefLabel", text(row["name"]))
                for alt in alts[:-2]:
                    self.g.add(iri, "skos:altLabel", text(alt))
            else:
                add_labels(self.g, iri, label, alts, "structure")
            parent = I("org/" + row["parent_slug"]) if row["parent_slug"] else None
            if parent is not None:
                relation = row["relation_to_parent"]
                if relation == "unitOf":
                    self.g.add(iri, "org:unitOf", parent)
                    self.g.add(iri, "org:subOrganizationOf", parent)
                elif relation == "subOrganizationOf":
                    self.g.add(iri, "org:subOrganizationOf", parent)
                elif relation == "linkedTo":
                    self.g.add(iri, "org:linkedTo", parent)
                else:
                    raise SystemExit(f"unknown relation {relation!r} in structures.csv ({key})")
            if "autonomous" in row["kind"]:
                self.g.add(iri, "osce:autonomous", boolean(True))
            if row["seat_city"]:
                self.g.add(iri, "osce:officeCity", self.city(
                    row["seat_city"], "country/" + row["seat_country_iso2"].lower(), row["seat_city_wikidata_qid"],
                    unverified_status(row["seat_city_qid_status"])))
            if row["established"]:
                self.g.add(iri, "schema:foundingDate", date_lit(row["established"]))
                if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", row["established"]):
                    self.g.add(iri, "skos:note", text("Established: " + row["established"]))
            if row["wikidata_qid"]:
                self.g.add(iri, "skos:exactMatch", P("wd:" + row["wikidata_qid"]))
            if row["notes"]:
                self.g.add(iri, "skos:note", text(row["notes"]))
            self.g.add(iri, "dcterms:source", text(row["source"]))
            self._verification(iri, row["verified"], row["notes"])
            for n, (name, start, end) in enumerate(STRUCTURE_FORMER_NAMES.get(key, []), 1):
                self._name(iri, f"org-{key}", n, name, date_lit(start), date_lit(end) if end else None, False)
        for unit in EXTRA_UNITS:
            iri = I("org/" + unit["slug"])
            add_types(self.g, iri, unit["types"], "structure")
            add_labels(self.g, iri, unit["label"], unit["alt"], "structure")
            self.g.add(iri, "org:unitOf", I(unit["unit_of"] if "/" in unit["unit_of"] else "org/" + unit["unit_of"]))
            self.g.add(iri, "org:subOrganizationOf",
                       I(unit["unit_of"] if "/" in unit["unit_of"] else "org/" + unit["unit_of"]))
            if "post_in" in unit:
                self.g.add(iri, "org:postIn", I("org/" + unit["post_in"]))
            if "succeeds" in unit:
                self.g.add(iri, "osce:succeeds", I(unit["succeeds"]))
                self.g.add(I(unit["succeeds"]), "osce:succeededBy", iri)
            city, iso2 = unit["city"]
            self.g.add(iri, "osce:officeCity", self.city(city, "country/" + iso2.lower()))
            self.g.add(iri, "dcterms:source", text("shared/spec/EXTRACTION.md §13 (canonical OSCE unit names)"))

    def _verification(self, iri: IRI, verified: str, notes: str) -> None:
        if verified == "no":
            self.g.add(iri, "osce:verified", boolean(False))
            self.g.add(iri, "osce:verificationNote", text(notes or "from memory (reference CSV: verified=no)"))
        elif verified != "yes":
            self.g.add(iri, "osce:verificationNote", text(f"partly verified: {notes}"))

    def _name(self, owner: IRI, key: str, n: int, name: str, start: Lit | None, end: Lit | None,
              unverified: bool) -> IRI:
        node = I(f"name/{key}-{n}")
        add_types(self.g, node, ["osce:NameAssignment"], "name")
        self.g.add(node, "osce:name", text(name))
        self.g.add(node, "schema:startDate", start)
        self.g.add(node, "schema:endDate", end)
        if unverified:
            self.g.add(node, "osce:verified", boolean(False))
        self.g.add(owner, "osce:nameAssignment", node)
        return node

    # -- field operations -------------------------------------------------------------------------------------------
    def field_operations(self) -> None:
        rows = read(self.dir, "field_operations.csv")
        main_labels = {row["current_or_last_name"] for row in rows}
        for row in rows:
            key = row["slug"]
            iri = I("field-operation/" + key)
            sec = "field-operation"
            types = ["osce:FieldOperation", "org:Organization", "osce:Organization"]
            if "sub-unit" in row["type"]:
                types.append("org:OrganizationalUnit")
            add_types(self.g, iri, types, sec)
            label = FO_LABEL.get(key, row["current_or_last_name"])
            former = [(n, q) for n, q in split_former(row["former_names"]) if n.startswith("OSCE ")]
            # A former name that is another operation's own name stays with that operation (no ambiguity).
            former = [(n, q) for n, q in former if n not in main_labels]
            alts = [n for n, _ in former] + FO_EXTRA_ALT.get(key, [])
            alts += [n for n, _, _ in FO_EXTRA_FORMER.get(key, [])]
            add_labels(self.g, iri, label, alts, sec)
            # Structure
            if "sub-unit" in row["type"]:
                parent = I("field-operation/bishkek-1998") if key.startswith("bishkek-") else None
                if parent is None:
                    raise SystemExit(f"sub-unit {key} without a known parent")
                self.g.add(iri, "org:unitOf", parent)
                self.g.add(iri, "org:subOrganizationOf", parent)
            else:
                self.g.add(iri, "org:subOrganizationOf", I("org/osce"))
            fotype = slug(re.sub(r"\s*\(.*\)$", "", row["type"]))
            self.g.add(iri, "org:classification", P("fotype:" + fotype))
            self._fotype(fotype)
            # Host
            hosts = self._hosts(row)
            for host in hosts:
                self.g.add(iri, "osce:hostTerritory", I(host))
            # Office cities
            flags_unverified_city = False
            for city in [c.strip() for c in row["office_city"].split(";") if c.strip()]:
                if "(unverified)" in city:
                    flags_unverified_city = True
                city = re.sub(r"\s*\(.*?\)", "", city).strip()
                for name in [c.strip() for c in city.split(" / ")]:
                    container = hosts[0] if len(hosts) == 1 and not hosts[0].startswith("country/hist") else None
                    self.g.add(iri, "osce:officeCity", self.city(
                        name, container, row["office_city_wikidata_qid"] if ";" not in row["office_city"] else "",
                        unverified_status(row["office_city_qid_status"])))
            if flags_unverified_city:
                self.g.add(iri, "osce:unverifiedProperty", P("osce:officeCity"))
            # Dates
            self.g.add(iri, "schema:foundingDate", date_lit(row["established"]))
            if "unverified" in row["established"]:
                self.g.add(iri, "osce:unverifiedProperty", P("schema:foundingDate"))
            self.g.add(iri, "schema:dissolutionDate", date_lit(row["closed"]) if row["closed"] else None)
            if row["status"] not in ("active", "closed"):
                self.g.add(iri, "osce:verified", boolean(False))
                self.g.add(iri, "skos:note", text(f"Status in the reference CSV: {row['status']}"))
            # Successor
            if row["successor_slug"]:
                successor = I("field-operation/" + row["successor_slug"])
                self.g.add(iri, "osce:succeededBy", successor)
                self.g.add(successor, "osce:succeeds", iri)
            # Dated names
            self._fo_names(iri, key, row, former, label)
            # Notes, sources, verification
            if row["basic_decision"]:
                self.g.add(iri, "skos:note", text("Basic decision: " + row["basic_decision"]))
            if row["notes"]:
                self.g.add(iri, "skos:note", text(row["notes"]))
            if row["wikidata_qid"]:
                self.g.add(iri, "skos:exactMatch", P("wd:" + row["wikidata_qid"]))
            self.g.add(iri, "dcterms:source", text(row["source"]))
            self._verification(iri, row["verified"], row["notes"])
            if row["verified"] == "partial":
                for prop in FO_PARTIAL.get(key, []):
                    self.g.add(iri, "osce:unverifiedProperty", P(prop))

    def _hosts(self, row: dict[str, str]) -> list[str]:
        if row["host_iso2"] == "XK":
            return ["territory/kosovo"]
        if row["host_iso2"]:
            return ["country/" + row["host_iso2"].lower()]
        if row["host_state_or_territory"] in HIST_BY_NAME:
            return ["country/" + HIST_BY_NAME[row["host_state_or_territory"]]]
        names = [re.sub(r"\s*\(.*\)$", "", n).strip() for n in row["host_state_or_territory"].split("/")]
        hosts = [self.state_by_name[n] for n in names if n in self.state_by_name]
        if not hosts:
            raise SystemExit(f"no host for field operation {row['slug']}")
        return hosts

    def _fo_names(self, iri: IRI, key: str, row: dict[str, str], former: list[tuple[str, str]], label: str) -> None:
        """Dated osce:NameAssignment nodes: the CSV's former names in order, then the current name; a name ends
        where the next one starts (when that is known). Names §13 adds carry their own (unverified) dates."""
        if not former and key not in FO_EXTRA_FORMER:
            return
        dates_unverified = "osce:nameAssignment" in FO_PARTIAL.get(key, []) and row["verified"] == "partial"
        entries: list[dict] = []
        for n, (name, qualifier) in enumerate(former):
            start, end = qualifier_date(qualifier)
            if n == 0 and start is None:
                start = date_lit(row["established"])
            entries.append({"name": name, "start": start, "end": end, "dates_unverified": dates_unverified,
                            "unverified": "unverified" in qualifier or "one source" in qualifier})
        current_start = FO_CURRENT_NAME_START.get(key)
        entries.append({"name": label, "start": date_lit(current_start) if current_start else None, "end": None,
                        "dates_unverified": dates_unverified, "unverified": False})
        for n, entry in enumerate(entries[:-1]):
            if entry["end"] is None:
                entry["end"] = entries[n + 1]["start"]
        for name, start, end in FO_EXTRA_FORMER.get(key, []):
            entries.append({"name": name, "start": date_lit(start), "end": date_lit(end), "dates_unverified": True,
                            "unverified": False})
        for n, entry in enumerate(entries, 1):
            node = self._name(iri, key, n, entry["name"], entry["start"], entry["end"], entry["unverified"])
            if entry["dates_unverified"]:
                for prop in ("schema:startDate", "schema:endDate"):
                    if self.g.triples[node].get(P(prop)):
                        self.g.add(node, "osce:unverifiedProperty", P(prop))

    def _fotype(self, fotype: str) -> None:
        iri = P("fotype:" + fotype)
        label = FOTYPE_LABEL.get(fotype, fotype.replace("-", " ").capitalize())
        add_types(self.g, iri, ["skos:Concept", "osce:FieldOperationType"], "fotype")
        self.g.add(iri, "rdfs:label", text(label))
        self.g.add(iri, "skos:prefLabel", text(label))
        self.g.add(iri, "skos:notation", text(fotype))
        self.g.add(iri, "skos:inScheme", IRI(FOTYPE_SCHEME))
        scheme = IRI(FOTYPE_SCHEME)
        add_types(self.g, scheme, ["skos:ConceptScheme"], "fotype")
        self.g.add(scheme, "rdfs:label", text("OSCE field operation types"))
        self.g.add(scheme, "skos:prefLabel", text("OSCE field operation types"))

    # -- concepts ---------------------------------------------------------------------------------------------------
    def fields_of_work(self) -> None:
        scheme = IRI(FOW_SCHEME)
        add_types(self.g, scheme, ["skos:ConceptScheme"], "fow")
        add_labels(self.g, scheme, "OSCE fields of work", [], "fow")
        self.g.add(scheme, "dcterms:source", text("https://www.osce.org/node/48910 (site navigation)"))
        dscheme = IRI(DIM_SCHEME)
        add_types(self.g, dscheme, ["skos:ConceptScheme"], "dimension")
        add_labels(self.g, dscheme, "OSCE dimensions of security", [], "dimension")
        for notation, label in DIMENSIONS.items():
            d = P("dim:" + notation)
            add_types(self.g, d, ["skos:Concept", "osce:Dimension"], "dimension")
            add_labels(self.g, d, label, [], "dimension")
            self.g.add(d, "skos:notation", text(notation))
            self.g.add(d, "skos:inScheme", dscheme)
            self.g.add(d, "skos:topConceptOf", dscheme)
            self.g.add(dscheme, "skos:hasTopConcept", d)
        for row in read(self.dir, "fields_of_work.csv"):
            iri = P("fow:" + row["notation"])
            if iri != IRI(row["iri"]):
                raise SystemExit(f"fields_of_work.csv: IRI mismatch for {row['notation']}")
            add_types(self.g, iri, ["skos:Concept", "osce:FieldOfWork"], "fow")
            add_labels(self.g, iri, row["pref_label_en"], [a for a in row["alt_labels"].split("|") if a], "fow")
            self.g.add(iri, "skos:notation", text(row["notation"]))
            self.g.add(iri, "skos:inScheme", scheme)
            self.g.add(iri, "skos:topConceptOf", scheme)
            self.g.add(scheme, "skos:hasTopConcept", iri)
            self.g.add(iri, "osce:navOrder", integer(int(row["osce_nav_order"])))
            if row["suggested_dimension"] in DIMENSIONS:
                self.g.add(iri, "osce:dimension", P("dim:" + row["suggested_dimension"]))
                if "not sourced" in row["dimension_status"] or "editorial" in row["dimension_status"]:
                    self.g.add(iri, "osce:unverifiedProperty", P("osce:dimension"))
            if not row["verified"].startswith("yes"):
                self.g.add(iri, "osce:verified", boolean(False))
        unknown = P("fow:unknown")
        add_types(self.g, unknown, ["skos:Concept", "osce:FieldOfWork"], "fow")
        add_labels(self.g, unknown, "Unknown field of work", [], "fow")
        self.g.add(unknown, "skos:notation", text("unknown"))
        self.g.add(unknown, "skos:inScheme", scheme)
        self.g.add(unknown, "skos:note", text("Used as schema:about of a news item whose page lists no field of work."))

    def meeting_types(self) -> None:
        scheme = IRI(MTYPE_SCHEME)
        add_types(self.g, scheme, ["skos:ConceptScheme"], "mtype")
        add_labels(self.g, scheme, "OSCE meeting, event and content types", [], "mtype")
        for row in read(self.dir, "meeting_types.csv"):
            iri = P("mtype:" + row["notation"])
            if iri != IRI(row["iri"]):
                raise SystemExit(f"meeting_types.csv: IRI mismatch for {row['notation']}")
            add_types(self.g, iri, ["skos:Concept", "osce:MeetingType"], "mtype")
            add_labels(self.g, iri, row["pref_label_en"], [a for a in row["alt_labels"].split("|") if a], "mtype")
            self.g.add(iri, "skos:notation", text(row["notation"]))
            self.g.add(iri, "skos:inScheme", scheme)
            if row["broader"]:
                self.g.add(iri, "skos:broader", P("mtype:" + row["broader"]))
            else:
                self.g.add(iri, "skos:topConceptOf", scheme)
                self.g.add(scheme, "skos:hasTopConcept", iri)
            self.g.add(iri, "skos:note", text(f"kind: {row['kind']}"))
            self.g.add(iri, "dcterms:source", text(row["source"]))
            if row["verified"] == "no":
                self.g.add(iri, "osce:verified", boolean(False))
            elif row["verified"] != "yes":
                self.g.add(iri, "osce:verificationNote", text(row["verified"]))

    def chairpersonships(self) -> None:
        for row in read(self.dir, "chairpersonships.csv"):
            year = row["year"]
            iri = I("chairpersonship/" + year)
            if iri != IRI(row["iri"]):
                raise SystemExit(f"chairpersonships.csv: IRI mismatch for {year}")
            add_types(self.g, iri, ["osce:Chairpersonship", "org:Membership"], "chair")
            self.g.add(iri, "rdfs:label", text(f"OSCE Chairpersonship {year}: {row['state']}"))
            self.g.add(iri, "org:member", IRI(row["state_iri"]))
            self.g.add(iri, "org:organization", I("org/chairpersonship"))
            self.g.add(iri, "org:role", P("osce:role-chair"))
            self.g.add(iri, "osce:year", typed(year, "gYear"))
            self.g.add(iri, "schema:startDate", typed(row["interval_start"], "date"))
            self.g.add(iri, "schema:endDate", typed(row["interval_end"], "date"))
            for name in [n.strip() for n in row["chairperson_in_office"].split(";") if n.strip()]:
                person = I("person/" + slug(name))
                add_types(self.g, person, ["schema:Person", "foaf:Person"], "person")
                self.g.add(person, "rdfs:label", text(name))
                self.g.add(person, "schema:name", text(name))
                self.g.add(iri, "osce:chairpersonInOffice", person)
            self.g.add(iri, "dcterms:source", text(row["source"]))
            if row["notes"]:
                self.g.add(iri, "skos:note", text(row["notes"]))
            if row["state_verified"] != "yes":
                self.g.add(iri, "osce:verified", boolean(False))
            if row["cio_name_verified"] != "yes":
                self.g.add(iri, "osce:unverifiedProperty", P("osce:chairpersonInOffice"))

    def build(self) -> str:
        self.states()
        self.partners()
        self.territories_and_history()
        self.structures()
        self.field_operations()
        self.fields_of_work()
        self.meeting_types()
        self.chairpersonships()
        return self.g.serialise([
            ("state", "Participating States (states.csv)"),
            ("partner", "Partners for Co-operation (partners.csv; Mongolia is a participating State)"),
            ("membership", "Memberships: participation and partnership, with dates"),
            ("territory", "Territories (Kosovo)"),
            ("historical", "Historical States (editorial, dates unverified)"),
            ("structure", "The OSCE and its structures (structures.csv + EXTRACTION.md §13); labels = §13 names"),
            ("field-operation", "Field operations (field_operations.csv)"),
            ("name", "Dated names of organisations (osce:NameAssignment)"),
            ("city", "Cities of offices and seats"),
            ("fotype", "Field operation types"),
            ("fow", "Fields of work (fields_of_work.csv) and fow:unknown"),
            ("dimension", "Dimensions of security (editorial)"),
            ("mtype", "Meeting, event and content types (meeting_types.csv)"),
            ("chair", "Chairpersonships 2015-2026 (chairpersonships.csv)"),
            ("person", "Chairpersons-in-Office"),
        ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=REPO.parent / "shared" / "reference",
                        help="folder with the reference CSVs (default: ../shared/reference)")
    parser.add_argument("--out", type=Path, default=REPO / "ontology" / "reference.ttl",
                        help="output Turtle file (default: ontology/reference.ttl)")
    args = parser.parse_args(argv)
    turtle = Builder(args.source).build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(turtle.encode("utf-8"))
    print(f"wrote {args.out} ({turtle.count(chr(10))} lines)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
