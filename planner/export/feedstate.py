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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from planner.errors import PlannerError
from planner.export.files import inside

STATE_FILE = ".state.json"
VERSION = 1


@dataclass(frozen=True)
class Exported:
    """One VEVENT as last exported: DTSTART, DTEND (exclusive) and SEQUENCE."""

    start: date
    end: date
    sequence: int = 0


@dataclass(frozen=True)
class FeedState:
    events: Mapping[str, Exported] = field(default_factory=dict)
    feeds: tuple[str, ...] = ()  # feed paths relative to the feed directory, POSIX style

    def sequence(self, uid: str) -> int:
        exported = self.events.get(uid)
        return exported.sequence if exported else 0


def advance(previous: FeedState, dates: Mapping[str, tuple[date, date]], feeds: tuple[str, ...]) -> FeedState:
    """The state after exporting `dates` (uid -> start, exclusive end): SEQUENCE+1 where they moved."""
    events = dict(previous.events)
    for uid, (start, end) in dates.items():
        before = previous.events.get(uid)
        if before is None:
            events[uid] = Exported(start, end, 0)
        elif (before.start, before.end) != (start, end):
            events[uid] = Exported(start, end, before.sequence + 1)
    return FeedState(events=events, feeds=tuple(sorted(feeds)))


def state_bytes(state: FeedState) -> bytes:
    data = {
        "version": VERSION,
        "feeds": list(state.feeds),
        "events": {
            uid: {"start": e.start.isoformat(), "end": e.end.isoformat(), "sequence": e.sequence}
            for uid, e in sorted(state.events.items())
        },
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_state(path: Path) -> FeedState:
    """The state file at `path`; an empty state when there is none yet."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        events = {
            str(uid): Exported(date.fromisoformat(e["start"]), date.fromisoformat(e["end"]), int(e["sequence"]))
            for uid, e in data["events"].items()
        }
        feeds = tuple(str(f) for f in data.get("feeds", ()))
        outside = next((f for f in feeds if not inside(f) or not f.endswith(".ics")), None)
        if outside is not None:  # the state may only ever name feeds inside its own directory
            raise ValueError(f"feed path {outside!r} is not a .ics file inside the directory")
        if any(e.sequence < 0 for e in events.values()):
            raise ValueError("a negative SEQUENCE")
        return FeedState(events=events, feeds=feeds)
    except FileNotFoundError:
        return FeedState()
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise PlannerError(
            f"the export state is damaged: {exc}",
            file=str(path),
            hint="delete it to export again from SEQUENCE 0 (clients may then keep old copies of moved events)",
        ) from None
