"""Tasks → dated events, balanced per department. Three steps, each deterministic:

1. `slots`: rounds → visits. 一业一查 merge groups share one visit per round they can share,
   exact duplicates get none of their own, pins fix a visit's day;
2. `balance`: a month for every visit, every department's busiest month at its lower bound where
   the windows allow, rounds of one task apart, each city's starts spread like its windows;
3. `days`: start days in those months — whole runs of working days in one month, rounds spaced,
   no department running two events on one day unless its own workload forces it.

Load is counted over the days an event runs (planner.load): an event counts in every month it
has a working day in, and against daily capacity on every day it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from planner import collector
from planner.config import Config
from planner.i18n import _
from planner.load import MonthlyLoad, monthly_load, peaks
from planner.model import Department, Event, Plan, Problem, Schedule, Task
from planner.schedule.balance import balance, lower_bounds
from planner.schedule.days import place_days
from planner.schedule.events import UidMaker, make_events, same_day_order
from planner.schedule.pins import resolve_pins
from planner.schedule.slots import build_slots
from planner.slugs import plan_slug
from planner.workdays import calendar_for

__all__ = ["DepartmentLoad", "department_loads", "peak_gaps", "plan_year", "schedule_plan"]


def schedule_plan(plan: Plan, config: Config, seed: int = 0) -> Schedule:
    """Balanced events for every task of the plan, beside the naive earliest-date schedule."""
    with collector.paused():  # the scheduler makes (almost) no cycles: see planner.collector
        return _schedule(plan, config, seed)


def _schedule(plan: Plan, config: Config, seed: int) -> Schedule:
    year = plan_year(plan, config)
    calendar = calendar_for(config, year)
    departments, index = _departments(plan.tasks)
    if config.departments:  # with no [departments."…"] tables there is nothing to look for
        config.require_departments(departments)
    pins = {}
    if config.pins:
        durations = {id(t): config.duration_for(t) for t in plan.tasks}
        pins = resolve_pins(config.pins, plan.tasks, calendar, durations, config.source)
    built = build_slots(plan.tasks, config, calendar, index, seed, pins)
    slots = built.slots
    bounds = lower_bounds(slots, len(departments))
    months = balance(slots, len(departments), bounds)
    # no [departments."…"] tables: every department has the plan's capacity (no look-up per department)
    capacity = [config.daily_capacity_for(d) for d in departments] if config.departments else [config.daily_capacity] * len(departments)
    placement = place_days(slots, months, capacity, calendar.days)
    uids = UidMaker(plan.tasks, year, plan_slug(plan.province))
    events, naive = [], []
    event_starts, naive_starts, placed = [], [], []  # calendar index of each start; each event's slot
    for i, slot in enumerate(slots):
        earliest = next(iter(slot.starts.values()))[0]  # months and each month's starts are in order
        start = placement.starts.get(i)
        made = make_events(slot, (earliest,) if start is None else (earliest, start), calendar, uids)
        naive.append(made[0])
        naive_starts.append(earliest)
        if start is not None:
            events.append(made[1])
            event_starts.append(start)
            placed.append(i)
    # slot i's events differ only in their start: rank the slots once by the rest of the order
    rank = [0] * len(slots)
    for position, i in enumerate(sorted(range(len(slots)), key=list(map(same_day_order, naive)).__getitem__)):
        rank[i] = position
    unscheduled = built.problems + [_problem(slots[i].rounds[0].task, why) for i, why in placement.failed.items()]
    return Schedule(
        year=year,
        events=_in_order(events, event_starts, placed, rank),
        naive=_in_order(naive, naive_starts, range(len(slots)), rank),
        lower_bounds=tuple((d, bounds[i]) for i, d in enumerate(departments) if bounds[i]),
        unscheduled=tuple(sorted(unscheduled, key=lambda p: (p.line, p.message))),
        plan=plan_slug(plan.province),
        folded=built.folded,
        merging=config.merge,
    )


def _in_order(events: list[Event], starts: list[int], slots: Sequence[int], rank: list[int]) -> tuple[Event, ...]:
    """The events by start, then same_day_order: `starts` are their calendar indexes (in date order),
    `slots` their slots' indexes into `rank`. One integer key per event, start · slots + rank, sorts
    in C; equal keys cannot occur (ranks differ), and equal orders rank in slot order, as a stable sort
    of the events in slot order would keep them."""
    count = len(rank)
    keys = [start * count + rank[i] for start, i in zip(starts, slots, strict=True)]
    return tuple(map(events.__getitem__, sorted(range(len(events)), key=keys.__getitem__)))


def _departments(tasks: Sequence[Task]) -> tuple[list[Department], dict[Department, int]]:
    """Every department of the plan, in (city, name) order, and each one's index there."""
    found = sorted(dict.fromkeys(chain.from_iterable(map(Task.departments, tasks))), key=attrgetter("city", "name"))
    return found, {d: i for i, d in enumerate(found)}


def plan_year(plan: Plan, config: Config) -> int:
    """The plan's own year unless the config names one."""
    return config.year or plan.year


def _problem(task: Task, why: str) -> Problem:
    return Problem(task.source_line, _("{city} {seq}号 未能排期：{why}").format(city=task.city, seq=task.seq, why=why), task.name)


@dataclass(frozen=True)
class DepartmentLoad:
    """What balancing bought one department: events running per month before and after, and the bound."""

    department: Department
    naive: tuple[int, ...]  # events running in months 1..12 of the naive schedule
    balanced: tuple[int, ...]
    bound: int

    @property
    def naive_peak(self) -> int:
        return max(self.naive)

    @property
    def peak(self) -> int:
        return max(self.balanced)

    @property
    def above_bound(self) -> int:
        return self.peak - self.bound


def department_loads(schedule: Schedule) -> tuple[DepartmentLoad, ...]:
    """Per department with rounds, in (city, name) order."""
    naive, balanced = monthly_load(schedule.naive), monthly_load(schedule.events)
    return tuple(
        DepartmentLoad(
            department,
            tuple(naive[department, m] for m in range(1, 13)),
            tuple(balanced[department, m] for m in range(1, 13)),
            bound,
        )
        for department, bound in schedule.lower_bounds
    )


def peak_gaps(schedule: Schedule, *, naive_load: MonthlyLoad | None = None) -> dict[Department, tuple[int, int, int]]:
    """Per department: (naive peak, balanced peak, lower bound); `naive_load` if the caller has counted it.

    The same numbers as department_loads' rows, from one pass over each load's entries instead of
    24 look-ups per department (a 100x plan has 35,000 departments)."""
    naive = peaks(monthly_load(schedule.naive) if naive_load is None else naive_load)
    balanced = peaks(monthly_load(schedule.events))
    return {department: (naive.get(department, 0), balanced.get(department, 0), bound) for department, bound in schedule.lower_bounds}
