"""Rendering for people: terminal tables, the text validation report, stats, and safe file writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from osce_kg.namespaces import PREFIXES

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    """`https://w3id.org/osce-kg/id/country/ua` → `osceid:country/ua`."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def cell(term: object) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


def render_table(variables: list[str], rows: Iterable[Iterable[object]], max_width: int = 60) -> str:
    """A plain aligned table, with the row count under it (like sqlite3 -table / datasette's CLI)."""
    body = [[cell(v).replace("\n", " ") for v in row] for row in rows]
    body = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in body]
    widths = [max([len(name)] + [len(r[i]) for r in body]) for i, name in enumerate(variables)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(variables, widths, strict=True)), line]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_text(report: object, max_results: int = 5, fail_on: str = "Violation") -> str:
    """A CI-log friendly report: a summary per shape and constraint, then a few examples each.

    The first line agrees with the exit code: "conforms" when nothing is at or above `fail_on`.
    """
    results = report.results  # type: ignore[attr-defined]
    if not results:
        return "conforms: no validation results"
    groups: dict[tuple[str, str, str], list] = {}
    for r in results:
        groups.setdefault((r.severity, compact(r.shape or "?"), r.component), []).append(r)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.severity] = counts.get(r.severity, 0) + 1
    summary = ", ".join(f"{n} {sev.lower()}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items()))
    failing = report.at_or_above(fail_on)  # type: ignore[attr-defined]
    lines = [f"does not conform: {summary}" if failing else
             f"conforms at --fail-on {fail_on.lower()} ({summary} below it)"]
    for (severity, shape, component), items in groups.items():
        lines.append(f"\n{severity}: {shape} {component} ({len(items)})")
        for r in items[:max_results]:
            who = f"{r.label} <{compact(r.focus)}>" if r.label else compact(r.focus)
            path = f" {compact(r.path)}" if r.path else ""
            value = f" = {r.value!r}" if r.value is not None else ""
            lines.append(f"  - {who}{path}{value}: {r.message}")
        if len(items) > max_results:
            lines.append(f"  … and {len(items) - max_results} more")
    return "\n".join(lines)


def stats_text(data: dict[str, dict[str, int]]) -> str:
    lines = ["graphs:"]
    for kind in sorted(data["graphs"]):
        lines.append(f"  {kind:<10} {data['graphs'][kind]:>7} graphs {data['triples'][kind]:>10} triples")
    lines.append("classes (instances):")
    for iri, n in sorted(data["classes"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {compact(iri):<45} {n:>8}")
    lines.append("properties (triples):")
    for iri, n in sorted(data["properties"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {compact(iri):<45} {n:>8}")
    return "\n".join(lines)



class ProgressReporter:
    """Build progress for people: a bar with pages/s and ETA on a terminal, a plain line every few seconds
    otherwise (CI logs), nothing with --quiet."""

    def __init__(self, stream, *, quiet: bool = False, every: float = 5.0, label: str = "pages") -> None:
        import time

        self.stream, self.quiet, self.every, self.label = stream, quiet, every, label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = self.last = time.monotonic()
        self._time = time.monotonic

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total == 0:
            return
        now = self._time()
        if not self.tty and now - self.last < self.every and done < total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else 0.0
        if self.tty:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {self.label} {rate:.0f}/s ETA {eta:.0f} s ")
            if done >= total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{done}/{total} {self.label} ({100 * done // total}%), {rate:.0f}/s, "
                              f"ETA {eta:.0f} s\n")
        self.stream.flush()
