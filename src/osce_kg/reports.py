"""Validation reports in the formats CI systems read: text, Turtle/JSON-LD (sh:ValidationReport), JSON,
JUnit XML, SARIF 2.1.0 and GitHub workflow annotations.

One report, many renderings: each function takes the flattened results of `osce_kg.validate.Report` and the
severity at which a result counts as a failure (`--fail-on`), so every format agrees with the exit code.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote
from xml.etree import ElementTree as ET

from osce_kg import __version__
from osce_kg.output import compact, report_text
from osce_kg.validate import SEVERITY_ORDER, Report, Result

FORMATS = ["text", "turtle", "jsonld", "json", "junit", "sarif", "github"]
SARIF_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "note"}
# The `id` of the OASIS SARIF 2.1.0 schema (errata 01, the current OASIS Standard), which the tests use.
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
GITHUB_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def rule_id(result: Result) -> str:
    return f"{compact(result.shape or '?')}/{result.component}"


def fails(result: Result, fail_on: str) -> bool:
    return SEVERITY_ORDER.get(result.severity, 2) >= SEVERITY_ORDER[fail_on]


def describe(result: Result) -> str:
    who = f"{result.label} <{result.focus}>" if result.label else f"<{result.focus}>"
    path = f" {compact(result.path)}" if result.path else ""
    value = f" value {result.value!r}" if result.value is not None else ""
    news = f" (news item <{result.news}>)" if result.news and result.news != result.focus else ""
    return f"{who}{path}{value}: {result.message}{news}"


def render(report: Report, fmt: str, *, fail_on: str = "Violation", max_results: int = 5,
           source: str | None = None) -> str:
    if fmt == "text":
        return report_text(report, max_results, fail_on)
    if fmt in ("turtle", "jsonld"):
        return report.graph.serialize(format="turtle" if fmt == "turtle" else "json-ld")  # type: ignore[union-attr]
    if fmt == "json":
        return json.dumps({"conforms": report.conforms,
                           "failures": sum(fails(r, fail_on) for r in report.results),
                           "results": [r.__dict__ for r in report.results]}, indent=1, ensure_ascii=False)
    if fmt == "junit":
        return junit(report, fail_on)
    if fmt == "sarif":
        return json.dumps(sarif(report, source), indent=1, ensure_ascii=False)
    if fmt == "github":
        return github(report, source)
    raise ValueError(f"unknown report format {fmt!r}")


def junit(report: Report, fail_on: str) -> str:
    """One test case per result (a <failure> when at or above --fail-on), or one passing case."""
    suite = ET.Element("testsuite", name="osce-kg SHACL validation")
    failures = 0
    for result in report.results:
        case = ET.SubElement(suite, "testcase", classname=compact(result.shape or "shape"),
                             name=f"{result.component} {compact(result.focus)}")
        if fails(result, fail_on):
            failures += 1
            failure = ET.SubElement(case, "failure", type=result.severity, message=result.message[:500])
            failure.text = describe(result)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"{result.severity}: {describe(result)}"
    if not report.results:
        ET.SubElement(suite, "testcase", classname="osce-kg", name="conforms")
    suite.set("tests", str(max(len(report.results), 1)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = ET.Element("testsuites", tests=suite.get("tests"), failures=str(failures), errors="0")
    suites.append(suite)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def artifact_uri(source: str) -> str:
    """A file path as SARIF's `artifactLocation.uri`, a URI reference (RFC 3986): a relative path stays
    relative (GitHub code scanning resolves it against the repository root), percent-encoded; an absolute one
    becomes a `file:` URI."""
    path = PurePath(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def sarif(report: Report, source: str | None) -> dict:
    """A SARIF 2.1.0 log that validates against the OASIS schema and meets GitHub code scanning's rules: one
    rule (with an `id`) per shape and constraint component, results with `ruleId` and a `level` of error,
    warning or note, and a location: the data file when there is exactly one (`physicalLocation`), and always
    the focus node (`logicalLocations`)."""
    rules: dict[str, dict] = {}
    results = []
    uri = artifact_uri(source) if source else None
    for r in report.results:
        rid = rule_id(r)
        rules.setdefault(rid, {"id": rid, "name": r.component,
                               "shortDescription": {"text": f"{compact(r.shape or '?')}: {r.component}"},
                               "defaultConfiguration": {"level": SARIF_LEVEL.get(r.severity, "error")}})
        location: dict = {}
        if uri:
            location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
        location["logicalLocations"] = [{"fullyQualifiedName": r.focus, "kind": "resource"}]
        results.append({"ruleId": rid, "level": SARIF_LEVEL.get(r.severity, "error"),
                        "message": {"text": describe(r)}, "locations": [location],
                        "properties": {"focusNode": r.focus, "resultPath": r.path, "value": r.value,
                                       "severity": r.severity, "newsItem": r.news}})
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "osce-kg", "version": __version__,
                                          "informationUri": "https://w3id.org/osce-kg/",
                                          "rules": list(rules.values())}},
                      "results": results}]}


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github(report: Report, source: str | None) -> str:
    """GitHub Actions workflow commands: one `::error …::message` line per result."""
    lines = []
    for r in report.results:
        file = f"file={_escape(source).replace(',', '%2C')}," if source else ""
        title = _escape(rule_id(r)).replace(",", "%2C").replace(":", "%3A")
        lines.append(f"::{GITHUB_LEVEL.get(r.severity, 'error')} {file}title={title}::{_escape(describe(r))}")
    if not lines:
        lines.append("::notice title=osce-kg::conforms")
    return "\n".join(lines)
