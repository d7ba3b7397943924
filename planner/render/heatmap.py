"""Departments × months: how many inspections each department starts, against its capacity.

The naive schedule (every round at its earliest days) sits beside the balanced one so a
review sees what balancing bought. Cells over the monthly capacity carry "!", the busiest
cell of each table "*", so the hot spots show without colour too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from planner.config import Config
from planner.i18n import _
from planner.load import monthly_load
from planner.model import Department, Event
from planner.render.cells import Look, department_label, fit, pad

MONTH_CELLS = 3  # "12!": two digits and a marker; the table rule adds one space between
SHOWS = ("both", "naive", "balanced")


@dataclass(frozen=True)
class Grid:
    """One schedule's loads: per department, twelve months."""

    heading: str
    loads: tuple[tuple[int, ...], ...]  # rows in the order of Heatmap.departments


@dataclass(frozen=True)
class Heatmap:
    """A renderable load table; build it with `heatmap()`."""

    labels: tuple[str, ...]
    capacities: tuple[int, ...]
    grids: tuple[Grid, ...]
    title: str
    look: Look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        name_cells = min(max((cell_len(x) for x in self.labels), default=4), 20 if width >= 120 else 17)
        one = name_cells + 2 + 13 * (MONTH_CELLS + 1) + MONTH_CELLS + 2
        beside = len(self.grids) == 1 or width >= one + 13 * (MONTH_CELLS + 1) + 2
        yield Text(self.title, style="bold")
        if beside:
            layout = Table.grid(padding=(0, 2))
            tables = [_table(self, g, name_cells if i == 0 else 0, i == len(self.grids) - 1)
                      for i, g in enumerate(self.grids)]
            for _ in tables:
                layout.add_column(no_wrap=True)
            layout.add_row(*tables)
            yield layout
        else:
            yield Group(*(_table(self, g, name_cells, True) for g in self.grids))
        yield _legend(self.look)


def heatmap(
    balanced: Iterable[Event],
    naive: Iterable[Event],
    *,
    config: Config,
    departments: Sequence[Department] | None = None,
    show: str = "both",
    title: str = "",
    look: Look = Look(),
) -> Heatmap:
    """Monthly loads of `departments` (default: every one in the events), naive and/or balanced."""
    loads = {"balanced": monthly_load(balanced), "naive": monthly_load(naive)}
    seen = {d for load in loads.values() for d, _ in load}
    chosen = list(departments) if departments is not None else sorted(seen, key=lambda d: (d.city, d.name))

    def row(kind: str, d: Department) -> tuple[int, ...]:
        return tuple(loads[kind][d, m] for m in range(1, 13))

    kinds = ("naive", "balanced") if show == "both" else (show,)
    # The most crowded departments first, by the schedule that will run: the review starts where it hurts.
    chosen.sort(key=lambda d: (*(-max(row(k, d)) for k in reversed(kinds)), d.city, d.name))
    several = len({d.city for d in chosen}) > 1
    headings = {"naive": _("未均衡（每轮最早开始）"), "balanced": _("均衡后")}
    return Heatmap(
        labels=tuple(department_label(d, with_city=several) for d in chosen),
        capacities=tuple(config.monthly_capacity_for(d) for d in chosen),
        grids=tuple(Grid(headings[k], tuple(row(k, d) for d in chosen)) for k in kinds),
        title=title or _("各部门每月检查数"),
        look=look,
    )


def _table(view: Heatmap, grid: Grid, name_cells: int, with_capacity: bool) -> Table:
    table = Table(
        title=grid.heading, title_justify="left", box=view.look.head_box,
        padding=0, show_edge=False, pad_edge=False, collapse_padding=True,
    )
    if name_cells:
        table.add_column(_("部门"), width=name_cells + 1, no_wrap=True)
    for month in range(1, 13):
        # Left-justified, numbers padded by hand: right-justifying would strip the marker's space.
        table.add_column(pad(str(month), MONTH_CELLS - 1, right=True), width=MONTH_CELLS, no_wrap=True)
    table.add_column(_("峰"), width=MONTH_CELLS, justify="right", no_wrap=True)
    if with_capacity:
        table.add_column(_("上限"), width=MONTH_CELLS + 1, justify="right", no_wrap=True)
    busiest = max((n for loads in grid.loads for n in loads), default=0)
    for label, capacity, loads in zip(view.labels, view.capacities, grid.loads):
        cells: list[Text | str] = [fit(label, name_cells)] if name_cells else []
        cells += [_cell(n, capacity, busiest, view.look) for n in loads]
        peak = max(loads)
        cells.append(Text(str(peak), style="bold red" if peak > capacity else "bold"))
        if with_capacity:
            cells.append(str(capacity))
        table.add_row(*cells)
    return table


def _cell(load: int, capacity: int, busiest: int, look: Look) -> Text:
    if load == 0:
        return Text(f" {look.empty} ", style="grey42")
    mark = "!" if load > capacity else "*" if load == busiest else " "
    if load > capacity:
        style = "bold white on red3"
    elif load * 2 > capacity:
        style = "black on yellow3"
    else:
        style = "black on dark_sea_green4"
    if load == busiest:
        style = "bold " + style + " reverse" if load <= capacity else style
    return Text(f"{load:>2}{mark}", style=style)


def _legend(look: Look) -> Text:
    return Text(_("数字 当月开始的检查数  ! 超过月上限  * 全表最忙  {empty} 无  峰 全年最忙月").format(empty=look.empty), style="dim")
