"""Step 1: rounds → slots, the units the balancer moves.

A slot is one visit: a round of one task, or — 一业一查 — rounds of several tasks of one merge group
held together. Exact duplicates get no slot of their own (their inspection happens in the task
they repeat). Every slot knows the working days it could start on (inside the months all its
rounds allow, long enough for its longest duration, clear of every department's blackout days),
and is linked to the previous round of each of its tasks so rounds keep apart.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.check.common import normalise
from planner.check.duplicates import exact_duplicates
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
    index: dict[Department, int],
    seed: int,
    pins: dict[tuple[int, int], int] | None = None,
) -> Slots:
    """Slots for every round of every task; `pins` maps (id(task), round) to a calendar index."""
    ordered = sorted(tasks, key=lambda t: (t.city, t.seq, t.source_line))
    # An exact duplicate has the same city, leads and scope: compare only within those buckets.
    buckets: dict[tuple[str, frozenset[Department], str], list[Task]] = {}
    for task in ordered:
        buckets.setdefault((task.city, frozenset(r.department for r in task.lead), normalise(task.scope)), []).append(task)
    folded = () if config.keep_duplicates else tuple(
        (dup, group[0]) for bucket in buckets.values() if len(bucket) > 1 for group in exact_duplicates(bucket) for dup in group[1:]
    )
    skipped = {id(dup) for dup, _kept in folded}
    for dup, kept in folded:
        if any(task_id == id(dup) for task_id, _round in pins or {}):
            raise ConfigError(
                _("固定日期 {city}/{seq}：该任务重复 {kept_city}/{kept_seq}，在那项任务的检查中一并检查").format(
                    city=dup.city, seq=dup.seq, kept_city=kept.city, kept_seq=kept.seq),
                file=config.source,
                hint=_("改为固定 {city}/{seq}，或设置 keep_duplicates = true").format(city=kept.city, seq=kept.seq),
            )
    active = [t for t in ordered if id(t) not in skipped]
    problems: list[Problem] = []
    rounds: dict[int, tuple[Round, ...]] = {}
    for task in active:
        rounds[id(task)] = expand(task)
        if not rounds[id(task)]:
            problems.append(_no_rounds(task))
    builder = _Builder(config, calendar, index, random.Random(seed), seed, pins or {})
    units = _units(active, rounds, builder) if config.merge else [(r,) for t in active for r in rounds[id(t)]]
    for unit in units:
        builder.add(unit, problems)
    builder.link(active, rounds)
    return Slots(builder.slots, problems, folded)


class _Builder:
    def __init__(
        self, config: Config, calendar: WorkCalendar, index: dict[Department, int], rng: random.Random, seed: int,
        pins: dict[tuple[int, int], int],
    ) -> None:
        self.config, self.calendar, self.index, self.rng, self.seed = config, calendar, index, rng, seed
        self.pins = pins
        self.cities: dict[str, int] = {}
        self.slots: list[Slot] = []
        self.slot_of: dict[tuple[int, int], int] = {}  # (id(task), round index) -> slot
        self._cache: dict[tuple[tuple[int, ...], int, frozenset[date]], Starts] = {}
        # per task (by id), asked for each of its rounds and each merge tried: made once
        self._durations: dict[int, int] = {}
        self._blocked: dict[int, frozenset[date]] = {}
        self.any_blackout = any(limits.blackout for _name, limits in config.departments)

    def duration(self, task: Task) -> int:
        found = self._durations.get(id(task))
        if found is None:
            found = self._durations[id(task)] = self.config.duration_for(task)
        return found

    def blocked(self, task: Task) -> frozenset[date]:
        """Blackout days of any of the task's departments."""
        if not self.any_blackout:
            return frozenset()
        found = self._blocked.get(id(task))
        if found is None:
            found = frozenset(day for d in task.departments() for day in self.config.blackout_for(d))
            self._blocked[id(task)] = found
        return found

    def starts(self, rounds: Sequence[Round]) -> Starts:
        if len(rounds) == 1:  # most units: one round, nothing to intersect
            only = rounds[0]
            key = (allowed_months(only), self.duration(only.task), self.blocked(only.task))
        else:
            months = tuple(sorted(set.intersection(*(set(allowed_months(r)) for r in rounds))))
            key = (months, max(self.duration(r.task) for r in rounds), frozenset().union(*(self.blocked(r.task) for r in rounds)))
        months, duration, blocked = key
        if key not in self._cache:  # most rounds share months, duration and blackouts
            self._cache[key] = _starts(months, duration, blocked, self.calendar)
        return self._cache[key]

    def shared_starts(self, rounds: Sequence[Round]) -> int:
        """How many start days the rounds share; 0 also when pins tear them apart."""
        starts = self.starts(rounds)
        pinned = {self.pins[key] for r in rounds if (key := (id(r.task), r.index)) in self.pins}
        if len(pinned) > 1 or (pinned and next(iter(pinned)) not in starts.get(self.calendar.days[min(pinned)].month, ())):
            return 0
        return sum(len(days) for days in starts.values())

    def add(self, unit: tuple[Round, ...], problems: list[Problem]) -> None:
        starts = self.starts(unit)
        duration = max(self.duration(r.task) for r in unit)
        if not starts:
            problems.append(_problem(unit[0], _("可排月份内没有连续 {days} 个空闲工作日").format(days=duration)))
            return
        free = tuple(starts)
        pinned = [self.pins[key] for r in unit if (key := (id(r.task), r.index)) in self.pins] if self.pins else []
        if pinned:
            day = pinned[0]
            starts = {self.calendar.days[day].month: (day,)}
        if len(unit) == 1:  # most: one task, whose departments are distinct already
            departments = tuple(map(self.index.__getitem__, unit[0].task.departments()))
        else:
            departments = tuple(dict.fromkeys(self.index[d] for r in unit for d in r.task.departments()))
        city = self.cities.setdefault(unit[0].task.city, len(self.cities))
        tie = (self.rng.random() if self.seed else 0.0, len(self.slots))
        for r in unit:
            self.slot_of[id(r.task), r.index] = len(self.slots)
        self.slots.append(Slot(unit, departments, starts, duration, city, tie, free_months=free, pinned=bool(pinned)))

    def link(self, tasks: Sequence[Task], rounds: dict[int, tuple[Round, ...]]) -> None:
        links: dict[int, list[Link]] = {}
        for task in tasks:
            if len(rounds[id(task)]) < 2:
                continue  # a task's only round has no previous round to keep apart from
            spacing = min_spacing_days(task, self.calendar.year, len(rounds[id(task)]))
            previous: int | None = None
            for r, months in zip(rounds[id(task)], (0, *min_gaps(task)), strict=False):
                here = self.slot_of.get((id(task), r.index))
                if here is not None and previous is not None and here != previous:
                    links.setdefault(here, []).append(Link(previous, max(months, spacing_months(spacing)), spacing))
                previous = here if here is not None else previous
        for i, slot_links in links.items():
            self.slots[i].links = tuple(slot_links)
            for link in slot_links:
                self.slots[link.previous].followers.append((i, link))


def spacing_months(days: int) -> int:
    """Whole months two rounds `days` apart should lie apart: 0 up to about half a month, 1 up to 1½ ..."""
    return int((days + 15) // 30.4)


def _units(tasks: Sequence[Task], rounds: dict[int, tuple[Round, ...]], builder: _Builder) -> list[tuple[Round, ...]]:
    """Rounds grouped into visits: each merge group's rounds joined where their months meet."""
    units: list[tuple[Round, ...]] = []
    for group in scope_components(tasks):
        members = [t for t in group if rounds.get(id(t))]
        if len(members) < 2:
            continue
        units += _joint_units(members, rounds, builder)
    seen = {(id(r.task), r.index) for unit in units for r in unit}
    units += [(r,) for t in tasks for r in rounds[id(t)] if (id(t), r.index) not in seen]
    # slots in plan order: the order of their first task's first round
    first = {id(t): i for i, t in enumerate(tasks)}
    return sorted(units, key=lambda u: min((first[id(r.task)], r.index) for r in u))


def _joint_units(group: list[Task], rounds: dict[int, tuple[Round, ...]], builder: _Builder) -> list[tuple[Round, ...]]:
    """The task with most rounds anchors the visits; each round of the others joins the anchor's
    round (after the one it joined before) whose months it shares most, if there is room for all."""
    anchor = max(group, key=lambda t: (len(rounds[id(t)]), -t.seq))
    units: list[list[Round]] = [[r] for r in rounds[id(anchor)]]
    extra: list[tuple[Round, ...]] = []
    for task in group:
        if task is anchor:
            continue
        last = -1
        for r in rounds[id(task)]:
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
