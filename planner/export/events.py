"""Events as plain records and CSV: the shapes `planner events --format json|csv` gives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.export.table_csv import csv_text
from planner.model import Event

COLUMNS = (
    "uid", "city", "seq", "round", "rounds", "title", "lead", "partners",
    "start", "end", "window_start", "window_end", "working_days",
)  # fmt: skip


def event_record(event: Event) -> dict[str, Any]:
    """One event as the JSON and CSV outputs give it."""
    return {
        "uid": event.uid,
        "city": event.city,
        "seq": event.seq,
        "round": event.round,
        "rounds": event.rounds,
        "title": event.title,
        "lead": list(dict.fromkeys(ref.department.name for task in event.tasks for ref in task.lead if not ref.group)),
        "partners": [d.name for d in event.departments() if d not in {r.department for t in event.tasks for r in t.lead}],
        # collective names (…成员单位) as written: they take part but have no calendar of their own
        "groups": list(dict.fromkeys(ref.written for task in event.tasks for ref in task.lead + task.partners if ref.group)),
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
