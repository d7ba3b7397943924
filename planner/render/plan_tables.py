"""Rich views of the plan itself: the task table and the audit of repairs."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.i18n import N_, _
from planner.model import Plan, Repair, Task
from planner.render.cells import Listing, names_width
from planner.repair import COLUMN_LABELS

KIND_MEANING = {
    "problem": N_("未能读成任务：请改源文件"),
    "unplaced-cell": N_("某格无处可放：请人工核对"),
    "moved-cell": N_("某格错位，已按内容移回所属列"),
    "slid-row": N_("行首是序号：地市格被丢掉"),
    "merged-cell": N_("合并单元格留空，取上一行的值"),
    "typo": N_("明显笔误，已更正"),
    "default-frequency": N_("未写频次：按每年1次"),
    "default-item": N_("未写抽查事项：以任务名称代替"),
    "clipped-window": N_("起止时间跨入下一年：只排本年部分"),
    "wrap-space": N_("删去PDF换行留下的空格"),
    "skipped-line": N_("跳过标题行和每页重复的表头"),
}
ORDER = tuple(KIND_MEANING)


def tasks_table(tasks: tuple[Task, ...]) -> Table:
    """One row per task; names and department lists wrap (lists between names), nothing is cut."""
    one_city = len({t.city for t in tasks}) == 1
    table = Table(box=box.SIMPLE_HEAD, expand=True, collapse_padding=True, pad_edge=False,
                  title=tasks[0].city if one_city and tasks else None, title_justify="left")
    if not one_city:
        table.add_column(_("城市"), no_wrap=True, width=6)
    table.add_column(_("序号"), justify="right", width=4)
    table.add_column(_("任务"), overflow="fold", ratio=3, width=14)
    table.add_column(_("窗口"), ratio=1, width=7)
    table.add_column(_("频次"), no_wrap=True, min_width=8)
    # with a ratio, rich takes `width` as the least width: as wide as the longest name (up to a cap)
    table.add_column(_("发起"), ratio=2, width=names_width(r.department.name for t in tasks for r in t.lead))
    table.add_column(_("配合"), ratio=2, width=names_width(r.department.name for t in tasks for r in t.partners))
    table.add_column(_("行"), justify="right", width=4)
    for task in tasks:
        table.add_row(
            *(() if one_city else (task.city,)), str(task.seq), task.label, Listing(windows_list(task)), frequency_text(task),
            Listing([r.department.name for r in task.lead]),
            Listing([r.department.name for r in task.partners]),
            str(task.source_line),
        )
    return table


def windows_text(task: Task) -> str:
    return _("、").join(windows_list(task)) or "—"


def windows_list(task: Task) -> list[str]:
    return [_("{start}–{end}月").format(start=w.start, end=w.end) if w.start != w.end else _("{month}月").format(month=w.start)
            for w in task.windows] or ["—"]


def frequency_text(task: Task) -> str:
    per = {"year": N_("年"), "half-year": N_("半年"), "quarter": N_("季度"), "month": N_("月")}[task.frequency.per]
    return _("{count}次/{per}").format(count=task.frequency.count, per=_(per))


def audit_view(plan: Plan, kinds: tuple[str, ...] = ()) -> RenderableType:
    """Every repair and every row not loaded, grouped by kind with counts, most serious first."""
    entries = audit_entries(plan)
    counts = Counter(kind for kind, _, _ in entries)
    shown = [k for k in ORDER if counts[k] and (not kinds or k in kinds)]
    parts: list[RenderableType] = [_summary(counts, plan)]
    for kind in shown:
        parts.append(_kind_table(kind, [(seq, r) for k, seq, r in entries if k == kind]))
    return Group(*parts)


def audit_entries(plan: Plan) -> list[tuple[str, str, Repair]]:
    entries = [("problem", "", Repair(p.line, "problem", "", p.value, "", p.message)) for p in plan.problems]
    entries += [(r.kind, "", r) for r in plan.repairs]
    for task in plan.tasks:
        entries += [(r.kind, f"{task.city} {task.seq}", r) for r in task.repairs]
    return sorted(entries, key=lambda e: (ORDER.index(e[0]) if e[0] in ORDER else len(ORDER), e[2].line))


def _summary(counts: Counter[str], plan: Plan) -> Table:
    title = _("{plan}：{tasks} 项任务，{records} 条记录（修正与跳过的行）").format(
        plan=plan.label, tasks=len(plan.tasks), records=sum(counts.values()))
    table = Table(title=title, box=box.SIMPLE_HEAD)
    table.add_column(_("类别 (--kind)"))
    table.add_column(_("条数"), justify="right")
    table.add_column(_("含义"))
    for kind in ORDER:
        if counts[kind]:
            style = "bold red" if kind in ("problem", "unplaced-cell") else ""
            table.add_row(Text(kind, style=style), str(counts[kind]), _(KIND_MEANING[kind]))
    return table


def _kind_table(kind: str, rows: list[tuple[str, Repair]]) -> Table:
    reasons = sorted({r.reason for _, r in rows})
    caption = reasons[0] if len(reasons) == 1 else None
    table = Table(title=f"{kind} ({len(rows)})", title_justify="left", caption=caption,
                  caption_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column(_("行"), justify="right", width=4)
    table.add_column(_("任务"), no_wrap=True, width=10)
    table.add_column(_("字段"), no_wrap=True, width=8)
    table.add_column(_("原文"), overflow="fold", ratio=2)
    table.add_column(_("改为"), overflow="fold", ratio=2)
    if caption is None:
        table.add_column(_("原因"), overflow="fold", width=16)
    for task, repair in rows:
        cells = [str(repair.line), task, COLUMN_LABELS.get(repair.field, repair.field), repair.before, repair.after]
        table.add_row(*cells, *(() if caption else (repair.reason,)))
    return table
