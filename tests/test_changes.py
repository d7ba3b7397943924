"""`planner changes`: per department, what a re-plan adds, moves and removes since the last export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.config import Config
from planner.export.changes import changes_since, notice
from planner.export.feedstate import STATE_FILE, read_state
from planner.export.ical import write_feeds
from planner.model import Schedule
from planner.plan import load_plan
from planner.schedule import schedule_plan
from tests.plans import FIRST, row, write_plan

runner = CliRunner()


@pytest.fixture(scope="module")
def two_schedules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Schedule, Schedule]:
    """The embedded plan published with seed 0, then re-planned with seed 1."""
    calendars = tmp_path_factory.mktemp("changes") / "calendars"
    plan = load_plan(None)
    first, second = schedule_plan(plan, Config(), seed=0), schedule_plan(plan, Config(), seed=1)
    write_feeds(first, calendars, plan_name=plan.name)
    return calendars, first, second


def moved_per_department(first: Schedule, second: Schedule) -> dict[str, set[str]]:
    """Computed from the two schedules alone: per department, the events whose dates differ."""
    before = {e.uid: (e.start, e.end) for e in first.events}
    moved: dict[str, set[str]] = {}
    for event in second.events:
        if before[event.uid] != (event.start, event.end):
            for d in event.departments():
                moved.setdefault(f"{d.city}/{d.name}", set()).add(event.uid)
    return moved


def test_another_seed_lists_exactly_the_events_that_moved(two_schedules) -> None:
    calendars, first, second = two_schedules
    expected = moved_per_department(first, second)
    assert expected, "seed 1 moves some events"
    found = changes_since(read_state(calendars / STATE_FILE), second.events)
    assert {d.department: {c.uid for c in d.changes} for d in found} == expected
    assert all(c.kind == "moved" for d in found for c in d.changes)
    dates = {e.uid: (e.start, e.end) for e in first.events}, {e.uid: (e.start, e.end) for e in second.events}
    assert all((c.before, c.after) == (dates[0][c.uid], dates[1][c.uid]) for d in found for c in d.changes)


def test_the_same_schedule_changes_nothing(two_schedules) -> None:
    calendars, first, _ = two_schedules
    assert changes_since(read_state(calendars / STATE_FILE), first.events) == ()


def test_changes_command_json_and_notice(two_schedules, tmp_path: Path) -> None:
    calendars, first, second = two_schedules
    expected = moved_per_department(first, second)
    result = runner.invoke(app, ["changes", "--calendars", str(calendars), "--seed", "1", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {d["department"]: {c["uid"] for c in d["moved"]} for d in data["departments"]} == expected
    assert data["counts"]["moved"] == len(set().union(*expected.values())) and data["counts"]["added"] == 0
    result = runner.invoke(app, ["changes", "--calendars", str(calendars), "--seed", "1", "--dept", "太原/市场监管",
                                 "-f", "notice", "--notices", str(tmp_path / "notices")])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("市市场监管局（太原市）：") and f"调整{len(expected['太原市/市市场监管局'])}项" in text
    assert " → 2024-" in text
    assert (tmp_path / "notices" / "太原市-市市场监管局.txt").read_text(encoding="utf-8") == text


def test_added_removed_and_departments_joining(tmp_path: Path) -> None:
    """A task leaving the plan is removed for its departments; a new partner sees the event as added."""
    shop = row("太原市", "2", "对商场的抽查", "商场卫生检查", "商场", "10%；1次/年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")
    before = load_plan(write_plan(tmp_path, FIRST, shop))
    write_feeds(schedule_plan(before, Config()), tmp_path / "cal", plan_name=before.name)
    joined = FIRST.replace("\t市市场监管局\t", "\t市市场监管局、市公安局\t")
    after = load_plan(write_plan(tmp_path, joined, name="after.tsv"))
    found = {d.department: d for d in changes_since(read_state(tmp_path / "cal" / STATE_FILE), schedule_plan(after, Config()).events)}
    assert [c.title for c in found["太原市/市卫健委"].of("removed")] == ["对商场的抽查"]
    assert [c.title for c in found["太原市/市公安局"].of("added")] == ["对旅行社的双随机抽查"]
    assert "太原市/市文旅局" not in found  # its inspection did not move
    message = notice(found["太原市/市卫健委"], before.name)
    assert "取消1项" in message and "对商场的抽查" in message


def test_build_summary_has_a_changes_section(tmp_path: Path, monkeypatch) -> None:
    plan = write_plan(tmp_path, FIRST)
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["build", str(plan), "--no-samples"], env={"COLUMNS": "120"})
    assert "first export" in first.stdout
    moved = write_plan(tmp_path, FIRST.replace("3月—12月", "6月—12月"), name="moved.tsv")
    again = runner.invoke(app, ["build", str(moved), "--no-samples"], env={"COLUMNS": "120"})
    assert again.exit_code == 0, again.output
    assert "2 departments: 1 moved, 0 added, 0 removed" in again.stdout
    assert "太原市/市文旅局: moved 1" in again.stdout
