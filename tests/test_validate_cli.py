"""`osce-kg validate` as CI uses it: every report format parses, and exit codes can be trusted.

These tests use small shapes of their own (tests/fixtures/validate/), so they check the command, not our shapes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
SHAPES = str(FIXTURES / "shapes.ttl")


def validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osce_kg", "validate", "--shapes", SHAPES, *args],
                          capture_output=True, text=True, timeout=300)


def test_conforming_data_exits_0():
    result = validate(str(FIXTURES / "good.ttl"))
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout


def test_violations_exit_1_and_the_text_report_names_focus_path_and_message():
    result = validate(str(FIXTURES / "broken.ttl"))
    assert result.returncode == 1
    assert "1 violation" in result.stdout and "1 warning" in result.stdout and "1 info" in result.stdout
    assert "<http://example.org/ann>" in result.stdout or "ex" in result.stdout
    assert "MinCountConstraintComponent" in result.stdout


@pytest.mark.parametrize("fail_on, code", [("violation", 0), ("warning", 1), ("info", 1)])
def test_fail_on_decides_the_exit_code(fail_on, code):
    assert validate(str(FIXTURES / "warning.ttl"), "--fail-on", fail_on).returncode == code


def test_bad_data_and_bad_shapes_exit_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = validate(str(bad))
    assert result.returncode == 2
    assert f"{bad}:2" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    not_shapes = subprocess.run([sys.executable, "-m", "osce_kg", "validate", "--shapes",
                                 str(FIXTURES / "good.ttl"), str(FIXTURES / "good.ttl")],
                                capture_output=True, text=True)
    assert not_shapes.returncode == 2 and "no SHACL" in not_shapes.stderr


def test_an_internal_error_exits_3_without_traceback(monkeypatch, capsys):
    from osce_kg import cli
    from osce_kg import validate as v

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(v, "validate_graph", boom)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["validate", "--shapes", SHAPES, str(FIXTURES / "good.ttl")])
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_junit_parses_and_counts_the_failures():
    result = validate(str(FIXTURES / "broken.ttl"), "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert int(suite.get("tests")) == 3
    assert int(suite.get("failures")) == 2 == len(suite.findall("testcase/failure"))


def test_sarif_validates_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    result = validate(str(FIXTURES / "broken.ttl"), "--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads((FIXTURES / "sarif-subset.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    levels = sorted(r["level"] for r in log["runs"][0]["results"])
    assert levels == ["error", "note", "warning"]


def test_turtle_report_is_a_shacl_validation_report():
    result = validate(str(FIXTURES / "broken.ttl"), "--format", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert str(graph.value(report, SH.conforms)) == "false"
    assert len(list(graph.objects(report, SH.result))) == 3


def test_github_annotations_one_line_per_result():
    result = validate(str(FIXTURES / "broken.ttl"), "--format", "github")
    lines = result.stdout.strip().splitlines()
    assert sorted(line.split(" ", 1)[0] for line in lines) == ["::error", "::notice", "::warning"]


def test_report_to_a_file(tmp_path):
    out = tmp_path / "report.json"
    result = validate(str(FIXTURES / "broken.ttl"), "--format", "json", "-o", str(out))
    assert result.returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["conforms"] is False
