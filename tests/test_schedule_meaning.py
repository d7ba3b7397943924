"""Scheduling as the plan means it: joint 一业一查 visits, duplicates once, pins, whole runs, spacing, year honesty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.check import check_plan
from planner.config import Config
from planner.errors import ConfigError
from planner.model import Plan
from planner.rounds import min_spacing_days
from planner.schedule import department_loads, schedule_plan
from tests.builders import make_task


def plan_of(*tasks) -> Plan:
    return Plan(source="test.tsv", year=2024, tasks=tuple(tasks), province="山西省")


def travel(seq: int, item: str, lead: str = "市文旅局", **kw):
    return make_task(seq, name="旅行社行业的双随机抽查", item=item, scope="旅行社", lead=(lead,), partners=(), **kw)


def other(seq: int, **kw):
    return make_task(seq, scope=f"对象{seq}", item=f"事项{seq}", **kw)


def test_merge_group_is_one_joint_visit_in_every_member_calendar():
    """Two tasks on 旅行社 share one event: same dates, both departments, both tasks in the title."""
    a, b = travel(1, "旅行社许可证检查"), travel(2, "旅行社经营检查", lead="市交通局")
    schedule = schedule_plan(plan_of(a, b), Config())
    (event,) = schedule.events
    assert event.tasks == (a, b) and {d.name for d in event.departments()} == {"市文旅局", "市交通局"}
    assert "1、2号" in event.title and event.uid == "2024-shanxi-taiyuan-0001-r1+0002-r1@planner"
    (finding,) = [f for f in check_plan(plan_of(a, b), schedule, Config()) if f.kind == "merge"]
    assert "merged" in finding.message and "saving 1 visit" in finding.message


def test_each_task_keeps_its_own_rounds_in_a_joint_visit():
    """A 4-times-a-year task merged with a once-a-year one: four visits, one of them joint."""
    a, b = travel(1, "旅行社许可证检查", count=4), travel(2, "旅行社经营检查")
    events = schedule_plan(plan_of(a, b), Config()).events
    assert len(events) == 4
    assert sorted(e.round for e in events) == [1, 2, 3, 4]
    assert sum(1 for e in events if b in e.tasks) == 1


def test_no_merge_keeps_tasks_apart_and_says_why():
    a, b = travel(1, "旅行社许可证检查"), travel(2, "旅行社经营检查", lead="市交通局")
    config = Config(merge=False)
    schedule = schedule_plan(plan_of(a, b), config)
    assert len(schedule.events) == 2 and not any(e.joined for e in schedule.events)
    (finding,) = [f for f in check_plan(plan_of(a, b), schedule, config) if f.kind == "merge"]
    assert any("merging is off" in d for d in finding.details)


def test_exact_duplicate_gets_no_events_unless_kept():
    a, b = other(1), replace(other(1), seq=2, source_line=9)
    schedule = schedule_plan(plan_of(a, b), Config())
    assert [e.seq for e in schedule.events] == [1] and schedule.folded == ((b, a),)
    (finding,) = [f for f in check_plan(plan_of(a, b), schedule, Config()) if f.kind == "duplicate"]
    assert any("太原市-2 is not scheduled on its own" in d and "太原市-1" in d for d in finding.details)
    assert len(schedule_plan(plan_of(a, b), Config(keep_duplicates=True)).events) == 2


def test_pins_hold_exactly_and_others_balance_around():
    tasks = [other(i, windows=((3, 4),)) for i in range(1, 5)]
    config = Config(pins=(("太原/2", date(2024, 3, 12)),))
    schedule = schedule_plan(plan_of(*tasks), config)
    (pinned,) = [e for e in schedule.events if e.seq == 2]
    assert pinned.start == date(2024, 3, 12) and pinned.pinned


def test_a_round_can_be_pinned():
    config = Config(pins=(("太原市/1/r3", date(2024, 9, 2)),))
    events = schedule_plan(plan_of(other(1, count=4)), config).events
    assert [e.start for e in events if e.round == 3] == [date(2024, 9, 2)]


@pytest.mark.parametrize(
    ("day", "words"), [(date(2024, 3, 9), "not a working day"), (date(2024, 6, 3), "outside the round's months")]
)
def test_a_pin_off_window_or_on_a_day_off_is_one_line_error(day, words):
    with pytest.raises(ConfigError, match=words):
        schedule_plan(plan_of(other(1, windows=((3, 4),))), Config(pins=(("太原/1", day),)))


def test_a_pin_pushing_a_department_over_its_bound_is_reported():
    """Two March–April tasks have a bound of 1; pinning both into March makes 2, and check says so."""
    tasks = [other(1, windows=((3, 4),)), other(2, windows=((3, 4),))]
    config = Config(pins=(("太原/1", date(2024, 3, 4)), ("太原/2", date(2024, 3, 11))))
    plan = plan_of(*tasks)
    schedule = schedule_plan(plan, config)
    assert {e.start for e in schedule.events} == {date(2024, 3, 4), date(2024, 3, 11)}
    assert max(r.above_bound for r in department_loads(schedule)) == 1
    assert any(f.kind == "overload" and "above the lower bound of 1" in f.message for f in check_plan(plan, schedule, config))


def test_events_run_whole_and_rounds_keep_half_their_spacing():
    """On the embedded plan: no event straddles a day off, and rounds keep half of window/rounds apart."""
    from planner.plan import load_plan

    plan = load_plan(None)
    schedule = schedule_plan(plan, Config())
    assert all((e.end - e.start).days + 1 == len(e.days) for e in schedule.events)
    starts: dict[str, list[date]] = {}
    for e in schedule.events:
        for t in e.tasks:
            starts.setdefault(t.key, []).append(e.start)
    by_key = {t.key: t for t in plan.tasks}
    for key, days in starts.items():
        days.sort()
        need = min_spacing_days(by_key[key], 2024)
        assert all((b - a).days >= need for a, b in zip(days, days[1:])), key
    assert all(r.peak == r.bound for r in department_loads(schedule))


def test_a_config_year_other_than_the_title_warns(tmp_path):
    from typer.testing import CliRunner

    from planner.cli import app

    config = tmp_path / "c.toml"
    config.write_text("year = 2025\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["events", "--config", str(config), "--format", "csv"])
    assert "2024 年度" in result.stderr and "2025 年" in result.stderr


def test_pinning_a_folded_duplicate_names_the_task_to_pin():
    a, b = other(1), replace(other(1), seq=2, source_line=9)
    with pytest.raises(ConfigError, match="repeats 太原市/1"):
        schedule_plan(plan_of(a, b), Config(pins=(("太原/2", date(2024, 3, 4)),)))


def test_events_table_shows_a_joint_visit_with_all_its_seqs():
    from planner.render.schedule_tables import events_table
    from tests.builders import render_text

    schedule = schedule_plan(plan_of(travel(1, "旅行社许可证检查"), travel(2, "旅行社经营检查", lead="市交通局")), Config())
    from planner.i18n import _

    text = render_text(events_table(schedule.events, title="t"), 120)
    assert "1+2" in text and _("一业一查：").strip() in text and "市交通局" in text


def test_events_pin_option_holds_on_the_embedded_plan_and_rejects_a_day_off():
    import json

    from typer.testing import CliRunner

    from planner.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["events", "--city", "太原", "--format", "json", "--pin", "太原/54=2024-05-13"])
    assert result.exit_code == 0
    (event,) = [e for e in json.loads(result.stdout) if e["seq"] == 54]
    assert (event["start"], event["pinned"], [j["seq"] for j in event["joined"]]) == ("2024-05-13", True, [55])
    bad = runner.invoke(app, ["events", "--pin", "太原/54=2024-05-12"])
    assert bad.exit_code == 2 and "not a working day" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
