"""Slots with dates → Events, and their UIDs.

A task's own event keeps its UID from (year, plan, city, 序号, round), e.g.
`2024-shanxi-taiyuan-0007-r1@planner`. A joint 一业一查 visit joins its members' ids with "+" in
序号 order, `2024-shanxi-taiyuan-0054-r1+0055-r1@planner`: stable while the group is, readable,
and never equal to a single task's UID, so calendars drop the separate visits it replaces.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from operator import attrgetter

from planner.model import Event, Joined, Round, Task
from planner.schedule.slots import Slot
from planner.slugs import city_slug
from planner.workdays import WorkCalendar


def make_events(slot: Slot, starts: Sequence[int], calendar: WorkCalendar, uids: UidMaker) -> list[Event]:
    """The slot's event at each of `starts` (its balanced and its naive start share all but the days)."""
    rounds = slot.rounds if len(slot.rounds) == 1 else sorted(slot.rounds, key=lambda r: (r.task.seq, r.task.sub, r.task.source_line, r.index))
    own = rounds[0]
    year = calendar.year
    months = slot.free_months
    uid = uids(rounds)
    window_start, window_end = _window(year, months[0], months[-1])
    joined = tuple(Joined(r.task, r.index, r.count) for r in rounds[1:]) if len(rounds) > 1 else ()
    made = []
    task, index, count, pinned, duration, every = own.task, own.index, own.count, slot.pinned, slot.duration, calendar.days
    for start in starts:
        days = every[start : start + duration]
        # positional, in Event's field order (uid, task, round, rounds, start, end, days, window_start,
        # window_end, months, joined, pinned): keywords double the cost of making the year's events
        made.append(Event(uid, task, index, count, days[0], days[-1], days, window_start, window_end, months, joined, pinned))
    return made


@lru_cache(maxsize=None)
def _window(year: int, first: int, last: int) -> tuple[date, date]:
    """First day of month `first`, last of month `last` (monthrange is Python: once per pair)."""
    return date(year, first, 1), date(year, last, monthrange(year, last)[1])


# Events are in order of start, then of (city, 序号, item, round, source line): read in C, not by a
# Python call per event
same_day_order = attrgetter("task.city", "task.seq", "task.sub", "round", "task.source_line")


class UidMaker:
    """Stable uids from year, plan, city, seq and round; a repeated (city, seq) adds its source line."""

    def __init__(self, tasks: Sequence[Task], year: int, plan: str) -> None:
        self.year = year
        self.plan = plan
        self.repeated = {key for key, n in Counter(map(attrgetter("city", "seq", "sub"), tasks)).items() if n > 1}
        # "2024-shanxi-taiyuan-" per city: pinyin and formatting once per city, not per event
        self.prefixes = {city: f"{year}-{plan}-{city_slug(city)}-" for city in dict.fromkeys(map(attrgetter("city"), tasks))}

    def __call__(self, rounds: Sequence[Round]) -> str:
        if len(rounds) == 1:  # most: one round, formatted in one go
            round_ = rounds[0]
            return f"{self.prefixes[round_.task.city]}{self._task_id(round_.task)}-r{round_.index}@planner"
        return f"{self.prefixes[rounds[0].task.city]}{'+'.join(self._id(r) for r in rounds)}@planner"

    def _id(self, round_: Round) -> str:
        return f"{self._task_id(round_.task)}-r{round_.index}"

    def _task_id(self, task: Task) -> str:
        # an item row of a 序号 (1.2) adds -2, a repeated (city, 序号, item) its source line; 0 keeps the old uid
        seq = f"{task.seq:04d}-{task.sub}" if task.sub else f"{task.seq:04d}"
        return f"{seq}-l{task.source_line}" if self.repeated and (task.city, task.seq, task.sub) in self.repeated else seq
