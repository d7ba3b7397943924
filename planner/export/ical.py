"""iCalendar feeds (RFC 5545 / RFC 7986): one per department, one per city, one for the plan.

Layout under the feed directory::

    all.ics                                   every event of the plan
    taiyuan.ics                               every event of 太原市
    taiyuan/shi-chang-jian-guan-ju.ics        every event 太原市 市市场监管局 leads or joins
    index.json, index.html                    the list of feeds
    .state.json                               dates and SEQUENCE last exported (feedstate.py)

Choices a subscriber will notice:

- Events are all-day: ``DTSTART;VALUE=DATE`` is the first day, ``DTEND;VALUE=DATE`` the day
  *after* the last (exclusive, RFC 5545 3.6.1), so no client shows an off-by-one day.
- **Days off are never shown as work.** An inspection occupies working days only, and its days
  may straddle a weekend or holiday (Fri+Mon, or 30 Sep + 8 Oct). Such an event is written as one
  VEVENT per run of consecutive working days: part 1 keeps the event's UID, part k ≥ 2 gets
  ``<uid>-p<k>`` (before any ``@domain``; UIDs must be unique within a feed), and the SUMMARY of part k ≥ 2
  ends in ``（续）`` (the title keeps one fraction, the round's ``第2/3轮``). The alternative, one VEVENT over the whole span with the days off named in
  DESCRIPTION, would paint the holiday as busy in every client. An event within one run is a
  single VEVENT with the plain UID.
- UIDs come from the schedule (year, city, seq, round), never from position or content, and a
  VEVENT is identical in UID, dates and SEQUENCE in every feed that carries it.
- DTSTAMP is 1 January of the plan year, 00:00 UTC: from the plan, not the clock, so an unchanged
  plan re-exports byte-identical files. SEQUENCE comes from the previous export's state and grows
  when a VEVENT's dates change, so clients replace moved events instead of keeping old copies.
- VEVENTs are ordered by (city, seq, round, part), not by date, so moving one event changes only
  its own lines.
- SUMMARY in a department feed starts with the department's role, 【牵头】 or 【配合】, which is
  also the first CATEGORIES value; the second is the task's sector.
- The optional alarm (``alarm_days=N``) rings at 09:00 local time N days before the first day.
- Lines are folded at 75 octets on UTF-8 character boundaries and end in CRLF, byte for byte as
  python-icalendar writes them (export/contentlines.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from planner.export.contentlines import duration, list_line, raw_line, text_line
from planner.export.feedstate import (
    STATE_FILE,
    FeedState,
    Published,
    advance,
    events_json,
    read_state,
    state_bytes,
)
from planner.export.files import Batch, prepare_out_dir, remove_stale, write_file
from planner.export.index import (
    INDEX_HTML,
    INDEX_JSON,
    FeedEntry,
    FeedIndex,
    index_html,
    index_json,
)
from planner.model import Department, Event, Schedule, Task, Window
from planner.slugs import city_slug, department_slug, unique_slugs

PRODID = "-//planner//Joint double-random spot checks//ZH"
PLAN_FEED = "all.ics"
TIMEZONE = "Asia/Shanghai"
REFRESH = timedelta(days=1)
ALARM_HOUR = 9  # local time the reminder rings on its day

LEAD, PARTNER = "牵头", "配合"
PERIOD_TEXT = {"year": "年", "half-year": "半年", "quarter": "季度", "month": "月"}


@dataclass(frozen=True)
class Part:
    """One VEVENT: a run of consecutive working days of an event."""

    uid: str
    event: Event
    index: int  # 1-based
    count: int
    first: date
    last: date  # inclusive

    @property
    def dtend(self) -> date:
        return self.last + timedelta(days=1)


@dataclass(frozen=True)
class Feed:
    """One calendar: its file, its names and the events it carries."""

    path: str  # relative POSIX path
    name: str  # display name
    description: str
    kind: str  # plan | city | department
    city: str  # "" for the whole plan
    department: Department | None
    events: tuple[Event, ...]  # ordered by (city, seq, round)


def parts(event: Event) -> tuple[Part, ...]:
    """The event's runs of consecutive working days, as VEVENT parts."""
    days = sorted(event.days) or [event.start + timedelta(n) for n in range((event.end - event.start).days + 1)]
    runs: list[list[date]] = [[days[0]]]
    for day in days[1:]:
        if day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return tuple(Part(part_uid(event.uid, k), event, k, len(runs), run[0], run[-1]) for k, run in enumerate(runs, start=1))


def part_uid(uid: str, index: int) -> str:
    """Part 1 keeps the event's UID; part k gets -p<k> before any @domain."""
    if index == 1:
        return uid
    local, at, domain = uid.partition("@")
    return f"{local}-p{index}{at}{domain}"


def plan_feeds(schedule: Schedule, *, plan_name: str) -> tuple[Feed, ...]:
    """Every feed of the schedule: the whole plan, then per city its city feed and department feeds."""
    events = sorted(schedule.events, key=_event_order)
    by_city: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_city[event.city].append(event)
    cities = unique_slugs(by_city, city_slug)
    year = schedule.year
    feeds = [
        Feed(PLAN_FEED, plan_name, f"{plan_name}：{year}年全部联合抽查", "plan", "", None, tuple(events)),
    ]
    for city in sorted(by_city, key=lambda c: cities[c]):
        title = f"{city}{year}年部门联合抽查"
        feeds.append(Feed(f"{cities[city]}.ics", title, f"{plan_name}：{city}全部联合抽查", "city", city, None, tuple(by_city[city])))
        feeds.extend(_department_feeds(city, cities[city], by_city[city], plan_name, year))
    return tuple(feeds)


def _department_feeds(city: str, city_dir: str, events: list[Event], plan_name: str, year: int) -> Iterable[Feed]:
    by_department: dict[Department, list[Event]] = defaultdict(list)
    for event in events:
        for department in event.departments():
            by_department[department].append(event)
    slugs = unique_slugs((d.name for d in by_department), department_slug)
    for department in sorted(by_department, key=lambda d: slugs[d.name]):
        yield Feed(
            path=f"{city_dir}/{slugs[department.name]}.ics",
            name=f"{city} {department.name} {year}年联合抽查",
            description=f"{plan_name}：{city}{department.name}牵头或配合的抽查检查",
            kind="department",
            city=city,
            department=department,
            events=tuple(by_department[department]),
        )


def _event_order(event: Event) -> tuple[str, int, int, int, str]:
    return (event.city, event.seq, event.task.sub, event.round, event.uid)


def stamp_for(year: int) -> datetime:
    """DTSTAMP of every VEVENT: from the plan year, so re-exports are byte-identical."""
    return datetime(year, 1, 1, tzinfo=timezone.utc)


def feed_text(
    feed: Feed,
    *,
    year: int,
    sequences: Mapping[str, int] | None = None,
    alarm_days: int | None = None,
    source: str = "",
) -> bytes:
    """The bytes of one feed (CRLF, folded); `sequences` maps VEVENT UID to SEQUENCE (default 0)."""
    return FeedWriter(year, sequences=sequences, alarm_days=alarm_days, source=source).feed(feed)


def event_objects(
    feed: Feed, *, year: int, sequences: Mapping[str, int] | None = None, source: str = ""
) -> dict[str, bytes]:
    """One calendar object per VEVENT of the feed, keyed by UID: what a CalDAV server stores."""
    writer = FeedWriter(year, sequences=sequences, source=source)
    return {
        part.uid: _BEGIN_CALENDAR + writer.vevent(part, feed) + _END_CALENDAR
        for event in feed.events
        for part in writer.parts(event)
    }


_BEGIN_CALENDAR = b"".join(
    (b"BEGIN:VCALENDAR\r\n", raw_line("VERSION:2.0"), text_line("PRODID", PRODID), raw_line("CALSCALE:GREGORIAN"))
)
_END_CALENDAR = b"END:VCALENDAR\r\n"


class FeedWriter:
    """Serialises feeds of one schedule, each VEVENT once however many feeds carry it.

    A VEVENT differs between feeds only in SUMMARY (the role, or the city in the plan feed) and
    CATEGORIES: its bytes are made once per variant (city feed, plan feed, lead, partner) and
    reused in every feed of that variant; its dates, UID, SEQUENCE, DESCRIPTION and alarm are
    written once for all variants. Property order is icalendar's (canonical, then alphabetical),
    so the bytes are what icalendar wrote for the same calendar.
    """

    def __init__(
        self,
        year: int,
        *,
        sequences: Mapping[str, int] | None = None,
        alarm_days: int | None = None,
        source: str = "",
        event_parts: dict[str, tuple[Part, ...]] | None = None,
    ) -> None:
        self._sequences = sequences or {}
        self._source = source
        self._dtstamp = raw_line(f"DTSTAMP:{stamp_for(year):%Y%m%dT%H%M%SZ}")
        self._alarm_days = alarm_days
        self._parts = event_parts if event_parts is not None else {}  # event uid -> its parts
        self._shared: dict[str, tuple[bytes, bytes]] = {}  # part uid -> lines every variant has
        self._events: dict[str, tuple[str, frozenset[Department]]] = {}  # event uid -> title, leads
        self._variants: dict[tuple[str, str], bytes] = {}  # (event uid, variant) -> its VEVENTs
        self._categories: dict[tuple[str | None, str], bytes] = {}  # (role, sector) -> CATEGORIES line

    def parts(self, event: Event) -> tuple[Part, ...]:
        found = self._parts.get(event.uid)
        if found is None:
            found = self._parts[event.uid] = parts(event)
        return found

    def forget_lines(self) -> None:
        """Drop the cached lines (once a city's feeds are written: its events are in no other)."""
        self._shared.clear()
        self._events.clear()
        self._variants.clear()

    def feed(self, feed: Feed, written: Mapping[str, bytes] | None = None) -> bytes:
        """The feed's bytes; `written` holds VEVENTs of this feed already serialised, by event uid."""
        chunks = [_BEGIN_CALENDAR, raw_line("METHOD:PUBLISH"), *_calendar_names(feed.name, feed.description)]
        for event in feed.events:
            ready = written.get(event.uid) if written else None
            chunks.append(ready if ready is not None else self.vevents(event, feed))
        chunks.append(_END_CALENDAR)
        return b"".join(chunks)

    def vevents(self, event: Event, feed: Feed) -> bytes:
        """The event's VEVENTs (one per part) as `feed` carries them."""
        title, leads = self._event(event)
        role = _role(feed, leads)
        variant = role or feed.kind
        found = self._variants.get((event.uid, variant))
        if found is None:
            found = self._variants[event.uid, variant] = b"".join(
                self._vevent(part, feed, role, title) for part in self.parts(event)
            )
        return found

    def vevent(self, part: Part, feed: Feed) -> bytes:
        title, leads = self._event(part.event)
        return self._vevent(part, feed, _role(feed, leads), title)

    def _event(self, event: Event) -> tuple[str, frozenset[Department]]:
        found = self._events.get(event.uid)
        if found is None:
            leads = frozenset(ref.department for task in event.tasks for ref in task.lead)
            found = self._events[event.uid] = (event.title, leads)
        return found

    def _vevent(self, part: Part, feed: Feed, role: str | None, title: str) -> bytes:
        head, tail = self._shared_lines(part)
        sector = part.event.task.sector
        categories = self._categories.get((role, sector))
        if categories is None:
            names = [c for c in (role, sector) if c]
            categories = self._categories[role, sector] = list_line("CATEGORIES", names) if names else b""
        summary = text_line("SUMMARY", _summary(part, feed, role, title))
        return b"".join((b"BEGIN:VEVENT\r\n", summary, head, categories, tail))

    def _shared_lines(self, part: Part) -> tuple[bytes, bytes]:
        """The lines between SUMMARY and CATEGORIES, and those after CATEGORIES to END:VEVENT."""
        found = self._shared.get(part.uid)
        if found is None:
            head = b"".join(
                (
                    raw_line(f"DTSTART;VALUE=DATE:{part.first:%Y%m%d}"),
                    raw_line(f"DTEND;VALUE=DATE:{part.dtend:%Y%m%d}"),
                    self._dtstamp,
                    text_line("UID", part.uid),
                    raw_line(f"SEQUENCE:{self._sequences.get(part.uid, 0)}"),
                )
            )
            tail = [text_line("DESCRIPTION", describe(part, self._source)), raw_line("TRANSP:OPAQUE")]
            if self._alarm_days is not None:
                tail.append(_alarm(self._alarm_days, part.event.title))
            tail.append(b"END:VEVENT\r\n")
            found = self._shared[part.uid] = (head, b"".join(tail))
        return found


def _calendar_names(name: str, description: str) -> list[bytes]:
    return [
        text_line("DESCRIPTION", description),
        text_line("X-WR-CALDESC", description),
        text_line("NAME", name),
        text_line("X-WR-CALNAME", name),
        raw_line(f"REFRESH-INTERVAL;VALUE=DURATION:{duration(REFRESH)}"),
        raw_line("X-PUBLISHED-TTL:P1D"),
        raw_line(f"X-WR-TIMEZONE:{TIMEZONE}"),
    ]


def role_of(task: Task, department: Department) -> str:
    return LEAD if any(ref.department == department for ref in task.lead) else PARTNER


def _role(feed: Feed, leads: frozenset[Department]) -> str | None:
    """A department feed's role in an event (None in a city or plan feed): a joint visit is led by
    the department if it leads any of the visit's tasks."""
    return None if feed.department is None else LEAD if feed.department in leads else PARTNER


def _summary(part: Part, feed: Feed, role: str | None, title: str | None = None) -> str:
    """SUMMARY of the part in `feed`; `title` is the event's, when the caller has it already."""
    if title is None:
        title = part.event.title
    if role:
        title = f"【{role}】{title}"
    elif feed.kind == "plan":
        title = f"{part.event.city}｜{title}"
    if part.index > 1:  # one fraction per title (the round's); a later segment only says it continues
        title += "（续）"
    return title


def describe(part: Part, source: str = "") -> str:
    """DESCRIPTION: everything a department needs to prepare the inspection, one fact a line."""
    event, task = part.event, part.event.task
    days_off = _days_off(event)
    dates = f"{event.start.isoformat()} 至 {event.end.isoformat()}，共{event.working_days}个工作日"
    if days_off:
        dates += f"（{_day_list(days_off)} 休息，不安排检查）"
    if event.joined:
        return _describe_joint(event, dates, source)
    lines = [
        f"抽查任务：{task.name}",
        f"抽查事项：{task.item}",
        f"抽查对象范围：{task.scope}",
        f"抽查比例：{task.ratio_text or '未规定'}",
        f"抽查频次：{frequency_text(task)}，本次为第{event.round}/{event.rounds}轮",
        f"信用风险分类要求：{task.risk_text or '无'}",
        f"本轮时段：{event.window_start.isoformat()} 至 {event.window_end.isoformat()}"
        f"（计划时段：{_windows_text(task)}）",
        f"检查日期：{dates}",
        f"部门：{_departments_text(task)}",
        f"检查模式：{task.mode.text or '未规定'}",
        f"来源：{source + ' ' if source else ''}第{task.source_line}行（{task.city} 序号{task.number}）",
    ]
    return "\n".join(lines)


def _describe_joint(event: Event, dates: str, source: str) -> str:
    """A 一业一查 visit: the date once, then every merged task with its own round and frequency."""
    rounds = ((event.task, event.round, event.rounds), *((j.task, j.round, j.rounds) for j in event.joined))
    lines = [
        f"一业一查联合检查：一次上门完成以下 {len(rounds)} 项抽查任务",
        f"检查日期：{dates}",
        f"本次时段：{event.window_start.isoformat()} 至 {event.window_end.isoformat()}（各任务时间窗的共同部分）",
    ]
    for n, (task, index, count) in enumerate(rounds, 1):
        lines += [
            f"任务{n}：{task.name}（{task.city} 序号{task.seq}，{source + ' ' if source else ''}第{task.source_line}行）",
            f"  抽查事项：{task.item}",
            f"  抽查对象范围：{task.scope}",
            f"  抽查比例：{task.ratio_text or '未规定'}",
            f"  抽查频次：{frequency_text(task)}，本次为第{index}/{count}轮",
            f"  计划时段：{_windows_text(task)}",
            f"  部门：{_departments_text(task)}",
            f"  检查模式：{task.mode.text or '未规定'}",
        ]
    return "\n".join(lines)


def frequency_text(task: Task) -> str:
    return f"{task.frequency.count}次/{PERIOD_TEXT.get(task.frequency.per, task.frequency.per)}"


def _windows_text(task: Task) -> str:
    return "；".join(_window_text(w) for w in task.windows) or "全年"


def _window_text(window: Window) -> str:
    return f"{window.start}月" if window.start == window.end else f"{window.start}月—{window.end}月"


def _departments_text(task: Task) -> str:
    seen: dict[str, None] = {}
    for refs, role in ((task.lead, LEAD), (task.partners, PARTNER)):
        for ref in refs:
            note = f"，{ref.note}" if ref.note else ""
            seen.setdefault(f"{ref.department.name}（{role}{note}）", None)
    return "、".join(seen)


def _days_off(event: Event) -> list[date]:
    worked = set(event.days)
    span = (event.end - event.start).days + 1
    return [d for d in (event.start + timedelta(n) for n in range(span)) if worked and d not in worked]


def _day_list(days: list[date]) -> str:
    return "、".join(f"{d.month}月{d.day}日" for d in days)


def _alarm(days: int, title: str) -> bytes:
    description = f"{days}天后：{title}" if days else f"今天：{title}"
    # Relative to the start date's midnight: 09:00 local on the day `days` before.
    trigger = duration(timedelta(hours=ALARM_HOUR - 24 * days))
    return b"".join(
        (
            b"BEGIN:VALARM\r\n",
            raw_line("ACTION:DISPLAY"),
            text_line("DESCRIPTION", description),
            raw_line(f"TRIGGER:{trigger}"),
            b"END:VALARM\r\n",
        )
    )


def write_feeds(
    schedule: Schedule,
    out_dir: Path,
    *,
    plan_name: str,
    alarm_days: int | None = None,
    source: str = "",
    force: bool = False,
    previous: FeedState | None = None,
) -> FeedIndex:
    """Write every feed, index.json, index.html and the state file under `out_dir`.

    `previous` is the state file's content when the caller has read it already (a build compares
    it with the schedule first); by default it is read here.

    Each file is written to a temporary name and moved into place (a subscriber never reads a
    half-written feed); a file whose bytes did not change is left alone, so its mtime (the HTTP
    Last-Modified of `planner serve`) stays put. Feeds of the previous export that are no longer
    in the plan are removed. A non-empty directory that no export wrote is refused unless `force`.

    The state is saved *before* any feed: a SEQUENCE that reaches a subscriber is always on disk
    first, so whatever order runs are killed and repeated in, SEQUENCE never goes back for a UID.
    """
    prepare_out_dir(out_dir, STATE_FILE, force=force)
    feeds = plan_feeds(schedule, plan_name=plan_name)
    state_path = out_dir / STATE_FILE
    if previous is None:
        previous = read_state(state_path)
    event_parts = {event.uid: parts(event) for event in schedule.events}
    state = advance(previous, _exported_dates(schedule.events, event_parts), tuple(f.path for f in feeds))
    # Until the stale feeds are gone, the state also lists them, so a killed run still removes them later.
    events = events_json(state)  # the same in both writes of the state
    write_file(state_path, state_bytes(replace(state, feeds=tuple(sorted(set(state.feeds) | set(previous.feeds)))), events))
    sequences = {uid: e.sequence for uid, e in state.events.items()}
    writer = FeedWriter(schedule.year, sequences=sequences, alarm_days=alarm_days, source=source, event_parts=event_parts)
    with Batch(out_dir) as batch:  # the feeds appear together, after one sync, not one sync each
        written = {feed.path for feed, text in _feed_texts(feeds, writer) if write_file(out_dir / feed.path, text, batch)}
    changed = [feed.path for feed in feeds if feed.path in written]
    entries = [_entry(feed, writer) for feed in feeds]
    index = FeedIndex(plan_name=plan_name, year=schedule.year, feeds=tuple(entries))
    for name, text in ((INDEX_JSON, index_json(index)), (INDEX_HTML, index_html(index))):
        if write_file(out_dir / name, text):
            changed.append(name)
    remove_stale(out_dir, sorted(set(previous.feeds) - set(state.feeds)))
    write_file(state_path, state_bytes(state, events))
    return FeedIndex(plan_name, schedule.year, tuple(entries), tuple(changed))


def _feed_texts(feeds: Sequence[Feed], writer: FeedWriter) -> Iterator[tuple[Feed, bytes]]:
    """Each feed with its bytes, the plan feed last.

    City by city: a city's VEVENTs are serialised for its city feed, its department feeds and (as
    the plan feed writes them) for the plan feed; its shared lines are then dropped, so memory
    holds one city's lines and the plan feed, not every line of every event.
    """
    plan = [f for f in feeds if f.kind == "plan"]
    in_plan: dict[str, bytes] = {}  # event uid -> its VEVENTs as the plan feed writes them
    for feed in feeds:
        if feed.kind == "plan":
            continue
        if feed.kind == "city":
            writer.forget_lines()
            for whole in plan:
                in_plan.update((event.uid, writer.vevents(event, whole)) for event in feed.events)
        yield feed, writer.feed(feed)
    for whole in plan:
        yield whole, writer.feed(whole, in_plan)


def _exported_dates(events: Iterable[Event], event_parts: Mapping[str, tuple[Part, ...]]) -> dict[str, Published]:
    published = {}
    for event in events:
        title = event.title  # a property that builds the text: once per event, not per part
        departments = tuple(f"{d.city}/{d.name}" for d in event.departments())
        for part in event_parts[event.uid]:
            published[part.uid] = Published(part.first, part.dtend, title, departments)
    return published


def _entry(feed: Feed, writer: FeedWriter) -> FeedEntry:
    return FeedEntry(
        path=feed.path,
        name=feed.name,
        kind=feed.kind,
        city=feed.city,
        department=feed.department.name if feed.department else "",
        events=len(feed.events),
        vevents=sum(len(writer.parts(e)) for e in feed.events),
    )
