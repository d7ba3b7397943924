"""What every command shares: one-line errors with exit code 2, and help for each command."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from planner.cli import app

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
