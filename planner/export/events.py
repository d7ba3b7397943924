"""Events as plain records and CSV: the shapes `planner events --format json|csv` gives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from planner.export.table_csv import csv_text
from planner.model import DepartmentRef, Event

COLUMNS = (
    "uid", "city", "seq", "round", "rounds", "title", "lead", "partners",
    "start", "end", "window_start", "window_end", "working_days",
)  # fmt: skip


def event_record(event: Event) -> dict[str, Any]:
    """One event as the JSON and CSV outputs give it."""
    return _record(event, _IsoDates())


def event_records(events: Iterable[Event]) -> Iterator[dict[str, Any]]:
    """event_record of each event, in order; a listing's dates are written once each (its events
    share the few hundred days of a year)."""
    iso = _IsoDates()
    for event in events:
        yield _record(event, iso)


class _IsoDates(dict[date, str]):
    """Each date's ISO text, made on first look-up."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


def _record(event: Event, iso: _IsoDates) -> dict[str, Any]:
    task = event.task
    lead, partners, groups = _roles(event)
    return {
        "uid": event.uid,
        "city": task.city,
        "seq": task.seq,
        "round": event.round,
        "rounds": event.rounds,
        "title": event.title,
        "lead": lead,
        "partners": partners,
        # collective names (…成员单位) as written: they take part but have no calendar of their own
        "groups": groups,
        "start": iso[event.start],
        "end": iso[event.end],
        "window_start": iso[event.window_start],
        "window_end": iso[event.window_end],
        "working_days": event.working_days,
        "months": list(event.months),
        "days": list(map(iso.__getitem__, event.days)),
        "joined": [{"seq": j.task.seq, "round": j.round, "rounds": j.rounds, "name": j.task.name} for j in event.joined] if event.joined else [],
        "pinned": event.pinned,
    }


def _roles(event: Event) -> tuple[list[str], list[str], list[str]]:
    """The names of the event's lead departments, of its partners (no lead among them) and of its collective names."""
    task = event.task
    lead = task.lead
    if not event.joined and len(lead) == 1 and not lead[0].group:
        # most events: one task led by one department, first among the task's departments, each
        # of which is there once: the others are the partners. The same lists as the general
        # way below gives; a change there belongs here too.
        written = [ref.written for ref in task.partners if ref.group]
        return [lead[0].department.name], [d.name for d in task.departments()[1:]], list(dict.fromkeys(written))
    if event.joined:
        tasks = event.tasks
        leads: tuple[DepartmentRef, ...] = tuple(ref for t in tasks for ref in t.lead)
        refs = tuple(ref for t in tasks for ref in t.lead + t.partners)
    else:
        leads = lead
        refs = leads + task.partners
    led = {ref.department for ref in leads}  # collective names' too: they are no event's partner
    return (
        list(dict.fromkeys([ref.department.name for ref in leads if not ref.group])),
        [d.name for d in event.departments() if d not in led],
        list(dict.fromkeys([ref.written for ref in refs if ref.group])),
    )


def events_csv(shown: Sequence[Event], *, excel: bool = False) -> str:
    """A row of COLUMNS per event, lists joined with 、 (the cells of event_record a sheet shows)."""
    return csv_text(COLUMNS, map(_csv_row, shown), excel=excel)


def _csv_row(event: Event) -> list[object]:
    lead, partners, _groups = _roles(event)
    return [
        event.uid, event.task.city, event.task.seq, event.round, event.rounds, event.title, "、".join(lead), "、".join(partners),
        event.start.isoformat(), event.end.isoformat(), event.window_start.isoformat(), event.window_end.isoformat(),
        event.working_days,
    ]  # fmt: skip
