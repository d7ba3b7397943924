"""Step 1: rounds → slots, the units the balancer moves.

A slot is one visit: a round of one task, or — 一业一查 — rounds of several tasks of one merge group
held together. Exact duplicates get no slot of their own (their inspection happens in the task
they repeat). Every slot knows the working days it could start on (inside the months all its
rounds allow, long enough for its longest duration, clear of every department's blackout days),
and is linked to the previous round of each of its tasks so rounds keep apart.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from typing import NamedTuple

from planner.check.common import normalise
from planner.check.duplicates import exact_duplicates, inspection_key
from planner.check.merges import scope_components
from planner.config import Config
from planner.errors import ConfigError
from planner.i18n import _
from planner.model import Department, Problem, Round, Task
from planner.rounds import allowed_months, expand, min_gaps, min_spacing_days
from planner.workdays import WorkCalendar

Starts = dict[int, tuple[int, ...]]  # month -> calendar indexes a slot may start on, both in order


@dataclass(frozen=True)
class Link:
    """The previous round of one of a slot's tasks, and how far apart the two should be."""

    previous: int  # slot index
    months: int  # months wanted between them (balancing works in months)
    days: int  # smallest gap in days between the starts (half of window / rounds)


@dataclass
class Slot:
    """A visit on its way to becoming an event (working state of the scheduler)."""

    rounds: tuple[Round, ...]  # the first is the event's own round; the others are joined to it
    departments: tuple[int, ...]  # indexes into the department list
    starts: Starts  # where it may start (a pinned slot: its one day)
    duration: int
    city: int
    tie: tuple[float, int]
    links: tuple[Link, ...] = ()
    free_months: tuple[int, ...] = ()  # months before pinning: what the lower bound counts
    pinned: bool = False
    followers: list[tuple[int, Link]] = field(default_factory=list)  # (slot, its link back here)

    @property
    def linked(self) -> bool:
        """Spaced from another round of its task (most rounds are a task's only one)."""
        return bool(self.links or self.followers)

    @property
    def neighbours(self) -> tuple[int, ...]:
        """The slots of its tasks' neighbouring rounds: the previous ones, then the following ones."""
        if not (self.links or self.followers):  # most rounds: a task's only one
            return ()
        return tuple(link.previous for link in self.links) + tuple(j for j, _link in self.followers)

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(self.starts)


@dataclass(frozen=True)
class Slots:
    slots: list[Slot]
    problems: list[Problem]
    folded: tuple[tuple[Task, Task], ...]  # (duplicate, the task it repeats)


def build_slots(
    tasks: Sequence[Task],
    config: Config,
    calendar: WorkCalendar,
    departments: dict[Department, int],
    seed: int,
    pins: dict[tuple[int, int], int] | None = None,
) -> Slots:
    """Slots for every round of every task; `departments` maps each department the tasks name to
    its index in the plan's department list, `pins` maps (id(task), round) to a calendar index."""
    ordered = sorted(tasks, key=attrgetter("city", "seq", "source_line"))
    folded = () if config.keep_duplicates else _folded(ordered)
    skipped = {id(dup) for dup, _kept in folded}
    for dup, kept in folded:
        if any(task_id == id(dup) for task_id, _round in pins or {}):
            raise ConfigError(
                _("固定日期 {city}/{seq}：该任务重复 {kept_city}/{kept_seq}，在那项任务的检查中一并检查").format(
                    city=dup.city, seq=dup.seq, kept_city=kept.city, kept_seq=kept.seq),
                file=config.source,
                hint=_("改为固定 {city}/{seq}，或设置 keep_duplicates = true").format(city=kept.city, seq=kept.seq),
            )
    active = [t for t in ordered if id(t) not in skipped] if skipped else ordered
    builder = _Builder(config, calendar, departments, random.Random(seed), seed, pins or {})
    problems: list[Problem] = []
    for task in active:
        if not builder.prepare(task):
            problems.append(_no_rounds(task))
    units = _units(active, builder) if config.merge else [(r,) for t in active for r in builder.rounds(t)]
    for unit in units:
        builder.add(unit, problems)
    builder.link(active)
    return Slots(builder.slots, problems, folded)


def _folded(ordered: Sequence[Task]) -> tuple[tuple[Task, Task], ...]:
    """(exact duplicate, the task it repeats), duplicates in order of their inspection's first task.

    An exact duplicate has the same inspection_key (city, leads, scope): only tasks sharing city
    and scope — a few in a plan, compared as plain strings — have their leads' keys made at all."""
    scopes = list(zip(map(attrgetter("city"), ordered), map(normalise, map(attrgetter("scope"), ordered)), strict=True))
    repeated = {key for key, n in Counter(scopes).items() if n > 1}
    buckets: dict[tuple[object, ...], list[Task]] = {}
    for task, key in zip(ordered, scopes, strict=True):
        if key in repeated:
            buckets.setdefault(inspection_key(task), []).append(task)
    return tuple(
        (dup, group[0]) for bucket in buckets.values() if len(bucket) > 1 for group in exact_duplicates(bucket) for dup in group[1:]
    )


class _Shape(NamedTuple):
    """What a task's windows and frequency make of its year (the same for every task sharing them)."""

    spans: tuple[tuple[int, int], ...]  # each round's (first, last) month
    allowed: tuple[tuple[int, ...], ...]  # each round's allowed_months
    gaps: tuple[int, ...]  # min_gaps
    spacing: int  # min_spacing_days


class _Prepared(NamedTuple):
    """A task as the builder uses it, made once."""

    rounds: tuple[Round, ...]
    shape: _Shape
    duration: int
    blocked: frozenset[date]  # blackout days of any of its departments
    departments: tuple[int, ...]
    starts: tuple[Starts, ...]  # where each round may start on its own


class _Builder:
    def __init__(
        self, config: Config, calendar: WorkCalendar, departments: dict[Department, int], rng: random.Random, seed: int,
        pins: dict[tuple[int, int], int],
    ) -> None:
        self.config, self.calendar, self.departments, self.rng, self.seed = config, calendar, departments, rng, seed
        self.pins = pins
        self.cities: dict[str, int] = {}
        self.slots: list[Slot] = []
        self.slot_of: dict[tuple[int, int], int] = {}  # (id(task), round index) -> slot, for tasks of 2+ rounds
        self._cache: dict[tuple[tuple[int, ...], int, frozenset[date]], Starts] = {}
        self.tasks: dict[int, _Prepared] = {}  # by id(task)
        # shapes by the ids of a task's windows and frequency (the reader shares those objects between
        # tasks: no Python-level hashing of dataclasses), falling back to their values
        self._shapes: dict[tuple[int, int], _Shape] = {}
        self._shape_values: dict[tuple[object, object], _Shape] = {}
        self._round_starts: dict[tuple[int, int, frozenset[date]], tuple[Starts, ...]] = {}
        self.any_blackout = any(limits.blackout for _name, limits in config.departments)

    def prepare(self, task: Task) -> int:
        """Expand the task into rounds and note what its slots need; its number of rounds."""
        shape = self._shapes.get((id(task.windows), id(task.frequency)))
        if shape is None:
            shape = self._shapes[id(task.windows), id(task.frequency)] = self._shape(task)
        spans = shape.spans
        if len(spans) == 1:  # most tasks
            rounds: tuple[Round, ...] = (Round(task, 1, 1, *spans[0]),)
        else:
            rounds = tuple(Round(task, i, len(spans), first, last) for i, (first, last) in enumerate(spans, 1))
        config = self.config
        duration = config.duration_for(task) if config.durations else config.default_duration
        blocked = frozenset(day for d in task.departments() for day in config.blackout_for(d)) if self.any_blackout else _NONE
        # each round's starts, by shape, duration and blackouts: most tasks share all three
        starts = self._round_starts.get((id(shape), duration, blocked))
        if starts is None:
            starts = self._round_starts[id(shape), duration, blocked] = tuple(
                self._starts_for(months, duration, blocked) for months in shape.allowed)
        departments = tuple(map(self.departments.__getitem__, task.departments()))
        self.tasks[id(task)] = _Prepared(rounds, shape, duration, blocked, departments, starts)
        return len(rounds)

    def _shape(self, task: Task) -> _Shape:
        key = (task.windows, task.frequency)
        shape = self._shape_values.get(key)
        if shape is None:
            rounds = expand(task)
            shape = self._shape_values[key] = _Shape(
                tuple((r.first_month, r.last_month) for r in rounds),
                tuple(allowed_months(r) for r in rounds),
                min_gaps(task),
                min_spacing_days(task, self.calendar.year, len(rounds)),
            )
        return shape

    def rounds(self, task: Task) -> tuple[Round, ...]:
        return self.tasks[id(task)].rounds

    def starts(self, rounds: Sequence[Round]) -> Starts:
        if len(rounds) == 1:  # most units: one round, nothing to intersect
            only = rounds[0]
            return self.tasks[id(only.task)].starts[only.index - 1]
        tasks = [self.tasks[id(r.task)] for r in rounds]
        months = tuple(sorted(set.intersection(*(set(t.shape.allowed[r.index - 1]) for t, r in zip(tasks, rounds, strict=True)))))
        return self._starts_for(months, max(t.duration for t in tasks), frozenset().union(*(t.blocked for t in tasks)))

    def _starts_for(self, months: tuple[int, ...], duration: int, blocked: frozenset[date]) -> Starts:
        key = (months, duration, blocked)
        found = self._cache.get(key)
        if found is None:  # most rounds share months, duration and blackouts
            found = self._cache[key] = _starts(months, duration, blocked, self.calendar)
        return found

    def shared_starts(self, rounds: Sequence[Round]) -> int:
        """How many start days the rounds share; 0 also when pins tear them apart."""
        starts = self.starts(rounds)
        pinned = {self.pins[key] for r in rounds if (key := (id(r.task), r.index)) in self.pins}
        if len(pinned) > 1 or (pinned and next(iter(pinned)) not in starts.get(self.calendar.days[min(pinned)].month, ())):
            return 0
        return sum(len(days) for days in starts.values())

    def add(self, unit: tuple[Round, ...], problems: list[Problem]) -> None:
        if len(unit) == 1:  # most: one task, whose departments are distinct already
            task = self.tasks[id(unit[0].task)]
            starts, duration, departments = task.starts[unit[0].index - 1], task.duration, task.departments
        else:
            starts = self.starts(unit)
            tasks = [self.tasks[id(r.task)] for r in unit]
            duration = max(t.duration for t in tasks)
            departments = tuple(dict.fromkeys(i for t in tasks for i in t.departments))
        if not starts:
            problems.append(_problem(unit[0], _("可排月份内没有连续 {days} 个空闲工作日").format(days=duration)))
            return
        free = tuple(starts)
        pinned = [self.pins[key] for r in unit if (key := (id(r.task), r.index)) in self.pins] if self.pins else []
        if pinned:
            day = pinned[0]
            starts = {self.calendar.days[day].month: (day,)}
        city = self.cities.setdefault(unit[0].task.city, len(self.cities))
        here = len(self.slots)
        for r in unit:
            if r.count > 1:  # link() looks up only the rounds of tasks with several
                self.slot_of[id(r.task), r.index] = here
        tie = (self.rng.random() if self.seed else 0.0, here)
        # positional, in Slot's field order (rounds, departments, starts, duration, city, tie, links,
        # free_months, pinned): half the cost of keywords, once per visit of the year
        self.slots.append(Slot(unit, departments, starts, duration, city, tie, (), free, bool(pinned)))

    def link(self, tasks: Sequence[Task]) -> None:
        links: dict[int, list[Link]] = {}
        for task in tasks:
            prepared = self.tasks[id(task)]
            if len(prepared.rounds) < 2:
                continue  # a task's only round has no previous round to keep apart from
            spacing = prepared.shape.spacing
            previous: int | None = None
            for r, months in zip(prepared.rounds, (0, *prepared.shape.gaps), strict=False):
                here = self.slot_of.get((id(task), r.index))
                if here is not None and previous is not None and here != previous:
                    links.setdefault(here, []).append(Link(previous, max(months, spacing_months(spacing)), spacing))
                previous = here if here is not None else previous
        for i, slot_links in links.items():
            self.slots[i].links = tuple(slot_links)
            for link in slot_links:
                self.slots[link.previous].followers.append((i, link))


_NONE: frozenset[date] = frozenset()


def spacing_months(days: int) -> int:
    """Whole months two rounds `days` apart should lie apart: 0 up to about half a month, 1 up to 1½ ..."""
    return int((days + 15) // 30.4)


def _units(tasks: Sequence[Task], builder: _Builder) -> list[tuple[Round, ...]]:
    """Rounds grouped into visits, in plan order (the order of a visit's first task's first round):
    each merge group's rounds joined where their months meet, every other round a visit of its own."""
    joint: list[tuple[Round, ...]] = []
    for group in scope_components(tasks):
        members = [t for t in group if builder.rounds(t)]
        if len(members) < 2:
            continue
        joint += _joint_units(members, builder)
    # every round of a member is in one of its group's visits; no other task's round is
    joined = {id(r.task) for unit in joint for r in unit}
    position = {id(t): i for i, t in enumerate(tasks) if id(t) in joined}
    at: dict[int, list[tuple[tuple[int, int], tuple[Round, ...]]]] = {}
    for unit in joint:
        first = min((position[id(r.task)], r.index) for r in unit)
        at.setdefault(first[0], []).append((first, unit))
    units: list[tuple[Round, ...]] = []
    for i, task in enumerate(tasks):
        if id(task) in joined:  # its visits go where their first round is: the rest of its task's are elsewhere
            units += [unit for _first, unit in sorted(at.get(i, ()), key=itemgetter(0))]
        else:
            units += [(r,) for r in builder.rounds(task)]
    return units


def _joint_units(group: list[Task], builder: _Builder) -> list[tuple[Round, ...]]:
    """The task with most rounds anchors the visits; each round of the others joins the anchor's
    round (after the one it joined before) whose months it shares most, if there is room for all."""
    anchor = max(group, key=lambda t: (len(builder.rounds(t)), -t.seq))
    units: list[list[Round]] = [[r] for r in builder.rounds(anchor)]
    extra: list[tuple[Round, ...]] = []
    for task in group:
        if task is anchor:
            continue
        last = -1
        for r in builder.rounds(task):
            best: tuple[int, int] | None = None
            for j in range(last + 1, len(units)):
                shared = builder.shared_starts([*units[j], r])
                if shared and (best is None or shared > best[0]):
                    best = (shared, j)
            if best is None:
                extra.append((r,))
            else:
                units[best[1]].append(r)
                last = best[1]
    return [tuple(u) for u in units] + extra


def _starts(allowed: tuple[int, ...], duration: int, blocked: frozenset[date], calendar: WorkCalendar) -> Starts:
    """Per month, the calendar indexes where `duration` working days fit inside the allowed months."""
    months = set(allowed)
    days = calendar.days
    result: Starts = {}
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
        why = _("没有可用的起止时间")
    else:
        why = _("频次 {count}/{per} 排不出任何一轮").format(count=task.frequency.count, per=task.frequency.per)
    return Problem(task.source_line, _("{city} {seq}号 未能排期：{why}").format(city=task.city, seq=task.seq, why=why), task.name)


def _problem(round_: Round, why: str) -> Problem:
    task = round_.task
    message = _("{city} {seq}号 第 {index}/{count} 轮未能排期：{why}").format(
        city=task.city, seq=task.seq, index=round_.index, count=round_.count, why=why)
    return Problem(task.source_line, message, task.name)
