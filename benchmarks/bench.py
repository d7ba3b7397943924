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
from planner.load import monthly_load, peaks  # noqa: E402
from planner.read import load_plan  # noqa: E402
from planner.schedule import schedule_plan  # noqa: E402

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[T, float]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best  # type: ignore[return-value]


def report(label: str, path: Path | None, repeat: int) -> None:
    plan, read_s = timed(lambda: load_plan(path), repeat)
    schedule, schedule_s = timed(lambda: schedule_plan(plan, Config()), repeat)
    balanced = peaks(monthly_load(schedule.events))
    bounds = dict(schedule.lower_bounds)
    gaps = [balanced.get(d, 0) - b for d, b in bounds.items()]
    print(
        f"{label}: {len(plan.tasks)} tasks, {len(schedule.events)} events, {len(bounds)} departments | "
        f"load_plan {read_s:.3f} s, schedule {schedule_s:.3f} s, total {read_s + schedule_s:.3f} s | "
        f"at bound {sum(g <= 0 for g in gaps)}, +1 {sum(g == 1 for g in gaps)}, more {sum(g > 1 for g in gaps)}, "
        f"unscheduled {len(schedule.unscheduled)}"
    )


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
