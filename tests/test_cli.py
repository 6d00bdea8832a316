"""The `osce-kg` command as a user runs it: a real subprocess, real exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest


def run(*args: str, store=None, input: str | None = None, env_extra=None):
    env = dict(os.environ)
    if store is not None:
        env["OSCE_KG_STORE"] = str(store)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "osce_kg", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=300)


@pytest.fixture(scope="module")
def built(samples_store):
    return samples_store[0]


def test_version_and_help_on_every_command():
    from osce_kg import __version__
    from osce_kg.cli import cli

    assert __version__ in run("--version").stdout
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.returncode == 0, (name, result.stderr)
        assert "Usage:" in result.stdout
        for sub in getattr(command, "commands", {}):
            assert run(name, sub, "--help").returncode == 0


def test_build_with_no_path_builds_the_samples_into_the_env_store(tmp_path):
    result = run("build", store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert "25 pages read" in result.stdout
    assert (tmp_path / "s" / "CURRENT").exists()


def test_query_list_and_run(built):
    listing = run("query", "list")
    assert listing.returncode == 0 and "news-by-field-of-work" in listing.stdout
    table = run("query", "run", "news-by-field-of-work", store=built)
    assert table.returncode == 0, table.stderr
    assert "Policing" in table.stdout and "row" in table.stdout.splitlines()[-1]


def test_sparql_formats(built):
    query = "SELECT ?news WHERE { GRAPH ?g { ?news a <https://schema.org/NewsArticle> } } ORDER BY ?news LIMIT 3"
    as_csv = run("sparql", query, "--format", "csv", store=built)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["news"] and len(rows) == 4
    as_json = json.loads(run("sparql", query, "--format", "json", store=built).stdout)
    assert len(as_json["results"]["bindings"]) == 3
    from_stdin = run("sparql", "--format", "tsv", input=query, store=built)
    assert from_stdin.returncode == 0 and from_stdin.stdout.startswith("?news")


def test_validate_conforms_with_exit_0(built):
    result = run("validate", store=built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_export_turtle_to_a_file(built, tmp_path):
    out = tmp_path / "kg.ttl"
    result = run("export", "--format", "turtle", "-o", str(out), store=built)
    assert result.returncode == 0, result.stderr
    import pyoxigraph as ox

    assert sum(1 for _ in ox.parse(path=str(out), format=ox.RdfFormat.TURTLE)) > 1000


def test_stats(built):
    result = run("stats", store=built)
    assert result.returncode == 0 and "news" in result.stdout and "schema:Event" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["query", "run", "no-such-query"], "no canned query named"),
    (["sparql", "SELECT WHERE {"], "SPARQL syntax error"),
    (["build", "/no/such/page.txt"], "no such file or folder"),
])
def test_errors_are_one_line_exit_2_no_traceback(built, args, message):
    result = run(*args, store=built)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_empty_page_names_the_file(tmp_path):
    page = tmp_path / "empty.txt"
    page.write_text("")
    result = run("build", str(page), store=tmp_path / "s")
    assert result.returncode == 2
    assert str(page) in result.stderr and "empty file" in result.stderr
