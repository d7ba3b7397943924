"""Time reading and scheduling: the embedded plan, and a synthetic plan 100 times larger.

    python benchmarks/bench.py [--copies 100] [--repeat 3]

The big plan is written to a temporary directory by make_big_plan.py and removed afterwards.
Each figure is the best of --repeat runs (the big plan runs once).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_plan import write_big_plan  # noqa: E402

from planner.config import Config  # noqa: E402
from planner.plan import load_plan  # noqa: E402
from planner.schedule import department_loads, schedule_plan  # noqa: E402

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[T, float, float]:
    """Result, best wall-clock seconds and best CPU seconds (CPU is steadier on a busy machine)."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return result, wall, cpu  # type: ignore[return-value]


def report(label: str, path: Path | None, repeat: int) -> None:
    plan, read_wall, read_cpu = timed(lambda: load_plan(path), repeat)
    schedule, wall, cpu = timed(lambda: schedule_plan(plan, Config()), repeat)
    rows = department_loads(schedule)
    at = sum(r.above_bound <= 0 for r in rows)
    one = sum(r.above_bound == 1 for r in rows)
    print(f"{label}: {len(plan.tasks)} tasks, {len(schedule.events)} events, {len(rows)} departments")
    print(f"  load_plan     {read_wall:7.3f} s wall  {read_cpu:7.3f} s cpu")
    print(f"  schedule_plan {wall:7.3f} s wall  {cpu:7.3f} s cpu")
    print(f"  peak month load naive {max(r.naive_peak for r in rows)} -> balanced {max(r.peak for r in rows)}; "
          f"at bound {at}, bound+1 {one}, above {len(rows) - at - one}; unscheduled {len(schedule.unscheduled)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report("embedded plan", None, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        big = write_big_plan(Path(tmp) / "big-plan.tsv", args.copies)
        report(f"synthetic plan x{args.copies}", big, 1)


if __name__ == "__main__":
    main()
