"""What the previous export said, so SEQUENCE can increase when an event's dates change.

Calendar clients that already hold an event replace it only when its SEQUENCE grows (RFC 5545
3.8.7.4), so a re-balanced plan must bump SEQUENCE of every event whose dates moved. The feeds
themselves are rebuilt from the plan each time; this small JSON file beside them remembers, per
VEVENT UID, the dates and SEQUENCE last exported, and the feed files written (so a feed that
disappears from the plan is removed rather than left stale).

Entries of events that left the plan are kept: if such a UID comes back on other dates, its
SEQUENCE still grows past what a client may have cached.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from json.encoder import encode_basestring as _string  # C-accelerated, as json.dumps(ensure_ascii=False)
from pathlib import Path

from planner.errors import PlannerError
from planner.export.files import inside
from planner.i18n import _
from planner.model import quick_init

STATE_FILE = ".state.json"
VERSION = 1


@quick_init  # one per VEVENT of the plan, made on every export and every read of the state
@dataclass(frozen=True)
class Exported:
    """One VEVENT as last exported: DTSTART, DTEND (exclusive) and SEQUENCE.

    `title` and `departments` ("城市/名称") say whom a change concerns (`planner changes`);
    `live` is False for an entry kept after its event left the plan.
    """

    start: date
    end: date
    sequence: int = 0
    title: str = ""
    departments: tuple[str, ...] = ()
    live: bool = True


@quick_init
@dataclass(frozen=True)
class Published:
    """What an export says about one VEVENT besides its dates."""

    start: date
    end: date
    title: str = ""
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedState:
    events: Mapping[str, Exported] = field(default_factory=dict)
    feeds: tuple[str, ...] = ()  # feed paths relative to the feed directory, POSIX style

    def sequence(self, uid: str) -> int:
        exported = self.events.get(uid)
        return exported.sequence if exported else 0


def advance(previous: FeedState, published: Mapping[str, Published], feeds: tuple[str, ...]) -> FeedState:
    """The state after exporting `published` (uid -> dates, exclusive end): SEQUENCE+1 where they moved."""
    events = {uid: replace(e, live=False) for uid, e in previous.events.items()}
    for uid, now in published.items():
        before = previous.events.get(uid)
        moved = before is not None and (before.start, before.end) != (now.start, now.end)
        sequence = 0 if before is None else before.sequence + moved
        events[uid] = Exported(now.start, now.end, sequence, now.title, now.departments)
    return FeedState(events=events, feeds=tuple(sorted(feeds)))


def state_bytes(state: FeedState, events: str | None = None) -> bytes:
    """The state file's bytes: json.dumps(…, ensure_ascii=False, indent=1, sort_keys=True) of it.

    `events` is `events_json(state)` when the caller has it already (an export writes the state
    twice with the same events, a 100x plan's 150,000 of them)."""
    feeds = "[" + ",".join(f"\n  {_string(f)}" for f in state.feeds) + "\n ]" if state.feeds else "[]"
    return f'{{\n "events": {events_json(state) if events is None else events},\n "feeds": {feeds},\n "version": {VERSION}\n}}\n'.encode()


def events_json(state: FeedState) -> str:
    """The state's "events" object as the state file holds it: keys sorted, one space an indent level.

    Written record by record from a template, not through a JSON encoder: the text is the same
    (tests/test_feedstate.py compares it with json.dumps), the time a fifth."""
    if not state.events:
        return "{}"
    return "{" + ",".join(_entry_text(uid, e) for uid, e in sorted(state.events.items(), key=_first)) + "\n }"


def _first(item: tuple[str, Exported]) -> str:
    return item[0]


def _entry_text(uid: str, e: Exported) -> str:
    # keys in sorted order: departments, end, removed, sequence, start, title
    departments = ""
    if e.departments:
        departments = '\n   "departments": [' + ",".join(f"\n    {_string(d)}" for d in e.departments) + "\n   ],"
    removed = "" if e.live else '\n   "removed": true,'
    title = f',\n   "title": {_string(e.title)}' if e.title else ""
    return (
        f'\n  {_string(uid)}: {{{departments}\n   "end": "{e.end.isoformat()}",{removed}'
        f'\n   "sequence": {int(e.sequence)},\n   "start": "{e.start.isoformat()}"{title}\n  }}'
    )


def read_state(path: Path) -> FeedState:
    """The state file at `path`; an empty state when there is none yet."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        events = {
            str(uid): Exported(
                date.fromisoformat(e["start"]), date.fromisoformat(e["end"]), int(e["sequence"]),
                str(e.get("title", "")), tuple(str(d) for d in e.get("departments", ())), not e.get("removed", False),
            )
            for uid, e in data["events"].items()
        }
        feeds = tuple(str(f) for f in data.get("feeds", ()))
        outside = next((f for f in feeds if not inside(f) or not f.endswith(".ics")), None)
        if outside is not None:  # the state may only ever name feeds inside its own directory
            raise ValueError(_("订阅源路径 {path!r} 不是该目录内的 .ics 文件").format(path=outside))
        if any(e.sequence < 0 for e in events.values()):
            raise ValueError(_("SEQUENCE 为负数"))
        return FeedState(events=events, feeds=feeds)
    except FileNotFoundError:
        return FeedState()
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise PlannerError(
            _("导出状态文件已损坏：{error}").format(error=exc),
            file=str(path),
            hint=_("删除它即可从 SEQUENCE 0 重新导出（客户端可能仍保留已调整检查的旧副本）"),
        ) from None
