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
from planner.i18n import _
from planner.model import Round, Task
from planner.rounds import allowed_months, expand
from planner.select import resolve_city
from planner.workdays import WorkCalendar

# 城市/序号 or 城市/序号/r轮次 (also 第3轮); \u7b2c is 第 and \u8f6e is 轮: a pattern, not text to translate
_KEY = re.compile(r"^\s*([^/]+?)\s*/\s*(\d+)\s*(?:/\s*[rR\u7b2c]?(\d+)\u8f6e?\s*)?$")


def resolve_pins(
    pins: Sequence[tuple[str, date]], tasks: Sequence[Task], calendar: WorkCalendar, durations: dict[int, int], source: str
) -> dict[tuple[int, int], int]:
    """(id(task), round index) -> calendar index of the pinned start, every pin checked."""
    result: dict[tuple[int, int], int] = {}
    source = source if source != "defaults" else "--pin"  # no config file: the pins came from the command line
    for key, day in pins:
        round_ = _round(key, day, tasks, source)
        where = _("固定日期 {key} = {day}").format(key=key, day=day)
        if not calendar.is_working(day):
            raise ConfigError(_("{where}：不是工作日").format(where=where), file=source, hint=_("请固定在工作日（周末和节假日休息）"))
        months = allowed_months(round_)
        if day.month not in months:
            span = _("{start}月—{end}月").format(start=months[0], end=months[-1]) if months else _("无")
            raise ConfigError(_("{where}：不在该轮可排月份内（{span}）").format(where=where, span=span), file=source,
                              hint=_("请固定在其时间窗内的一天"))
        start = calendar.index(day)
        length = durations[id(round_.task)]
        run = calendar.days[start : start + length]
        if len(run) < length or any(d.month not in months for d in run):
            raise ConfigError(_("{where}：时间窗结束前放不下它的 {days} 个工作日").format(where=where, days=length), file=source)
        result[id(round_.task), round_.index] = start
    return result


def _round(key: str, day: date, tasks: Sequence[Task], source: str) -> Round:
    found = _KEY.match(key)
    if not found:
        raise ConfigError(_("固定日期 {key!r} 不是 城市/序号 或 城市/序号/r轮次").format(key=key), file=source,
                          hint=_("如 \"太原/54\" 或 \"太原/387/r3\""))
    city = resolve_city(tasks, found.group(1))
    task = next((t for t in tasks if t.city == city and t.seq == int(found.group(2))), None)
    if task is None:
        raise ConfigError(_("固定日期 {key}：{city} 没有序号 {seq} 的任务").format(key=key, city=city, seq=found.group(2)), file=source)
    rounds = expand(task)
    if found.group(3):
        index = int(found.group(3))
        if not 1 <= index <= len(rounds):
            raise ConfigError(_("固定日期 {key}：{city} {seq}号 只有 {count} 轮").format(key=key, city=city, seq=task.seq, count=len(rounds)),
                              file=source)
        return rounds[index - 1]
    holding = [r for r in rounds if day.month in allowed_months(r)]
    if not holding:
        if not rounds:
            raise ConfigError(_("固定日期 {key}：{city} {seq}号 没有可固定的轮次").format(key=key, city=city, seq=task.seq), file=source)
        return rounds[0]  # reported as outside its months by the caller
    return holding[0]
