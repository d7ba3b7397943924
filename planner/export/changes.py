"""What changed for each department since the calendars were last published.

The last export's state (calendars/.state.json) remembers every VEVENT's dates, title and
departments. Compared with a new schedule it tells, per department, which inspections are new,
which moved (old → new dates) and which were cancelled, so a coordinator can write to the
departments concerned only. A department that joins or leaves an inspection that stays sees it
as added or removed. An event written in several segments (a span over days off) is one change.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.export.feedstate import Exported, FeedState
from planner.export.table_csv import csv_text
from planner.model import Event
from planner.render.cells import date_range

KINDS = ("moved", "added", "removed")
_PART = re.compile(r"-p\d+(?=@|$)")


@dataclass(frozen=True)
class Change:
    kind: str  # moved | added | removed
    uid: str
    title: str
    before: tuple[date, date] | None  # first and last day, inclusive; None when added
    after: tuple[date, date] | None  # None when removed


@dataclass(frozen=True)
class DepartmentChanges:
    department: str  # 城市/名称
    changes: tuple[Change, ...]  # in date order

    def of(self, kind: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)


@dataclass(frozen=True)
class _Side:
    title: str
    first: date
    last: date
    departments: frozenset[str]


def changes_since(previous: FeedState, events: Iterable[Event]) -> tuple[DepartmentChanges, ...]:
    """Per department, in (city, name) order: the changes between the published state and `events`."""
    old = _published(previous)
    new = {
        e.uid: _Side(e.title, e.start, e.end, frozenset(f"{d.city}/{d.name}" for d in e.departments()))
        for e in events
    }
    found: dict[str, list[Change]] = defaultdict(list)
    for uid in sorted(old.keys() | new.keys()):
        before, after = old.get(uid), new.get(uid)
        # a state written before departments were recorded: the event's current departments
        was = before.departments if before and before.departments else (after.departments if after else frozenset())
        now = after.departments if after else frozenset()
        for department in was | now:
            change = _change(uid, before if department in was else None, after if department in now else None)
            if change is not None:
                found[department].append(change)
    return tuple(
        DepartmentChanges(d, tuple(sorted(found[d], key=_order))) for d in sorted(found, key=lambda d: tuple(d.split("/", 1)))
    )


def _change(uid: str, before: _Side | None, after: _Side | None) -> Change | None:
    if before and after:
        if (before.first, before.last) == (after.first, after.last):
            return None
        return Change("moved", uid, after.title, (before.first, before.last), (after.first, after.last))
    if after:
        return Change("added", uid, after.title, None, (after.first, after.last))
    assert before is not None
    return Change("removed", uid, before.title, (before.first, before.last), None)


def _order(change: Change) -> tuple[date, int, str]:
    when = change.after or change.before
    assert when is not None
    return when[0], KINDS.index(change.kind), change.uid


def _published(state: FeedState) -> dict[str, _Side]:
    """The live events of the state, their segments joined: uid -> title, first and last day, departments."""
    parts: dict[str, list[Exported]] = defaultdict(list)
    for uid, exported in state.events.items():
        if exported.live:
            parts[_PART.sub("", uid)].append(exported)
    return {
        uid: _Side(
            segments[0].title,
            min(s.start for s in segments),
            max(s.end for s in segments) - timedelta(days=1),  # DTEND is exclusive
            frozenset(d for s in segments for d in s.departments),
        )
        for uid, segments in parts.items()
    }


def counts(changes: Sequence[DepartmentChanges]) -> dict[str, int]:
    """Changed events by kind, each event once however many departments it concerns."""
    return {kind: len({c.uid for d in changes for c in d.of(kind)}) for kind in KINDS}


def changes_json(changes: Sequence[DepartmentChanges]) -> str:
    data = {
        "counts": counts(changes),
        "departments": [
            {"department": d.department, **{kind: [_record(c) for c in d.of(kind)] for kind in KINDS}} for d in changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _record(change: Change) -> dict[str, object]:
    record: dict[str, object] = {"uid": change.uid, "title": change.title}
    if change.before:
        record["before"] = {"start": change.before[0].isoformat(), "end": change.before[1].isoformat()}
    if change.after:
        record["after"] = {"start": change.after[0].isoformat(), "end": change.after[1].isoformat()}
    return record


CSV_COLUMNS = ("department", "change", "uid", "title", "before_start", "before_end", "after_start", "after_end")


def changes_csv(changes: Sequence[DepartmentChanges], *, excel: bool = False) -> str:
    rows = (
        [d.department, c.kind, c.uid, c.title,
         *(c.before or ("", "")), *(c.after or ("", ""))]
        for d in changes for c in d.changes
    )  # fmt: skip
    return csv_text(CSV_COLUMNS, rows, excel=excel)


KIND_TEXT = {"moved": "调整", "added": "新增", "removed": "取消"}


def notice(department: DepartmentChanges, plan_name: str) -> str:
    """A short message to one department, ready to send."""
    city, _, name = department.department.partition("/")
    lines = [f"{name}（{city}）：", f"《{plan_name}》中，贵单位参加的检查安排有以下变动："]
    for kind in KINDS:
        members = department.of(kind)
        if not members:
            continue
        lines.append(f"{KIND_TEXT[kind]}{len(members)}项：")
        for c in members:
            if kind == "moved":
                assert c.before and c.after
                lines.append(f"  · {c.title}：{date_range(*c.before, year=True)} → {date_range(*c.after, year=True)}")
            else:
                span = c.after or c.before
                assert span is not None
                lines.append(f"  · {c.title}：{date_range(*span, year=True)}")
    lines.append("订阅的日历会自动更新；请以日历中的最新安排为准。")
    return "\n".join(lines) + "\n"
