"""Write a plan as a TaskJuggler 3 project: the same rounds and department resources planner schedules.

The anchor of the benchmark: `tj3 project.tjp` does the work `planner events` does (read and
schedule), so their times can be compared. Each department of the plan (city, name) is a resource
working at most one event a day; each round of a task (planner.rounds) is a task that may start no
earlier than the first day of its months, takes the task's duration in working days and allocates
every department of the task. Days off are China's statutory holidays of the year (as leaves;
TaskJuggler has no notion of a make-up working Saturday, so those stay off).

tj3 reads the project start in UTC: a project starting at 00:00 on the plan's first day in
Asia/Shanghai starts the evening before in UTC and then rejects tasks on that first day. The
project therefore starts a day before the year and uses UTC throughout.

    python benchmarks/taskjuggler.py OUT.tjp [--plan PLAN.tsv]
"""

from __future__ import annotations

import argparse
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

from planner.config import Config
from planner.model import Department, Plan
from planner.plan import load_plan
from planner.rounds import allowed_months, expand
from planner.schedule import plan_year


def tjp_text(plan: Plan, config: Config) -> str:
    year = plan_year(plan, config)
    resources: dict[Department, str] = {}
    for task in plan.tasks:
        for department in task.departments():
            resources.setdefault(department, f"r{len(resources) + 1}")
    lines = [
        f'project plan "{_quoted(plan.label)}" {date(year - 1, 12, 31)} - {date(year + 1, 1, 1)} {{',
        '  timezone "UTC"',
        "}",
    ]
    lines += [f'leaves holiday "休" {day}' for day in _holidays(year)]
    lines += [
        f'resource {rid} "{_quoted(d.city + "/" + d.name)}" {{ limits {{ dailymax 8h }} }}' for d, rid in resources.items()
    ]
    n = 0
    for task in plan.tasks:
        duration = config.duration_for(task)
        departments = ", ".join(resources[d] for d in task.departments())
        for round_ in expand(task):
            months = allowed_months(round_)
            if not months or not departments:
                continue
            n += 1
            first = date(year, months[0], 1)
            last = date(year, months[-1], monthrange(year, months[-1])[1])
            lines += [
                f'task t{n} "{_quoted(task.city + " " + str(task.seq) + " " + task.name)} 第{round_.index}轮" {{',
                f"  start {first}",
                f"  maxend {last + timedelta(days=1)}",
                f"  effort {duration * len(task.departments())}d",
                f"  allocate {departments}",
                "}",
            ]
    return "\n".join(lines) + "\n"


def _holidays(year: int) -> list[date]:
    first = date(year, 1, 1)
    days = (first + timedelta(n) for n in range((date(year + 1, 1, 1) - first).days))
    return [d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d)]


def _quoted(text: str) -> str:
    return " ".join(text.replace("\\", "/").replace('"', "'").split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plan", type=Path, help="default: the embedded plan")
    args = parser.parse_args()
    args.out.write_text(tjp_text(load_plan(args.plan), Config()), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
