"""The console script as a user runs it, for commands that write files and under a profiler.

`planner.cli.process` ends a brief run with os._exit once stdout and stderr are flushed: no
interpreter teardown. These tests run `python -m planner` in a subprocess and check that
nothing is lost by it: every file written whole, the same bytes and output as the app run in
process (CliRunner, where the exit is the usual one), and a profiler's report still printed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()
COLUMNS = "100"


def _environment() -> dict[str, str]:
    """As a user's shell: stdout piped and so block-buffered (what is left in the buffer at the exit
    must be flushed), a fixed width so both runs lay out the summary alike."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    env["COLUMNS"] = COLUMNS
    return env


def console_script(*args: str, cwd: Path, profiler: bool = False) -> subprocess.CompletedProcess[bytes]:
    prefix = [sys.executable, "-m", "cProfile"] if profiler else [sys.executable]
    return subprocess.run([*prefix, "-m", "planner", *args], capture_output=True, cwd=cwd, env=_environment(), timeout=120)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def incomplete(written: dict[str, bytes]) -> list[str]:
    """Files that are not whole by their own format's end: a truncated write shows here."""
    bad = []
    for name, data in written.items():
        if name.endswith(".ics"):
            whole = data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
        elif name.endswith(".json"):
            try:
                json.loads(data)
                whole = True
            except ValueError:
                whole = False
        elif name.endswith((".html", ".svg")):
            whole = data.rstrip().endswith((b"</html>", b"</svg>"))
        elif name.endswith(".xlsx"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    whole = book.testzip() is None
            except zipfile.BadZipFile:
                whole = False
        else:  # text views: something, ending with its last line
            whole = bool(data) and data.endswith(b"\n")
        if not whole or name.endswith(".tmp"):  # a temporary file left behind: a write never finished
            bad.append(name)
    return bad


def in_process(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    return runner.invoke(app, args, env={"COLUMNS": COLUMNS})


def test_ical_out_writes_every_feed_whole_as_the_app_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`planner ical --out DIR`: exit 0, every feed and the index complete, byte for byte what the app writes."""
    (tmp_path / "script").mkdir()
    (tmp_path / "app").mkdir()
    run = console_script("ical", "--out", "feeds", cwd=tmp_path / "script")
    inside = in_process(["ical", "--out", "feeds"], tmp_path / "app", monkeypatch)
    assert run.returncode == 0, run.stderr.decode()
    assert inside.exit_code == 0, inside.output
    written = files(tmp_path / "script" / "feeds")
    assert "all.ics" in written and "index.json" in written and sum(n.endswith(".ics") for n in written) > 100
    assert incomplete(written) == []
    assert written == files(tmp_path / "app" / "feeds")
    feeds = json.loads(written["index.json"])["feeds"]
    assert {f["path"] for f in feeds} <= set(written)  # every feed the index names is there
    assert run.stdout.decode() == inside.stdout and run.stderr.decode() == inside.stderr


def test_build_writes_calendars_and_samples_whole_as_the_app_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`planner build` in a directory: exit 0, calendars/ and sample_output/ complete and byte for byte
    what the app writes, and the summary printed in full."""
    (tmp_path / "script").mkdir()
    (tmp_path / "app").mkdir()
    run = console_script("build", cwd=tmp_path / "script")
    inside = in_process(["build"], tmp_path / "app", monkeypatch)
    assert run.returncode == 0, run.stderr.decode()
    assert inside.exit_code == 0, inside.output
    for folder in ("calendars", "sample_output"):
        written = files(tmp_path / "script" / folder)
        assert written and incomplete(written) == [], folder
        assert written == files(tmp_path / "app" / folder), folder
    assert {"report.html", "workbook.xlsx", "timeline.txt"} <= set(files(tmp_path / "script" / "sample_output"))
    assert run.stdout.decode() == inside.stdout and "2024" in inside.stdout
    assert run.stderr.decode() == inside.stderr


def test_a_profiled_run_still_prints_the_profilers_statistics(tmp_path: Path) -> None:
    """`python -m cProfile -m planner tasks --format json`: the listing, then cProfile's report.

    The fast exit must step aside for any profiler (sys.setprofile up to Python 3.11,
    sys.monitoring from 3.12): with os._exit the report, printed after the run, would be lost."""
    run = console_script("tasks", "--format", "json", cwd=tmp_path, profiler=True)
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode()
    listing = runner.invoke(app, ["tasks", "--format", "json"], env={"COLUMNS": COLUMNS})
    assert listing.exit_code == 0 and listing.stdout.lstrip().startswith("[")
    assert out.startswith(listing.stdout)  # the whole listing first
    report = out[len(listing.stdout):]
    assert "function calls" in report and "Ordered by" in report
    assert len(json.loads(listing.stdout)) > 100
