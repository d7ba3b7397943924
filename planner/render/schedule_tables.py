"""Rich tables of the schedule: the events list and the naive / balanced / bound load table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from planner.i18n import N_, _
from planner.model import Event
from planner.render.cells import Listing, date_range

if TYPE_CHECKING:  # the scheduler (and its pinyin tables) loads only when a command schedules
    from planner.schedule import DepartmentLoad


def events_table(shown: Sequence[Event], title: str) -> Table:
    """Events in date order; the city column only when several cities are shown."""
    one_city = len({e.city for e in shown}) <= 1
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    table.add_column(_("日期"), no_wrap=True, width=11)
    table.add_column(_("天"), justify="right", no_wrap=True, width=2)
    if not one_city:
        table.add_column(_("城市"), no_wrap=True, width=6)
    table.add_column(_("序号"), justify="right", no_wrap=True, width=4)
    table.add_column(_("轮次"), no_wrap=True, width=5)
    table.add_column(_("任务"), ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column(_("牵头"), ratio=2)
    table.add_column(_("配合"), ratio=2)
    for event in shown:
        table.add_row(
            date_range(event.start, event.end),
            str(event.working_days),
            *(() if one_city else (event.city,)),
            str(event.seq),
            f"{event.round}/{event.rounds}",
            event.task.label,
            Listing([ref.department.name for ref in event.task.lead]),
            Listing([ref.department.name for ref in event.task.partners]),
        )
    return table


def load_table(rows: Sequence[DepartmentLoad]) -> Table:
    """Two lines per department, naive over balanced, rounds per month; then peak and lower bound."""
    months = [m for m in range(1, 13) if any(row.naive[m - 1] or row.balanced[m - 1] for row in rows)]
    table = Table(
        title=_("每月参与的检查轮次（列：月份）"),
        caption=_("下界：任何排期都达不到更低的峰值；差：均衡后峰值减下界"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        padding=(0, 1),
        pad_edge=False,
        collapse_padding=True,
    )
    # Only the department name may wrap: the numbers must stay whole on a narrow terminal.
    table.add_column(_("城市"), no_wrap=True)
    table.add_column(_("部门"), overflow="fold")
    table.add_column(_("排期"), no_wrap=True)
    for m in months:
        table.add_column(str(m), justify="right", no_wrap=True)
    for header in (N_("峰值"), N_("下界"), N_("差")):
        table.add_column(_(header), justify="right", no_wrap=True)
    city = None
    for row in rows:
        shown_city = row.department.city if row.department.city != city else ""
        city = row.department.city
        gap = row.above_bound
        table.add_row(shown_city, row.department.name, _("原"), *(_count(row.naive[m - 1]) for m in months), str(row.naive_peak), "", "")
        table.add_row(
            "", "", _("均衡"), *(_count(row.balanced[m - 1], bold=row.balanced[m - 1] == row.peak) for m in months),
            Text(str(row.peak), style="bold"), str(row.bound),
            Text(f"+{gap}" if gap else "0", style="red" if gap > 1 else ""),
            end_section=True,
        )  # fmt: skip
    return table


def _count(value: int, *, bold: bool = False) -> Text:
    if not value:
        return Text("·", style="dim")
    return Text(str(value), style="bold" if bold else "")


def load_summary(rows: Sequence[DepartmentLoad]) -> str:
    if not rows:
        return _("未选中部门")
    at = sum(row.above_bound <= 0 for row in rows)
    one = sum(row.above_bound == 1 for row in rows)
    worst = max(rows, key=lambda row: (row.naive_peak, row.peak))
    return _("最忙月份（所选部门）：原排期 {naive} → 均衡 {balanced}（原排期最忙：{department} {worst_naive} → {worst_balanced}，"
             "下界 {bound}）；{count} 个部门中 {at} 个达到下界，{one} 个为下界+1，{higher} 个更高").format(
        naive=max(r.naive_peak for r in rows), balanced=max(r.peak for r in rows),
        department=f"{worst.department.city}/{worst.department.name}", worst_naive=worst.naive_peak, worst_balanced=worst.peak,
        bound=worst.bound, count=len(rows), at=at, one=one, higher=len(rows) - at - one)
