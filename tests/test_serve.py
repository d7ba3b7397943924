"""`planner serve`: feeds over HTTP on loopback, as a calendar client polls them."""

from __future__ import annotations

import http.client
import re
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from email.message import Message
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.export.ical import write_feeds
from planner.serve import serving
from tests.test_ical import PLAN, small_schedule

FEED = "/taiyuan/shi-chang-jian-guan-ju.ics"


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    write_feeds(small_schedule(), tmp_path, plan_name=PLAN)
    return tmp_path


@pytest.fixture
def server(feeds: Path) -> Iterator[str]:
    with serving(feeds, "127.0.0.1", 0) as url:
        yield url


def get(url: str, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, Message, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()  # header names are case-insensitive
    finally:
        connection.close()


def test_feed_is_served_as_utf8_text_calendar(server: str, feeds: Path) -> None:
    """GET of a feed returns its bytes with Content-Type text/calendar; charset=utf-8."""
    status, headers, body = get(server, FEED)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body == (feeds / FEED.lstrip("/")).read_bytes()


def test_unchanged_feed_answers_304_to_its_etag(server: str) -> None:
    """A client sending back the ETag gets 304 and no body."""
    _, headers, _ = get(server, FEED)
    status, again, body = get(server, FEED, {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"]


def test_unchanged_feed_answers_304_to_if_modified_since(server: str) -> None:
    """If-Modified-Since at Last-Modified gives 304; an older date gives the feed."""
    _, headers, _ = get(server, FEED)
    assert get(server, FEED, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert get(server, FEED, {"If-Modified-Since": formatdate(0, usegmt=True)})[0] == 200


def test_re_balanced_plan_gets_a_new_etag_and_the_new_feed(server: str, feeds: Path) -> None:
    """After an event moves, the old ETag no longer matches and the moved dates are served."""
    _, headers, _ = get(server, FEED)
    write_feeds(small_schedule(pools=(date(2024, 3, 15), date(2024, 3, 18))), feeds, plan_name=PLAN)
    status, new_headers, body = get(server, FEED, {"If-None-Match": headers["ETag"]})
    assert status == 200 and new_headers["ETag"] != headers["ETag"]
    assert b"DTSTART;VALUE=DATE:20240315" in body


def test_head_gives_headers_without_body(server: str) -> None:
    """HEAD answers with the feed's length and type but no body."""
    status, headers, body = get(server, FEED, method="HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 0


def test_index_page_links_each_feed_with_webcal(server: str) -> None:
    """/ lists the feeds with webcal:// links to this server, in Chinese."""
    status, headers, body = get(server, "/")
    host = urlsplit(server).netloc
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'href="webcal://{host}{FEED}"' in page
    assert "太原市 市市场监管局 2024年联合抽查" in page


def test_index_json_is_served(server: str) -> None:
    """index.json is served as JSON for programs."""
    status, headers, body = get(server, "/index.json")
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert b'"path": "all.ics"' in body


@pytest.mark.parametrize("path", ["/.state.json", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/nowhere.ics", "/taiyuan/"])
def test_state_file_missing_files_and_paths_outside_are_404(server: str, path: str) -> None:
    """Only feeds and the index are served; the state file and anything outside are not found."""
    assert get(server, path)[0] == 404


def test_cli_serves_until_stopped(feeds: Path) -> None:
    """`planner serve --port 0` prints its address and serves the feeds there."""
    command = [sys.executable, "-m", "planner", "serve", "--port", "0", "--dir", str(feeds)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()  # the server prints once it listens
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            assert match, line
            assert get(match[1], FEED)[0] == 200
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_cli_refuses_a_missing_directory(tmp_path: Path) -> None:
    """`planner serve --dir` of a directory that does not exist exits 2 with a hint."""
    result = CliRunner().invoke(app, ["serve", "--dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no such feed directory; run `planner ical --out DIR` first" in result.output


# --- real clients: bad URLs, weak validators, IPv6, idle and impatient connections ---------------


@pytest.mark.parametrize("path", ["/%00", "/all%00.ics", "/%ff%fe.ics", "/%0d%0aX:%20y"])
def test_undecodable_or_control_paths_are_404_and_the_server_keeps_serving(server: str, path: str) -> None:
    assert get(server, path)[0] == 404
    assert get(server, FEED)[0] == 200


def test_weak_etag_validator_gets_304(server: str) -> None:
    """Clients and proxies may send the ETag back as W/"…": If-None-Match compares weakly."""
    _, headers, _ = get(server, FEED)
    assert get(server, FEED, {"If-None-Match": "W/" + headers["ETag"]})[0] == 304
    assert get(server, FEED, {"If-None-Match": '"other", W/' + headers["ETag"]})[0] == 304


def test_other_methods_are_405(server: str) -> None:
    assert get(server, FEED, method="POST")[0] == 405


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_serves_on_ipv6_loopback(feeds: Path) -> None:
    with serving(feeds, "::1", 0) as url:
        assert url.startswith("http://[::1]:")
        parts = urlsplit(url)
        connection = http.client.HTTPConnection("::1", parts.port, timeout=10)
        connection.request("GET", FEED)
        assert connection.getresponse().status == 200
        connection.close()


def test_idle_connections_do_not_keep_others_out(server: str) -> None:
    """Hundreds of clients that connect and say nothing: a normal request is still answered at once."""
    parts = urlsplit(server)
    idle = [socket.create_connection((parts.hostname, parts.port), timeout=10) for _ in range(300)]
    try:
        started = time.monotonic()
        assert get(server, FEED)[0] == 200
        assert time.monotonic() - started < 5  # generous: the machine is shared; the benchmark measures it
    finally:
        for connection in idle:
            connection.close()


def test_clients_hanging_up_leave_no_traceback(feeds: Path) -> None:
    """Calendar apps drop connections mid-answer; the console stays quiet and the server serves on."""
    command = [sys.executable, "-m", "planner", "serve", "--port", "0", "--dir", str(feeds)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            url = re.search(r"at (http://127\.0\.0\.1:\d+/)", process.stdout.readline())[1]  # type: ignore[index]
            parts = urlsplit(url)
            for _ in range(30):
                rude = socket.create_connection((parts.hostname, parts.port), timeout=10)
                rude.sendall(f"GET {FEED} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST, not FIN
                rude.close()
            assert get(url, FEED)[0] == 200
        finally:
            process.terminate()
            _, errors = process.communicate(timeout=10)
    assert "Traceback" not in errors and "Error" not in errors


def test_a_silent_connection_is_closed_after_the_idle_timeout(feeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that connects and says nothing does not hold a descriptor for ever."""
    monkeypatch.setattr("planner.serve.CHANNEL_TIMEOUT", 2)
    with serving(feeds, "127.0.0.1", 0) as url:
        parts = urlsplit(url)
        silent = socket.create_connection((parts.hostname, parts.port), timeout=15)
        started = time.monotonic()
        assert silent.recv(1) == b""  # the server closed it
        assert 1.5 < time.monotonic() - started < 12
        silent.close()
