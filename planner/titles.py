"""Titles that tell tasks apart: where a city lists several tasks under one name, add what each inspects.

The Shanxi plan lists, for example, four 太原 tasks named 涉消耗臭氧层物质(ODS)的生产… that differ
only in their 抽查事项; in a calendar they would be four identical entries. Such tasks get the
item after the name (cut to a readable length); where even the item repeats, the 序号.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter, itemgetter

from planner.model import Task, evolve

ITEM_CELLS = 24  # characters of the item shown after a repeated name
_LEAD_IN = re.compile(r"^(\d+[.、．]\s*|对)")


def with_distinct_titles(tasks: Sequence[Task]) -> tuple[Task, ...]:
    """The tasks, each task whose (city, name) repeats given a `title` that is unique in its city."""
    # each task is read once here (a big plan's tasks are many cache misses apart)
    read = list(map(_CITY_NAME_TITLE, tasks))
    keys = list(map(_CITY_NAME, read))
    names = Counter(keys)
    shorts = {i: short_item(tasks[i].item) for i, key in enumerate(keys) if names[key] > 1}  # only repeated names need it
    items = Counter((*keys[i], short) for i, short in shorts.items())
    titled = list(tasks)
    labels = [(city, title or name) for city, name, title in read]  # what calendars call each task, by city
    for i, short in shorts.items():
        task = tasks[i]
        if task.item and items[(*keys[i], short)] == 1:
            titled[i] = evolve(task, title=f"{task.name}（{short}）")
        else:
            titled[i] = evolve(task, title=f"{task.name}（序号{task.number}）")
        labels[i] = (task.city, titled[i].title)
    # a title that still repeats (a name that happens to equal another's title): the 序号 settles it
    repeated = Counter(labels)
    if len(repeated) == len(titled):  # every (city, label) once: the common case
        return tuple(titled)
    return tuple(
        evolve(t, title=f"{label}（序号{t.number}）") if repeated[city, label] > 1 else t
        for t, (city, label) in zip(titled, labels)
    )


_CITY_NAME_TITLE = attrgetter("city", "name", "title")
_CITY_NAME = itemgetter(0, 1)


def short_item(item: str) -> str:
    text = _LEAD_IN.sub("", item.strip()).split("；")[0].rstrip("。；;")
    return text if len(text) <= ITEM_CELLS else text[: ITEM_CELLS - 1] + "…"
