"""Gazetteers for the extractor: states, OSCE units and cities.

All tables were built at development time from ``shared/reference/*.csv`` (states, partners, structures,
field operations with their former names) and EXTRACTION.md §10/§13, then written here; nothing is read
from disk at run time.

Public functions (agreed interface): :func:`canonical_unit`, :func:`successor_unit`,
:func:`canonical_state`, :func:`unit_reference_slug`, :func:`state_iso2`; plus the city helpers used by
``entities.py`` (:func:`city_key`, :func:`city_state`, :data:`CITY_VARIANTS`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --------------------------------------------------------------------------------------------------
# States
# --------------------------------------------------------------------------------------------------

# canonical name -> ISO 3166-1 alpha-2. participating States (states.csv, with the §10 canonical names),
# partners (partners.csv), then a few other states that OSCE pages mention.
STATE_ISO2: dict[str, str] = {
    "Albania": "AL", "Andorra": "AD", "Armenia": "AM", "Austria": "AT", "Azerbaijan": "AZ",
    "Belarus": "BY", "Belgium": "BE", "Bosnia and Herzegovina": "BA", "Bulgaria": "BG", "Canada": "CA",
    "Croatia": "HR", "Cyprus": "CY", "Czechia": "CZ", "Denmark": "DK", "Estonia": "EE", "Finland": "FI",
    "France": "FR", "Georgia": "GE", "Germany": "DE", "Greece": "GR", "Holy See": "VA", "Hungary": "HU",
    "Iceland": "IS", "Ireland": "IE", "Italy": "IT", "Kazakhstan": "KZ", "Kyrgyzstan": "KG", "Latvia": "LV",
    "Liechtenstein": "LI", "Lithuania": "LT", "Luxembourg": "LU", "Malta": "MT", "Moldova": "MD",
    "Monaco": "MC", "Mongolia": "MN", "Montenegro": "ME", "Netherlands": "NL", "North Macedonia": "MK",
    "Norway": "NO", "Poland": "PL", "Portugal": "PT", "Romania": "RO", "Russian Federation": "RU",
    "San Marino": "SM", "Serbia": "RS", "Slovakia": "SK", "Slovenia": "SI", "Spain": "ES", "Sweden": "SE",
    "Switzerland": "CH", "Tajikistan": "TJ", "Türkiye": "TR", "Turkmenistan": "TM", "Ukraine": "UA",
    "United Kingdom": "GB", "United States of America": "US", "Uzbekistan": "UZ",
    # Partners for Co-operation
    "Algeria": "DZ", "Egypt": "EG", "Israel": "IL", "Jordan": "JO", "Morocco": "MA", "Tunisia": "TN",
    "Afghanistan": "AF", "Australia": "AU", "Japan": "JP", "Republic of Korea": "KR", "Thailand": "TH",
    # other states (not in the reference CSVs; ISO codes from ISO 3166-1)
    "China": "CN", "Iran": "IR", "Iraq": "IQ", "Syria": "SY", "Libya": "LY", "Lebanon": "LB",
    "Pakistan": "PK", "India": "IN", "Saudi Arabia": "SA", "Qatar": "QA", "United Arab Emirates": "AE",
    "Kuwait": "KW", "Yemen": "YE", "Brazil": "BR", "Mexico": "MX", "Argentina": "AR", "Chile": "CL",
    "South Africa": "ZA", "Nigeria": "NG", "Kenya": "KE", "Ethiopia": "ET", "Somalia": "SO", "Sudan": "SD",
    "Mali": "ML", "Indonesia": "ID", "Malaysia": "MY", "Philippines": "PH", "Viet Nam": "VN",
    "Bangladesh": "BD", "Sri Lanka": "LK", "Nepal": "NP", "New Zealand": "NZ", "Cuba": "CU",
    "Venezuela": "VE", "Colombia": "CO", "North Korea": "KP", "Palestine": "PS", "Singapore": "SG",
}

# extra names and abbreviations (besides the canonical name itself)
_STATE_NAMES: dict[str, list[str]] = {
    "Bosnia and Herzegovina": ["Bosnia-Herzegovina", "Bosnia & Herzegovina", "BiH", "Bosnia"],
    "Czechia": ["Czech Republic"],
    "Netherlands": ["The Netherlands", "Holland"],
    "North Macedonia": ["the former Yugoslav Republic of Macedonia", "The former Yugoslav Republic of Macedonia",
                        "former Yugoslav Republic of Macedonia", "Former Yugoslav Republic of Macedonia",
                        "FYROM", "fYROM", "fYRoM", "Republic of North Macedonia", "Macedonia"],
    "Türkiye": ["Turkey", "Turkiye", "Republic of Türkiye"],
    "Moldova": ["Republic of Moldova"],
    "Russian Federation": ["Russia"],
    "United Kingdom": ["UK", "U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland",
                       "England", "Scotland", "Wales", "Northern Ireland"],
    "United States of America": ["United States", "USA", "U.S.A.", "US", "U.S."],
    "Kyrgyzstan": ["Kyrgyz Republic"],
    "Holy See": ["Vatican"],
    "Republic of Korea": ["South Korea", "Korea"],
    "Belarus": ["Republic of Belarus"],
    "Kazakhstan": ["Republic of Kazakhstan"],
    "Uzbekistan": ["Republic of Uzbekistan"],
    "Tajikistan": ["Republic of Tajikistan"],
    "Serbia": ["Republic of Serbia"],
    "Albania": ["Republic of Albania"],
    "Ukraine": ["the Ukraine"],
    "Viet Nam": ["Vietnam"],
    "Syria": ["Syrian Arab Republic"],
    "Iran": ["Islamic Republic of Iran"],
    "Georgia": [],
}

# national adjectives / demonyms (singular adjective first; plurals added automatically where regular)
_STATE_ADJ: dict[str, list[str]] = {
    "Albania": ["Albanian"], "Andorra": ["Andorran"], "Armenia": ["Armenian"], "Austria": ["Austrian"],
    "Azerbaijan": ["Azerbaijani", "Azeri"], "Belarus": ["Belarusian", "Belarussian"], "Belgium": ["Belgian"],
    "Bosnia and Herzegovina": ["Bosnian"], "Bulgaria": ["Bulgarian"], "Canada": ["Canadian"],
    "Croatia": ["Croatian"], "Cyprus": ["Cypriot"], "Czechia": ["Czech"], "Denmark": ["Danish"],
    "Estonia": ["Estonian"], "Finland": ["Finnish"], "France": ["French"], "Georgia": ["Georgian"],
    "Germany": ["German"], "Greece": ["Greek"], "Hungary": ["Hungarian"], "Iceland": ["Icelandic"],
    "Ireland": ["Irish"], "Italy": ["Italian"], "Kazakhstan": ["Kazakh", "Kazakhstani"],
    "Kyrgyzstan": ["Kyrgyz", "Kyrgyzstani"], "Latvia": ["Latvian"], "Lithuania": ["Lithuanian"],
    "Luxembourg": ["Luxembourgish", "Luxembourger"], "Malta": ["Maltese"], "Moldova": ["Moldovan"],
    "Monaco": ["Monegasque"], "Mongolia": ["Mongolian"], "Montenegro": ["Montenegrin"],
    "Netherlands": ["Dutch"], "North Macedonia": ["Macedonian"], "Norway": ["Norwegian"],
    "Poland": ["Polish"], "Portugal": ["Portuguese"], "Romania": ["Romanian"],
    "Russian Federation": ["Russian"], "San Marino": ["Sammarinese"], "Serbia": ["Serbian"],
    "Slovakia": ["Slovak", "Slovakian"], "Slovenia": ["Slovenian", "Slovene"], "Spain": ["Spanish"],
    "Sweden": ["Swedish", "Swede"], "Switzerland": ["Swiss"], "Tajikistan": ["Tajik", "Tajikistani"],
    "Türkiye": ["Turkish"], "Turkmenistan": ["Turkmen", "Turkmenistani"], "Ukraine": ["Ukrainian"],
    "United Kingdom": ["British", "Briton"], "United States of America": ["American"],
    "Uzbekistan": ["Uzbek", "Uzbekistani"],
    "Algeria": ["Algerian"], "Egypt": ["Egyptian"], "Israel": ["Israeli"], "Jordan": ["Jordanian"],
    "Morocco": ["Moroccan"], "Tunisia": ["Tunisian"], "Afghanistan": ["Afghan"], "Australia": ["Australian"],
    "Japan": ["Japanese"], "Republic of Korea": ["Korean"], "Thailand": ["Thai"],
    "China": ["Chinese"], "Iran": ["Iranian"], "Iraq": ["Iraqi"], "Syria": ["Syrian"], "Libya": ["Libyan"],
    "Lebanon": ["Lebanese"], "Pakistan": ["Pakistani"],
}
# plurals that are not regular (+s) or that would be wrong
_ADJ_PLURALS: dict[str, str] = {
    "Dane": "Danes", "Finn": "Finns", "Pole": "Poles", "Swede": "Swedes", "Briton": "Britons",
    "Luxembourger": "Luxembourgers",
}
# adjectives that have no '+s' plural noun
_NO_PLURAL = {"Danish", "Finnish", "French", "Irish", "Dutch", "Polish", "Spanish", "Swedish", "Turkish",
              "British", "Swiss", "Maltese", "Portuguese", "Japanese", "Chinese", "Lebanese", "Sammarinese",
              "Icelandic", "Luxembourgish", "Czech", "Kazakh", "Kyrgyz", "Tajik", "Uzbek", "Turkmen", "Thai",
              "Greek", "Monegasque", "Slovak", "Azeri", "Afghan", "Dane", "Finn", "Pole", "Swede", "Briton",
              "Luxembourger", "Slovene"}

HISTORICAL_STATES: dict[str, list[str]] = {
    "Soviet Union": ["USSR", "U.S.S.R.", "Soviet"],
    "Federal Republic of Yugoslavia": ["FRY", "Yugoslavia", "Socialist Federal Republic of Yugoslavia",
                                       "SFRY", "Yugoslav"],
    "Serbia and Montenegro": ["State Union of Serbia and Montenegro"],
    "Czechoslovakia": ["Czechoslovak"],
}


def _state_forms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    adjs: dict[str, str] = {}
    hist: dict[str, str] = {}
    for canon in STATE_ISO2:
        names[canon] = canon
        for alt in _STATE_NAMES.get(canon, []):
            names[alt] = canon
    for canon, lst in _STATE_ADJ.items():
        for adj in lst:
            adjs[adj] = canon
            if adj in _ADJ_PLURALS:
                adjs[_ADJ_PLURALS[adj]] = canon
            elif adj not in _NO_PLURAL:
                adjs[adj + "s"] = canon
    for canon, lst in HISTORICAL_STATES.items():
        hist[canon] = canon
        for alt in lst:
            hist[alt] = canon
    hist["Yugoslav"] = "Federal Republic of Yugoslavia"
    return names, adjs, hist


STATE_NAME_FORMS, STATE_ADJ_FORMS, HISTORICAL_FORMS = _state_forms()
_STATE_LOWER = {k.lower(): v for k, v in {**STATE_ADJ_FORMS, **STATE_NAME_FORMS}.items()}
_STATE_LOWER.update({"the " + k.lower(): v for k, v in STATE_NAME_FORMS.items()})
_STATE_LOWER.update({"government of " + k.lower(): v for k, v in STATE_NAME_FORMS.items()})
_STATE_LOWER.update({"government of the " + k.lower(): v for k, v in STATE_NAME_FORMS.items()})


@lru_cache(maxsize=8192)
def canonical_state(name: str) -> str | None:
    """Any name, abbreviation, older form or demonym of a state → its canonical §10 name."""
    if not name:
        return None
    key = " ".join(name.strip().split())
    if key.endswith("'s") or key.endswith("’s"):
        key = key[:-2]
    if key in STATE_NAME_FORMS:
        return STATE_NAME_FORMS[key]
    if key in STATE_ADJ_FORMS:
        return STATE_ADJ_FORMS[key]
    return _STATE_LOWER.get(key.lower())


def canonical_historical_state(name: str) -> str | None:
    key = " ".join(name.strip().split())
    return HISTORICAL_FORMS.get(key) or {k.lower(): v for k, v in HISTORICAL_FORMS.items()}.get(key.lower())


def state_iso2(canonical_state: str) -> str | None:
    """Canonical state name → ISO 3166-1 alpha-2 ('Ukraine' → 'UA')."""
    if canonical_state in STATE_ISO2:
        return STATE_ISO2[canonical_state]
    c = globals()["canonical_state"](canonical_state)
    return STATE_ISO2.get(c) if c else None


# --------------------------------------------------------------------------------------------------
# OSCE units (EXTRACTION §13, structures.csv, field_operations.csv)
# --------------------------------------------------------------------------------------------------

# (canonical, aliases, reference slug or None). Aliases are matched case-sensitively in text by
# entities.find_organisations; canonical_unit() also accepts them case-insensitively.
UNITS: list[tuple[str, list[str], str | None]] = [
    ("OSCE Secretariat", ["Secretariat", "OSCE Secretariat in Vienna"], "secretariat"),
    ("OSCE Secretary General", ["Secretary General", "SG", "OSCE Secretary-General", "Secretary-General"],
     "office-of-the-secretary-general"),
    ("OSCE Office of the Secretary General", ["Office of the Secretary General", "OSG"],
     "office-of-the-secretary-general"),
    ("OSCE Conflict Prevention Centre", ["Conflict Prevention Centre", "CPC"], "conflict-prevention-centre"),
    ("OSCE Transnational Threats Department", ["Transnational Threats Department", "TNTD"],
     "transnational-threats-department"),
    ("OSCE Transnational Threats Department (Strategic Police Matters Unit)",
     ["Strategic Police Matters Unit", "OSCE Strategic Police Matters Unit", "SPMU", "TNTD/SPMU"],
     "tntd-strategic-police-matters-unit"),
    ("OSCE Transnational Threats Department (Border Security and Management Unit)",
     ["Border Security and Management Unit", "OSCE Border Security and Management Unit", "Borders Unit",
      "TNTD/BSMU", "BSMU"], "tntd-borders-unit"),
    ("OSCE Transnational Threats Department (Action against Terrorism Unit)",
     ["Action against Terrorism Unit", "OSCE Action against Terrorism Unit", "ATU", "TNTD/ATU"],
     "tntd-action-against-terrorism-unit"),
    ("Office of the Co-ordinator of OSCE Economic and Environmental Activities",
     ["OCEEA", "Office of the Co-ordinator of Economic and Environmental Activities",
      "Office of the OSCE Co-ordinator of Economic and Environmental Activities",
      "Co-ordinator of OSCE Economic and Environmental Activities",
      "OSCE Co-ordinator of Economic and Environmental Activities"], "oceea"),
    ("Office of the OSCE Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
     ["Office of the Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
      "OSCE Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
      "Special Representative and Co-ordinator for Combating Trafficking in Human Beings", "OSR/CTHB",
      "OSCE Special Representative for Combating Trafficking in Human Beings",
      "Special Representative for Combating Trafficking in Human Beings",
      "Office of the Special Representative for Combating Trafficking in Human Beings"],
     "osr-cthb"),
    ("OSCE Gender Issues Programme", ["Gender Issues Programme", "OSCE Gender Section", "Gender Section"],
     "gender-issues"),
    ("OSCE Secretariat Extra-Budgetary Support Programme for Ukraine",
     ["OSCE Support Programme for Ukraine", "Support Programme for Ukraine", "SPU",
      "Extra-Budgetary Support Programme for Ukraine", "OSCE Extra-Budgetary Support Programme for Ukraine",
      "Secretariat Extra-Budgetary Support Programme for Ukraine"], None),
    ("OSCE Office for Democratic Institutions and Human Rights",
     ["Office for Democratic Institutions and Human Rights", "ODIHR", "OSCE/ODIHR", "OSCE ODIHR",
      "OSCE's Office for Democratic Institutions and Human Rights"], "odihr"),
    ("OSCE High Commissioner on National Minorities",
     ["High Commissioner on National Minorities", "HCNM", "OSCE HCNM",
      "Office of the OSCE High Commissioner on National Minorities",
      "Office of the High Commissioner on National Minorities"], "hcnm"),
    ("OSCE Representative on Freedom of the Media",
     ["Representative on Freedom of the Media", "RFoM", "OSCE RFoM",
      "Office of the OSCE Representative on Freedom of the Media",
      "Office of the Representative on Freedom of the Media", "OSCE media freedom representative",
      "OSCE Media Freedom Representative"], "rfom"),
    ("OSCE Parliamentary Assembly", ["OSCE PA", "Parliamentary Assembly of the OSCE",
                                     "OSCE Parliamentary Assembly International Secretariat"], "osce-pa"),
    ("OSCE Chairmanship", ["OSCE Chairpersonship", "Chairmanship", "Chairpersonship",
                           "OSCE Chairperson-in-Office", "Chairperson-in-Office", "CiO", "OSCE CiO",
                           "OSCE Chairman-in-Office", "Chairman-in-Office", "OSCE Chairwoman-in-Office",
                           "Chairwoman-in-Office"],
     "chairpersonship"),
    ("OSCE Permanent Council", ["Permanent Council"], "permanent-council"),
    ("OSCE Ministerial Council", ["Ministerial Council"], "ministerial-council"),
    ("OSCE Forum for Security Co-operation", ["Forum for Security Co-operation", "FSC"],
     "forum-for-security-co-operation"),
    ("OSCE Troika", [], "troika"),
    ("OSCE Minsk Group", ["Minsk Group"], "minsk-group"),
    ("OSCE Documentation Centre in Prague", [], "documentation-centre-in-prague"),
    ("OSCE Department of Human Resources", ["Department of Human Resources"], "department-of-human-resources"),
    ("OSCE Department of Management and Finance", ["Department of Management and Finance"],
     "department-of-management-and-finance"),
    ("OSCE Contact Point for Roma and Sinti Issues", ["Contact Point for Roma and Sinti Issues", "CPRSI"],
     "odihr-contact-point-for-roma-and-sinti-issues"),
    ("Court of Conciliation and Arbitration within the OSCE", ["OSCE Court of Conciliation and Arbitration"],
     "court-of-conciliation-and-arbitration"),
    # field operations (field_operations.csv)
    ("OSCE Presence in Albania", ["Presence in Albania"], "albania-1997"),
    ("OSCE Mission to Bosnia and Herzegovina", ["Mission to Bosnia and Herzegovina", "OSCE Mission to BiH",
                                                "Mission to BiH", "OSCE BiH Mission"], "bosnia-and-herzegovina-1995"),
    ("OSCE Mission in Kosovo", ["OSCE Kosovo Mission", "Mission in Kosovo", "OMiK"], "kosovo-1999"),
    ("OSCE Mission to Moldova", ["Mission to Moldova"], "moldova-1993"),
    ("OSCE Mission to Montenegro", ["Mission to Montenegro"], "montenegro-2006"),
    ("OSCE Mission to Serbia", ["Mission to Serbia", "OSCE Belgrade Mission"], "serbia-2001"),
    ("OSCE Mission to Skopje", ["Mission to Skopje", "OSCE Skopje Mission"], "skopje-1992"),
    ("OSCE Centre in Ashgabat", ["Centre in Ashgabat"], "ashgabat-1998"),
    ("OSCE Programme Office in Astana", ["Programme Office in Astana"], "kazakhstan-1998"),
    ("OSCE Programme Office in Bishkek", ["Programme Office in Bishkek"], "bishkek-1998"),
    ("OSCE Programme Office in Dushanbe", ["Programme Office in Dushanbe", "POiD"], "tajikistan-1994"),
    ("OSCE Border Management Staff College", ["Border Management Staff College", "BMSC"], None),
    ("OSCE Project Co-ordinator in Uzbekistan", ["Project Co-ordinator in Uzbekistan", "PCUz",
                                                 "OSCE Project Coordinator in Uzbekistan"], "uzbekistan-2006"),
    ("OSCE Project Co-ordinator in Ukraine", ["Project Co-ordinator in Ukraine", "PCU",
                                              "OSCE Project Coordinator in Ukraine"],
     "ukraine-project-co-ordinator-1999"),
    ("OSCE Field Office in Osh", ["Field Office in Osh"], "bishkek-field-office-osh"),
    ("OSCE Mission to Georgia", ["Mission to Georgia"], "georgia-1992"),
    ("OSCE Office in Yerevan", ["Office in Yerevan"], "yerevan-2000"),
    ("OSCE Office in Baku", ["Office in Baku", "OSCE Project Co-ordinator in Baku"], "baku-2000"),
    ("OSCE Office in Minsk", ["Office in Minsk"], "minsk-2003"),
    ("OSCE Mission to Croatia", ["Mission to Croatia"], "croatia-1996"),
    ("OSCE Office in Zagreb", ["Office in Zagreb"], "zagreb-2008"),
    ("OSCE Special Monitoring Mission to Ukraine", ["Special Monitoring Mission to Ukraine", "SMM",
                                                    "OSCE SMM"], "ukraine-smm-2014"),
    ("OSCE Observer Mission at the Russian Checkpoints Gukovo and Donetsk",
     ["Observer Mission at the Russian Checkpoints Gukovo and Donetsk", "OSCE Observer Mission"],
     "gukovo-donetsk-observer-mission-2014"),
    ("OSCE Mission to Estonia", [], "estonia-1993"),
    ("OSCE Mission to Latvia", [], "latvia-1993"),
    ("OSCE Mission to Ukraine", [], "ukraine-mission-1994"),
    ("OSCE Assistance Group to Chechnya", ["Assistance Group to Chechnya"], "chechnya-assistance-group-1995"),
    ("OSCE Kosovo Verification Mission", ["Kosovo Verification Mission", "KVM"],
     "kosovo-verification-mission-1998"),
    ("OSCE Missions of Long Duration in Kosovo, Sandjak and Vojvodina", [], "kosovo-sandjak-vojvodina-1992"),
]

# former names: former canonical → (successor canonical, other spellings of the former name)
FORMER_UNITS: dict[str, tuple[str, list[str]]] = {
    "OSCE Mission to the Federal Republic of Yugoslavia": ("OSCE Mission to Serbia",
                                                           ["Mission to the Federal Republic of Yugoslavia",
                                                            "OSCE Mission to FRY"]),
    "OSCE Mission to Serbia and Montenegro": ("OSCE Mission to Serbia", ["Mission to Serbia and Montenegro"]),
    "OSCE Spillover Monitor Mission to Skopje": ("OSCE Mission to Skopje", ["Spillover Monitor Mission to Skopje",
                                                                            "OSCE Spillover Mission to Skopje",
                                                                            "Spillover Mission to Skopje"]),
    "OSCE Centre in Astana": ("OSCE Programme Office in Astana", ["Centre in Astana"]),
    "OSCE Programme Office in Nur-Sultan": ("OSCE Programme Office in Astana", ["Programme Office in Nur-Sultan"]),
    "OSCE Centre in Almaty": ("OSCE Programme Office in Astana", ["Centre in Almaty"]),
    "OSCE Centre in Bishkek": ("OSCE Programme Office in Bishkek", ["Centre in Bishkek"]),
    "OSCE Office in Tajikistan": ("OSCE Programme Office in Dushanbe", ["Office in Tajikistan"]),
    "OSCE Centre in Dushanbe": ("OSCE Programme Office in Dushanbe", ["Centre in Dushanbe"]),
    "OSCE Mission to Tajikistan": ("OSCE Programme Office in Dushanbe", ["Mission to Tajikistan"]),
    "OSCE Centre in Tashkent": ("OSCE Project Co-ordinator in Uzbekistan", ["Centre in Tashkent"]),
    "OSCE Liaison Office in Central Asia": ("OSCE Project Co-ordinator in Uzbekistan",
                                            ["Liaison Office in Central Asia"]),
    "OSCE Project Co-ordinator in Ukraine": ("OSCE Secretariat Extra-Budgetary Support Programme for Ukraine", []),
    "OSCE Advisory and Monitoring Group in Belarus": ("OSCE Office in Minsk", ["Advisory and Monitoring Group in Belarus"]),
    "OSCE Mission to Croatia": ("OSCE Office in Zagreb", []),
}

# reference slugs: canonical → slug in structures.csv / field_operations.csv. Units that are not in those
# CSVs carry a *proposed* slug here (value prefixed with '?') so that the reference-data engineer can add
# them; unit_reference_slug() returns None for those.
UNIT_SLUGS: dict[str, str] = {}
for _c, _a, _s in UNITS:
    UNIT_SLUGS[_c] = _s if _s else "?"
UNIT_SLUGS.update({
    "OSCE Secretariat Extra-Budgetary Support Programme for Ukraine": "?support-programme-for-ukraine",
    "OSCE Border Management Staff College": "?border-management-staff-college",
    "OSCE Centre in Tashkent": "centre-in-tashkent-2000",
    "OSCE Liaison Office in Central Asia": "central-asia-liaison-office-1995",
    # former names of a field operation share its slug
    "OSCE Mission to the Federal Republic of Yugoslavia": "serbia-2001",
    "OSCE Mission to Serbia and Montenegro": "serbia-2001",
    "OSCE Spillover Monitor Mission to Skopje": "skopje-1992",
    "OSCE Centre in Astana": "kazakhstan-1998",
    "OSCE Programme Office in Nur-Sultan": "kazakhstan-1998",
    "OSCE Centre in Almaty": "kazakhstan-1998",
    "OSCE Centre in Bishkek": "bishkek-1998",
    "OSCE Office in Tajikistan": "tajikistan-1994",
    "OSCE Centre in Dushanbe": "tajikistan-1994",
    "OSCE Mission to Tajikistan": "tajikistan-1994",
    "OSCE Advisory and Monitoring Group in Belarus": "minsk-2003",
})
PROPOSED_UNIT_SLUGS = {k: v[1:] for k, v in UNIT_SLUGS.items() if v.startswith("?")}

# successor chains (a former unit whose successor itself closed: Liaison Office → Centre in Tashkent → PCUz)
_SUCCESSOR: dict[str, str] = {k: v[0] for k, v in FORMER_UNITS.items()}

# alias (exact) → canonical; the former names map to themselves
UNIT_ALIASES: dict[str, str] = {}
for _c, _a, _s in UNITS:
    UNIT_ALIASES[_c] = _c
    for _x in _a:
        UNIT_ALIASES.setdefault(_x, _c)
for _c, (_succ, _alts) in FORMER_UNITS.items():
    UNIT_ALIASES[_c] = _c
    for _x in _alts:
        UNIT_ALIASES[_x] = _c
_UNIT_LOWER = {k.lower(): v for k, v in UNIT_ALIASES.items()}

# field operations referred to only by their city ("field operations based in Ashgabat, Bishkek, ...")
FIELD_OP_BY_CITY: dict[str, str] = {
    "Tirana": "OSCE Presence in Albania", "Sarajevo": "OSCE Mission to Bosnia and Herzegovina",
    "Pristina": "OSCE Mission in Kosovo", "Chisinau": "OSCE Mission to Moldova",
    "Podgorica": "OSCE Mission to Montenegro", "Belgrade": "OSCE Mission to Serbia",
    "Skopje": "OSCE Mission to Skopje", "Ashgabat": "OSCE Centre in Ashgabat",
    "Astana": "OSCE Programme Office in Astana", "Bishkek": "OSCE Programme Office in Bishkek",
    "Dushanbe": "OSCE Programme Office in Dushanbe", "Tashkent": "OSCE Project Co-ordinator in Uzbekistan",
}

_SUBUNIT_RE = re.compile(r"^(.*?)\s*\((.+)\)$")


def _norm_unit_key(name: str) -> str:
    s = " ".join(name.replace("’", "'").split())
    s = re.sub(r"^(?:the|The)\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return s


@lru_cache(maxsize=8192)
def canonical_unit(name: str) -> str | None:
    """Any form, acronym or former name of an OSCE unit → its canonical §13 name (former names stay former)."""
    if not name:
        return None
    s = _norm_unit_key(name)
    if s in UNIT_ALIASES:
        return UNIT_ALIASES[s]
    low = s.lower()
    if low in _UNIT_LOWER:
        return _UNIT_LOWER[low]
    low2 = low.replace("coordinator", "co-ordinator").replace("cooperation", "co-operation")
    low2 = low2.replace("center", "centre").replace("program ", "programme ")
    if low2 in _UNIT_LOWER:
        return _UNIT_LOWER[low2]
    if not low2.startswith("osce ") and "osce " + low2 in _UNIT_LOWER:
        return _UNIT_LOWER["osce " + low2]
    if low2.startswith("osce's "):
        return canonical_unit(s[7:])
    m = _SUBUNIT_RE.match(s)
    if m:  # 'Unit (Sub-unit)' or 'Name (ACRONYM)'
        outer, inner = canonical_unit(m.group(1)), canonical_unit(m.group(2))
        if outer and inner and inner.startswith(outer):
            return inner
        if outer:
            if inner == outer:
                return outer
            return f"{outer} ({m.group(2)})" if inner is None and not m.group(2).isupper() else outer
    # 'Office of the OSCE X' for an institution
    if low2.startswith("office of the "):
        return canonical_unit(s[len("Office of the "):])
    return None


@lru_cache(maxsize=8192)
def successor_unit(name: str) -> str | None:
    """Former canonical unit name → today's canonical name (None when the unit was not renamed)."""
    c = canonical_unit(name) or name
    if c not in _SUCCESSOR:
        m = _SUBUNIT_RE.match(c)   # 'OSCE Centre in Bishkek (Osh Field Office)' → the successor keeps the sub-unit
        if m and m.group(1) in _SUCCESSOR:
            outer = successor_unit(m.group(1))
            return f"{outer} ({m.group(2)})" if outer else None
        return None
    seen = set()
    while c in _SUCCESSOR and c not in seen:
        seen.add(c)
        nxt = _SUCCESSOR[c]
        # PCU closed and its work passed to the SPU; the Centre in Tashkent chain goes to PCUz
        c = nxt
    return c


def unit_reference_slug(canonical: str) -> str | None:
    """Canonical unit name → slug in structures.csv / field_operations.csv; None if not there."""
    c = canonical_unit(canonical) or canonical
    slug = UNIT_SLUGS.get(c)
    if slug is None:
        m = _SUBUNIT_RE.match(c)
        if m:
            slug = UNIT_SLUGS.get(m.group(1))
    if not slug or slug.startswith("?"):
        return None
    return slug


# --------------------------------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------------------------------

# "State: City1; City2=Variant=Variant; ..." — the first spelling in a group is the canonical key; '|'
# separates groups. Kosovo places use the state '-' (no state). Renamed places: see CITY_RENAMED.
_CITY_DATA = """
Albania: Tirana=Tirane=Tiranë | Durrës=Durres=Durrësi | Vlorë=Vlora=Vlore | Shkodër=Shkodra=Shkoder | Elbasan |
 Korçë=Korca=Korça=Korce | Fier | Berat | Gjirokastër=Gjirokastra=Gjirokaster | Kukës=Kukes | Lezhë=Lezha=Lezhe |
 Sarandë=Saranda=Sarande | Pogradec | Peshkopi | Krujë=Kruja | Kavajë=Kavaja | Lushnjë=Lushnja | Tropojë=Tropoja |
 Bajram Curri | Përmet=Permet | Librazhd | Burrel | Has
Andorra: Andorra la Vella
Armenia: Yerevan | Gyumri | Vanadzor | Vagharshapat | Hrazdan | Abovyan | Kapan | Goris | Dilijan | Ijevan
Austria: Vienna=Wien | Graz | Linz | Salzburg | Innsbruck | Klagenfurt | Baden | Laxenburg | Villach | St. Pölten
Azerbaijan: Baku | Ganja | Sumgait=Sumqayit | Mingachevir | Lankaran | Shaki | Nakhchivan | Shusha | Gabala | Quba |
 Khankendi=Stepanakert | Lachin | Aghdam | Fuzuli
Belarus: Minsk | Brest | Grodno=Hrodna | Gomel=Homel | Vitebsk=Viciebsk | Mogilev=Mahiliou | Bobruisk | Baranovichi
Belgium: Brussels | Antwerp | Ghent | Liège | Bruges | Leuven | Mons
Bosnia and Herzegovina: Sarajevo | Banja Luka | Mostar | Tuzla | Zenica | Bihać=Bihac | Brčko=Brcko | Bijeljina |
 Prijedor | Doboj | Trebinje | Goražde=Gorazde | Foča=Foca | Srebrenica | Livno | Drvar | Travnik | Visoko | Odžak=Odzak |
 Vukosavlje | Konjic | Jajce | Stolac | Zvornik | Višegrad=Visegrad | Bugojno | Cazin | Velika Kladuša | Orašje |
 Gradačac | Široki Brijeg | Čapljina | Sanski Most | Kakanj | Gračanica | Bratunac | Derventa | Modriča | Gradiška |
 Laktaši | Kiseljak | Vitez | Novi Travnik | Gornji Vakuf | Prozor | Jablanica | Neum | Bosanski Petrovac | Ključ |
 Kotor Varoš | Teslić | Tešanj | Maglaj | Žepče | Zavidovići | Olovo | Vareš | Ilijaš | Pale | Rogatica | Nevesinje |
 Bileća | Ljubinje | Kupres | Tomislavgrad | Posušje | Grude | Ljubuški | Čitluk | Glamoč | Bosanska Krupa | Bužim |
 Velika Kladusa | Lukavac | Srebrenik | Kalesija | Živinice | Banovići | Kladanj | Vlasenica | Milići | Šekovići | Ugljevik |
 Lopare | Čelić | Šamac | Brod | Istočno Sarajevo=East Sarajevo | Mrkonjić Grad | Šipovo | Novi Grad | Kozarska Dubica |
 Kostajnica | Donji Vakuf | Fojnica | Kreševo | Busovača | Breza | Hadžići | Ilidža | Vogošća | Pečuj | Potočari |
 Kozarac | Ahmići | Stari Grad | Grbavica | Dobrinja | Zavidovici
Bulgaria: Sofia | Plovdiv | Varna | Burgas | Ruse
Canada: Ottawa | Toronto | Montreal | Vancouver
Croatia: Zagreb | Split | Rijeka | Osijek | Zadar | Vukovar | Dubrovnik | Knin | Sisak | Karlovac | Pula
Cyprus: Nicosia | Limassol | Larnaca
Czechia: Prague | Brno | Ostrava
Denmark: Copenhagen | Aarhus | Odense
Estonia: Tallinn | Tartu | Narva
Finland: Helsinki | Tampere | Turku | Espoo
France: Paris | Strasbourg | Lyon | Marseille | Nice | Bordeaux
Georgia: Tbilisi | Batumi | Kutaisi | Rustavi | Gori | Zugdidi | Telavi | Poti | Akhalkalaki | Akhaltsikhe | Marneuli |
 Tskhinvali | Sukhumi=Sukhum | Gali | Ergneti | Kobuleti | Ozurgeti | Mtskheta | Borjomi
Germany: Berlin | Bonn | Hamburg | Munich | Frankfurt | Cologne | Stuttgart | Düsseldorf | Dresden | Leipzig |
 Hanover | Garmisch-Partenkirchen | Oberammergau | Potsdam
Greece: Athens | Thessaloniki | Ioannina
Hungary: Budapest | Debrecen | Szeged | Pécs
Iceland: Reykjavik=Reykjavík
Ireland: Dublin | Cork | Galway | Limerick
Italy: Rome | Milan | Naples | Turin | Florence | Venice | Bologna | Trieste | Vicenza | Palermo | San Remo=Sanremo
Kazakhstan: Astana=Nur-Sultan=Akmola=Aqmola=Tselinograd | Almaty=Alma-Ata | Shymkent=Chimkent | Karaganda=Qaraghandy |
 Aktobe=Aqtobe | Atyrau | Aktau=Aqtau | Pavlodar | Oskemen=Ust-Kamenogorsk | Semey=Semipalatinsk | Kostanay |
 Kyzylorda | Taraz | Petropavl=Petropavlovsk | Oral=Uralsk | Turkestan | Taldykorgan | Kokshetau | Zhezkazgan | Ekibastuz |
 Temirtau | Konaev=Kapchagay | Baikonur | Zhanaozen | Ridder | Kulsary | Burabay | Shchuchinsk | Stepnogorsk | Rudny
Kyrgyzstan: Bishkek=Frunze | Osh | Jalal-Abad=Jalalabad=Djalal-Abad | Karakol | Naryn | Batken | Talas | Tokmok=Tokmak |
 Kara-Balta | Cholpon-Ata | Balykchy | Uzgen=Özgön | Kara-Suu | Kyzyl-Kiya | Toktogul | Isfana | Kant | Kochkor |
 Nookat | Aravan | Kadamjai | Sulukta | Mailuu-Suu | Tash-Kumyr | Kerben | Chaek | At-Bashy | Bazar-Korgon | Suzak
Latvia: Riga | Daugavpils | Liepāja=Liepaja
Liechtenstein: Vaduz
Lithuania: Vilnius | Kaunas | Klaipėda=Klaipeda
Luxembourg: Luxembourg City
Malta: Valletta
Moldova: Chisinau=Chișinău=Chişinău=Kishinev | Tiraspol | Bălți=Balti=Bălţi | Bender=Bendery=Tighina | Comrat | Cahul |
 Ungheni | Soroca | Orhei | Dubăsari=Dubasari=Dubossary | Rîbnița=Ribnita=Rybnitsa | Vadul-lui-Vodă=Vadul lui Voda=Vadul-lui-Voda |
 Edineț=Edinet | Căușeni=Causeni | Hîncești=Hincesti | Ștefan Vodă=Stefan Voda | Drochia | Ceadîr-Lunga=Ceadir-Lunga |
 Vulcănești=Vulcanesti | Slobozia | Grigoriopol | Camenca | Anenii Noi | Criuleni | Strășeni=Straseni | Ialoveni |
 Cimișlia=Cimislia | Leova | Taraclia | Briceni | Ocnița=Ocnita | Florești=Floresti | Rezina | Șoldănești=Soldanesti |
 Telenești=Telenesti | Călărași=Calarasi | Nisporeni | Glodeni | Fălești=Falesti | Sîngerei=Singerei | Basarabeasca |
 Varnița=Varnita | Cocieri | Molovata | Dorotcaia | Pîrîta | Corjova
Monaco: Monaco-Ville
Mongolia: Ulaanbaatar=Ulan Bator | Darkhan | Erdenet
Montenegro: Podgorica | Nikšić=Niksic | Budva | Kotor | Bar | Cetinje | Herceg Novi | Kolašin=Kolasin | Bijelo Polje |
 Ulcinj | Pljevlja | Berane | Rožaje=Rozaje | Tivat | Danilovgrad | Plav | Mojkovac | Andrijevica | Žabljak=Zabljak |
 Plužine | Šavnik | Gusinje | Petnjica | Tuzi
Netherlands: Amsterdam | The Hague | Rotterdam | Utrecht | Maastricht
North Macedonia: Skopje | Bitola | Kumanovo | Prilep | Tetovo | Ohrid | Struga | Gostivar | Veles | Štip=Stip |
 Kičevo=Kicevo | Strumica | Kavadarci | Kočani=Kocani | Gevgelija | Debar | Dojran | Ponikva | Mavrovo | Kriva Palanka |
 Radoviš=Radovis | Negotino | Sveti Nikole | Delčevo | Vinica | Berovo | Kratovo | Probištip | Resen | Krusevo=Kruševo |
 Makedonski Brod | Demir Hisar | Aračinovo=Aracinovo | Lipkovo | Tearce | Želino | Čair=Cair | Šuto Orizari | Saraj
Norway: Oslo | Bergen | Trondheim
Poland: Warsaw | Krakow=Kraków=Cracow | Gdansk=Gdańsk | Wroclaw=Wrocław | Poznan=Poznań | Lodz=Łódź | Lublin | Katowice
Portugal: Lisbon | Porto
Romania: Bucharest | Cluj-Napoca | Iași=Iasi | Timișoara=Timisoara | Constanța=Constanta | Galați=Galati
Russian Federation: Moscow | St. Petersburg=Saint Petersburg=St Petersburg | Kazan | Novosibirsk | Yekaterinburg |
 Rostov-on-Don | Sochi | Kaliningrad | Grozny | Vladikavkaz | Nalchik | Makhachkala | Krasnodar | Volgograd | Samara |
 Nizhny Novgorod | Kamensk-Shakhtinsky | Gukovo | Pskov | Smolensk | Murmansk | Vladivostok | Omsk | Ufa | Belgorod |
 Kursk | Bryansk | Voronezh | Magas | Nazran | Beslan | Pyatigorsk | Stavropol | Astrakhan | Znamenskoye | Tver |
 Yaroslavl | Irkutsk | Krasnoyarsk | Chelyabinsk | Perm | Saratov | Tula | Ryazan | Orenburg | Tomsk
San Marino: San Marino City
Serbia: Belgrade=Beograd | Novi Sad | Niš=Nis | Kragujevac | Subotica | Novi Pazar | Bujanovac | Preševo=Presevo |
 Medveđa=Medvedja | Vranje | Vršac=Vrsac | Zemun | Čačak=Cacak | Kraljevo | Šabac=Sabac | Sombor | Pančevo=Pancevo |
 Zrenjanin | Leskovac | Smederevo | Užice=Uzice | Valjevo | Tutin | Sjenica | Kruševac=Krusevac | Prijepolje | Priboj |
 Bor | Zaječar | Pirot | Jagodina | Kikinda | Sremska Mitrovica | Ruma | Loznica | Obrenovac | Mladenovac | Bačka Palanka |
 Senta | Bečej | Novi Bečej | Kula | Vrbas | Paraćin | Ćuprija | Negotin | Dimitrovgrad | Bosilegrad | Trgovište | Raška |
 Ivanjica | Arilje | Požega | Mali Zvornik | Kuršumlija | Lebane | Bojnik | Vlasotince | Gornji Milanovac | Aranđelovac | Smederevska Palanka | Lazarevac | Surdulica | Vladičin Han
Slovakia: Bratislava | Košice=Kosice
Slovenia: Ljubljana | Maribor | Bled | Brdo pri Kranju | Portorož
Spain: Madrid | Barcelona | Seville | Valencia | Bilbao | Malaga=Málaga
Sweden: Stockholm | Gothenburg | Malmö=Malmo | Uppsala
Switzerland: Geneva | Bern=Berne | Zurich=Zürich | Basel | Lausanne | Lugano | Lucerne | Davos
Tajikistan: Dushanbe | Khujand=Khudjand=Khodjent=Leninabad | Kulob=Kulyab=Kulyob | Bokhtar=Qurghonteppa=Kurgan-Tyube=Kurgonteppa |
 Khorog=Khorugh | Istaravshan | Panjakent=Penjikent=Panjikent | Isfara | Vahdat | Tursunzoda=Tursunzade | Hisor=Hissar |
 Rasht | Garm | Farob | Bahoriston | Kanibadam=Konibodom | Shahritus | Danghara=Dangara | Nurek | Rogun | Yovon | Murghob |
 Ishkashim | Darvoz | Qalai Khumb=Kalaikhumb | Vanj | Rushan | Roghun | Buston | Guliston | Jabbor Rasulov | Spitamen |
 Zafarobod | Mastchoh | Ayni | Shahrinav | Rudaki | Varzob | Pyanj=Panj | Farkhor | Hamadoni | Shurobod | Tavildara | Jirgatol |
 Nurobod | Lakhsh | Sangvor | Moskovsky | Dusti
Türkiye: Ankara | Istanbul | Izmir=İzmir | Antalya | Bursa | Adana | Gaziantep | Trabzon | Diyarbakır=Diyarbakir
Turkmenistan: Ashgabat=Ashkhabad=Ashgabad | Turkmenabat=Turkmenabad=Chardzhou | Dashoguz | Mary | Balkanabat=Balkanabad |
 Turkmenbashi=Türkmenbaşy | Awaza=Avaza | Tejen | Bayramaly | Serdar | Magtymguly | Atamyrat | Kerki | Farap | Anew |
 Gokdepe | Daşoguz | Türkmenabat | Arkadag
Ukraine: Kyiv=Kiev | Kharkiv=Kharkov | Odesa=Odessa | Dnipro=Dnipropetrovsk=Dnepropetrovsk | Donetsk | Luhansk=Lugansk |
 Zaporizhzhia=Zaporizhia=Zaporozhye | Lviv | Kryvyi Rih | Mykolaiv=Mykolayiv=Nikolaev | Mariupol | Kherson | Chernihiv |
 Sumy | Poltava | Vinnytsia | Zhytomyr | Cherkasy | Chernivtsi | Ivano-Frankivsk | Ternopil | Lutsk | Rivne |
 Uzhhorod | Kropyvnytskyi=Kirovohrad | Khmelnytskyi | Toretsk=Dzerzhynsk | Kamianske=Dniprodzerzhynsk | Kramatorsk | Sloviansk=Slovyansk | Sievierodonetsk=Severodonetsk |
 Bakhmut=Artemivsk | Avdiivka | Simferopol | Sevastopol | Kerch | Yalta | Irpin | Bucha | Izium=Izyum | Melitopol |
 Berdiansk | Shchastia=Shchastya | Stanytsia Luhanska | Popasna | Debaltseve | Horlivka | Makiivka | Lysychansk |
 Pokrovsk=Krasnoarmiisk | Zolote | Marinka | Volnovakha | Mukachevo | Kremenchuk | Bila Tserkva | Kamianske | Nikopol | Borodianka |
 Hostomel | Brovary | Boryspil | Mukachevo=Mukacheve | Berehove | Vynohradiv | Tiachiv | Khust | Okhtyrka | Konotop | Nizhyn | Uman | Enerhodar | Chornobyl=Chernobyl | Slavutych |
 Kostiantynivka | Druzhkivka | Toretsk | Novoazovsk | Shyrokyne | Hnutove | Kurakhove | Vuhledar | Rubizhne |
 Pervomaisk | Alchevsk | Kadiivka=Stakhanov | Krasnohorivka | Maiorsk | Mayorsk | Novotroitske | Yasynuvata |
 Zaitseve | Novoluhanske | Svitlodarsk | Petrivske | Lebedynske | Vodiane | Pisky | Opytne | Hranitne | Olenivka |
 Kalynove | Kreminna | Starobilsk | Mykolaivka | Vuhlehirsk | Dokuchaievsk | Yenakiieve | Khartsyzk | Snizhne |
 Torez=Chystiakove | Shakhtarsk | Zolote-4 | Katerynivka | Krymske | Trokhizbenka | Lobacheve | Valuiske |
 Shevchenko | Nova Marivka | Sartana | Talakivka | Vynohradne | Pavlopil | Chermalyk | Bohdanivka | Orikhove |
 Huliaipole | Vasylivka | Nova Kakhovka | Kakhovka | Enerhodar | Izmail | Bilhorod-Dnistrovskyi | Kupiansk | Lozova |
 Chuhuiv | Balakliia | Vovchansk | Okhtyrka | Shostka | Romny | Hlukhiv | Pryluky | Irpin
United Kingdom: London | Edinburgh | Cardiff | Belfast | Manchester | Birmingham | Glasgow | Liverpool | Oxford | Cambridge
United States of America: Washington | New York | Chicago | Los Angeles | San Francisco | Boston
Uzbekistan: Tashkent=Toshkent | Samarkand=Samarqand | Bukhara=Buxoro | Andijan=Andijon | Namangan | Fergana=Ferghana=Farg'ona |
 Nukus | Karshi=Qarshi | Termez=Termiz | Urgench=Urganch | Khiva=Xiva | Jizzakh=Jizzax | Navoi=Navoiy | Gulistan |
 Kokand=Qo'qon | Margilan=Marg'ilon | Chirchik | Angren | Almalyk=Olmaliq | Shahrisabz | Denau | Zarafshan | Urgut
Algeria: Algiers
Egypt: Cairo | Alexandria
Israel: Jerusalem | Tel Aviv
Jordan: Amman
Morocco: Rabat | Casablanca | Marrakech
Tunisia: Tunis
Afghanistan: Kabul | Mazar-i-Sharif=Mazar-e-Sharif | Herat | Kandahar | Kunduz | Faizabad | Sheberghan | Termez-Hairatan |
 Hairatan | Jalalabad (AF)
Australia: Canberra | Sydney | Melbourne
Japan: Tokyo | Kyoto
Republic of Korea: Seoul | Busan
Thailand: Bangkok
China: Beijing | Shanghai
-: Prishtinë/Priština=Pristina=Prishtina=Priština=Prishtinë=Prishtine=Priștina | Mitrovicë/Mitrovica=Mitrovica/Mitrovicë=Mitrovica=Mitrovicë |
 Pejë/Peć=Peja/Peć=Pejë=Peja=Peć=Pec | Gjakovë/Đakovica=Gjakova/Đakovica=Gjakovë=Gjakova=Đakovica=Djakovica | Prizren |
 Ferizaj/Uroševac=Ferizaj=Uroševac=Urosevac | Gjilan/Gnjilane=Gjilan=Gnjilane | Podujevë/Podujevo=Podujeve/Podujevo=Podujevë=Podujevo=Podujeva |
 Vushtrri/Vučitrn=Vushtrri=Vučitrn=Vucitrn | Lipjan/Lipljan=Lipjan=Lipljan | Rahovec/Orahovac=Rahovec=Orahovac |
 Suharekë/Suva Reka=Suharekë=Suhareka=Suva Reka | Malishevë/Mališevo=Malishevë=Malisheva=Mališevo |
 Skenderaj/Srbica=Skenderaj=Srbica | Drenas/Glogovac=Drenas=Glogovac | Kamenicë/Kamenica=Kamenicë=Kamenica |
 Viti/Vitina=Viti=Vitina | Dragash/Dragaš=Dragash=Dragaš | Istog/Istok=Istog=Istok | Klinë/Klina=Klinë=Klina |
 Deçan/Dečani=Deçan=Dečani=Decan | Shtime/Štimlje=Shtime=Štimlje | Kaçanik/Kačanik=Kaçanik=Kačanik |
 Obiliq/Obilić=Obiliq=Obilić | Fushë Kosovë/Kosovo Polje=Fushë Kosovë=Kosovo Polje | Zubin Potok | Zvečan/Zveçan=Zvečan=Zveçan |
 Leposavić/Leposaviq=Leposavić=Leposaviq | Graçanicë/Gračanica=Gračanica/Graçanicë=Graçanicë |
 Štrpce/Shtërpcë=Shtërpcë/Štrpce=Štrpce=Shtërpcë | Novo Brdo/Novobërdë=Novobërdë/Novo Brdo=Novo Brdo=Novobërdë |
 Ranilug/Ranillug=Ranillug/Ranilug=Ranilug=Ranillug | Parteš/Partesh=Partesh/Parteš=Parteš=Partesh |
 Klokot/Kllokot=Kllokot/Klokot=Klokot=Kllokot | Mamuşa/Mamushë/Mamuša=Mamushë/Mamuša=Mamuşa=Mamusha=Mamuša |
 Hani i Elezit/Elez Han=Hani i Elezit=Elez Han | Junik
"""

# renamed places: old name → current name (city_aliases)
CITY_RENAMED: dict[str, str] = {
    "Nur-Sultan": "Astana", "Akmola": "Astana", "Aqmola": "Astana", "Tselinograd": "Astana",
    "Alma-Ata": "Almaty", "Frunze": "Bishkek", "Leninabad": "Khujand", "Dnipropetrovsk": "Dnipro",
    "Dnepropetrovsk": "Dnipro", "Artemivsk": "Bakhmut", "Qurghonteppa": "Bokhtar", "Kurgan-Tyube": "Bokhtar",
    "Kurgonteppa": "Bokhtar", "Ust-Kamenogorsk": "Oskemen", "Semipalatinsk": "Semey", "Chardzhou": "Turkmenabat",
    "Kapchagay": "Konaev", "Tighina": "Bender", "Kishinev": "Chisinau", "Kiev": "Kyiv", "Kharkov": "Kharkiv",
    "Odessa": "Odesa", "Lugansk": "Luhansk", "Krasnovodsk": "Turkmenbashi", "Stakhanov": "Kadiivka",
    "Torez": "Chystiakove", "Dzerzhynsk": "Toretsk", "Krasnoarmiisk": "Pokrovsk", "Kirovohrad": "Kropyvnytskyi",
    "Dniprodzerzhynsk": "Kamianske", "Titograd": "Podgorica",
}

# gazetteer words that are also common English words or first names: only accepted with place context
AMBIGUOUS_CITIES = {"Bar", "Mary", "Split", "Nice", "Bor", "Brod", "Has", "Kula", "Kant", "Oral", "Serdar", "Anew",
                    "Buston", "Dusti", "Vanj", "Baden", "Pale", "Washington", "Cambridge", "Oxford", "Ruma", "Senta",
                    "Jabbor Rasulov", "Rudaki", "Resen", "Magas", "Moskovsky", "Spitamen", "Bender", "Guliston",
                    "Gulistan", "Vinica", "Kerben", "Plav", "Saraj", "Kent", "Zolote", "Shusha"}

CITY_STATE: dict[str, str | None] = {}   # any spelling → state (None for Kosovo)
CITY_KEY: dict[str, str] = {}            # any spelling → canonical key (first spelling of its group)
CITY_VARIANTS: list[str] = []


def _build_cities() -> None:
    for line in re.sub(r"\n\s+", " ", _CITY_DATA.strip()).split("\n"):
        state, _, rest = line.partition(":")
        state = state.strip()
        st = None if state == "-" else state
        for group in rest.split("|"):
            names = [n.strip() for n in group.split("=") if n.strip()]
            names = [re.sub(r"\s*\([A-Z]{2}\)$", "", n) for n in names]
            if not names:
                continue
            key = names[0]
            for n in names:
                if n in CITY_STATE:
                    continue  # first listing wins (e.g. Jalalabad in Kyrgyzstan)
                CITY_STATE[n] = st
                CITY_KEY[n] = key
                CITY_VARIANTS.append(n)


_build_cities()
_CITY_FOLD: dict[str, str] = {}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ı", "i").replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s*/\s*", "/", s.lower().replace("ș", "s").replace("ț", "t")).strip()


for _n in CITY_VARIANTS:
    _CITY_FOLD.setdefault(_fold(_n), _n)
CITY_UPPER: dict[str, str] = {n.upper(): n for n in CITY_VARIANTS}


@lru_cache(maxsize=8192)
def city_lookup(name: str) -> str | None:
    """A spelling found in text → the gazetteer spelling it corresponds to (diacritics/case-insensitive)."""
    if name in CITY_STATE:
        return name
    return _CITY_FOLD.get(_fold(name))


def city_key(name: str) -> str | None:
    n = city_lookup(name)
    return CITY_KEY.get(n) if n else None


def city_state(name: str) -> str | None:
    n = city_lookup(name)
    if n is None:
        # bilingual forms: try each part
        for part in re.split(r"\s*/\s*", name):
            p = city_lookup(part)
            if p:
                return CITY_STATE[p]
        return None
    return CITY_STATE[n]
