"""Measure what the schedule means for the people on it (issue 10's figures).

    python benchmarks/schedule_quality.py [PLAN] [--no-merge]

Prints: joint visits and visits saved, duplicate events, events split over a day off, days on
which a department runs more events than its daily capacity (split into those its own month's
workload forces and avoidable ones), rounds closer than the spacing rule, departments above
their lower bound, and per city how far starts per month stray from the windows' capacity.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from planner.check.double_booking import month_room
from planner.check.duplicates import exact_duplicates
from planner.config import Config
from planner.load import running_months, start_spread
from planner.model import Event
from planner.plan import load_plan
from planner.rounds import min_spacing_days
from planner.schedule import department_loads, schedule_plan
from planner.workdays import calendar_for


def is_split(event: Event) -> bool:
    return (event.days[-1] - event.days[0]).days + 1 != len(event.days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", type=Path)
    parser.add_argument("--no-merge", action="store_true")
    args = parser.parse_args()
    plan = load_plan(args.plan)
    config = replace(Config(), merge=not args.no_merge)
    wall, cpu = time.perf_counter(), time.process_time()
    schedule = schedule_plan(plan, config)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    events = schedule.events
    calendar = calendar_for(config, schedule.year)
    joint = [e for e in events if e.joined]
    dups = {id(t) for g in exact_duplicates(plan.tasks) for t in g[1:]}
    print(f"schedule_plan {wall:.2f} s wall, {cpu:.2f} s cpu; {len(events)} events")
    print(f"joint visits {len(joint)}, visits saved {sum(len(e.joined) for e in joint)}")
    print(f"duplicate events {sum(1 for e in events for t in e.tasks if id(t) in dups)} (folded tasks {len(schedule.folded)})")
    split = sum(map(is_split, events))
    print(f"split events {split} ({100 * split / max(1, len(events)):.1f}%)")
    running: dict[tuple[object, object], list[Event]] = defaultdict(list)
    for e in events:
        for d in e.departments():
            for day in e.days:
                running[d, day].append(e)
    double = [(d, day) for (d, day), es in running.items() if len(es) > config.daily_capacity_for(d)]  # type: ignore[arg-type]
    by_month: Counter[tuple[object, int]] = Counter()
    durations: dict[tuple[object, int], list[int]] = defaultdict(list)
    for e in events:
        for d in e.departments():
            for m in running_months(e):
                by_month[d, m] += 1
                durations[d, m].append(e.working_days)
    avoidable = [
        (d, day) for d, day in double
        if by_month[d, day.month] <= month_room(calendar, day.month, min(durations[d, day.month])) * config.daily_capacity_for(d)  # type: ignore[arg-type]
    ]
    print(f"double-running department-days {len(double)}, avoidable {len(avoidable)}")
    for d, day in sorted(avoidable, key=lambda x: (x[0].city, x[0].name, x[1]))[:10]:  # type: ignore[attr-defined]
        print(f"    avoidable: {d.city}/{d.name} {day} (month load {by_month[d, day.month]})")  # type: ignore[attr-defined]
    rounds: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in events:
        for t in e.tasks:
            rounds[id(t), 0].append(e)
    closest = []
    breaches = 0
    tasks = {id(t): t for t in plan.tasks}
    for (tid, _), es in rounds.items():
        if len(es) < 2:
            continue
        es.sort(key=lambda e: e.start)
        need = min_spacing_days(tasks[tid], schedule.year)
        gaps = [(b.start - a.start).days for a, b in zip(es, es[1:])]
        breaches += sum(g < need for g in gaps)
        closest.append(min(gaps) / need if need else 9)
    print(f"spacing-rule breaches {breaches} over {len(closest)} multi-round tasks")
    rows = department_loads(schedule)
    print(f"departments above their bound {sum(r.peak > r.bound for r in rows)} of {len(rows)}; "
          f"peak naive {max(r.naive_peak for r in rows)} -> balanced {max(r.peak for r in rows)}")
    spread = start_spread(events)
    print("starts per month (all cities):", dict(sorted(Counter(e.start.month for e in events).items())))
    worst = max(spread, key=lambda s: s.deviation)
    print(f"start spread deviation: mean {sum(s.deviation for s in spread) / len(spread):.1%}, worst {worst.city} {worst.deviation:.1%}")


if __name__ == "__main__":
    main()
