"""Exports never overwrite what is not theirs, clean up after kills, and never move SEQUENCE back."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planner.export.ical as ical
from planner.cli import app
from planner.errors import PlannerError
from planner.export.files import Batch, write_file
from planner.export.ical import write_feeds
from tests.test_ical import PLAN, small_schedule, vevents

runner = CliRunner()
D = date
VARIANTS = {
    "A": (D(2024, 3, 8), D(2024, 3, 11)),
    "B": (D(2024, 3, 15), D(2024, 3, 18)),
    "C": (D(2024, 3, 22), D(2024, 3, 25)),
}


def export(out: Path, variant: str = "A", **options: object) -> None:
    write_feeds(small_schedule(pools=VARIANTS[variant]), out, plan_name=PLAN, **options)  # type: ignore[arg-type]


# --- refusing someone else's directory ---------------------------------------------------------------


def test_a_directory_with_other_files_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("my own page", encoding="utf-8")
    (tmp_path / "all.ics").write_text("my own calendar", encoding="utf-8")
    result = runner.invoke(app, ["ical", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr and "--force" in result.stderr
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "my own page"
    assert (tmp_path / "all.ics").read_text(encoding="utf-8") == "my own calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.ics", "index.html"]


def test_force_writes_into_such_a_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    export(tmp_path, force=True)
    assert (tmp_path / "all.ics").is_file() and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "kept"
    export(tmp_path)  # from now on it is an export's directory


def test_new_empty_and_earlier_export_directories_are_fine(tmp_path: Path) -> None:
    export(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    export(tmp_path / "empty")
    export(tmp_path / "new", "B")
    assert (tmp_path / "new" / "all.ics").is_file() and (tmp_path / "empty" / "all.ics").is_file()


# --- leftovers and crafted state -------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temporary_files_of_a_killed_export_are_removed_by_the_next(tmp_path: Path) -> None:
    export(tmp_path)
    pid = dead_pid()
    orphans = [tmp_path / f".all.ics.{pid}.tmp", tmp_path / "taiyuan" / f".wen-lv-ju.ics.{pid}.tmp"]
    for orphan in orphans:
        orphan.write_bytes(b"half a feed")
    export(tmp_path)
    assert not any(orphan.exists() for orphan in orphans)
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    export(tmp_path)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            busy = tmp_path / f".all.ics.{other.pid}.tmp"
            busy.write_bytes(b"being written")
            export(tmp_path)
            assert busy.exists()
        finally:
            other.kill()


@pytest.mark.parametrize("entry", ["../{name}/all.ics", "/etc/passwd.ics", "./all.ics", "taiyuan/../all.ics", ".state.json"])
def test_state_naming_paths_outside_or_around_the_directory_deletes_nothing(tmp_path: Path, entry: str) -> None:
    out = tmp_path / "x"
    export(out)
    state = json.loads((out / ".state.json").read_text(encoding="utf-8"))
    state["feeds"].append(entry.format(name=out.name))
    (out / ".state.json").write_text(json.dumps(state), encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*.ics")}
    with pytest.raises(PlannerError, match="export state is damaged"):
        export(out)
    assert {p: p.read_bytes() for p in out.rglob("*.ics")} == before


# --- SEQUENCE never goes back ------------------------------------------------------------------------


class Killed(BaseException):
    """Stands for kill -9: the run stops between two file writes."""


def run_killed_after(out: Path, variant: str, writes: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    done = 0

    def counting(path: Path, data: bytes, batch: Batch | None = None) -> bool:
        nonlocal done
        if writes is not None and done >= writes:
            raise Killed
        done += 1
        return write_file(path, data, batch)

    monkeypatch.setattr(ical, "write_file", counting)
    try:
        export(out, variant)
    except Killed:
        pass
    finally:
        monkeypatch.setattr(ical, "write_file", write_file)


def observe(out: Path, seen: dict[tuple[str, str], tuple[int, str]]) -> None:
    """A subscriber polls every feed: per (feed, UID) SEQUENCE never drops, and moved dates raise it."""
    for feed in sorted(out.rglob("*.ics")):
        for vevent in vevents(feed.read_bytes()):
            key = (feed.relative_to(out).as_posix(), str(vevent["uid"]))
            now = (int(vevent.get("sequence", 0)), f"{vevent['dtstart'].to_ical()!r}{vevent['dtend'].to_ical()!r}")
            if key in seen:
                before = seen[key]
                assert now[0] >= before[0], f"{key}: SEQUENCE {before[0]} → {now[0]}"
                assert now[1] == before[1] or now[0] > before[0], f"{key}: dates changed at SEQUENCE {now[0]}"
            seen[key] = now


def test_sequence_never_goes_back_whatever_runs_are_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random orders of three schedules, each run killed before a random write (or finishing)."""
    files = 2 + len(list(ical.plan_feeds(small_schedule(), plan_name=PLAN))) + 2  # state twice, feeds, index twice
    chooser = random.Random(12)
    for scenario in range(15):
        out = tmp_path / f"s{scenario}"
        seen: dict[tuple[str, str], tuple[int, str]] = {}
        run_killed_after(out, "A", None, monkeypatch)
        observe(out, seen)
        for _ in range(6):
            variant = chooser.choice("ABC")
            kill_at = chooser.choice([None, *range(files)])
            run_killed_after(out, variant, kill_at, monkeypatch)
            observe(out, seen)
        run_killed_after(out, "A", None, monkeypatch)  # a final full run converges
        observe(out, seen)
        assert not list(out.rglob("*.tmp"))


# --- a batch publishes whole files or removes them -------------------------------------------------


def test_a_rename_that_fails_leaves_no_temporary_files_and_the_earlier_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import planner.export.files as files

    real_replace = os.replace
    renames = 0

    def failing_second(source: object, target: object) -> None:
        nonlocal renames
        renames += 1
        if renames == 2:
            raise OSError("disk gone")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", failing_second)
    with pytest.raises(OSError, match="disk gone"), Batch(tmp_path) as batch:
        for name in ("a.ics", "b.ics", "c.ics"):
            write_file(tmp_path / name, name.encode(), batch)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ics"]  # no .tmp left behind
    assert (tmp_path / "a.ics").read_bytes() == b"a.ics"


def test_a_batch_left_by_an_exception_publishes_nothing(tmp_path: Path) -> None:
    with pytest.raises(Killed), Batch(tmp_path) as batch:
        write_file(tmp_path / "a.ics", b"a", batch)
        raise Killed
    assert list(tmp_path.iterdir()) == []
