"""Progress on a terminal, silence in pipes and with --quiet (`planner build`)."""

from __future__ import annotations

import os
import pty
import sys
from pathlib import Path

import pytest

from tests.plans import FIRST, write_plan

SPINNER_OR_BAR = "━"


def run_in_terminal(args: list[str], cwd: Path) -> str:
    """Run planner in a pseudo-terminal (as a person at a terminal would) and return what it showed."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover  (the child)
        os.chdir(cwd)
        os.environ["COLUMNS"] = "100"
        os.execv(sys.executable, [sys.executable, "-m", "planner", *args])
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.waitpid(pid, 0)
    return out.decode("utf-8", errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_build_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path, FIRST))
    shown = run_in_terminal(["build", plan, "--no-samples"], tmp_path)
    assert SPINNER_OR_BAR in shown and "/5" in shown
    quiet = run_in_terminal(["build", plan, "--no-samples", "--quiet"], tmp_path)
    assert SPINNER_OR_BAR not in quiet and "tasks" in quiet


def test_build_in_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    import subprocess

    plan = str(write_plan(tmp_path, FIRST))
    done = subprocess.run([sys.executable, "-m", "planner", "build", plan, "--no-samples"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert SPINNER_OR_BAR not in done.stderr and "\x1b[" not in done.stderr
