"""Rich tables of the schedule: the events list and the naive / balanced / bound load table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from planner.i18n import _
from planner.model import Event
from planner.render.cells import Listing, Pieces, date_range
from planner.render.table import Column, TextTable

if TYPE_CHECKING:  # the scheduler (and its pinyin tables) loads only when a command schedules
    from planner.schedule import DepartmentLoad


def events_table(shown: Sequence[Event], title: str) -> TextTable:
    """Events in date order; the city column only when several cities are shown."""
    one_city = len({e.city for e in shown}) <= 1
    columns = [
        Column(_("日期"), no_wrap=True, width=11),
        Column(_("天"), justify="right", no_wrap=True, width=2),
        *(() if one_city else (Column(_("城市"), no_wrap=True, width=6),)),
        Column(_("序号"), justify="right", no_wrap=True, width=7 if any(e.joined for e in shown) else 4),
        Column(_("轮次"), no_wrap=True, width=5),
        Column(_("任务"), ratio=3, overflow="ellipsis", no_wrap=True),
        Column(_("牵头"), ratio=2),
        Column(_("配合"), ratio=2),
    ]
    joint = _("一业一查：")
    rows = []
    for event in shown:
        leads = _leads(event)
        rows.append((
            date_range(event.start, event.end),
            str(event.working_days),
            *(() if one_city else (event.city,)),
            "+".join(t.number for t in event.tasks),
            f"{event.round}/{event.rounds}",
            (joint + "＋".join(dict.fromkeys(t.label for t in event.tasks))) if event.joined else event.task.label,
            Listing(list(leads)),
            Listing([d.name for d in event.departments() if d.name not in leads]),
        ))  # fmt: skip
    return TextTable(columns, rows, title=title, expand=True)


def _leads(event: Event) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ref.department.name for task in event.tasks for ref in task.lead))


def load_table(rows: Sequence[DepartmentLoad]) -> Pieces:
    """Two lines per department, naive over balanced, rounds per month; then peak and lower bound.

    Laid out as aligned text rather than a rich Table: every column is a number or a name of known
    width, and a Table measuring and wrapping 300 departments × 17 cells took over a second.
    """
    months = [m for m in range(1, 13) if any(row.naive[m - 1] or row.balanced[m - 1] for row in rows)]
    head_city, head_dept, head_row = _("城市"), _("部门"), _("排期")
    city_width = max([cell_len(head_city), *(cell_len(r.department.city) for r in rows)])
    name_width = max([cell_len(head_dept), *(cell_len(r.department.name) for r in rows)])
    naive, balanced = _("原"), _("均衡")
    row_width = max(4, cell_len(head_row), cell_len(naive), cell_len(balanced))
    number = max([2, *(len(str(v)) for r in rows for v in (*r.naive, *r.balanced, r.bound))])
    text = Pieces(_("每月进行中的检查（列：月份；跨月的检查两个月都算）") + "\n\n")
    head = f"{_pad(head_city, city_width)}  {_pad(head_dept, name_width)}  {_pad(head_row, row_width)}"
    head += "".join(f" {m:>{number}}" for m in months)
    head_peak, head_bound, head_gap = _("峰值"), _("下界"), _("差")
    head += f"  {_pad(head_peak, 4, right=True)} {_pad(head_bound, 4, right=True)} {_pad(head_gap, 4, right=True)}"
    text.append(head + "\n", style="bold")
    text.append("─" * cell_len(head) + "\n")
    city = None
    for row in rows:
        shown_city = row.department.city if row.department.city != city else ""
        if city is not None and shown_city:
            text.append("\n")
        city = row.department.city
        text.append(f"{_pad(shown_city, city_width)}  {_pad(row.department.name, name_width)}  {_pad(naive, row_width)}")
        _append_counts(text, [row.naive[m - 1] for m in months], number, peak=None)
        text.append(f"  {row.naive_peak:>4}\n")
        text.append(f"{_pad('', city_width)}  {_pad('', name_width)}  {_pad(balanced, row_width)}")
        _append_counts(text, [row.balanced[m - 1] for m in months], number, peak=row.peak)
        gap = row.above_bound
        text.append("  ")
        text.append(f"{row.peak:>4}", style="bold")
        text.append(f" {row.bound:>4} ")
        text.append(f"{'+' + str(gap) if gap else '0':>4}", style="red" if gap > 1 else "")
        text.append("\n")
    text.append("\n" + _("下界：任何排期都达不到更低的峰值；差：均衡后峰值减下界"))
    return text


def _append_counts(text: Pieces, values: list[int], width: int, *, peak: int | None) -> None:
    for value in values:
        text.append(" ")
        if not value:
            text.append(f"{'·':>{width}}", style="dim")
        else:
            text.append(f"{value:>{width}}", style="bold" if value == peak else "")


def _pad(value: str, width: int, *, right: bool = False) -> str:
    """`value` padded to `width` terminal cells (a Chinese character takes two)."""
    space = " " * max(width - cell_len(value), 0)
    return space + value if right else value + space


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


def spread_summary(events: Sequence[Event], cities: Sequence[str] = ()) -> str:
    """Per city: starts per month against the spread of its windows, and how far they stray."""
    from planner.load import start_spread

    lines = [_("各月开始的检查数 与 时间窗容量（每项检查平摊到可开始的月份）之比较：")]
    for spread in start_spread(events):
        if cities and spread.city not in cities:
            continue
        months = " ".join(_("{month}月{starts}/{expected}").format(month=m + 1, starts=n, expected=f"{e:.0f}")
                          for m, (n, e) in enumerate(zip(spread.starts, spread.expected)) if n or e >= 0.5)
        lines.append(_("  {city}：偏差 {deviation}（{months}）").format(city=spread.city, deviation=f"{spread.deviation:.1%}", months=months))
    return "\n".join(lines)
