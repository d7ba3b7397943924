"""What every command shares: one-line errors with exit code 2, and help for each command."""

import gc
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from planner.cli import app, process

runner = CliRunner()
COMMANDS = ("build", "tasks", "audit", "events", "load", "check", "ical", "serve", "publish",
            "timeline", "overview", "heatmap", "agenda")


def planner(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    """`planner COMMAND --help` explains the command."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "--seed", "abc"), "error: planner events: Invalid value for '--seed'"),
        (("tasks", "--width", "160"), "error: planner tasks: No such option: --width"),
        (("frob",), "error: planner: No such command 'frob'."),
    ],
)
def test_option_errors_are_one_line_exit_2(args, message):
    """A mistyped option or command is one line on stderr and exit code 2, no usage box."""
    result = planner(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_unwritable_output_is_one_line_exit_2(tmp_path):
    """A path that cannot be written names the path: one line, exit 2, no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["ical", "--out", str(blocker)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {blocker}")
    assert "not a directory" in result.stderr.lower() and len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "args",
    [("events", "--format", "json"), ("events", "--format", "csv"), ("check", "--format", "json"), ("events", "--month", "13")],
)
def test_the_console_script_ends_as_the_app_does(args):
    """The console script ends a short run without the interpreter's teardown (planner.cli.process):
    the same output, errors and exit code (0, 1 for findings, 2 for an error) as the app run in process."""
    run = planner(*args)
    inside = runner.invoke(app, list(args))
    assert inside.exit_code in (0, 1, 2) and inside.stdout + inside.stderr
    assert (run.returncode, run.stdout, run.stderr) == (inside.exit_code, inside.stdout, inside.stderr)


def test_a_brief_run_ends_with_its_output_written_its_exit_handlers_run_and_its_exit_code():
    """What a command left in stdout's buffer is written, exit handlers run, the code is the command's."""
    script = (
        "import atexit, sys\n"
        "from planner.cli import process\n"
        "process.own()\n"
        "process.start(long_running=False)\n"
        "atexit.register(lambda: sys.stderr.write('handler ran'))\n"
        "sys.stdout.write('太原' * 1000)\n"
        "process.leave(3)\n"
    )
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # stdout holds the text
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=buffered)
    assert (done.returncode, done.stdout, done.stderr) == (3, "太原" * 1000, "handler ran")


def test_a_reader_that_stops_early_gets_a_one_line_error():
    """`planner events -f json | head`: the broken pipe is one line on stderr and exit code 2, as ever."""
    with subprocess.Popen([sys.executable, "-m", "planner", "events", "--format", "json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as running:  # fmt: skip
        assert running.stdout is not None and running.stderr is not None
        assert running.stdout.read(15) == b'[\n  {\n    "uid"'
        running.stdout.close()
        error = running.stderr.read().decode()
        assert running.wait(timeout=120) == 2
    assert error.startswith("error: ") and "pipe" in error.lower() and len(error.strip().splitlines()) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="closes the child's file descriptor 1")
def test_a_closed_stdout_is_no_error():
    """`planner events -f json >&-`: nothing to write to, exit code 0, no message, as ever."""
    done = subprocess.run([sys.executable, "-m", "planner", "events", "--format", "json"], stderr=subprocess.PIPE,
                          preexec_fn=lambda: os.close(1), timeout=120)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")


def test_the_app_in_process_keeps_the_collector():
    """Tests and library users call the app in their own process: its collector stays on."""
    result = runner.invoke(app, ["events", "--format", "json"])
    assert result.exit_code == 0 and gc.isenabled()


@pytest.fixture
def owned_process(monkeypatch: pytest.MonkeyPatch):
    """The process as the console script owns it; the collector back on afterwards."""
    monkeypatch.setattr(process, "_owned", True)
    monkeypatch.setattr(process, "_brief", False)
    monkeypatch.setattr(process, "_kept", [])
    yield
    gc.enable()


def test_a_short_command_of_the_console_script_runs_without_the_collector(owned_process):
    """A one-shot command leaves its memory to the OS: no collections, what it built kept until the exit."""
    result = runner.invoke(app, ["events", "--format", "json"])
    assert result.exit_code == 0 and not gc.isenabled()
    assert process._kept  # the plan and schedule, freed by the OS when the process ends


@pytest.mark.parametrize("args", [("publish", "--caldav", "http://127.0.0.1:9/"), ("serve", "--dir", "/nonexistent/feeds")])
def test_long_running_commands_keep_the_collector(owned_process, args):
    """`serve` and `publish` run until stopped, talking to clients and servers: their cycles are collected."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2 and result.stderr.startswith("error: ")  # nothing listens on port 9; no such directory
    assert gc.isenabled() and not process._kept
