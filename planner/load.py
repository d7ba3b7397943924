"""Workload: how many inspections each department has running in each month.

An event counts in every month it has a working day in (a run from 04-29 to 05-06 is work in
April and in May), for every department of the visit (a joint 一业一查 visit counts once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from planner.model import Department, Event

MonthlyLoad = Counter[tuple[Department, int]]


def monthly_load(events: Iterable[Event]) -> MonthlyLoad:
    """Events per (department, month it runs in)."""
    # counted by Counter's C loop over one list of keys: a third faster than `load[key] += 1`
    return Counter([
        (department, month)
        for event in events
        for months in (running_months(event),)
        for department in event.departments()
        for month in months
    ])


def running_months(event: Event) -> tuple[int, ...]:
    """The months an event has working days in."""
    return tuple(sorted({day.month for day in event.days} or {event.start.month}))


def peaks(load: MonthlyLoad) -> dict[Department, int]:
    """The busiest month's load of each department."""
    result: dict[Department, int] = {}
    for (department, _month), count in load.items():
        result[department] = max(result.get(department, 0), count)
    return result


@dataclass(frozen=True)
class CitySpread:
    """How a city's starts per month compare with what its windows hold."""

    city: str
    starts: tuple[int, ...]  # events starting in months 1..12
    expected: tuple[float, ...]  # each event spread evenly over the months it may start in

    @property
    def deviation(self) -> float:
        """Share of starts that would have to move to match the windows (0: exactly their spread)."""
        total = sum(self.starts)
        return sum(abs(a - e) for a, e in zip(self.starts, self.expected, strict=True)) / (2 * total) if total else 0.0


def start_spread(events: Iterable[Event]) -> tuple[CitySpread, ...]:
    """Per city (in order of appearance): starts per month beside the windows' capacity."""
    starts: dict[str, list[int]] = {}
    expected: dict[str, list[float]] = {}
    for event in events:
        row = starts.setdefault(event.city, [0] * 12)
        share = expected.setdefault(event.city, [0.0] * 12)
        row[event.start.month - 1] += 1
        months = event.months or (event.start.month,)
        for month in months:
            share[month - 1] += 1 / len(months)
    return tuple(CitySpread(city, tuple(starts[city]), tuple(expected[city])) for city in starts)
