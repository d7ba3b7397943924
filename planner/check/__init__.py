"""Conflicts in a plan and its schedule: what a coordinator must fix or may improve before publishing.

`check_plan` is pure: plan + schedule + config in, findings out, most severe first. Five kinds, one
module each:

- overload        a department takes part in more rounds in a month than its monthly capacity
- double-booking  a department runs more events on one day than its daily capacity
- duplicate       the same inspection listed twice in a city (same item, scope and lead)
- merge           一业一查: tasks of one city inspecting the same kind of target in a common month
- data            rows and cells the schedule had to guess about, or that cannot be right
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.check.data import data_problems
from planner.check.double_booking import double_bookings
from planner.check.duplicates import duplicates
from planner.check.merges import merges
from planner.check.overload import overloads, pinned_above_bound
from planner.check.scopes import scope_core
from planner.config import Config
from planner.load import monthly_load
from planner.model import Department, Finding, Plan, Schedule, Task

__all__ = [
    "KINDS",
    "SEVERITIES",
    "at_or_above",
    "check_plan",
    "counts_by_kind",
    "data_problems",
    "double_bookings",
    "duplicates",
    "filter_findings",
    "merges",
    "overloads",
    "scope_core",
]

KINDS = ("overload", "double-booking", "duplicate", "merge", "data")
SEVERITIES = ("error", "warning", "info")


def check_plan(plan: Plan, schedule: Schedule, config: Config, *, naive: bool = False) -> tuple[Finding, ...]:
    """Every finding for the plan and its balanced (or, with naive, as-written) schedule, most severe first."""
    events = schedule.naive if naive else schedule.events
    load = monthly_load(events)  # overloads and merges both need it: counted once
    findings = [
        *overloads(events, config, load=load),
        *(pinned_above_bound(events, schedule.lower_bounds) if any(e.pinned for e in events) else ()),
        *double_bookings(events, config, schedule.year),
        *duplicates(plan.tasks, events, schedule.folded),
        *merges(plan.tasks, events, merging=schedule.merging, load=load),
        *data_problems(plan, schedule, config),
    ]
    cities = _city_order(plan.tasks)
    return tuple(sorted(findings, key=lambda f: _rank(f, cities)))


def filter_findings(
    findings: Iterable[Finding],
    *,
    cities: Sequence[str] = (),
    departments: Sequence[Department] = (),
    kind: str | None = None,
) -> tuple[Finding, ...]:
    """Findings of these cities, naming one of these departments (in its city), of this kind.

    Names are resolved before they get here (planner.select), so a typo is an error, never an
    empty report that lets a publishing gate pass.
    """
    return tuple(
        f
        for f in findings
        if (not cities or f.city in cities)
        and (not departments or any(d.city == f.city and d.name in f.departments for d in departments))
        and (kind is None or f.kind == kind)
    )


def at_or_above(findings: Iterable[Finding], severity: str) -> tuple[Finding, ...]:
    """Findings at least as severe as `severity` (error > warning > info)."""
    limit = SEVERITIES.index(severity)
    return tuple(f for f in findings if SEVERITIES.index(f.severity) <= limit)


def counts_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for f in findings:
        counts[f.kind] += 1
    return counts


def _rank(finding: Finding, cities: dict[str, int]) -> tuple[object, ...]:
    """Severity, kind, city; then department and month for load findings, row order for the others."""
    head = (SEVERITIES.index(finding.severity), KINDS.index(finding.kind), cities.get(finding.city, -1))
    if finding.kind in ("overload", "double-booking"):
        # the message starts with the department and, for a double booking, the day
        return (*head, finding.departments, finding.months, finding.message)
    return (*head, finding.seqs, finding.source_lines, finding.months, finding.departments, finding.message)


def _city_order(tasks: Sequence[Task]) -> dict[str, int]:
    return {city: i for i, city in enumerate(dict.fromkeys(t.city for t in tasks))}
