"""`osce-kg report`: one self-contained HTML page of charts, each backed by a canned query.

Only click is imported at load time: matplotlib and Jinja2 are imported when the command runs, so that
`osce-kg --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from osce_kg.commands._common import endpoint_option, open_source
from osce_kg.errors import OsceKgError


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from error


@click.command()
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=Path("report.html"),
              show_default=True, help="The HTML file to write.")
@endpoint_option
@click.option("--from", "date_from", metavar="DATE", callback=_date,
              help="Only news published and events starting on or after this day (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", callback=_date,
              help="Only news published and events starting on or before this day (YYYY-MM-DD).")
@click.option("--state", metavar="STATE", help="Only news about this State and events held in it "
                                                "(label, ISO code or IRI).")
@click.option("--field-of-work", "field_of_work", metavar="FIELD",
              help="Only news and events filed under this field of work (label, notation or IRI).")
def report(output: Path, store_path: Path | None, endpoint_url: str | None, date_from: str | None,
           date_to: str | None, state: str | None, field_of_work: str | None) -> None:
    """Write an HTML report of the graph: headline counts and charts (events over time, fields of work,
    participants per State, women and men, organisers and their network, data quality).

    The file fetches nothing (inline SVG, no scripts or fonts). Under each chart: the canned query behind it
    and the `osce-kg query run` command that prints its rows; the filters are passed to every query.
    """
    try:
        import matplotlib  # noqa: F401  (checked here for a clear message; drawn in osce_kg.report)
    except ImportError as error:
        raise OsceKgError("osce-kg report needs matplotlib: pip install matplotlib") from error
    from osce_kg.report import write_report

    filters = {"from": date_from, "to": date_to, "state": state, "field": field_of_work}
    source_args: list[str] = []
    if endpoint_url:
        source_args = ["--endpoint", endpoint_url]
    elif store_path:
        source_args = ["--store", str(store_path)]
    with open_source(store_path, endpoint_url) as source:
        result = write_report(source, output, {k: v for k, v in filters.items() if v}, source_args)
    counts = result.headline.rows[0] if result.headline.rows else {}
    click.echo(f"wrote {output} ({len(result.sections)} charts; {counts.get('news_items', 0)} news items, "
               f"{counts.get('events', 0)} events)")


command = report
