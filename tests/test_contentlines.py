"""The feed writer writes the bytes python-icalendar writes for the same calendar.

The oracle below builds each calendar with icalendar's object model, as planner did before it
wrote content lines itself; every feed of the embedded plan, with and without alarms and with
SEQUENCEs, and the CalDAV objects of `planner publish` must come out byte-identical. The feeds must
also parse back with icalendar to the values that went in.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import timedelta

import icalendar
import pytest

from planner.config import Config
from planner.export.contentlines import duration, text_line
from planner.export.ical import (
    ALARM_HOUR,
    LEAD,
    PARTNER,
    PRODID,
    REFRESH,
    TIMEZONE,
    Feed,
    FeedWriter,
    Part,
    _summary,
    describe,
    event_objects,
    feed_text,
    parts,
    plan_feeds,
    role_of,
    stamp_for,
)
from planner.model import Schedule
from planner.plan import load_plan
from planner.schedule import schedule_plan

# --- the oracle: icalendar's object model -----------------------------------------------------


def oracle_calendar(name: str | None, description: str | None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    if name is not None:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
        calendar.add("x-wr-timezone", TIMEZONE)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
    return calendar


def oracle_vevent(part: Part, feed: Feed, year: int, sequence: int, alarm_days: int | None, source: str) -> icalendar.Event:
    task = part.event.task
    # a joint visit: the department leads it if it leads any of the visit's tasks
    role = (LEAD if any(role_of(t, feed.department) == LEAD for t in part.event.tasks) else PARTNER) if feed.department else None
    vevent = icalendar.Event()
    vevent.add("uid", part.uid)
    vevent.add("dtstamp", stamp_for(year))
    vevent.add("sequence", sequence)
    vevent.add("dtstart", part.first)
    vevent.add("dtend", part.dtend)
    vevent.add("summary", _summary(part, feed, role))
    vevent.add("description", describe(part, source))
    categories = [c for c in (role, task.sector) if c]
    if categories:
        vevent.add("categories", categories)
    vevent.add("transp", "OPAQUE")
    if alarm_days is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{alarm_days}天后：{part.event.title}" if alarm_days else f"今天：{part.event.title}")
        alarm.add("trigger", timedelta(hours=ALARM_HOUR - 24 * alarm_days))
        vevent.add_component(alarm)
    return vevent


def oracle_feed(feed: Feed, year: int, sequences: Mapping[str, int], alarm_days: int | None, source: str) -> bytes:
    calendar = oracle_calendar(feed.name, feed.description)
    calendar.add("method", "PUBLISH")
    for event in feed.events:
        for part in parts(event):
            calendar.add_component(oracle_vevent(part, feed, year, sequences.get(part.uid, 0), alarm_days, source))
    return calendar.to_ical()


# --- the embedded plan ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    return schedule_plan(load_plan(None), Config())


def some_feeds(schedule: Schedule) -> list[Feed]:
    """The plan feed, two city feeds and every department feed of those two cities."""
    feeds = plan_feeds(schedule, plan_name="山西省2024年部门联合抽查")
    cities = sorted({f.city for f in feeds if f.kind == "city"})[:2]
    return [f for f in feeds if f.kind == "plan" or f.city in cities]


@pytest.mark.parametrize("alarm_days", [None, 0, 1, 3, 10])
def test_feeds_are_the_bytes_icalendar_writes(schedule: Schedule, alarm_days: int | None) -> None:
    feeds = some_feeds(schedule)
    uids = sorted({p.uid for f in feeds for e in f.events for p in parts(e)})
    sequences = {uid: n % 4 for n, uid in enumerate(uids)}  # SEQUENCEs 0–3 after some re-exports
    writer = FeedWriter(schedule.year, sequences=sequences, alarm_days=alarm_days, source="plan.tsv")
    for feed in feeds:
        expected = oracle_feed(feed, schedule.year, sequences, alarm_days, "plan.tsv")
        assert writer.feed(feed) == expected, feed.path
        assert feed_text(feed, year=schedule.year, sequences=sequences, alarm_days=alarm_days, source="plan.tsv") == expected


def test_caldav_objects_are_the_bytes_icalendar_writes(schedule: Schedule) -> None:
    feed = next(f for f in some_feeds(schedule) if f.kind == "department")
    objects = event_objects(feed, year=schedule.year, sequences={}, source="plan.tsv")
    assert len(objects) == sum(len(parts(e)) for e in feed.events) > 0
    for event in feed.events:
        for part in parts(event):
            calendar = oracle_calendar(None, None)
            calendar.add_component(oracle_vevent(part, feed, schedule.year, 0, None, "plan.tsv"))
            assert objects[part.uid] == calendar.to_ical()


def test_every_feed_round_trips_through_icalendar(schedule: Schedule) -> None:
    writer = FeedWriter(schedule.year, alarm_days=2)
    for feed in some_feeds(schedule):
        data = writer.feed(feed)
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar.to_ical() == data, feed.path
        vevents = calendar.walk("VEVENT")
        assert [str(v["uid"]) for v in vevents] == [p.uid for e in feed.events for p in parts(e)]
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))


# --- escaping and folding, against icalendar on awkward text ----------------------------------

ALPHABET = "a;,\\^\n\r\t N:\"'é中文（）【】—🙂"


def awkward_texts() -> list[str]:
    rng = random.Random(13)
    texts = ["", "\\", "\\N", "a" * 73 + "\\n", "中" * 24 + "\\", "x" * 74, "x" * 75, "🙂" * 30]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 240))) for _ in range(400)]
    return texts


def test_text_lines_escape_and_fold_like_icalendar() -> None:
    for text in awkward_texts():
        component = icalendar.Component()
        component.add("description", text)
        expected = component.to_ical().split(b"\r\n", 1)[1].rsplit(b"END:", 1)[0]
        assert text_line("DESCRIPTION", text) == expected, repr(text)


@pytest.mark.parametrize("hours", [9, -15, -63, -231, 24, 0.5, -0.25, 1 / 3600, 25 + 1 / 60])
def test_durations_are_written_like_icalendar(hours: float) -> None:
    delta = timedelta(hours=hours)
    assert duration(delta) == icalendar.vDuration(delta).to_ical().decode()


def test_a_feed_edited_in_place_is_rewritten_and_an_intact_one_is_left_alone(schedule: Schedule, tmp_path) -> None:
    """Same size, one byte different: compared block by block, still noticed."""
    from planner.export.ical import write_feeds

    write_feeds(schedule, tmp_path, plan_name="计划")
    plan_feed = tmp_path / "all.ics"
    original = plan_feed.read_bytes()
    edited = bytearray(original)
    edited[len(edited) // 2 + 3] ^= 0x01
    plan_feed.write_bytes(bytes(edited))
    index = write_feeds(schedule, tmp_path, plan_name="计划")
    assert index.changed == ("all.ics",)
    assert plan_feed.read_bytes() == original
