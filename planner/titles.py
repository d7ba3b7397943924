"""Titles that tell tasks apart: where a city lists several tasks under one name, add what each inspects.

The Shanxi plan lists, for example, four 太原 tasks named 涉消耗臭氧层物质(ODS)的生产… that differ
only in their 抽查事项; in a calendar they would be four identical entries. Such tasks get the
item after the name (cut to a readable length); where even the item repeats, the 序号.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from planner.model import Task

ITEM_CELLS = 24  # characters of the item shown after a repeated name
_LEAD_IN = re.compile(r"^(\d+[.、．]\s*|对)")


def with_distinct_titles(tasks: Sequence[Task]) -> tuple[Task, ...]:
    """The tasks, each task whose (city, name) repeats given a `title` that is unique in its city."""
    names = Counter((t.city, t.name) for t in tasks)
    shorts = {i: short_item(t.item) for i, t in enumerate(tasks) if names[t.city, t.name] > 1}  # only repeated names need it
    items = Counter((tasks[i].city, tasks[i].name, short) for i, short in shorts.items())
    titled = []
    for i, task in enumerate(tasks):
        if i not in shorts:
            titled.append(task)
        elif task.item and items[task.city, task.name, shorts[i]] == 1:
            titled.append(replace(task, title=f"{task.name}（{shorts[i]}）"))
        else:
            titled.append(replace(task, title=f"{task.name}（序号{task.number}）"))
    # a title that still repeats (a name that happens to equal another's title): the 序号 settles it
    repeated = Counter((t.city, t.label) for t in titled)
    return tuple(replace(t, title=f"{t.label}（序号{t.number}）") if repeated[t.city, t.label] > 1 else t for t in titled)


def short_item(item: str) -> str:
    text = _LEAD_IN.sub("", item.strip()).split("；")[0].rstrip("。；;")
    return text if len(text) <= ITEM_CELLS else text[: ITEM_CELLS - 1] + "…"
