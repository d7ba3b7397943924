"""Publish each department's calendar to a CalDAV server, converging on the plan.

One calendar per (city, department), id ``planner-<year>-<plan>-<city>-<department>`` (plan: the
province key of the schedule; then the feed slug), so publishing one plan never touches another's;
display name in Chinese. Each VEVENT of the department feed is one calendar object. Publishing
creates missing calendars, PUTs objects that are new or differ from what the server holds,
and deletes objects the plan no longer has, in this tool's calendars only. A second publish of
the same plan therefore changes nothing.

SEQUENCE is taken from the server: the stored value, plus one when the dates changed, so clients
syncing the calendar replace moved events (RFC 5545 3.8.7.4) without a local state file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

import caldav
import icalendar
from caldav.calendarobjectresource import CalendarObjectResource
from caldav.collection import Calendar
from caldav.lib.error import DAVError

from planner.errors import PlannerError
from planner.export.ical import Feed, event_objects, parts, plan_feeds
from planner.model import Schedule

CALENDAR_PREFIX = "planner"


@dataclass
class PublishReport:
    calendars: int = 0
    created_calendars: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return len(self.created_calendars) + self.created + self.updated + self.deleted


@dataclass(frozen=True)
class Stored:
    """A calendar object on the server, as far as publishing cares."""

    resource: CalendarObjectResource
    start: date | None
    end: date | None
    sequence: int
    fingerprint: tuple[tuple[str, bytes], ...]


def publish(
    schedule: Schedule,
    url: str,
    *,
    username: str | None,
    password: str | None,
    plan_name: str,
    source: str = "",
    on_calendar: Callable[[str, int], None] = lambda name, total: None,
) -> PublishReport:
    """Bring the server's department calendars in line with the schedule.

    `on_calendar(name, total)` is called before each department calendar is synchronised (progress).
    """
    feeds = [f for f in plan_feeds(schedule, plan_name=plan_name) if f.kind == "department"]
    report = PublishReport(calendars=len(feeds))
    try:
        principal = caldav.DAVClient(url=url, username=username, password=password).principal()  # type: ignore[operator]
        calendars = {_calendar_id(c): c for c in principal.calendars()}
        wanted = {calendar_id(schedule, f): f for f in feeds}
        for cal_id, feed in sorted(wanted.items()):
            on_calendar(feed.name, len(wanted))
            calendar = calendars.get(cal_id)
            if calendar is None:
                calendar = principal.make_calendar(name=feed.name, cal_id=cal_id)
                report.created_calendars.append(cal_id)
            _sync(calendar, feed, schedule.year, source, report)
        prefix = f"{CALENDAR_PREFIX}-{schedule.year}-{schedule.plan}-"  # never touch another plan's calendars
        for cal_id, calendar in sorted(calendars.items()):
            if cal_id.startswith(prefix) and cal_id not in wanted:
                _sync(calendar, None, schedule.year, source, report)  # a department that left the plan
    except DAVError as exc:
        raise PlannerError(f"the CalDAV server refused: {exc.reason or exc}", value=url, hint="check the URL, --user and --password") from None
    except OSError as exc:
        raise PlannerError(f"cannot reach the CalDAV server: {exc}", value=url) from None
    return report


def calendar_id(schedule: Schedule, feed: Feed) -> str:
    return f"{CALENDAR_PREFIX}-{schedule.year}-{schedule.plan}-" + feed.path.removesuffix(".ics").replace("/", "-")


def _calendar_id(calendar: Calendar) -> str:
    return unquote(str(calendar.url).rstrip("/").rsplit("/", 1)[-1])


def _sync(calendar: Calendar, feed: Feed | None, year: int, source: str, report: PublishReport) -> None:
    stored = _stored(calendar.events())  # type: ignore[arg-type]  # sync client: a list, never a coroutine
    wanted = _wanted(feed, year, source, stored) if feed else {}
    for uid, data in sorted(wanted.items()):
        old = stored.get(uid)
        if old is not None and old.fingerprint == _fingerprint(data):
            report.unchanged += 1
        elif old is not None:
            old.resource.data = data.decode("utf-8")
            old.resource.save(increase_seqno=False)
            report.updated += 1
        else:
            calendar.add_event(data.decode("utf-8"), increase_seqno=False)
            report.created += 1
    for uid in sorted(set(stored) - set(wanted)):
        stored[uid].resource.delete()
        report.deleted += 1


def _wanted(feed: Feed, year: int, source: str, stored: dict[str, Stored]) -> dict[str, bytes]:
    """The feed's objects, SEQUENCE continuing from the server's copy."""
    sequences: dict[str, int] = {}
    for event in feed.events:
        for part in parts(event):
            old = stored.get(part.uid)
            if old is not None:
                moved = (old.start, old.end) != (part.first, part.dtend)
                sequences[part.uid] = old.sequence + (1 if moved else 0)
    return event_objects(feed, year=year, sequences=sequences, source=source)


def _stored(resources: Iterable[CalendarObjectResource]) -> dict[str, Stored]:
    stored: dict[str, Stored] = {}
    for resource in resources:
        vevent = _first_vevent(resource.data)
        if vevent is None:
            continue
        start, end = vevent.get("dtstart"), vevent.get("dtend")
        stored[str(vevent["uid"])] = Stored(
            resource,
            start.dt if start is not None else None,
            end.dt if end is not None else None,
            int(vevent.get("sequence", 0)),
            _fingerprint(resource.data),
        )
    return stored


def _first_vevent(data: str | bytes) -> icalendar.Event | None:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return events[0] if events else None  # type: ignore[return-value]


def _fingerprint(data: str | bytes) -> tuple[tuple[str, bytes], ...]:
    """What an event says, independent of how a server re-serialises it (order, folding, EOL)."""
    vevent = _first_vevent(data)
    if vevent is None:
        return ()
    return tuple(sorted((name, _value_bytes(value)) for name, value in vevent.property_items(recursive=True)))


def _value_bytes(value: object) -> bytes:
    to_ical = getattr(value, "to_ical", None)
    return to_ical() if to_ical else str(value).encode("utf-8")
