"""Generate N synthetic OSCE news pages in the development layouts, deterministically from a seed.

The pages vary units, States, cities, dates, counts, people, projects and fields of work, and use the layouts of
the development set: current site (A, with the site menu), body-only (B), Newsroom (C), sub-site event page
(F) and listing pages (G). They exist to measure speed and growth, not extraction quality.

    python bench/generate.py --pages 10000 --seed 1 --out /tmp/pages
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

UNITS = [
    ("OSCE Mission to Skopje", "North Macedonia", ["Skopje", "Tetovo", "Ohrid", "Struga", "Kumanovo"]),
    ("OSCE Mission to Serbia", "Serbia", ["Belgrade", "Novi Sad", "Niš", "Bujanovac", "Vršac"]),
    ("OSCE Mission to Bosnia and Herzegovina", "Bosnia and Herzegovina", ["Sarajevo", "Mostar", "Banja Luka",
                                                                           "Tuzla", "Bihać"]),
    ("OSCE Mission to Montenegro", "Montenegro", ["Podgorica", "Budva", "Nikšić", "Kolašin"]),
    ("OSCE Mission to Moldova", "Moldova", ["Chișinău", "Bălţi", "Comrat", "Cahul"]),
    ("OSCE Presence in Albania", "Albania", ["Tirana", "Durrës", "Shkodër", "Vlorë"]),
    ("OSCE Centre in Ashgabat", "Turkmenistan", ["Ashgabat", "Mary", "Türkmenabat"]),
    ("OSCE Programme Office in Bishkek", "Kyrgyzstan", ["Bishkek", "Osh", "Karakol", "Naryn"]),
    ("OSCE Programme Office in Dushanbe", "Tajikistan", ["Dushanbe", "Khujand", "Kulob", "Bokhtar"]),
    ("OSCE Programme Office in Astana", "Kazakhstan", ["Astana", "Almaty", "Shymkent"]),
    ("OSCE Project Co-ordinator in Uzbekistan", "Uzbekistan", ["Tashkent", "Samarkand", "Bukhara"]),
    ("OSCE Secretariat Extra-Budgetary Support Programme for Ukraine", "Ukraine", ["Kyiv", "Lviv", "Odesa",
                                                                                   "Kharkiv", "Dnipro"]),
    ("OSCE Office for Democratic Institutions and Human Rights", "Poland", ["Warsaw"]),
    ("OSCE Transnational Threats Department", "Austria", ["Vienna"]),
]
FIELDS = ["Policing", "Border management", "Combating trafficking in human beings", "Cyber/ICT Security",
          "Democratization", "Education", "Elections", "Gender equality", "Good governance", "Human rights",
          "Media freedom and development", "Rule of law", "Youth", "Environmental activities", "Migration"]
ACTIVITIES = [("training course", "trained"), ("workshop", "took part in"), ("seminar", "attended"),
              ("roundtable", "discussed"), ("study visit", "completed"), ("conference", "gathered for")]
AUDIENCES = ["police officers", "judges and prosecutors", "border guards", "journalists", "civil servants",
             "young leaders", "teachers", "members of parliament", "election officials", "lawyers"]
TOPICS = ["investigating cybercrime", "countering violent extremism", "media literacy", "gender-sensitive policing",
          "border risk analysis", "anti-corruption measures", "electoral dispute resolution",
          "integrated border management", "community policing", "hate crime recording"]
GIVEN = ["Ana", "Marko", "Elena", "Timur", "Aigul", "Jovan", "Olena", "Dmitri", "Lejla", "Arben", "Nigora",
         "Gulnara", "Petar", "Maria", "Ivan", "Fatima", "Rustam", "Sabina", "Andrei", "Zarina"]
FAMILY = ["Petrovska", "Nikolić", "Kovalenko", "Abdullaev", "Hodžić", "Berisha", "Ismailova", "Ionescu",
          "Karimov", "Popović", "Shevchenko", "Tashkentova", "Rahimov", "Dimitrova", "Hoxha", "Sultanova"]
ROLES = ["Head of the {unit}", "Deputy Head of the {unit}", "Programme Officer at the {unit}",
         "Minister of Interior", "Director of the Police Academy", "Head of the Border Police"]
NUMBER_WORDS = {12: "Twelve", 15: "Fifteen", 20: "Twenty", 25: "Twenty-five", 30: "Thirty", 40: "Forty"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MENU = "\n".join(["Skip to main content", "-", "Our work", "-", "Fields of work"] + [f"- {f}" for f in FIELDS] +
                 ["-", "Countries", "-", "Participating States"] +
                 [f"- {s}" for s in sorted({u[1] for u in UNITS})] + ["-", "Structures and institutions"])


def spoken(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def page(rng: random.Random, n: int) -> str:
    unit, state, cities = rng.choice(UNITS)
    city = rng.choice(cities)
    fields = rng.sample(FIELDS, rng.randint(1, 3))
    activity, verb = rng.choice(ACTIVITIES)
    audience, topic = rng.choice(AUDIENCES), rng.choice(TOPICS)
    start = date(2008, 1, 1) + timedelta(days=rng.randrange(17 * 365))
    length = rng.randint(0, 4)
    end = start + timedelta(days=length)
    published = end + timedelta(days=rng.randint(0, 2))
    count = rng.choice([12, 15, 18, 20, 22, 25, 27, 30, 35, 40, 45, 50, 60])
    women = rng.randint(0, count)
    person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    role = rng.choice(ROLES).format(unit=unit.replace("OSCE ", ""))
    partner = rng.choice(["the Ministry of Interior", "the Judicial Training Centre", "UNDP",
                          "the Police Academy", "the Central Election Commission"])
    title = f"OSCE {activity} in {city} on {topic} for {audience} ({n})"
    when = (f"on {spoken(start)}" if length == 0 else
            f"from {start.day} to {spoken(end)}" if start.month == end.month else
            f"from {start.day} {MONTHS[start.month - 1]} to {spoken(end)}")
    counted = (NUMBER_WORDS.get(count, str(count)) if rng.random() < 0.3 else f"some {count}"
               if rng.random() < 0.2 else str(count))
    body = [
        f"{counted} {audience} {verb} a {activity} on {topic} organized by the {unit} in co-operation with "
        f"{partner} in {city} {when}.",
        f"The participants, {women} women and {count - women} men, discussed practical cases and international "
        f"standards, and exchanged experience with colleagues from across {state}.",
        f'"Sustained co-operation is what makes such reforms last," said {person}, {role}.',
        f"The event is part of the {unit}'s long-standing support to {audience} in {state}.",
    ]
    layout = rng.random()
    if layout < 0.35:  # A: current site with menu and metadata
        return "\n".join([MENU, "News Item", title, "- Issued on:", f"- {spoken(published)}", "- Issued by:",
                          f"- {unit}", "- Fields of work:", f"- {', '.join(fields)}", *body])
    if layout < 0.65:  # B: body only
        return "\n".join([title, *body])
    if layout < 0.8:  # C: Newsroom with place-date line and dateline
        caps = city.upper()
        return "\n".join(["Newsroom", title, f"{caps} {spoken(published)}", "",
                          f"{caps}, {spoken(published)} - " + body[0], "", *body[1:]])
    if layout < 0.9:  # F: sub-site event page
        return "\n".join([activity.capitalize(), title, f"Date: {spoken(start)}", f"Location: {city}, {state}",
                          f"Organized by: {unit}", f"Source: {unit}", f"Fields of work: {', '.join(fields)}",
                          *body])
    entries = []  # G: listing page
    for k in range(rng.randint(3, 6)):
        e_unit, e_state, e_cities = rng.choice(UNITS)
        e_city = rng.choice(e_cities)
        e_day = published - timedelta(days=k * 3)
        entries += [f"{rng.choice(ACTIVITIES)[0].capitalize()} in {e_city} on {rng.choice(TOPICS)} ({n}.{k})",
                    f"Publishing date: {spoken(e_day)}", "Content type: News", f"Where we are: {e_unit}",
                    f"What we do: {rng.choice(FIELDS)}",
                    f"{rng.randint(10, 60)} {rng.choice(AUDIENCES)} from {e_state} met in {e_city} on "
                    f"{spoken(e_day)} for a {rng.choice(ACTIVITIES)[0]} organized by the {e_unit}..."]
    return "\n".join(["Newsroom", "News and press releases", *entries])


def generate(pages: int, seed: int, out: Path) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(pages):
        path = out / f"{n:06d}.txt"
        path.write_text(page(rng, n) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.pages, args.seed, args.out)
    print(f"{args.pages} pages in {args.out}")


if __name__ == "__main__":
    main()
