"""The year as a Gantt chart: one row per task (or per department), twelve month columns.

A task's window is drawn as a light bar and each scheduled round as a solid block on it; a
department row shows, in each slice of a month, how many of its inspections start there.
The layout adapts to the width it is given (80 columns and up).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from planner.model import Department, Event, Task
from planner.render.cells import Look, pad, short_name

MAX_MONTH_CELLS = 6
MIN_NAME_CELLS = 20


@dataclass(frozen=True)
class Row:
    group: str  # city, shown as a heading when several cities are on screen
    seq: str
    label: str
    lead: str
    months: frozenset[int]  # months inside a window
    spans: tuple[tuple[date, date], ...]  # task rows: each round, start..end
    starts: tuple[date, ...]  # department rows: each start
    total: int
    planned: int = 0  # task rows: rounds the plan asks for, when known from the events

    @property
    def count(self) -> str:
        """Rounds placed, with the planned number when some could not be placed."""
        return f"{self.total}/{self.planned}" if self.planned > self.total else str(self.total)


@dataclass(frozen=True)
class Timeline:
    """A renderable Gantt year; build it with `timeline()`."""

    year: int
    rows: tuple[Row, ...]
    by: str
    title: str
    month: int | None
    look: Look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _table(self, options.max_width)


def timeline(
    tasks: Iterable[Task],
    events: Iterable[Event],
    *,
    year: int,
    by: str = "task",
    departments: Sequence[Department] = (),
    month: int | None = None,
    title: str = "",
    look: Look = Look(),
) -> Timeline:
    """The timeline of `tasks` with their scheduled `events`; `by` is "task" or "dept"."""
    tasks = list(tasks)
    # Cities in the plan's own order (太原 first in the Shanxi plan), tasks by 序号 within each.
    first_line: dict[str, int] = {}
    for task in tasks:
        first_line[task.city] = min(first_line.get(task.city, task.source_line), task.source_line)
    tasks.sort(key=lambda t: (first_line[t.city], t.city, t.seq))
    events = tuple(events)
    rows = _task_rows(tasks, events) if by == "task" else _department_rows(tasks, events, departments)
    heading = title or f"{year} 年抽查时间线"
    return Timeline(year, tuple(rows), by, heading, month, look)


def _task_rows(tasks: Sequence[Task], events: Sequence[Event]) -> list[Row]:
    by_task: dict[str, list[Event]] = {}
    for event in events:
        by_task.setdefault(event.task.key, []).append(event)
    rows = []
    for task in tasks:
        own = by_task.get(task.key, [])
        rows.append(Row(
            group=task.city,
            seq=str(task.seq),
            label=task.name,
            lead="、".join(ref.department.name for ref in task.lead),
            months=frozenset(m for w in task.windows for m in w.months()),
            spans=tuple((e.start, e.end) for e in own),
            starts=(),
            total=len(own),
            planned=max((e.rounds for e in own), default=0),
        ))
    return rows


def _department_rows(tasks: Sequence[Task], events: Sequence[Event], only: Sequence[Department]) -> list[Row]:
    months: dict[Department, set[int]] = {}
    for task in tasks:
        for department in task.departments():
            months.setdefault(department, set()).update(m for w in task.windows for m in w.months())
    starts: dict[Department, list[date]] = {d: [] for d in months}
    for event in events:
        for department in event.task.departments():
            if department in starts:
                starts[department].append(event.start)
    shown = [d for d in months if not only or d in only]
    # The busiest departments first: that is what a workload review looks for.
    rank = {city: i for i, city in enumerate(dict.fromkeys(t.city for t in tasks))}
    shown.sort(key=lambda d: (rank[d.city], -len(starts[d]), d.name))
    return [
        Row(d.city, "", d.name, "", frozenset(months[d]), (), tuple(starts[d]), len(starts[d]))
        for d in shown
    ]


def _table(view: Timeline, width: int) -> Table:
    cities = list(dict.fromkeys(row.group for row in view.rows))  # in the order rows were built
    several = len(cities) > 1
    total_cells = max(2, max((len(r.count) for r in view.rows), default=1))
    seq_cells = max((len(r.seq) for r in view.rows), default=0)
    seq_cells = max(seq_cells, cell_len("序号")) if seq_cells else 0
    show_lead = view.by == "task" and width >= 120
    lead_cells = min(16, max((cell_len(r.lead) for r in view.rows), default=0)) if show_lead else 0
    columns = 3 + bool(seq_cells) + show_lead
    free = width - 3 * (columns - 1) - seq_cells - lead_cells - total_cells
    month_cells = max(2, min(MAX_MONTH_CELLS, (free - MIN_NAME_CELLS) // 12))
    longest = max((cell_len(r.label) for r in view.rows), default=4)
    name_cells = max(4, min(free - 12 * month_cells, longest))

    table = Table(
        title=view.title, box=view.look.head_box, show_edge=False, pad_edge=False,
        caption=_legend(view), caption_justify="left", title_justify="left",
    )
    if seq_cells:
        table.add_column("序号", width=seq_cells, justify="right", no_wrap=True)
    table.add_column("部门" if view.by == "dept" else "任务", width=name_cells, no_wrap=True)
    if show_lead:
        table.add_column("牵头", width=lead_cells, no_wrap=True)
    table.add_column(_ruler(month_cells, view.month), width=12 * month_cells, no_wrap=True)
    table.add_column("轮" if view.by == "task" else "次", width=total_cells, justify="right", no_wrap=True)

    for city in cities:
        if several:
            heading = [""] * (columns)
            heading[1 if seq_cells else 0] = Text(city, style="bold")
            table.add_row(*heading)
        for row in (r for r in view.rows if r.group == city):
            cells: list[str | Text] = [row.seq] if seq_cells else []
            cells.append(pad(row.label if cell_len(row.label) <= name_cells else short_name(row.label), name_cells))
            if show_lead:
                cells.append(pad(row.lead, lead_cells))
            cells.append(_bar(view, row, month_cells))
            cells.append(Text(row.count, style="bold red" if row.count != str(row.total) or not row.total else ""))
            table.add_row(*cells)
    return table


def _ruler(month_cells: int, highlight: int | None) -> Text:
    ruler = Text(no_wrap=True)
    for month in range(1, 13):
        label = f"{month}月" if month_cells >= 5 else str(month)
        ruler.append(pad(label, month_cells), style="reverse" if month == highlight else "")
    return ruler


def _cell(year: int, day: date, month_cells: int) -> int:
    """Which bar cell (0 .. 12*month_cells-1) a day falls in."""
    days_in_month = calendar.monthrange(year, day.month)[1]
    return (day.month - 1) * month_cells + (day.day - 1) * month_cells // days_in_month


def _bar(view: Timeline, row: Row, month_cells: int) -> Text:
    look = view.look
    marks: Counter[int] = Counter()
    for start, end in row.spans:
        if start.year == view.year:
            last = _cell(view.year, end, month_cells) if end.year == view.year else 12 * month_cells - 1
            marks.update(range(_cell(view.year, start, month_cells), last + 1))
    for start in row.starts:
        if start.year == view.year:
            marks[_cell(view.year, start, month_cells)] += 1

    bar = Text(no_wrap=True)
    for index in range(12 * month_cells):
        month = index // month_cells + 1
        # Plain foreground styles only: the room may project a light or a dark terminal.
        if marks[index]:
            char = _count_char(marks[index]) if row.starts else look.event
            style = "bold" if month in row.months else "bold red"  # red: a round outside its window
        elif month in row.months:
            char, style = look.window, "dim"
        else:
            char, style = " ", ""
        if month == view.month:
            style = (style + " underline").strip()
        bar.append(char, style=style)
    return bar


def _count_char(count: int) -> str:
    return str(count) if count < 10 else "+"


def _legend(view: Timeline) -> Text:
    look = view.look
    if view.by == "task":
        text = f"{look.window} 可检查月份  {look.event} 已排的一轮检查  轮 全年轮次"
    else:
        text = f"{look.window} 有任务可查  数字 该时段开始的检查数（+ 表示 10 个以上）  次 全年合计"
    return Text(text, style="dim")


__all__ = ["Timeline", "timeline"]
