"""The process the console script runs a command in: what a short run may leave to the OS.

A command like `planner events` builds millions of small objects (plan, schedule, records),
writes its output and ends. In such a run the cyclic collector finds nothing worth its time
(reading and scheduling make no cycles, see planner.collector), yet it walks everything built
again and again: after each `collector.paused()` block, during the output, and once more when
the interpreter shuts down, which then frees every object one by one. At a 10x plan that is
about 0.1 s of a 0.9 s run, spent on memory the OS takes back at once when the process ends.

So when the console script owns the process (`planner.cli.main`: never when tests call the app
through CliRunner, or when planner is used as a library), a one-shot command runs with the
collector off and keeps what it built until the end (`keep`), and the process ends with
`os._exit` once stdout and stderr are flushed. Long-running commands (`serve`, `publish`: a
server, a network client with its retries) are excluded: their cycles must be collected.

The exit stays as the interpreter's would be: the same code, every byte written (flushed first),
exit handlers run; where a flush fails (a closed or broken stdout), another thread still runs or a
profiler, tracer or debugger watches (`python -m cProfile -m planner` prints its statistics after
the run), the usual `sys.exit` takes over and fails, waits or reports as it always did.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

_owned = False  # the console script runs this process (set by planner.cli.main)
_brief = False  # a one-shot command has started: collector off, teardown left to the OS
_kept: list[object] = []  # what the command built, freed by the OS rather than object by object


def own() -> None:
    """The console script runs this process: its commands may leave memory to the OS."""
    global _owned
    _owned = True


def start(long_running: bool) -> None:
    """A command starts; a one-shot one in a process the console script owns runs without the collector."""
    global _brief
    if _owned and not long_running:
        gc.disable()  # for good: the process ends with the command (see the module's docstring)
        _brief = True


def keep(value: object) -> None:
    """Keep the value until the process ends, so that the end of the command does not free it
    object by object (only in a brief run: elsewhere it is freed as usual)."""
    if _brief:
        _kept.append(value)


def leave(code: int) -> NoReturn:
    """End the process with the exit code: at once after a brief run, else through sys.exit."""
    if _brief and threading.active_count() == 1 and not _watched():
        atexit._run_exitfuncs()  # first, as at a normal exit: what they print is flushed too (they run once)
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):  # broken pipe, full disk, closed stream: as sys.exit handles them
            pass
        else:
            os._exit(code)
    sys.exit(code)


def _watched() -> bool:
    """Does a profiler, tracer, debugger or coverage tool follow the run? It reports at exit.

    Up to Python 3.11 they hook in through setprofile/settrace; from 3.12 cProfile, coverage and
    debuggers may register a sys.monitoring tool instead, which neither hook shows."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))
