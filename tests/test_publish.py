"""`planner publish`: department calendars on a real CalDAV server (Radicale, started on loopback)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import caldav
import icalendar
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.export.ical import parts, plan_feeds
from planner.model import Schedule
from planner.publish import OwnerProperty, PublishLocked, calendar_id, publish
from planner.read import embedded_plan_path
from tests.test_ical import PLAN, small_schedule

USER = "coordinator"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale server with empty storage on a free loopback port; always stopped."""
    port = free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'storage'}\n[logging]\nlevel = error\n",
        encoding="utf-8",
    )
    log = (tmp_path / "radicale.log").open("wb")
    command = [sys.executable, "-m", "radicale", "--config", str(config)]
    with log, subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT) as server:
        try:
            _wait_for(port, server, deadline=time.monotonic() + 20)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"radicale exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("radicale did not listen within 20 s")


def server_events(url: str) -> dict[str, dict[str, tuple[date, date, int]]]:
    """calendar id -> {UID: (DTSTART, DTEND, SEQUENCE)}, read back with a separate client."""
    principal = caldav.DAVClient(url=url, username=USER, password="x").principal()
    result: dict[str, dict[str, tuple[date, date, int]]] = {}
    for calendar in principal.calendars():
        cal_id = str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
        result[cal_id] = {}
        for obj in calendar.events():
            for v in icalendar.Calendar.from_ical(obj.data).walk("VEVENT"):
                result[cal_id][str(v["uid"])] = (v["dtstart"].dt, v["dtend"].dt, int(v["sequence"]))
    return result


def expected_events(schedule: Schedule) -> dict[str, dict[str, tuple[date, date, int]]]:
    return {
        calendar_id(schedule, feed): {p.uid: (p.first, p.dtend, 0) for e in feed.events for p in parts(e)}
        for feed in plan_feeds(schedule, plan_name=PLAN)
        if feed.kind == "department"
    }


def push(url: str, schedule: Schedule):  # type: ignore[no-untyped-def]
    return publish(schedule, url, username=USER, password="x", plan_name=PLAN)


def test_first_publish_creates_one_calendar_per_department_with_its_events(radicale: str) -> None:
    """Every department calendar exists on the server with exactly its events on its dates."""
    report = push(radicale, small_schedule())
    assert server_events(radicale) == expected_events(small_schedule())
    assert len(report.created_calendars) == report.calendars == 7


def test_calendars_carry_chinese_display_names(radicale: str) -> None:
    """The server shows each calendar under its Chinese name."""
    push(radicale, small_schedule())
    principal = caldav.DAVClient(url=radicale, username=USER, password="x").principal()
    names = {c.get_display_name() for c in principal.calendars()}
    assert "太原市 市市场监管局 2024年联合抽查" in names


def test_second_publish_changes_nothing(radicale: str) -> None:
    """Publishing the same plan again creates, updates and deletes nothing."""
    first = push(radicale, small_schedule())
    second = push(radicale, small_schedule())
    assert second.changes == 0
    assert second.unchanged == first.created


def test_moved_event_is_updated_with_sequence_plus_one(radicale: str) -> None:
    """Moving the pools event updates its two parts in its three departments' calendars, SEQUENCE 1."""
    push(radicale, small_schedule())
    moved = small_schedule(pools=(date(2024, 3, 15), date(2024, 3, 18)))
    report = push(radicale, moved)
    assert (report.created, report.updated, report.deleted) == (0, 6, 0)
    stored = server_events(radicale)
    pools = {uid: v for events in stored.values() for uid, v in events.items() if "0002" in uid}
    assert set(pools.values()) == {(date(2024, 3, 15), date(2024, 3, 16), 1), (date(2024, 3, 18), date(2024, 3, 19), 1)}
    assert push(radicale, moved).changes == 0


def test_removed_events_are_deleted_and_publishing_converges(radicale: str) -> None:
    """Dropping the 长治市 task deletes its events, even from a calendar whose department left."""
    push(radicale, small_schedule())
    full = small_schedule()
    fewer = replace(full, events=full.events[:-1])
    report = push(radicale, fewer)
    assert report.deleted == 2  # two parts around 国庆
    assert server_events(radicale)["planner-2024-plan-changzhi-wen-lv-ju"] == {}
    assert push(radicale, fewer).changes == 0


def test_another_plans_calendars_are_left_alone(radicale: str) -> None:
    """Publishing a second plan to the same server neither empties nor changes the first plan's calendars."""
    first = small_schedule()
    push(radicale, first)
    before = server_events(radicale)
    other = replace(first, plan="other", events=first.events[:1], naive=first.events[:1])
    report = push(radicale, other)
    assert report.deleted == 0
    after = server_events(radicale)
    assert {k: v for k, v in after.items() if k in before} == before
    assert any(k.startswith("planner-2024-other-") for k in after)


def test_cli_publishes_a_plan_file_and_converges(radicale: str, tmp_path: Path) -> None:
    """`planner publish` of the first rows of the embedded plan: all added, then all unchanged."""
    lines = embedded_plan_path().read_text(encoding="utf-8").splitlines(keepends=True)
    plan = tmp_path / "plan.tsv"
    plan.write_text("".join(lines[:12]), encoding="utf-8")
    args = ["publish", "--caldav", radicale, "--user", USER, "--password", "x", str(plan)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert " events added, 0 updated, 0 deleted, 0 unchanged" in first.output
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "(0 new): 0 events added, 0 updated, 0 deleted, " in second.output


def test_cli_reports_an_unreachable_server() -> None:
    """A server that does not answer ends in one line and exit code 2."""
    url = f"http://127.0.0.1:{free_port()}/"
    result = CliRunner().invoke(app, ["publish", "--caldav", url, "--user", USER, "--password", "x"])
    assert result.exit_code == 2
    assert "cannot reach the CalDAV server" in result.output



# --- what planner owns, concurrent publishes, damaged server data -----------------------------------


def principal_of(url: str):  # type: ignore[no-untyped-def]
    return caldav.DAVClient(url=url, username=USER, password="x").principal()


HAND_EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hand//made//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20240101T000000Z
DTSTART;VALUE=DATE:20240605
DTEND;VALUE=DATE:20240606
SUMMARY:{summary}
SEQUENCE:{sequence}
END:VEVENT
END:VCALENDAR
"""


def test_a_hand_made_calendar_with_a_planner_like_id_is_not_emptied(radicale: str) -> None:
    hand = principal_of(radicale).make_calendar(name="my own", cal_id="planner-2024-plan-taiyuan-mine")
    hand.add_event(HAND_EVENT.format(uid="2024-plan-taiyuan-0099-r1@planner", summary="mine", sequence=0))
    report = push(radicale, small_schedule())
    assert report.deleted == 0
    assert list(server_events(radicale)["planner-2024-plan-taiyuan-mine"]) == ["2024-plan-taiyuan-0099-r1@planner"]


def test_an_event_added_by_hand_inside_a_planner_calendar_is_kept(radicale: str) -> None:
    push(radicale, small_schedule())
    cal_id = next(iter(expected_events(small_schedule())))
    calendar = next(c for c in principal_of(radicale).calendars() if str(c.url).rstrip("/").endswith(cal_id))
    calendar.add_event(HAND_EVENT.format(uid="meeting-42@example.org", summary="碰头会", sequence=0))
    report = push(radicale, small_schedule())
    assert report.changes == 0
    assert "meeting-42@example.org" in server_events(radicale)[cal_id]


def test_a_departed_department_calendar_is_emptied_only_when_planner_marked_it(radicale: str) -> None:
    """Calendars planner made carry its owner property; only those are cleaned up when their department leaves."""
    full = small_schedule()
    push(radicale, full)
    owners = {str(c.url).rstrip("/").rsplit("/", 1)[-1]: c.get_properties([OwnerProperty()])[OwnerProperty.tag]
              for c in principal_of(radicale).calendars()}
    assert set(owners.values()) == {"planner-2024-plan"}
    report = push(radicale, replace(full, events=full.events[:-1]))
    assert report.deleted == 2


def test_a_stored_sequence_that_is_no_number_is_overwritten_not_a_traceback(radicale: str) -> None:
    push(radicale, small_schedule())
    cal_id, events = next(iter(expected_events(small_schedule()).items()))
    uid = next(iter(events))
    calendar = next(c for c in principal_of(radicale).calendars() if str(c.url).rstrip("/").endswith(cal_id))
    stored = calendar.event_by_uid(uid)
    stored.data = str(stored.data).replace("SEQUENCE:0", "SEQUENCE:abc")
    stored.save(increase_seqno=False)
    report = push(radicale, small_schedule())
    assert report.updated == 1
    assert server_events(radicale)[cal_id][uid][2] == 0
    assert push(radicale, small_schedule()).changes == 0


def test_a_second_publish_while_one_runs_says_so(radicale: str) -> None:
    """The running publish holds the plan's lock calendar; the second stops with a clear message."""
    principal_of(radicale).make_calendar(name=f"planner publish {datetime.now(timezone.utc).isoformat()} otherhost",
                                         cal_id="planner-lock-2024-plan")
    with pytest.raises(PublishLocked, match="another planner publish of this plan is running on this server") as caught:
        push(radicale, small_schedule())
    assert "otherhost" in str(caught.value)
    assert not any(k.startswith("planner-2024-plan-") for k in server_events(radicale))


def test_a_lock_left_by_a_publish_that_died_long_ago_is_taken_over(radicale: str) -> None:
    principal_of(radicale).make_calendar(name="planner publish 2020-01-01T00:00:00+00:00 deadhost", cal_id="planner-lock-2024-plan")
    assert push(radicale, small_schedule()).calendars == 7
    assert "planner-lock-2024-plan" not in server_events(radicale)  # released at the end


def test_two_publishes_at_once_both_end_cleanly(radicale: str) -> None:
    """Started together: each either publishes or says another publish is running; the result converges."""
    outcomes: list[str] = []

    def one() -> None:
        try:
            push(radicale, small_schedule())
            outcomes.append("done")
        except PublishLocked:
            outcomes.append("locked")

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert "done" in outcomes and len(outcomes) == 2
    assert push(radicale, small_schedule()).changes == 0


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.org/", "not a url", "http://host:99999/"])
def test_cli_reports_an_unusable_url_in_one_line(url: str) -> None:
    result = CliRunner().invoke(app, ["publish", "--caldav", url, "--user", USER, "--password", "x"])
    assert result.exit_code == 2, result.output
    assert "not a usable CalDAV URL" in result.stderr and "Traceback" not in result.output


def test_cli_prints_progress(radicale: str, tmp_path: Path) -> None:
    lines = embedded_plan_path().read_text(encoding="utf-8").splitlines(keepends=True)
    plan = tmp_path / "plan.tsv"
    plan.write_text("".join(lines[:12]), encoding="utf-8")
    result = CliRunner().invoke(app, ["publish", "--caldav", radicale, "--user", USER, "--password", "x", str(plan)])
    assert result.exit_code == 0, result.output
    counts = re.findall(r"published (\d+)/(\d+) calendars", result.stderr)
    assert counts and counts[-1][0] == counts[-1][1]


def test_publish_reports_progress_once_per_department_calendar(radicale: str) -> None:
    """The progress of `planner publish` advances once per department calendar, named in Chinese."""
    seen: list[tuple[int, int, str]] = []
    publish(small_schedule(), radicale, username=USER, password="x", plan_name=PLAN,
            on_progress=lambda done, total, name: seen.append((done, total, name)))
    assert [done for done, _total, _name in seen] == list(range(1, 8)) and {total for _done, total, _name in seen} == {7}
    assert "太原市 市市场监管局 2024年联合抽查" in {name for _done, _total, name in seen}
