"""Pins: rounds a coordinator dated by hand ("太原/54" = 2024-05-13, "太原/387/r3" = 2024-06-03).

A pin names a task by city and 序号, and a round by /rN; a task pinned without a round pins the
round whose months hold the day. The day must be a working day in that round's months with the
task's working days after it still inside them; anything else is a one-line error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from planner.errors import ConfigError
from planner.model import Round, Task
from planner.rounds import allowed_months, expand
from planner.select import resolve_city
from planner.workdays import WorkCalendar

_KEY = re.compile(r"^\s*([^/]+?)\s*/\s*(\d+)\s*(?:/\s*[rR第]?(\d+)轮?\s*)?$")


def resolve_pins(
    pins: Sequence[tuple[str, date]], tasks: Sequence[Task], calendar: WorkCalendar, durations: dict[int, int], source: str
) -> dict[tuple[int, int], int]:
    """(id(task), round index) -> calendar index of the pinned start, every pin checked."""
    result: dict[tuple[int, int], int] = {}
    source = source if source != "defaults" else "--pin"  # no config file: the pins came from the command line
    for key, day in pins:
        round_ = _round(key, day, tasks, source)
        where = f"pin {key} = {day}"
        if not calendar.is_working(day):
            raise ConfigError(f"{where}: not a working day", file=source, hint="pin a working day (weekends and holidays are off)")
        months = allowed_months(round_)
        if day.month not in months:
            span = f"{months[0]}月—{months[-1]}月" if months else "none"
            raise ConfigError(f"{where}: outside the round's months ({span})", file=source, hint="pin a day inside its window")
        start = calendar.index(day)
        length = durations[id(round_.task)]
        run = calendar.days[start : start + length]
        if len(run) < length or any(d.month not in months for d in run):
            raise ConfigError(f"{where}: its {length} working days do not fit before the window ends", file=source)
        result[id(round_.task), round_.index] = start
    return result


def _round(key: str, day: date, tasks: Sequence[Task], source: str) -> Round:
    found = _KEY.match(key)
    if not found:
        raise ConfigError(f"pin {key!r} is not 城市/序号 or 城市/序号/r轮次", file=source, hint='e.g. "太原/54" or "太原/387/r3"')
    city = resolve_city(tasks, found.group(1))
    task = next((t for t in tasks if t.city == city and t.seq == int(found.group(2))), None)
    if task is None:
        raise ConfigError(f"pin {key}: {city} has no task {found.group(2)}", file=source)
    rounds = expand(task)
    if found.group(3):
        index = int(found.group(3))
        if not 1 <= index <= len(rounds):
            raise ConfigError(f"pin {key}: {city} {task.seq}号 has {len(rounds)} round(s)", file=source)
        return rounds[index - 1]
    holding = [r for r in rounds if day.month in allowed_months(r)]
    if not holding:
        if not rounds:
            raise ConfigError(f"pin {key}: {city} {task.seq}号 has no round to pin", file=source)
        return rounds[0]  # reported as outside its months by the caller
    return holding[0]
