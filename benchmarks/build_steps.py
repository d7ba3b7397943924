"""CPU seconds of each step of `planner build` (read, schedule, check, calendars, samples), as JSON.

    python benchmarks/build_steps.py [PLAN] [--out DIR]

Runs planner.build.build in this process with a step callback and prints {"read": 0.41, ...}
(CPU time of the process between the step's start and the next one's). The build writes into
DIR (default: the current directory), as `planner build` does; bench.py runs it in a scratch one.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from planner.build import STEPS, build
from planner.config import Config


def step_times(plan: Path | None, out: Path) -> dict[str, float]:
    marks: list[tuple[str, float]] = []
    build(plan, Config(), calendars=out / "calendars", samples=out / "sample_output",
          on_step=lambda step: marks.append((step, time.process_time())))
    marks.append(("end", time.process_time()))
    return {step: round(after - before, 3) for (step, before), (_, after) in zip(marks, marks[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path, nargs="?")
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args()
    times = step_times(args.plan, args.out)
    assert tuple(times) == STEPS, times
    print(json.dumps(times))


if __name__ == "__main__":
    main()
