"""Tasks → rounds → dated, balanced events on working days."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from planner.config import Config, DepartmentLimits
from planner.errors import CalendarDataError
from planner.load import monthly_load, peaks
from planner.model import Department, Plan
from planner.rounds import allowed_months, expand
from planner.schedule import schedule_plan
from planner.slugs import city_slug
from planner.workdays import work_calendar
from tests.builders import make_task as task_of

CAL = work_calendar(2024)
MARKET = Department("太原市", "市市场监管局")


def make_task(seq: int = 1, **fields):
    """A task on a target of its own (same-target tasks would be merged or folded as duplicates)."""
    return task_of(seq, **{"scope": f"对象{seq}", "item": f"事项{seq}", **fields})


def plan_of(*tasks) -> Plan:
    return Plan(source="test.tsv", year=2024, tasks=tuple(tasks))


def months_of(task) -> list[tuple[int, ...]]:
    return [allowed_months(r) for r in expand(task)]


# --- rounds ---------------------------------------------------------------------------------------


def test_once_a_year_is_one_round_over_the_whole_window():
    """"1次/年, 3月—12月" gives one round that may fall in any month of the window."""
    assert months_of(make_task(windows=((3, 12),))) == [tuple(range(3, 13))]


def test_n_per_year_spreads_rounds_evenly():
    """"2次/年, 3月—12月" gives one round in Mar–Jul and one in Aug–Dec."""
    assert months_of(make_task(count=2, windows=((3, 12),))) == [(3, 4, 5, 6, 7), (8, 9, 10, 11, 12)]


def test_more_rounds_than_months_share_months():
    """"12次/年, 4月—11月" gives 12 rounds, each tied to a month of the window."""
    rounds = months_of(make_task(count=12, windows=((4, 11),)))
    assert len(rounds) == 12
    assert all(len(m) == 1 and 4 <= m[0] <= 11 for m in rounds)
    assert {m[0] for m in rounds} == set(range(4, 12))


def test_twice_a_year_with_two_windows_is_one_round_per_window():
    """"2次/年, 3月—6月; 7月—10月" gives one round in each window."""
    assert months_of(make_task(count=2, windows=((3, 6), (7, 10)))) == [(3, 4, 5, 6), (7, 8, 9, 10)]


def test_quarterly_gives_one_round_per_quarter_the_window_touches():
    """"1次/季度, 3月—11月" gives Mar, Q2, Q3 and Oct–Nov."""
    rounds = months_of(make_task(per="quarter", windows=((3, 11),)))
    assert rounds == [(3,), (4, 5, 6), (7, 8, 9), (10, 11)]


def test_half_yearly_gives_one_round_per_half_year():
    """"1次/半年, 3月—11月" gives Mar–Jun and Jul–Nov."""
    assert months_of(make_task(per="half-year", windows=((3, 11),))) == [(3, 4, 5, 6), (7, 8, 9, 10, 11)]


def test_monthly_gives_one_round_per_month_of_the_window():
    """"1次/月, 3月—12月" gives ten single-month rounds."""
    assert months_of(make_task(per="month", windows=((3, 12),))) == [(m,) for m in range(3, 13)]


def test_once_a_year_with_two_windows_stays_inside_them():
    """"1次/年, 2月、11月—12月" may fall in Feb, Nov or Dec, not in between."""
    assert months_of(make_task(windows=((2, 2), (11, 12)))) == [(2, 11, 12)]


# --- dates ----------------------------------------------------------------------------------------


def test_every_event_lies_in_its_window_on_working_days():
    """Balanced events use working days only, inside the task window and the round's months."""
    tasks = [make_task(i, count=c, windows=w) for i, (c, w) in enumerate(
        [(1, ((3, 12),)), (2, ((3, 6), (7, 10))), (4, ((5, 11),)), (1, ((10, 10),)), (3, ((2, 2), (9, 10)))], 1)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    assert len(schedule.events) == 1 + 2 + 4 + 1 + 3
    for event in schedule.events:
        months = {m for w in event.task.windows for m in w.months()}
        assert all(CAL.is_working(d) and d.month in months for d in event.days)
        assert event.window_start <= event.start <= event.end <= event.window_end
        assert event.days == CAL.run(event.start, 3)


def test_events_skip_golden_week():
    """An October-only task starts after the National Day holiday of 1–7 Oct."""
    schedule = schedule_plan(plan_of(make_task(windows=((10, 10),))), Config())
    assert schedule.naive[0].start == date(2024, 10, 8)
    assert all(not date(2024, 10, 1) <= d <= date(2024, 10, 7) for e in schedule.events for d in e.days)


def test_events_work_on_make_up_days():
    """A five-day February inspection from 1 Feb works on Sunday 4 Feb (调休) and skips Saturday 3 Feb."""
    config = Config(default_duration=5)
    event = schedule_plan(plan_of(make_task(windows=((2, 2),))), config).naive[0]
    assert event.days == (date(2024, 2, 1), date(2024, 2, 2), date(2024, 2, 4), date(2024, 2, 5), date(2024, 2, 6))


def test_duration_follows_the_config_pattern():
    """A task whose name matches a [durations] pattern gets that many working days."""
    config = Config(durations=(("旅行社", 5),))
    events = schedule_plan(plan_of(make_task(name="对旅行社的双随机抽查"), make_task(2, name="对药店的检查", item="药品经营检查")), config).events
    assert sorted(e.working_days for e in events) == [3, 5]


def test_blackout_days_are_avoided():
    """A department's blackout days push its event past them, in the balanced and naive schedules."""
    blackout = tuple(date(2024, 3, d) for d in range(1, 21))
    config = Config(departments=(("太原市/市文旅局", DepartmentLimits(blackout=blackout)),))
    schedule = schedule_plan(plan_of(make_task(windows=((3, 3),))), config)
    assert schedule.naive[0].start == date(2024, 3, 21)
    assert all(d > date(2024, 3, 20) for e in schedule.events for d in e.days)


def test_task_without_usable_window_is_reported_not_dropped():
    """A task with no window gets no event and appears in unscheduled with its source line."""
    schedule = schedule_plan(plan_of(make_task(7, windows=(), source_line=42)), Config())
    assert schedule.events == ()
    assert [p.line for p in schedule.unscheduled] == [42]
    assert "window" in schedule.unscheduled[0].message


def test_round_that_cannot_fit_is_reported():
    """A round whose months hold fewer working days than its duration is reported as unscheduled."""
    config = Config(default_duration=30)
    schedule = schedule_plan(plan_of(make_task(windows=((3, 3),))), config)
    assert schedule.events == ()
    assert "round 1/1" in schedule.unscheduled[0].message


def test_daily_capacity_limits_starts_per_department():
    """With daily capacity 1, a department never starts two events on one day."""
    tasks = [make_task(i, windows=((3, 3),)) for i in range(1, 11)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    starts = Counter((d, e.start) for e in schedule.events for d in e.task.departments())
    assert max(starts.values()) == 1


def test_rounds_beyond_daily_capacity_all_run_and_the_overlap_is_forced():
    """Thirty March rounds of one department cannot run side by side: all are scheduled, and the
    overlap is reported as forced by the month's arithmetic, not as an avoidable double booking."""
    from planner.check import double_bookings

    tasks = [make_task(i, windows=((3, 3),)) for i in range(1, 31)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    assert len(schedule.events) == 30 and schedule.unscheduled == ()
    findings = double_bookings(schedule.events, Config(), 2024)
    assert findings and {f.severity for f in findings} == {"warning"}
    assert any("overlap cannot be avoided" in d for f in findings for d in f.details)


def test_naive_schedule_is_earliest_working_days():
    """The naive schedule puts every round on the first working days its months allow."""
    schedule = schedule_plan(plan_of(make_task(windows=((4, 12),)), make_task(2, count=2, windows=((3, 12),))), Config())
    assert sorted(e.start for e in schedule.naive) == [date(2024, 3, 1), date(2024, 4, 1), date(2024, 8, 1)]


# --- balance --------------------------------------------------------------------------------------


def test_balancing_flattens_the_march_pile():
    """Ten once-a-year tasks of one department spread to one per month instead of ten in March."""
    tasks = [make_task(i, windows=((3, 12),)) for i in range(1, 11)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    assert peaks(monthly_load(schedule.naive))[MARKET] == 10
    assert peaks(monthly_load(schedule.events))[MARKET] == 1


def test_lower_bound_comes_from_the_windows():
    """Six rounds confined to Mar–Apr force a peak of at least 3, whatever the other rounds do."""
    tasks = [make_task(i, windows=((3, 4),)) for i in range(1, 7)] + [make_task(i, windows=((3, 12),)) for i in (7, 8)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    assert dict(schedule.lower_bounds)[MARKET] == 3
    assert peaks(monthly_load(schedule.events))[MARKET] == 3


def test_rounds_of_one_task_are_kept_apart():
    """A twice-a-year task over Mar–Dec gets its rounds at least five months apart."""
    tasks = [make_task(1, count=2, windows=((3, 12),))] + [make_task(i, windows=((3, 12),)) for i in range(2, 9)]
    schedule = schedule_plan(plan_of(*tasks), Config())
    first, second = sorted(e.start.month for e in schedule.events if e.seq == 1)
    assert second - first >= 5


def test_n_per_year_rounds_are_a_window_over_n_apart_in_days():
    """Four rounds a year over Mar–Dec (306 days) start at least 77 days after one another."""
    tasks = [make_task(1, count=4, windows=((3, 12),))] + [make_task(i, windows=((3, 12),)) for i in range(2, 12)]
    starts = sorted(e.start for e in schedule_plan(plan_of(*tasks), Config()).events if e.seq == 1)
    assert all((b - a).days >= 77 for a, b in zip(starts, starts[1:]))


def test_embedded_plan_is_within_one_of_the_lower_bound():
    """On the real Shanxi plan, every department's balanced peak is at most its lower bound plus one."""
    from planner.plan import load_plan

    schedule = schedule_plan(load_plan(), Config())
    balanced = peaks(monthly_load(schedule.events))
    assert schedule.unscheduled == ()
    assert all(balanced.get(d, 0) <= bound + 1 for d, bound in schedule.lower_bounds)
    assert max(balanced.values()) < max(peaks(monthly_load(schedule.naive)).values())


# --- identity and determinism ---------------------------------------------------------------------


def test_uid_comes_from_year_city_seq_and_round():
    """Uids read like 2024-plan-taiyuan-0007-r1@planner (plan: the province key, "plan" without a title)."""
    schedule = schedule_plan(plan_of(make_task(7, count=2)), Config())
    assert [e.uid for e in schedule.events] == ["2024-plan-taiyuan-0007-r1@planner", "2024-plan-taiyuan-0007-r2@planner"]


def test_uids_do_not_depend_on_task_order():
    """Reordering the plan's tasks keeps every event's uid."""
    tasks = [make_task(i, windows=((3, 12),)) for i in range(1, 6)]
    forward = {e.uid: e.seq for e in schedule_plan(plan_of(*tasks), Config()).events}
    backward = {e.uid: e.seq for e in schedule_plan(plan_of(*reversed(tasks)), Config()).events}
    assert forward == backward


def test_city_slug_reads_polyphonic_city_names_right():
    """长治 is changzhi, not zhangzhi; unknown cities fall back to pinyin."""
    assert city_slug("长治市") == "changzhi"
    assert city_slug("北京市") == "beijing"


def test_same_input_gives_same_schedule():
    """Scheduling twice gives identical events."""
    tasks = [make_task(i, count=1 + i % 3, windows=((3 + i % 4, 12),)) for i in range(1, 20)]
    assert schedule_plan(plan_of(*tasks), Config()) == schedule_plan(plan_of(*tasks), Config())


def test_seed_changes_tie_breaks_but_not_balance():
    """A different seed may move events but keeps the same peaks."""
    tasks = [make_task(i, windows=((3, 12),)) for i in range(1, 21)]
    a = schedule_plan(plan_of(*tasks), Config(), seed=0)
    b = schedule_plan(plan_of(*tasks), Config(), seed=7)
    assert peaks(monthly_load(a.events)) == peaks(monthly_load(b.events))
    assert {e.uid for e in a.events} == {e.uid for e in b.events}


def test_config_year_moves_the_plan_to_another_year():
    """A config naming 2025 schedules on 2025 working days."""
    schedule = schedule_plan(plan_of(make_task(windows=((10, 10),))), Config(year=2025))
    assert schedule.year == 2025
    assert schedule.naive[0].start == date(2025, 10, 9)  # 2025's National Day holiday runs 1–8 Oct


def test_year_without_holiday_data_fails():
    """Scheduling a year the holiday data does not cover raises CalendarDataError."""
    with pytest.raises(CalendarDataError):
        schedule_plan(plan_of(make_task()), Config(year=2099))
