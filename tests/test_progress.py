"""Build progress (issue 10): a bar with pages/s and ETA on a terminal, a plain line every few seconds in a log,
nothing with --quiet; and the CLI wiring of all three."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from osce_kg.output import ProgressReporter

CORPUS = Path(__file__).parent / "corpus"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand, so the reporter's rate, ETA and throttling are exact."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def reporter(stream: io.StringIO, clock: Clock, **kwargs) -> ProgressReporter:
    progress = ProgressReporter(stream, **kwargs)
    progress._time = clock
    progress.started = progress.last = clock.now
    return progress


def test_a_terminal_gets_one_bar_redrawn_in_place_with_rate_and_eta():
    clock, screen = Clock(), Terminal()
    progress = reporter(screen, clock)
    clock.now += 2
    progress(50, 200)  # 25 pages/s, 150 to go: 6 s
    clock.now += 2
    progress(200, 200)
    first, second = screen.getvalue().split("\r")[1:]
    assert first == "[#######-----------------------] 50/200 pages 25/s ETA 6 s "
    assert second == "[##############################] 200/200 pages 50/s ETA 0 s \n"


def test_a_log_gets_a_plain_line_every_few_seconds_and_the_last_one():
    clock, log = Clock(), io.StringIO()
    progress = reporter(log, clock, every=5.0)
    for done in range(1, 100):
        clock.now += 0.125  # 8 pages/s (exact in binary): a line every 40 pages
        progress(done, 100)
    clock.now += 0.125
    progress(100, 100)
    lines = log.getvalue().splitlines()
    assert lines == ["40/100 pages (40%), 8/s, ETA 8 s", "80/100 pages (80%), 8/s, ETA 2 s",
                     "100/100 pages (100%), 8/s, ETA 0 s"]
    assert "\r" not in log.getvalue()


def test_quiet_and_empty_builds_say_nothing():
    clock, screen = Clock(), Terminal()
    progress = reporter(screen, clock, quiet=True)
    clock.now += 1
    progress(10, 10)
    reporter(screen, clock)(0, 0)
    assert screen.getvalue() == ""


def test_the_build_command_reports_progress_unless_quiet(tmp_path: Path):
    exe = shutil.which("osce-kg")
    if exe is None:
        pytest.skip("the osce-kg command is not installed")
    pages = sorted(CORPUS.glob("*.txt"))
    assert pages, "tests/corpus holds the development pages"
    loud = subprocess.run([exe, "build", str(CORPUS), "--store", str(tmp_path / "a"), "--no-validate"],
                          capture_output=True, timeout=600)
    assert loud.returncode == 0, loud.stderr.decode()
    # Not a terminal (a pipe): plain lines, the last one at 100 %; the summary on stdout.
    assert f"{len(pages)}/{len(pages)} pages (100%)" in loud.stderr.decode()
    assert "\r" not in loud.stderr.decode()
    assert f"{len(pages)} pages read" in loud.stdout.decode()
    quiet = subprocess.run([exe, "build", str(CORPUS), "--store", str(tmp_path / "b"), "--no-validate",
                            "--quiet"], capture_output=True, timeout=600)
    assert quiet.returncode == 0, quiet.stderr.decode()
    assert "pages (" not in quiet.stderr.decode()
