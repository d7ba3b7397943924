"""Workload: how many inspections each department starts in each month."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from planner.model import Department, Event

MonthlyLoad = Counter[tuple[Department, int]]


def monthly_load(events: Iterable[Event]) -> MonthlyLoad:
    """Rounds per (department, month of start); a joint event counts for every department in it."""
    load: MonthlyLoad = Counter()
    for event in events:
        for department in event.task.departments():
            load[department, event.start.month] += 1
    return load


def peaks(load: MonthlyLoad) -> dict[Department, int]:
    """The busiest month's load of each department."""
    result: dict[Department, int] = {}
    for (department, _month), count in load.items():
        result[department] = max(result.get(department, 0), count)
    return result
