"""Publish each department's calendar to a CalDAV server, converging on the plan.

One calendar per (city, department), id ``planner-<year>-<plan>-<city>-<department>`` (plan: the
province key of the schedule; then the feed slug), so publishing one plan never touches another's;
display name in Chinese. Each VEVENT of the department feed is one calendar object. Publishing
creates missing calendars, PUTs objects that are new or differ from what the server holds,
and deletes objects the plan no longer has, in this tool's calendars only. A second publish of
the same plan therefore changes nothing.

SEQUENCE is taken from the server: the stored value, plus one when the dates changed, so clients
syncing the calendar replace moved events (RFC 5545 3.8.7.4) without a local state file.

What planner owns, and therefore may change or delete, is marked twice: each calendar it creates
carries the WebDAV property OWNER_PROPERTY naming the plan, and each event it writes has a UID in
UID_DOMAIN. A calendar without the mark (made by hand, even with a planner-like id) is never
emptied, and an event added by hand inside a planner calendar is never updated or deleted.

Two publishes of one plan to one server at once would race; a publish holds a lock calendar
(`planner-lock-…`, created atomically by MKCALENDAR) while it runs, and a second one stops with a
clear message. A lock older than LOCK_EXPIRY is from a publish that died and is taken over.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import caldav
import icalendar
from caldav.calendarobjectresource import CalendarObjectResource
from caldav.collection import Calendar
from caldav.elements.base import ValuedBaseElement
from caldav.lib.error import DAVError

from planner.errors import PlannerError
from planner.export.ical import Feed, event_objects, parts, plan_feeds
from planner.i18n import _
from planner.model import Schedule

CALENDAR_PREFIX = "planner"
UID_DOMAIN = "@planner"  # every UID planner writes ends in it (schedule._UidMaker)
LOCK_EXPIRY = timedelta(minutes=30)  # a publish of 338 calendars takes about two minutes
Progress = Callable[[int, int, str], None]  # (done, total, calendar name)


class OwnerProperty(ValuedBaseElement):
    """planner's mark on a calendar it made: the value names the plan (planner-<year>-<plan>)."""

    tag: ClassVar[str] = "{urn:x-planner:}owner"


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
    on_progress: Progress = lambda done, total, name: None,
) -> PublishReport:
    """Bring the server's department calendars in line with the schedule."""
    _check_url(url)
    feeds = [f for f in plan_feeds(schedule, plan_name=plan_name) if f.kind == "department"]
    report = PublishReport(calendars=len(feeds))
    owner = f"{CALENDAR_PREFIX}-{schedule.year}-{schedule.plan}"
    try:
        principal = caldav.DAVClient(url=url, username=username, password=password).principal()  # type: ignore[operator]
        with _lock(principal, owner):
            calendars = {_calendar_id(c): c for c in principal.calendars()}
            wanted = {calendar_id(schedule, f): f for f in feeds}
            # departments that left the plan: only calendars this plan's publishes marked as theirs
            leftover = [c for cid, c in sorted(calendars.items()) if cid.startswith(owner + "-") and cid not in wanted and _owner(c) == owner]
            total = len(wanted) + len(leftover)
            for done, (cal_id, feed) in enumerate(sorted(wanted.items()), 1):
                calendar = calendars.get(cal_id)
                if calendar is None:
                    calendar = principal.make_calendar(name=feed.name, cal_id=cal_id)
                    report.created_calendars.append(cal_id)
                if _owner(calendar) != owner:
                    calendar.set_properties([OwnerProperty(owner)])
                _sync(calendar, feed, schedule.year, source, report)
                on_progress(done, total, feed.name)
            for done, calendar in enumerate(leftover, len(wanted) + 1):
                _sync(calendar, None, schedule.year, source, report)
                on_progress(done, total, _calendar_id(calendar))
    except DAVError as exc:
        raise PlannerError(_("CalDAV 服务器拒绝了请求：{reason}").format(reason=_reason(exc)), value=url,
                           hint=_("请检查 URL、--user 和 --password")) from None
    except OSError as exc:
        raise PlannerError(_("无法连接 CalDAV 服务器：{error}").format(error=exc), value=url) from None
    return report


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise PlannerError(_("不是可用的 CalDAV URL：{error}").format(error=exc), value=url, hint=_("例如 https://cal.example.org/dav/")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PlannerError(_("不是可用的 CalDAV URL：需要 http:// 或 https:// 和主机名"), value=url,
                           hint=_("例如 https://cal.example.org/dav/"))


def _reason(exc: DAVError) -> str:
    reason = exc.reason if exc.reason and exc.reason != "no reason" else ""
    return reason or type(exc).__name__.removesuffix("Error") or _("未说明原因")


class PublishLocked(PlannerError):
    """Another publish of the same plan is running on the server."""


@contextmanager
def _lock(principal: Any, owner: str) -> Iterator[None]:
    """Hold the plan's lock calendar on the server for the duration of a publish."""
    lock_id = owner.replace(CALENDAR_PREFIX, f"{CALENDAR_PREFIX}-lock", 1)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    label = f"planner publish {stamp.isoformat()} {socket.gethostname()}"
    try:
        lock = principal.make_calendar(name=label, cal_id=lock_id)
    except DAVError:
        lock = _take_over_if_expired(principal, lock_id, label)
    try:
        yield
    finally:
        try:
            lock.delete()
        except (DAVError, OSError):
            pass  # it expires by itself


def _take_over_if_expired(principal: Any, lock_id: str, label: str) -> Any:
    held = next((c for c in principal.calendars() if _calendar_id(c) == lock_id), None)
    if held is None:
        raise PublishLocked(_("此服务器上另一个 planner publish 正在开始发布此计划：请一分钟后再试"))
    since = _lock_time(str(held.get_display_name() or ""))
    if since is not None and datetime.now(timezone.utc) - since < LOCK_EXPIRY:
        raise PublishLocked(
            _("此服务器上另一个 planner publish 正在发布此计划（自 {since} UTC 起，{host}）").format(
                since=f"{since:%Y-%m-%d %H:%M}", host=str(held.get_display_name()).rsplit(" ", 1)[-1]),
            hint=_("请等待它完成；中断的发布在 {minutes} 分钟后释放锁").format(minutes=int(LOCK_EXPIRY.total_seconds() // 60)),
        )
    held.delete()  # a publish that died long ago
    return principal.make_calendar(name=label, cal_id=lock_id)


def _lock_time(label: str) -> datetime | None:
    try:
        return datetime.fromisoformat(label.split()[2])
    except (IndexError, ValueError):
        return None


def _owner(calendar: Calendar) -> str | None:
    try:
        value = calendar.get_properties([OwnerProperty()]).get(OwnerProperty.tag)  # type: ignore[union-attr]
    except DAVError:
        return None
    return str(value) if value else None


def calendar_id(schedule: Schedule, feed: Feed) -> str:
    return f"{CALENDAR_PREFIX}-{schedule.year}-{schedule.plan}-" + feed.path.removesuffix(".ics").replace("/", "-")


def _calendar_id(calendar: Calendar) -> str:
    return unquote(str(calendar.url).rstrip("/").rsplit("/", 1)[-1])


def _sync(calendar: Calendar, feed: Feed | None, year: int, source: str, report: PublishReport) -> None:
    stored = _stored(calendar.events())  # type: ignore[arg-type]  # sync client: a list, never a coroutine
    wanted = _wanted(feed, year, source, stored) if feed else {}
    for uid, data in sorted(wanted.items()):
        old = stored.get(uid)
        if old is not None and not uid.endswith(UID_DOMAIN):
            continue  # never overwrite an event planner did not write
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
        if uid.endswith(UID_DOMAIN):  # an event someone added by hand is theirs, not ours
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
        if vevent is None or "uid" not in vevent:
            continue  # not an event we can read, so not one we wrote: left alone
        start, end = vevent.get("dtstart"), vevent.get("dtend")
        stored[str(vevent["uid"])] = Stored(
            resource,
            _date_of(start),
            _date_of(end),
            _sequence(vevent.get("sequence", 0)),
            _fingerprint(resource.data),
        )
    return stored


def _date_of(prop: Any) -> date | None:
    value = getattr(prop, "dt", None)
    return value if isinstance(value, date) else None


def _sequence(value: Any) -> int:
    """The stored SEQUENCE; a value that is no number (SEQUENCE:abc) counts as 0, and moves on from there."""
    try:
        return max(0, int(str(value).strip()))
    except ValueError:
        return 0


def _first_vevent(data: str | bytes) -> icalendar.Event | None:
    try:
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    except (ValueError, KeyError, IndexError, TypeError):  # a server object icalendar cannot read
        return None
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
