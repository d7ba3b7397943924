"""Double bookings: a department starting more events on one day than its daily capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from planner.check.common import event_line, lines_of, seqs_of
from planner.config import Config
from planner.model import Department, Event, Finding


def double_bookings(events: Sequence[Event], config: Config) -> list[Finding]:
    """One finding per (department, day) on which it starts more events than its daily capacity."""
    starts: dict[tuple[Department, date], list[Event]] = defaultdict(list)
    for event in events:
        for department in event.task.departments():
            starts[department, event.start].append(event)
    findings = []
    for (department, day), members in starts.items():
        capacity = config.daily_capacity_for(department)
        if len(members) > capacity:
            findings.append(
                Finding(
                    kind="double-booking",
                    severity="error",
                    city=department.city,
                    message=f"{department.name} {day:%Y-%m-%d} 同日开始 {len(members)} 项抽查，超出日容量 {capacity}",
                    departments=(department.name,),
                    months=(day.month,),
                    seqs=seqs_of(e.task for e in members),
                    source_lines=lines_of(e.task for e in members),
                    details=tuple(event_line(e, department) for e in members),
                )
            )
    return findings
