"""One month as a calendar grid (like `cal` or gcalcli `calm`) with each department's total.

Weekends sit in the last two columns, statutory holidays carry 休 and 调休 make-up working
days carry 班, as on a Chinese wall calendar, so the grid reads the same without colour.
Each day shows how many inspections start; for chosen departments, which ones (by 序号).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from planner.config import Config
from planner.i18n import N_, _
from planner.load import monthly_load
from planner.model import Department, Event
from planner.render.cells import Look, department_label, fit, short_name

DayTest = Callable[[date], bool]
WEEKDAYS = (N_("一"), N_("二"), N_("三"), N_("四"), N_("五"), N_("六"), N_("日"))
MIN_DAY_CELLS = 6
MAX_DAY_CELLS = 16
MAX_TOTAL_ROWS = 30


@dataclass(frozen=True)
class Total:
    """A department's inspections starting in the month, against its monthly capacity."""

    label: str
    load: int
    capacity: int
    focused: bool  # one of the departments the user asked for


@dataclass(frozen=True)
class Overview:
    """A renderable month; build it with `overview()`."""

    year: int
    month: int
    starts: tuple[tuple[date, tuple[Event, ...]], ...]  # every day of the month, events starting
    kinds: tuple[tuple[date, str], ...]  # "workday" | "weekend" | "holiday" | "makeup"
    totals: tuple[Total, ...]  # focused first, then the busiest
    focused: bool
    title: str
    look: Look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        totals = _totals_table(self, width)
        totals_width = console.measure(totals).maximum
        beside = width - totals_width - 1 >= _grid_width(MIN_DAY_CELLS)
        grid_room = width - totals_width - 1 if beside else width
        grid = _grid(self, _day_cells(grid_room))
        yield Text(self.title, style="bold")
        if beside:
            layout = Table.grid(padding=(0, 1))
            layout.add_column(no_wrap=True)
            layout.add_column(no_wrap=True)
            layout.add_row(grid, totals)
            yield layout
        else:
            yield Group(grid, totals)
        yield _legend(self)


def overview(
    events: Iterable[Event],
    *,
    year: int,
    month: int,
    is_workday: DayTest,
    config: Config,
    focus: Sequence[Department] = (),
    title: str = "",
    look: Look = Look(),
) -> Overview:
    """The calendar of `month`: starts per day (of `focus`'s events, if given) and totals per department."""
    events = tuple(e for e in events if e.start.year == year and e.start.month == month)
    shown = tuple(e for e in events if not focus or set(focus) & set(e.departments()))
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    starts = tuple((day, tuple(e for e in shown if e.start == day)) for day in days)
    kinds = tuple((day, day_kind(day, is_workday)) for day in days)
    heading = title or _("{year}年{month}月").format(year=year, month=month)
    return Overview(year, month, starts, kinds, _totals(events, config, focus), bool(focus), heading, look)


def day_kind(day: date, is_workday: DayTest) -> str:
    """workday, weekend, holiday (休) or makeup (班: a weekend day worked for 调休).

    A day off belongs to a holiday when its run of days off holds a weekday: so the Saturday
    and Sunday inside 劳动节 or 端午 read 休, as on a wall calendar, and a plain weekend does not.
    """
    weekend = day.weekday() >= 5
    if is_workday(day):
        return "makeup" if weekend else "workday"
    run = [day]
    for step in (-1, 1):
        other = day + timedelta(step)
        while not is_workday(other) and abs((other - day).days) <= 14:
            run.append(other)
            other += timedelta(step)
    return "holiday" if any(d.weekday() < 5 for d in run) else "weekend"


def _totals(events: Sequence[Event], config: Config, focus: Sequence[Department]) -> tuple[Total, ...]:
    load = monthly_load(events)  # events are of one month already
    per_department: dict[Department, int] = {d: 0 for d in focus}
    for (department, _month), count in load.items():
        per_department[department] = per_department.get(department, 0) + count
    several = len({d.city for d in per_department}) > 1
    rows = [
        Total(department_label(d, with_city=several), n, config.monthly_capacity_for(d), d in focus)
        for d, n in per_department.items()
    ]
    return tuple(sorted(rows, key=lambda r: (not r.focused, -r.load, r.label)))


def _grid_width(day_cells: int) -> int:
    return 7 * day_cells + 8  # seven columns and eight rules, no padding


def _day_cells(room: int) -> int:
    return max(MIN_DAY_CELLS, min(MAX_DAY_CELLS, (room - 8) // 7))


def _grid(view: Overview, day_cells: int) -> Table:
    gap = 1 if day_cells >= 9 else 0  # breathing room inside the rules when there is space
    inner = day_cells - 2 * gap
    table = Table(box=view.look.box, padding=(0, gap), show_lines=True)
    for index, name in enumerate(WEEKDAYS):
        style = "red" if index >= 5 else ""
        table.add_column(Text(fit(" " + _(name), inner), style=style), width=inner, no_wrap=True)
    kinds = dict(view.kinds)
    starts = dict(view.starts)
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(view.year, view.month):
        table.add_row(*(
            _day(day, kinds[day], starts[day], view.focused, inner) if day.month == view.month else Text("")
            for day in week
        ))
    return table


DAY_STYLE = {"workday": "", "weekend": "red", "holiday": "bold red", "makeup": "bold blue"}
DAY_MARK = {"workday": "", "weekend": "", "holiday": N_("休"), "makeup": N_("班")}


def _day(day: date, kind: str, events: tuple[Event, ...], focused: bool, day_cells: int) -> Text:
    text = Text(no_wrap=True)
    text.append(f"{day.day:>2}", style=DAY_STYLE[kind])
    if DAY_MARK[kind]:
        text.append(" " + _(DAY_MARK[kind]), style=DAY_STYLE[kind])
    if not events:
        return text
    if not focused:
        text.append("\n" + fit(_("{count}项").format(count=f"{len(events):>2}"), day_cells), style="bold")
        return text
    for line in _which(events, day_cells):
        text.append("\n" + line, style="bold")
    return text


def _which(events: tuple[Event, ...], day_cells: int) -> list[str]:
    """The starting events by 序号, with names when the cell is wide enough."""
    labels = [str(e.seq) + (f"/{e.round}" if e.rounds > 1 and day_cells >= 10 else "") for e in events]
    if day_cells >= 12:
        return [fit(f"{label} {short_name(e.task.label)}", day_cells) for label, e in zip(labels, events)]
    lines, line = [], ""
    for label in labels:
        candidate = f"{line} {label}" if line else label
        if cell_len(candidate) > day_cells and line:
            lines.append(line)
            candidate = label
        line = candidate
    return lines + [line]


def _totals_table(view: Overview, width: int) -> Table:
    focused = sum(1 for r in view.totals if r.focused)
    rows = view.totals[: max(MAX_TOTAL_ROWS, focused)]  # focused departments come first
    # Names get what the grid leaves at its narrowest (15 cells go to marks, counts and rules).
    room = max(10, min(22, width - _grid_width(MIN_DAY_CELLS) - 1 - 15))
    name_cells = min(max((cell_len(r.label) for r in rows), default=4), room)
    table = Table(
        title=_("本月各部门检查数"), box=view.look.head_box, show_edge=False, pad_edge=False,
        title_justify="left",
    )
    table.add_column(_("部门"), width=max(name_cells + 1, 4), no_wrap=True)
    table.add_column(_("项"), no_wrap=True)  # left: right-justifying would strip the marker's space
    table.add_column(_("上限"), justify="right", no_wrap=True)
    for row in rows:
        over = row.load > row.capacity
        style = "bold" if row.focused else ""
        table.add_row(
            Text((">" if row.focused else " ") + fit(row.label, name_cells), style=style),
            Text(f"{row.load:>3}{'!' if over else ' '}", style="bold red" if over else style),
            str(row.capacity),
        )
    if not rows:
        table.add_row(Text(" " + _("（本月无检查）"), style="dim"), "", "")
    hidden = len(view.totals) - len(rows)
    if hidden:
        table.add_row(Text(" " + _("…另有 {count} 个部门").format(count=hidden), style="dim"), "", "")
    return table


def _legend(view: Overview) -> Text:
    what = _("数字 所选部门当天开始的检查（序号/轮次）  > 所选部门") if view.focused else _("n项 当天开始的检查数")
    return Text(_("休 法定节假日  班 调休上班  六日 周末") + "\n" + what + _("  ! 超过月上限"), style="dim")
