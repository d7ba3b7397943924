"""`planner publish`: department calendars on a real CalDAV server (Radicale, started on loopback)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import caldav
import icalendar
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.export.ical import parts, plan_feeds
from planner.model import Schedule
from planner.publish import calendar_id, publish
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



def test_publish_reports_progress_once_per_department_calendar(radicale: str) -> None:
    """The progress bar of `planner publish` advances once per department calendar, named in Chinese."""
    seen: list[tuple[str, int]] = []
    publish(small_schedule(), radicale, username=USER, password="x", plan_name=PLAN,
            on_calendar=lambda name, total: seen.append((name, total)))
    assert len(seen) == 7 and {total for _, total in seen} == {7}
    assert "太原市 市市场监管局 2024年联合抽查" in {name for name, _ in seen}
