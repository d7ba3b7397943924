"""Rounds → dated events, balanced per department.

Three steps, each deterministic:

1. every round gets the working days it could start on (inside its months and the task window,
   long enough for its duration, clear of its departments' blackout days);
2. every round gets a month: a greedy pass, tightest rounds first, then local moves of single
   rounds, minimising for each (city, department) first how far its busiest month exceeds the lower
   bound, then the spread of its months (sum of squares), while rounds of one task keep apart;
3. every round gets start days in its month: each department starts at most its daily capacity of
   events per day, and among those days the one where its departments are least busy.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from calendar import monthrange
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.config import Config
from planner.load import monthly_load
from planner.model import Department, Event, Plan, Problem, Round, Schedule, Task
from planner.rounds import allowed_months, expand, min_gaps, spacing_days
from planner.slugs import city_slug, plan_slug
from planner.workdays import WorkCalendar, calendar_for

# Weights of the balance objective. A department's (peak - lower bound)² dominates the spread
# (sum of squares of its monthly loads). Two rounds of one task closer than their frequency wants
# cost more than one department one above its bound (1 × EXCESS) but less than one going from
# one to two above (4 - 1 = 3 × EXCESS): spacing gives way only to keep peaks within bound + 1.
EXCESS_WEIGHT = 10**6
SPACING_WEIGHT = 2 * EXCESS_WEIGHT
MAX_PASSES = 50  # local improvement stops earlier when no move helps


@dataclass
class _Slot:
    """A round on its way to becoming an event (working state of the scheduler)."""

    round: Round
    departments: tuple[int, ...]  # indexes into the department list
    starts: dict[int, tuple[int, ...]]  # month -> indexes of calendar days it may start on
    duration: int
    previous: int | None  # slot of the task's previous round
    gap: int  # months wanted after the previous round (balancing works in months)
    apart: int  # days wanted after the previous round's start (day placement)
    tie: tuple[float, int]

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(self.starts)


def schedule_plan(plan: Plan, config: Config, seed: int = 0) -> Schedule:
    """Balanced events for every task of the plan, beside the naive earliest-date schedule."""
    year = plan_year(plan, config)
    calendar = calendar_for(config, year)
    departments = sorted({d for task in plan.tasks for d in task.departments()}, key=lambda d: (d.city, d.name))
    config.require_departments(departments)
    index = {d: i for i, d in enumerate(departments)}
    slots, unscheduled = _slots(plan.tasks, config, calendar, index, seed)
    bounds = _lower_bounds(slots, len(departments))
    months = _balance(slots, len(departments), bounds)
    capacity = [config.daily_capacity_for(d) for d in departments]
    placed, unplaced = _place_days(slots, months, capacity, calendar.days)
    key = plan_slug(plan.province)
    uids = _UidMaker(plan.tasks, year, key)
    events = [_event(slots[i], start, calendar, uids) for i, start in placed.items()]
    naive = [_event(s, min(min(days) for days in s.starts.values()), calendar, uids) for s in slots]
    unscheduled += [_problem(slots[i].round, reason) for i, reason in unplaced.items()]
    return Schedule(
        year=year,
        events=tuple(sorted(events, key=_event_order)),
        naive=tuple(sorted(naive, key=_event_order)),
        lower_bounds=tuple((d, bounds[i]) for i, d in enumerate(departments) if bounds[i]),
        unscheduled=tuple(sorted(unscheduled, key=lambda p: (p.line, p.message))),
        plan=key,
    )


def plan_year(plan: Plan, config: Config) -> int:
    """The plan's own year unless the config names one."""
    return config.year or plan.year


@dataclass(frozen=True)
class DepartmentLoad:
    """What balancing bought one department: rounds per month before and after, and the bound."""

    department: Department
    naive: tuple[int, ...]  # rounds starting in months 1..12 of the naive schedule
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


def peak_gaps(schedule: Schedule) -> dict[Department, tuple[int, int, int]]:
    """Per department: (naive peak, balanced peak, lower bound)."""
    return {row.department: (row.naive_peak, row.peak, row.bound) for row in department_loads(schedule)}


# --- step 1: where each round may start ---------------------------------------------------------


def _slots(
    tasks: Sequence[Task], config: Config, calendar: WorkCalendar, index: dict[Department, int], seed: int
) -> tuple[list[_Slot], list[Problem]]:
    rng = random.Random(seed)
    slots: list[_Slot] = []
    problems: list[Problem] = []
    starts_cache: dict[tuple[tuple[int, ...], int, frozenset[date]], dict[int, tuple[int, ...]]] = {}
    for task in sorted(tasks, key=lambda t: (t.city, t.seq, t.source_line)):
        rounds = expand(task)
        if not rounds:
            problems.append(_no_rounds(task))
            continue
        duration = config.duration_for(task)
        blocked = frozenset(day for d in task.departments() for day in config.blackout_for(d))
        previous: int | None = None
        for round_, gap, apart in zip(rounds, (0, *min_gaps(task)), (0, *spacing_days(task, calendar.year)), strict=True):
            key = (allowed_months(round_), duration, blocked)
            if key not in starts_cache:  # most rounds share months, duration and blackouts
                starts_cache[key] = _starts(key[0], duration, blocked, calendar)
            starts = starts_cache[key]
            if not starts:
                problems.append(_problem(round_, f"no {duration} consecutive working days free in its months"))
                previous = None
                continue
            tie = (rng.random() if seed else 0.0, len(slots))
            deps = tuple(index[d] for d in task.departments())
            linked = previous is not None
            slots.append(_Slot(round_, deps, starts, duration, previous, gap if linked else 0, apart if linked else 0, tie))
            previous = len(slots) - 1
    return slots, problems


def _starts(
    allowed: tuple[int, ...], duration: int, blocked: frozenset[date], calendar: WorkCalendar
) -> dict[int, tuple[int, ...]]:
    """Per month, the calendar indexes where `duration` working days fit inside the allowed months."""
    months = set(allowed)
    days = calendar.days
    result: dict[int, tuple[int, ...]] = {}
    for month in sorted(months):
        fits = []
        for i in calendar.month_range(month):
            run = days[i : i + duration]
            if len(run) == duration and all(d.month in months and d not in blocked for d in run):
                fits.append(i)
        if fits:
            result[month] = tuple(fits)
    return result


def _no_rounds(task: Task) -> Problem:
    if not any(1 <= w.start <= w.end <= 12 for w in task.windows):
        why = "no usable inspection window (起止时间)"
    else:
        why = f"frequency {task.frequency.count}/{task.frequency.per} gives no round"
    return Problem(task.source_line, f"{task.city} {task.seq}号 not scheduled: {why}", task.name)


def _problem(round_: Round, why: str) -> Problem:
    task = round_.task
    return Problem(task.source_line, f"{task.city} {task.seq}号 round {round_.index}/{round_.count} not scheduled: {why}", task.name)


# --- step 2: a month for every round ------------------------------------------------------------


def _lower_bounds(slots: Sequence[_Slot], n_departments: int) -> list[int]:
    members: list[list[_Slot]] = [[] for _ in range(n_departments)]
    for slot in slots:
        for d in slot.departments:
            members[d].append(slot)
    return [_lower_bound(m) for m in members]


def _lower_bound(slots: Sequence[_Slot]) -> int:
    """No schedule can do better: rounds confined to a span of months share those months."""
    spans = Counter((min(s.months), max(s.months)) for s in slots)
    best = 0
    # Only intervals that start where some span starts and end where some span ends can bind.
    for first in {a for a, _ in spans}:
        for last in {b for _, b in spans if b >= first}:
            inside = sum(n for (a, b), n in spans.items() if first <= a and b <= last)
            best = max(best, -(-inside // (last - first + 1)))
    return best


class _Balancer:
    """Loads per department and month, and the cost of moving one round."""

    def __init__(self, slots: Sequence[_Slot], n_departments: int, bounds: Sequence[int]) -> None:
        self.slots = slots
        self.bounds = bounds
        self.load = [[0] * 13 for _ in range(n_departments)]
        self.month = [0] * len(slots)  # 0: not placed yet
        self.following: dict[int, int] = {s.previous: i for i, s in enumerate(slots) if s.previous is not None}

    def delta(self, i: int, target: int) -> int:
        """Change of the objective if slot i moves to month `target`."""
        source = self.month[i]
        change = 0
        for d in self.slots[i].departments:
            row = self.load[d]
            before = max(row)
            if source:
                row[source] -= 1
            row[target] += 1
            after = max(row)
            row[target] -= 1
            if source:
                row[source] += 1
            excess_before = max(0, before - self.bounds[d])
            excess_after = max(0, after - self.bounds[d])
            change += EXCESS_WEIGHT * (excess_after**2 - excess_before**2)
            change += 2 * (row[target] - (row[source] if source else 0)) + (2 if source else 1)
        return change + SPACING_WEIGHT * (self._too_close(i, target) - self._too_close(i, source))

    def _too_close(self, i: int, month: int) -> int:
        """Pairs with the task's neighbouring rounds that would be closer than wanted."""
        if not month:
            return 0
        slot, count = self.slots[i], 0
        if slot.previous is not None and self.month[slot.previous]:
            count += month - self.month[slot.previous] < slot.gap
        after = self.following.get(i)
        if after is not None and self.month[after]:
            count += self.month[after] - month < self.slots[after].gap
        return count

    def move(self, i: int, target: int) -> None:
        for d in self.slots[i].departments:
            if self.month[i]:
                self.load[d][self.month[i]] -= 1
            self.load[d][target] += 1
        self.month[i] = target


def _balance(slots: Sequence[_Slot], n_departments: int, bounds: Sequence[int]) -> list[int]:
    state = _Balancer(slots, n_departments, bounds)
    # Tightest first: rounds with fewest months, then those binding most departments.
    order = sorted(range(len(slots)), key=lambda i: (len(slots[i].months), -len(slots[i].departments), slots[i].tie))
    for i in order:
        state.move(i, min(slots[i].months, key=lambda m: (state.delta(i, m), m)))
    by_department: list[list[int]] = [[] for _ in range(n_departments)]
    for i in order:
        for d in slots[i].departments:
            by_department[d].append(i)
    for _ in range(MAX_PASSES):
        # Single moves first; when none helps, pairs of moves for departments still above their bound.
        if not _relocate(state, order) and not _eject(state, by_department):
            break
    return state.month


def _relocate(state: _Balancer, order: Sequence[int]) -> bool:
    """Move each round to its best month if that lowers the objective; True if any moved."""
    moved = False
    for i in order:
        best, target = 0, 0
        for m in state.slots[i].months:
            if m != state.month[i]:
                change = state.delta(i, m)
                if change < best:
                    best, target = change, m
        if target:
            state.move(i, target)
            moved = True
    return moved


def _eject(state: _Balancer, by_department: Sequence[Sequence[int]]) -> bool:
    """For a department above its bound: move a round out of its peak month even if that overloads
    another month, when moving a second round out of that month more than makes up for it."""
    for d, members in enumerate(by_department):
        row = state.load[d]
        peak = max(row)
        if peak <= state.bounds[d]:
            continue
        for i in members:
            source = state.month[i]
            if row[source] != peak:
                continue
            for target in state.slots[i].months:
                if target == source:
                    continue
                first = state.delta(i, target)
                state.move(i, target)
                second, follow, where = _best_follow_up(state, i, target, by_department)
                if first + second < 0:
                    state.move(follow, where)
                    return True
                state.move(i, source)
    return False


def _best_follow_up(state: _Balancer, i: int, month: int, by_department: Sequence[Sequence[int]]) -> tuple[int, int, int]:
    """The best single move of another round out of `month` sharing a department with round i."""
    best = (0, -1, 0)
    for d in state.slots[i].departments:
        for j in by_department[d]:
            if j == i or state.month[j] != month:
                continue
            for m in state.slots[j].months:
                if m != month:
                    change = state.delta(j, m)
                    if change < best[0]:
                        best = (change, j, m)
    return best


# --- step 3: days inside the month --------------------------------------------------------------


def _place_days(
    slots: Sequence[_Slot], months: Sequence[int], capacity: Sequence[int], calendar_days: Sequence[date]
) -> tuple[dict[int, int], dict[int, str]]:
    """Start day (calendar index) per slot; the slots that found none, with why."""
    empty = array("H", bytes(2 * len(calendar_days)))  # compact: a big plan has tens of thousands of departments
    starting = {d: array("H", empty) for s in slots for d in s.departments}
    busy = {d: array("H", empty) for d in starting}
    city_starts = {s.round.task.city: array("H", empty) for s in slots}
    placed: dict[int, int] = {}
    failed: dict[int, str] = {}
    order = sorted(
        range(len(slots)),
        key=lambda i: (months[i], len(slots[i].starts[months[i]]), -len(slots[i].departments), slots[i].tie),
    )
    for i in order:
        slot = slots[i]
        days = _Days(capacity, starting, busy, city_starts[slot.round.task.city], _not_before(slot, placed, calendar_days))
        # Its balanced month first; if every day there is taken, the nearest other month.
        candidates = sorted(slot.months, key=lambda m: (m != months[i], abs(m - months[i]), m))
        start = next((s for m in candidates if (s := days.best(slot, m)) is not None), None)
        if start is None:
            failed[i] = "every possible start day is taken by the daily capacity of its departments"
            continue
        placed[i] = start
        days.take(slot, start)
    return placed, failed


def _not_before(slot: _Slot, placed: dict[int, int], calendar_days: Sequence[date]) -> int:
    """First working day far enough after the previous round's start ("N/year: window/N apart")."""
    if slot.previous is None or slot.previous not in placed or not slot.apart:
        return 0
    return bisect_left(calendar_days, calendar_days[placed[slot.previous]] + timedelta(slot.apart))


@dataclass
class _Days:
    """Who starts and who is busy on each working day (calendar index)."""

    capacity: Sequence[int]
    starting: dict[int, array[int]]
    busy: dict[int, array[int]]
    city_starts: array[int]
    not_before: int  # starts earlier than this come too soon after the task's previous round

    def best(self, slot: _Slot, month: int) -> int | None:
        """The start day in `month` where its departments are least busy, then the city's quietest day."""
        best: tuple[bool, int, int, int] | None = None
        for start in slot.starts[month]:
            if any(self.starting[d][start] >= self.capacity[d] for d in slot.departments):
                continue
            overlap = sum(self.busy[d][k] for d in slot.departments for k in range(start, start + slot.duration))
            key = (start < self.not_before, overlap, self.city_starts[start], start)
            if best is None or key < best:
                best = key
        return None if best is None else best[3]

    def take(self, slot: _Slot, start: int) -> None:
        self.city_starts[start] += 1
        for d in slot.departments:
            self.starting[d][start] += 1
            for k in range(start, start + slot.duration):
                self.busy[d][k] += 1


# --- events ------------------------------------------------------------------------------------


def _event(slot: _Slot, start: int, calendar: WorkCalendar, uids: _UidMaker) -> Event:
    round_ = slot.round
    days = calendar.days[start : start + slot.duration]
    year = calendar.year
    return Event(
        uid=uids(round_),
        task=round_.task,
        round=round_.index,
        rounds=round_.count,
        start=days[0],
        end=days[-1],
        days=days,
        window_start=date(year, round_.first_month, 1),
        window_end=date(year, round_.last_month, monthrange(year, round_.last_month)[1]),
        months=allowed_months(round_),
    )


def _event_order(event: Event) -> tuple[date, str, int, int, int, int]:
    return (event.start, event.city, event.seq, event.task.sub, event.round, event.task.source_line)


class _UidMaker:
    """Stable uids from year, plan, city, seq and round; a repeated (city, seq) adds its source line."""

    def __init__(self, tasks: Sequence[Task], year: int, plan: str) -> None:
        self.year = year
        self.plan = plan
        self.repeated = {key for key, n in Counter((t.city, t.seq, t.sub) for t in tasks).items() if n > 1}

    def __call__(self, round_: Round) -> str:
        task = round_.task
        line = f"-l{task.source_line}" if (task.city, task.seq, task.sub) in self.repeated else ""
        sub = f"-{task.sub}" if task.sub else ""  # an item row of a 序号 (1.2); 0 keeps the old uid
        return f"{self.year}-{self.plan}-{city_slug(task.city)}-{task.seq:04d}{sub}{line}-r{round_.index}@planner"
