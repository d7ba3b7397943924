"""Events as plain records and CSV: the shapes `planner events --format json|csv` gives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.export.table_csv import csv_text
from planner.model import DepartmentRef, Event

COLUMNS = (
    "uid", "city", "seq", "round", "rounds", "title", "lead", "partners",
    "start", "end", "window_start", "window_end", "working_days",
)  # fmt: skip


def event_record(event: Event) -> dict[str, Any]:
    """One event as the JSON and CSV outputs give it."""
    task = event.task
    if event.joined:
        tasks = event.tasks
        leads: tuple[DepartmentRef, ...] = tuple(ref for t in tasks for ref in t.lead)
        refs = tuple(ref for t in tasks for ref in t.lead + t.partners)
    else:  # most events: one task's departments
        leads = task.lead
        refs = leads + task.partners
    led = {ref.department for ref in leads}  # collective names' too: they are no event's partner
    return {
        "uid": event.uid,
        "city": task.city,
        "seq": task.seq,
        "round": event.round,
        "rounds": event.rounds,
        "title": event.title,
        "lead": list(dict.fromkeys([ref.department.name for ref in leads if not ref.group])),
        "partners": [d.name for d in event.departments() if d not in led],
        # collective names (…成员单位) as written: they take part but have no calendar of their own
        "groups": list(dict.fromkeys([ref.written for ref in refs if ref.group])),
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "window_start": event.window_start.isoformat(),
        "window_end": event.window_end.isoformat(),
        "working_days": event.working_days,
        "months": list(event.months),
        "days": [day.isoformat() for day in event.days],
        "joined": [{"seq": j.task.seq, "round": j.round, "rounds": j.rounds, "name": j.task.name} for j in event.joined],
        "pinned": event.pinned,
    }


def events_csv(shown: Sequence[Event], *, excel: bool = False) -> str:
    records = (event_record(event) for event in shown)
    return csv_text(COLUMNS, ([_cell(record[c]) for c in COLUMNS] for record in records), excel=excel)


def _cell(value: object) -> object:
    return "、".join(str(v) for v in value) if isinstance(value, list) else value
