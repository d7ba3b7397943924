"""Double running: a department with more events running on one day than its daily capacity.

An event runs on every working day it takes, so two three-day events starting on Monday and
Tuesday overlap on two days. Some overlap is forced: a month whose runs of working days hold
only four whole three-day inspections side by side cannot take six without overlap. Those days
are warnings with the arithmetic; every other double-running day is an error (it can be avoided).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from planner.check.common import event_line, lines_of, seqs_of
from planner.config import Config
from planner.i18n import _
from planner.load import running_months
from planner.model import Department, Event, Finding
from planner.workdays import WorkCalendar, calendar_for


def double_bookings(events: Sequence[Event], config: Config, year: int | None = None) -> list[Finding]:
    """One finding per (department, month) with days on which it runs more events than its daily capacity."""
    if not events:
        return []
    calendar = calendar_for(config, year or events[0].start.year)
    by_department: dict[Department, list[Event]] = defaultdict(list)
    for event in events:
        for department in event.departments():
            by_department[department].append(event)
    # department by department: a few small dicts at a time, not one entry per (department, day) of the plan
    findings = []
    for department, its in by_department.items():
        capacity = config.daily_capacity_for(department)
        if len(its) <= capacity:
            continue  # not enough events to crowd any day
        running: dict[date, list[Event]] = defaultdict(list)
        for event in its:
            for day in event.days:
                running[day].append(event)
        # one finding per month: the days, the events running together, the arithmetic
        crowded: dict[int, dict[date, list[Event]]] = defaultdict(dict)
        for day, members in running.items():
            if len(members) > capacity:
                crowded[day.month][day] = members
        if not crowded:
            continue
        in_month: dict[int, list[Event]] = defaultdict(list)
        for event in its:
            for month in running_months(event):
                in_month[month].append(event)
        findings += [_finding(department, days, in_month[month], capacity, calendar) for month, days in crowded.items()]
    return findings


def month_room(calendar: WorkCalendar, month: int, duration: int) -> int:
    """How many `duration`-day inspections fit side by side in a month's runs of working days."""
    room, run, previous = 0, 0, None
    for day in calendar.days:
        if day.month != month:
            continue
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        previous = day
        if run == duration:
            room, run = room + 1, 0
    return room


def _finding(
    department: Department, crowded: dict[date, list[Event]], month: list[Event], capacity: int, calendar: WorkCalendar
) -> Finding:
    days = sorted(crowded)
    day = days[0]
    members = sorted({e.uid: e for d in days for e in crowded[d]}.values(), key=lambda e: (e.start, e.seq))
    duration = min(e.working_days for e in month)
    room = month_room(calendar, day.month, duration) * capacity
    forced = len(month) > room
    why = (
        _("{month}月 共 {count} 项，每项至少 {days} 个工作日，本月连续工作日只容得下 {room} 项互不重叠：重叠不可避免")
        if forced
        else _("{month}月 共 {count} 项，本月可容 {room} 项互不重叠：可以错开")
    ).format(month=day.month, count=len(month), days=duration, room=room)
    return Finding(
        kind="double-booking",
        severity="warning" if forced else "error",
        city=department.city,
        message=_("{department} {month}月 有 {count} 天同时进行多项抽查（{days}），超出日容量 {capacity}").format(
            department=department.name, month=day.month, count=len(days),
            days=_("、").join(f"{d:%m-%d}" for d in days), capacity=capacity,
        ),
        departments=(department.name,),
        months=(day.month,),
        seqs=seqs_of(t for e in members for t in e.tasks),
        source_lines=lines_of(t for e in members for t in e.tasks),
        details=(*(event_line(e, department) for e in members), why),
    )
