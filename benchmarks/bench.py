"""Time the whole pipeline, command by command, on the embedded plan and synthetic plans 10× and 100× larger.

    python benchmarks/bench.py [--sizes 1 10 100] [--big] [--repeat 3] [--no-tj3]

Each command runs as its own process (`python -m planner ...`, output to /dev/null, in a scratch
directory) and is measured from the kernel's accounting of that child: CPU seconds (user + system,
steady on a shared machine), wall seconds and peak resident memory. A figure is the best of
--repeat runs at 1× and of one run above. The growth exponent between two sizes is
log(t2 / t1) / log(n2 / n1): 1 is linear, 2 quadratic — a stage that stops being linear shows here.

After the commands, `build` runs once more in the benchmark's own process per size
(benchmarks/build_steps.py) and the table gains a row per step of it (`build: check` …), CPU
seconds, so the step that stops being linear is named.

--big adds a 300× plan (about 200,000 tasks). When TaskJuggler's `tj3` is installed it schedules
the same rounds and department resources (benchmarks/taskjuggler.py) at 1× and 10×, and the table
ends with how many times faster `planner events` is.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_plan import write_big_plan  # noqa: E402
from taskjuggler import tjp_text  # noqa: E402

from planner.config import Config  # noqa: E402
from planner.plan import load_plan  # noqa: E402

# (label, arguments after the plan); every size runs these
PIPELINE = (
    ("tasks", ["tasks", "--format", "json"]),
    ("events", ["events", "--format", "json"]),
    ("check", ["check", "--format", "json"]),
    ("ical", ["ical", "--out", "calendars"]),
    ("build", ["build"]),
)
# the terminal views the targets name, on the embedded plan only
VIEWS = (
    ("tasks (table)", ["tasks"]),
    ("events (table)", ["events"]),
    ("check (text)", ["check"]),
    ("load (table)", ["load"]),
)
TJ3_SIZES = (1, 10)


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    rss_mib: float


# Children run as an installed planner does: with its compiled modules cached. A shell that sets
# PYTHONDONTWRITEBYTECODE would make every child compile all of planner again (about 50 ms a run).
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(argv: list[str], cwd: Path, repeat: int) -> Run:
    """Best CPU, wall and peak RSS of `repeat` runs of argv (exit 0 or 1 — check finds things)."""
    best = Run(math.inf, math.inf, math.inf)
    for _ in range(repeat):
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            process = subprocess.Popen(argv, cwd=cwd, stdout=sink, stderr=subprocess.PIPE, env=CHILD_ENV)
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {error[-2000:]}")
        if process.stderr:
            process.stderr.close()
        run = Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)  # Linux: KiB
        best = Run(min(best.cpu, run.cpu), min(best.wall, run.wall), min(best.rss_mib, run.rss_mib))
    return best


def planner_argv(args: list[str], plan: Path | None) -> list[str]:
    return [sys.executable, "-m", "planner", args[0], *([str(plan)] if plan else []), *args[1:]]


def exponent(small: tuple[int, float], large: tuple[int, float]) -> str:
    (n1, t1), (n2, t2) = small, large
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return "—"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--big", action="store_true", help="also 300 times the embedded plan")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command at 1× (best is kept)")
    parser.add_argument("--no-tj3", action="store_true", help="skip TaskJuggler even when installed")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([300] if args.big else [])))
    tj3 = None if args.no_tj3 else shutil.which("tj3")
    results: dict[tuple[str, int], Run] = {}
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        root = Path(tmp)
        for size in sizes:
            plan = None if size == 1 else write_big_plan(root / f"plan-x{size}.tsv", size)
            work = root / f"x{size}"
            work.mkdir()
            repeat = args.repeat if size == 1 else 1
            commands = PIPELINE + (VIEWS if size == 1 else ())
            for label, command in commands:
                shutil.rmtree(work / "calendars", ignore_errors=True)  # every feed written, none compared
                results[label, size] = run = measure(planner_argv(command, plan), work, repeat)
                print(f"  {label:<16} x{size:<4} {run.cpu:8.2f} s cpu {run.wall:8.2f} s wall {run.rss_mib:8.0f} MiB",
                      file=sys.stderr)
            shutil.rmtree(work / "calendars", ignore_errors=True)
            steps = subprocess.run(
                [sys.executable, str(Path(__file__).resolve().parent / "build_steps.py"), *([str(plan)] if plan else [])],
                cwd=work, capture_output=True, text=True, check=True, env=CHILD_ENV,
            )
            for step, cpu in json.loads(steps.stdout).items():
                results[f"build: {step}", size] = Run(cpu, math.nan, math.nan)
                print(f"  {'build: ' + step:<16} x{size:<4} {cpu:8.2f} s cpu", file=sys.stderr)
            if tj3 and size in TJ3_SIZES:
                project = work / "plan.tjp"
                project.write_text(tjp_text(load_plan(plan), Config()), encoding="utf-8")
                results["tj3", size] = run = measure([tj3, "--silent", "--no-color", str(project)], work, 1)
                print(f"  {'tj3':<16} x{size:<4} {run.cpu:8.2f} s cpu {run.wall:8.2f} s wall", file=sys.stderr)
    print_table(results, sizes)


def print_table(results: dict[tuple[str, int], Run], sizes: list[int]) -> None:
    labels = list(dict.fromkeys(label for label, _ in results))
    head = f"{'command':<16}" + "".join(f"{'x' + str(n) + ' cpu s':>12}{'wall s':>9}{'MiB':>7}" for n in sizes)
    head += "".join(f"{'exp ' + str(a) + '→' + str(b):>12}" for a, b in zip(sizes, sizes[1:]))
    print(head)
    for label in labels:
        line = f"{label:<16}"
        for n in sizes:
            run = results.get((label, n))
            if run is None:
                line += f"{'':12}{'':9}{'':7}"
            elif math.isnan(run.wall):  # a step inside build: CPU only
                line += f"{run.cpu:12.2f}{'':9}{'':7}"
            else:
                line += f"{run.cpu:12.2f}{run.wall:9.2f}{run.rss_mib:7.0f}"
        for a, b in zip(sizes, sizes[1:]):
            ra, rb = results.get((label, a)), results.get((label, b))
            line += f"{exponent((a, ra.cpu), (b, rb.cpu)) if ra and rb else '':>12}"
        print(line)
    for n in TJ3_SIZES:
        if ("tj3", n) in results and ("events", n) in results:
            ratio = results["tj3", n].cpu / results["events", n].cpu
            print(f"planner events vs tj3 at x{n}: {ratio:.1f}x faster (cpu {results['events', n].cpu:.2f} s vs {results['tj3', n].cpu:.2f} s)")


if __name__ == "__main__":
    main()
