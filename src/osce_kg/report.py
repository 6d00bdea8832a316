"""`osce-kg report`: one self-contained HTML page of charts about the graph, each backed by a canned query.

Why this shape:

* Every number on the page comes from a canned query (`queries/report-*.rq`), run through `osce_kg.queries.run`
  with the report's filters as query parameters. Under each chart the page names the query and the exact
  `osce-kg query run …` command that prints the same rows, and it embeds those rows as JSON
  (`<script type="application/json" id="report-data">`), so a reader, or a test, can check a chart against its
  query.
* The file is self-contained: charts are inline SVG drawn by matplotlib (the network by Graphviz when its
  `dot` program is installed, else by networkx + matplotlib), styles are inline, there is no script, no font
  and no image to fetch, and a Content-Security-Policy meta forbids fetching anything. It can be mailed,
  archived or opened offline.
* There is no map of participants per State: no maintained source of country shapes works offline (cartopy and
  geodatasets download Natural Earth at run time), so the page says so and draws a bar chart.

matplotlib, networkx and the graphviz binding are imported inside the drawing functions: importing this module
stays cheap, and `osce-kg --help` does not pay for them.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from osce_kg import queries

# The report's filters, as the parameter names every `report-*.rq` query declares.
FILTER_PARAMS = ("from", "to", "state", "field")

WOMEN, MEN = "#c2185b", "#1565c0"
BAR, BAR_LIGHT, ACCENT = "#2e7d6b", "#b7d8cf", "#e08a00"
MAP_NOTE = ("There is no map: no maintained source of country shapes works offline (cartopy and geodatasets "
            "download Natural Earth at run time), and this page fetches nothing; participants per State are "
            "a bar chart instead.")


@dataclass
class Chart:
    """One chart of the report: the query behind it and the function that draws its rows as SVG."""

    id: str
    title: str
    query: str
    draw: Callable[[list[dict]], str] | None
    note: str = ""
    see_also: tuple[str, ...] = ()


@dataclass
class Section:
    """A chart with what the page shows for it: its rows, its SVG and the command that reproduces the rows."""

    chart: Chart
    rows: list[dict]
    variables: list[str]
    command: str
    svg: str = ""


@dataclass
class Report:
    """Everything the template needs."""

    filters: dict[str, str]
    filter_labels: dict[str, str]
    source: str
    generated: str
    headline: Section
    sections: list[Section] = field(default_factory=list)

    def data(self) -> dict[str, object]:
        """The JSON block of the page: per chart, its query, parameters, command and rows."""
        return {s.chart.id: {"title": s.chart.title, "query": s.chart.query, "params": self.filters,
                             "command": s.command, "rows": s.rows}
                for s in [self.headline, *self.sections]}


# -- drawing ---------------------------------------------------------------------------------------------------
def _rc() -> dict[str, object]:
    """matplotlib settings: text stays <text> (small, searchable, no font embedded or fetched), stable ids."""
    return {"svg.fonttype": "none", "svg.hashsalt": "osce-kg-report",
            "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 9,
            "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg_of(fig) -> str:
    """The figure as an inline <svg> element (no XML declaration or DOCTYPE, which are invalid inside HTML)."""
    import io

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_rc()):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(buffer.getvalue())


def _inline_svg(text: str) -> str:
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _short(label: object, width: int = 48) -> str:
    text = str(label if label is not None else "?")
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrap(label: object, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(_short(label, 2 * width), width)) or "?"


def _empty(fig, ax, message: str = "no data for these filters") -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555",
            bbox={"boxstyle": "round,pad=0.8", "fc": "#f4f4f4", "ec": "#bbbbbb"}, transform=ax.transAxes)


def draw_events_per_month(rows: list[dict]) -> str:
    """Bars on a real time axis: gaps between months with events stay visible as gaps."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(9.5, 3.2)
        ax = fig.subplots()
        if not rows:
            _empty(fig, ax)
            return _svg_of(fig)
        months = [dt.date(int(r["month"][:4]), int(r["month"][5:7]), 15) for r in rows]
        counts = [int(r["events"]) for r in rows]
        span_days = max((months[-1] - months[0]).days, 60)
        width = max(span_days / 150, 20)
        ax.bar(months, counts, width=width, color=BAR, edgecolor=BAR, linewidth=0.6)
        ax.set_ylabel("events")
        ax.set_ylim(0, max(counts) * 1.15 + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        return _svg_of(fig)


def draw_news_per_field_year(rows: list[dict]) -> str:
    """A fields × years grid with the count in each cell: 20+ fields over 20+ years read better than bars."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        if not rows:
            fig = _figure(9.5, 2)
            _empty(fig, fig.subplots())
            return _svg_of(fig)
        fields = sorted({r["field_label"] for r in rows}, key=str.lower)
        years = sorted({r["year"] for r in rows if r.get("year")})
        columns = years + (["no date"] if any(not r.get("year") for r in rows) else [])
        grid = [[0] * len(columns) for _ in fields]
        for r in rows:
            grid[fields.index(r["field_label"])][columns.index(r.get("year") or "no date")] += int(r["news_items"])
        fig = _figure(9.5, 0.9 + 0.24 * len(fields))  # full width: the page scales every SVG to it
        ax = fig.subplots()
        peak = max(max(row) for row in grid) or 1
        # pcolormesh, not imshow: imshow would embed a PNG (a data: URI) where vector cells are wanted.
        ax.pcolormesh([[v or float("nan") for v in row] for row in grid], cmap="Greens", vmin=0,
                      vmax=peak * 1.25, edgecolors="white", linewidth=1)
        ax.set_xlim(0, len(columns))
        ax.set_ylim(len(fields), 0)
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if value:
                    ax.text(j + 0.5, i + 0.5, str(value), ha="center", va="center", fontsize=8,
                            color="white" if value > peak * 0.6 else "#111111")
        ax.set_xticks([j + 0.5 for j in range(len(columns))], columns, rotation=90)
        ax.set_yticks([i + 0.5 for i in range(len(fields))], [_short(f, 44) for f in fields])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.xaxis.tick_top()
        return _svg_of(fig)


def _barh(rows: list[dict], label_key: str, series: Sequence[tuple[str, str, str]], *, stacked: bool,
          xlabel: str, annotate: Callable[[dict], str] | None = None) -> str:
    """Horizontal bars, one row per item in query order (top to bottom), one or more series."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(9.5, 0.8 + 0.3 * max(len(rows), 3))
        ax = fig.subplots()
        if not rows:
            _empty(fig, ax)
            return _svg_of(fig)
        positions = list(range(len(rows)))
        left = [0.0] * len(rows)
        height = 0.75 if stacked or len(series) == 1 else 0.75 / len(series)
        for n, (key, legend, colour) in enumerate(series):
            values = [float(r.get(key) or 0) for r in rows]
            if stacked:
                ax.barh(positions, values, left=left, height=height, color=colour, label=legend)
                left = [a + b for a, b in zip(left, values, strict=True)]
            else:
                offset = (n - (len(series) - 1) / 2) * height
                ax.barh([p + offset for p in positions], values, height=height, color=colour, label=legend)
        totals = left if stacked else [max(float(r.get(k) or 0) for k, _l, _c in series) for r in rows]
        peak = max(totals) or 1
        if annotate:
            for p, total, r in zip(positions, totals, rows, strict=True):
                ax.text(total + peak * 0.01, p, annotate(r), va="center", fontsize=8, color="#333333")
        ax.set_xlim(0, peak * 1.22)
        ax.set_yticks(positions, [_wrap(r.get(label_key), 52) for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(series) > 1:
            fig.legend(loc="outside upper right", ncols=len(series), frameon=False)
        return _svg_of(fig)


def draw_participants_per_state(rows: list[dict]) -> str:
    return _barh(rows, "country_name", [("participants", "participants at events held there", BAR),
                                        ("participants_from", "participants who came from there", ACCENT)],
                 stacked=False, xlabel="participants",
                 annotate=lambda r: f"{r['participants']} at {r['events']} event{'s' if r['events'] != 1 else ''}"
                                    + (f", {r['participants_from']} came from there" if r["participants_from"] else ""))


def draw_gender(label_key: str) -> Callable[[list[dict]], str]:
    def draw(rows: list[dict]) -> str:
        return _barh(rows, label_key, [("women", "women", WOMEN), ("men", "men", MEN)], stacked=True,
                     xlabel="participants", annotate=lambda r: f"{r['women']} W / {r['men']} M "
                                                               f"({r['events']} ev.)")
    return draw


def draw_top_organisers(rows: list[dict]) -> str:
    return _barh(rows, "organiser_name", [("events", "events", BAR)], stacked=False, xlabel="events organised",
                 annotate=lambda r: f"{r['events']} ({r['participants']} participants)")


def draw_data_quality(rows: list[dict]) -> str:
    """Missing out of all, as a dark bar over a light one: the share matters as much as the count."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(9.5, 0.8 + 0.34 * max(len(rows), 3))
        ax = fig.subplots()
        if not rows:
            _empty(fig, ax)
            return _svg_of(fig)
        positions = list(range(len(rows)))
        totals = [int(r["out_of"]) for r in rows]
        missing = [int(r["items"]) for r in rows]
        ax.barh(positions, totals, color=BAR_LIGHT, height=0.7, label="all")
        ax.barh(positions, missing, color="#b23a48", height=0.7, label="missing")
        peak = max(totals) or 1
        for p, m, t in zip(positions, missing, totals, strict=True):
            ax.text(t + peak * 0.01, p, f"{m} of {t}", va="center", fontsize=8)
        ax.set_xlim(0, peak * 1.15)
        ax.set_yticks(positions, [r["check"] for r in rows])
        ax.invert_yaxis()
        fig.legend(loc="outside upper right", ncols=2, frameon=False)
        return _svg_of(fig)


def draw_co_organisers(rows: list[dict]) -> str:
    """The co-organiser network: Graphviz (labels placed without overlap) or networkx + matplotlib."""
    if not rows:
        import matplotlib

        with matplotlib.rc_context(_rc()):
            fig = _figure(9.5, 2)
            _empty(fig, fig.subplots(), "no two organisations organised an event together")
            return _svg_of(fig)
    try:
        return _network_graphviz(rows)
    except (ImportError, RuntimeError, OSError):
        return _network_matplotlib(rows)


def _network_nodes(rows: list[dict]) -> tuple[dict[str, str], dict[str, int]]:
    names: dict[str, str] = {}
    degree: dict[str, int] = {}
    for r in rows:
        for iri, name in ((r["org_a"], r["name_a"]), (r["org_b"], r["name_b"])):
            names[iri] = name or iri
            degree[iri] = degree.get(iri, 0) + int(r["events"])
    return names, degree


def _is_osce(iri: str) -> bool:
    return "/id/field-operation/" in iri or iri.rsplit("/", 1)[-1] in _OSCE_SLUGS


_OSCE_SLUGS = {"osce", "odihr", "hcnm", "rfom", "secretariat", "osce-pa", "chairpersonship"}


def _network_graphviz(rows: list[dict]) -> str:
    import graphviz

    names, degree = _network_nodes(rows)
    graph = graphviz.Graph("co-organisers", engine="neato", format="svg")
    graph.attr(overlap="prism", splines="true", sep="+8", outputorder="edgesfirst", bgcolor="white",
               fontname="DejaVu Sans,Arial,sans-serif")
    graph.attr("node", shape="box", style="rounded,filled", fontsize="10",
               fontname="DejaVu Sans,Arial,sans-serif", margin="0.12,0.05")
    graph.attr("edge", color="#7a7a7a", fontsize="9", fontname="DejaVu Sans,Arial,sans-serif")
    ids = {iri: f"n{i}" for i, iri in enumerate(sorted(names))}
    for iri, node in ids.items():
        osce = _is_osce(iri)
        graph.node(node, _wrap(names[iri], 28), tooltip=iri, fillcolor="#d7ebe5" if osce else "#fbe7c6",
                   color=BAR if osce else ACCENT, penwidth=str(1 + min(degree[iri], 6) / 3))
    for r in rows:
        n = int(r["events"])
        graph.edge(ids[r["org_a"]], ids[r["org_b"]], label=str(n) if n > 1 else "",
                   penwidth=str(1 + min(n, 8) / 2), tooltip=f"{n} event(s)")
    svg = graph.pipe(format="svg", encoding="utf-8")
    return _inline_svg(svg)


def _network_matplotlib(rows: list[dict]) -> str:
    import matplotlib
    import networkx as nx

    names, degree = _network_nodes(rows)
    g = nx.Graph()
    for r in rows:
        g.add_edge(r["org_a"], r["org_b"], weight=int(r["events"]))
    try:
        pos = nx.kamada_kawai_layout(g) if len(g) > 2 else nx.spring_layout(g, seed=1)
    except ImportError:  # kamada_kawai needs scipy
        pos = nx.spring_layout(g, seed=1)
    with matplotlib.rc_context(_rc()):
        fig = _figure(9.5, 6.5)
        ax = fig.subplots()
        ax.set_axis_off()
        for a, b, data in g.edges(data=True):
            ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="#999999",
                    linewidth=0.8 + data["weight"] / 2, zorder=1)
        for node, (x, y) in pos.items():
            osce = _is_osce(node)
            ax.text(x, y, _wrap(names[node], 24), ha="center", va="center", fontsize=7, zorder=2,
                    bbox={"boxstyle": "round,pad=0.3", "fc": "#d7ebe5" if osce else "#fbe7c6",
                          "ec": BAR if osce else ACCENT})
        ax.margins(0.12)
        return _svg_of(fig)


CHARTS: list[Chart] = [
    Chart("events-per-month", "Events per month", "report-events-per-month", draw_events_per_month,
          "Events dated to a year only are left out."),
    Chart("news-per-field-year", "News per field of work and year", "report-news-per-field-year",
          draw_news_per_field_year, "A news item filed under two fields counts in both."),
    Chart("participants-per-state", "Participants per State", "report-participants-per-state",
          draw_participants_per_state, MAP_NOTE),
    Chart("gender-by-field", "Women and men per field of work", "report-gender-by-field", draw_gender("field_label"),
          "Only events that report women or men."),
    Chart("gender-by-organiser", "Women and men per organiser", "report-gender-by-organiser",
          draw_gender("organiser_name"), "Only events that report women or men."),
    Chart("top-organisers", "The most active organisers", "report-top-organisers", draw_top_organisers,
          "The 20 organisations named as organisers of the most events."),
    Chart("co-organisers", "Organisations that co-organise events", "report-co-organisers", draw_co_organisers,
          "An edge joins two organisations named as organisers of the same event (its label: how many events, "
          "when more than one); OSCE units in green, others in orange."),
    Chart("data-quality", "Data quality", "report-data-quality", draw_data_quality,
          "What the other charts cannot count.", ("news-without-date", "events-without-place-or-count")),
]
HEADLINE = Chart("headline", "Headline counts", "report-headline-counts", None)


# -- building --------------------------------------------------------------------------------------------------
def reproduce_command(query: str, params: Mapping[str, str], source_args: Sequence[str] = ()) -> str:
    """The shell command that prints the rows of a chart (values quoted for a POSIX shell)."""
    parts = ["osce-kg", "query", "run", query, *source_args]
    for name in FILTER_PARAMS:
        if params.get(name):
            parts += ["--param", f"{name}={params[name]}"]
    return " ".join(shlex.quote(p) for p in parts)


def _filter_labels(source: object, filters: Mapping[str, str]) -> dict[str, str]:
    """How the page shows the filters (a State or field by its label); an unknown name fails here, once."""
    labels: dict[str, str] = {}
    for name, ptype in (("state", "country"), ("field", "fow")):
        if filters.get(name):
            iri = queries.resolve_entity(source, ptype, filters[name]).value
            labels[name] = queries.label_of(source, iri) or filters[name]
    for name in ("from", "to"):
        if filters.get(name):
            labels[name] = queries.literal_param("date", filters[name]).value
    return labels


def collect(source: object, filters: Mapping[str, str] | None = None,
            source_args: Sequence[str] = ()) -> Report:
    """Run every query of the report with the filters (no drawing): what `render` draws and the JSON holds."""
    params = {k: v for k, v in (filters or {}).items() if v}
    unknown = set(params) - set(FILTER_PARAMS)
    if unknown:
        raise ValueError(f"unknown report filters: {', '.join(sorted(unknown))}")
    labels = _filter_labels(source, params)

    def section(chart: Chart) -> Section:
        rows = queries.run(chart.query, params, store=source)
        return Section(chart, [dict(r) for r in rows], list(rows.variables),
                       reproduce_command(chart.query, params, source_args))

    return Report(filters=params, filter_labels=labels, source=" ".join(source_args) or "the default store",
                  generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  headline=section(HEADLINE), sections=[section(c) for c in CHARTS])


def render(report: Report) -> str:
    """Draw the charts and fill the template: the HTML text of the page."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    for s in report.sections:
        if s.chart.draw is not None:
            s.svg = s.chart.draw(s.rows)
    env = Environment(loader=PackageLoader("osce_kg", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    data = json.dumps(report.data(), ensure_ascii=False, indent=None, sort_keys=True)
    # `<` escaped so that no value can close the <script> element that holds the JSON.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return env.get_template("report.html.j2").render(
        report=report, headline=report.headline.rows[0] if report.headline.rows else {},
        sections=report.sections, data_json=Markup(data), svg=lambda s: Markup(s.svg), cell=_cell)


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix, ns in queries.PREFIXES.items():
        if text.startswith(ns) and ns.startswith("https://w3id.org/osce-kg/"):
            return f"{prefix}:{text[len(ns):]}"
    return text


def write_report(source: object, output: Path, filters: Mapping[str, str] | None = None,
                 source_args: Sequence[str] = ()) -> Report:
    """Build the report of `source` (a Store or an Endpoint) into `output`; returns what it shows."""
    from osce_kg.output import atomic_write

    report = collect(source, filters, source_args)
    atomic_write(output, render(report).encode("utf-8"))
    return report


__all__ = ["CHARTS", "FILTER_PARAMS", "HEADLINE", "Report", "collect", "render", "reproduce_command",
           "write_report"]
