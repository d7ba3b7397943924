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

from planner.i18n import _
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
    tasks.sort(key=lambda t: (first_line[t.city], t.city, t.seq, t.sub))
    events = tuple(events)
    rows = _task_rows(tasks, events) if by == "task" else _department_rows(tasks, events, departments)
    heading = title or _("{year} 年抽查时间线").format(year=year)
    return Timeline(year, tuple(rows), by, heading, month, look)


def _task_rows(tasks: Sequence[Task], events: Sequence[Event]) -> list[Row]:
    by_task: dict[str, list[Event]] = {}
    for event in events:
        for task in event.tasks:  # a joint 一业一查 visit is on every merged task's row
            by_task.setdefault(task.key, []).append(event)
    rows = []
    for task in tasks:
        own = by_task.get(task.key, [])
        rows.append(Row(
            group=task.city,
            seq=task.number,
            label=task.label,
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
        for department in event.departments():
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


@dataclass(frozen=True)
class _Widths:
    """Display cells of each column, fitted to the console width."""

    seq: int  # 0: no 序号 column (department rows)
    name: int
    lead: int  # 0: no 牵头 column (narrow consoles)
    month: int
    total: int


def _widths(view: Timeline, width: int) -> _Widths:
    total = max(2, max((len(r.count) for r in view.rows), default=1))
    seq = max((len(r.seq) for r in view.rows), default=0)
    seq = max(seq, cell_len(_("序号"))) if seq else 0
    lead = min(16, max((cell_len(r.lead) for r in view.rows), default=0)) if view.by == "task" and width >= 120 else 0
    columns = 3 + bool(seq) + bool(lead)
    free = width - 3 * (columns - 1) - seq - lead - total  # three cells of rule and padding between columns
    month = max(2, min(MAX_MONTH_CELLS, (free - MIN_NAME_CELLS) // 12))
    longest = max((cell_len(r.label) for r in view.rows), default=4)
    return _Widths(seq, max(4, min(free - 12 * month, longest)), lead, month, total)


def _table(view: Timeline, width: int) -> Table:
    cells = _widths(view, width)
    table = Table(
        title=view.title, box=view.look.head_box, show_edge=False, pad_edge=False,
        caption=_legend(view), caption_justify="left", title_justify="left",
    )
    if cells.seq:
        table.add_column(_("序号"), width=cells.seq, justify="right", no_wrap=True)
    table.add_column(_("部门") if view.by == "dept" else _("任务"), width=cells.name, no_wrap=True)
    if cells.lead:
        table.add_column(_("牵头"), width=cells.lead, no_wrap=True)
    table.add_column(_ruler(cells.month, view.month), width=12 * cells.month, no_wrap=True)
    table.add_column(_("轮") if view.by == "task" else _("次"), width=cells.total, justify="right", no_wrap=True)

    cities = list(dict.fromkeys(row.group for row in view.rows))  # in the order rows were built
    for city in cities:
        if len(cities) > 1:
            heading: list[str | Text] = [""] * len(table.columns)
            heading[1 if cells.seq else 0] = Text(city, style="bold")
            table.add_row(*heading)
        for row in (r for r in view.rows if r.group == city):
            table.add_row(*_row_cells(view, row, cells))
    return table


def _row_cells(view: Timeline, row: Row, cells: _Widths) -> list[str | Text]:
    label = row.label if cell_len(row.label) <= cells.name else short_name(row.label)
    out: list[str | Text] = [row.seq] if cells.seq else []
    out.append(pad(label, cells.name))
    if cells.lead:
        out.append(pad(row.lead, cells.lead))
    out.append(_bar(view, row, cells.month))
    short = row.count != str(row.total) or not row.total  # rounds missing: the schedule could not place them
    out.append(Text(row.count, style="bold red" if short else ""))
    return out


def _ruler(month_cells: int, highlight: int | None) -> Text:
    ruler = Text(no_wrap=True)
    for month in range(1, 13):
        label = _("{m}月").format(m=month) if month_cells >= 5 else str(month)  # the ruler: "3" in English
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
        text = _("{window} 可检查月份  {event} 已排的一轮检查  轮 全年轮次").format(window=look.window, event=look.event)
    else:
        text = _("{window} 有任务可查  数字 该时段开始的检查数（+ 表示 10 个以上）  次 全年合计").format(window=look.window)
    return Text(text, style="dim")


__all__ = ["Timeline", "timeline"]
