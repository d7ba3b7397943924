"""One department's inspections in date order: a table to read, JSON or TSV for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.table import Table
from rich.text import Text

from planner.export.table_csv import csv_text
from planner.i18n import N_, _
from planner.model import Department, Event
from planner.render.cells import Listing, Look, date_range, department_label

CSV_COLUMNS = ("start", "end", "working_days", "city", "seq", "round", "rounds", "department", "role",
               "title", "departments", "uid")


@dataclass(frozen=True)
class Entry:
    """One event as seen by one of the chosen departments."""

    event: Event
    department: Department
    role: str  # 牵头 (lead) or 配合 (partner)

    @property
    def others(self) -> tuple[Department, ...]:
        return tuple(d for d in self.event.departments() if d != self.department)


def agenda_entries(
    events: Iterable[Event], departments: Sequence[Department], *, start: date | None = None, end: date | None = None,
) -> tuple[Entry, ...]:
    """Events of `departments` touching start..end (inclusive), by date then city and 序号."""
    wanted = set(departments)
    entries = []
    for event in events:
        if (start and event.end < start) or (end and event.start > end):
            continue
        leads = {ref.department for task in event.tasks for ref in task.lead}
        for department in event.departments():
            if department in wanted:
                entries.append(Entry(event, department, N_("牵头") if department in leads else N_("配合")))
    entries.sort(key=lambda e: (e.event.start, e.event.city, e.event.seq, e.event.round, e.department.name))
    return tuple(entries)


def agenda(entries: Sequence[Entry], *, title: str = "", look: Look = Look()) -> Table:
    """The entries as a table, a rule between months."""
    several = len({e.department for e in entries}) > 1
    table = Table(title=title or None, title_justify="left", box=look.head_box, show_edge=False, pad_edge=False)
    table.add_column(_("日期"), no_wrap=True)
    table.add_column(_("天"), justify="right", no_wrap=True)
    if several:
        table.add_column(_("部门"), no_wrap=True, max_width=22, overflow="ellipsis")
    table.add_column(_("序号"), justify="right", no_wrap=True)
    table.add_column(_("任务"), ratio=3, overflow="fold")
    table.add_column(_("角色"), no_wrap=True)
    table.add_column(_("同行部门"), ratio=2)
    for index, entry in enumerate(entries):
        event = entry.event
        cells: list[str | Text | Listing] = [date_range(event.start, event.end), str(event.working_days)]
        if several:
            cells.append(department_label(entry.department, with_city=True))
        cells += [event.task.number, event.title, Text(_(entry.role), style="bold" if entry.role == N_("牵头") else ""),
                  Listing([d.name for d in entry.others])]
        following = entries[index + 1].event.start.month if index + 1 < len(entries) else None
        table.add_row(*cells, end_section=following is not None and following != event.start.month)
    if not entries:
        table.add_row("", "", *([""] if several else []), "", Text(_("（无检查）"), style="dim"), "", "")
    return table


def _record(entry: Entry) -> dict[str, object]:
    event = entry.event
    return {
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "working_days": event.working_days,
        "city": event.city,
        "seq": event.seq,
        "round": event.round,
        "rounds": event.rounds,
        "department": entry.department.name,
        "role": entry.role,
        "title": event.title,
        "departments": [d.name for d in event.departments()],
        "uid": event.uid,
    }


def agenda_json(entries: Sequence[Entry]) -> str:
    return json.dumps([_record(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def agenda_csv(entries: Sequence[Entry], *, excel: bool = False) -> str:
    """CSV like every other listing (headers in the run's language; `excel`: with a BOM)."""
    rows = []
    for entry in entries:
        record = _record(entry)
        record["departments"] = "、".join(record["departments"])  # type: ignore[arg-type]
        rows.append([record[c] for c in CSV_COLUMNS])
    return csv_text(CSV_COLUMNS, rows, excel=excel)
