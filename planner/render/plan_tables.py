"""Rich views of the plan itself: the task table and the audit of repairs."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.i18n import N_, _
from planner.model import Plan, Repair, Task
from planner.render.cells import Listing, names_width
from planner.render.table import Column, TextTable
from planner.repair import COLUMN_LABELS

KIND_MEANING = {
    "problem": N_("未能读成任务：请改源文件"),
    "unplaced-cell": N_("某格无处可放：请人工核对"),
    "moved-cell": N_("某格错位，已按内容移回所属列"),
    "slid-row": N_("行首是序号：地市格被丢掉"),
    "page-split-row": N_("PDF 表格行被分页截断：续行已并回"),
    "skipped-table": N_("文档里表头不同的其他表格：未读"),
    "merged-cell": N_("合并单元格留空，取上一行的值"),
    "merged-cell-below": N_("合并单元格的字印在块中间：按内容取下一行的值"),
    "ambiguous-merge": N_("合并单元格的值可能不属于本行：暂按上一行，请核对"),
    "typo": N_("明显笔误，已更正"),
    "default-frequency": N_("未写频次：按每年1次"),
    "default-item": N_("未写抽查事项：以任务名称代替"),
    "clipped-window": N_("起止时间跨入下一年：只排本年部分"),
    "deadline-window": N_("截止日不在月底：排到上月底前"),
    "batches": N_("起止时间分批次：每批一轮"),
    "default-window": N_("没有可读的起止时间：按全年"),
    "item-row": N_("序号内的分项：自成任务或并入上一任务"),
    "region": N_("没有地市列：全表属于一个地区"),
    "default-lead": N_("没有发起部门列：以发布计划的机关为发起部门"),
    "ratio-in-scope": N_("没有比例列：比例写在抽查对象范围里"),
    "pinyin-gloss": N_("删去网页加注的拼音"),
    "default-seq": N_("计划没有序号列：按行序编号"),
    "other-year-window": N_("起止时间写的是另一年：按月份排在计划年度，请核对"),
    "wrap-space": N_("删去PDF换行留下的空格"),
    "skipped-line": N_("跳过标题行和每页重复的表头"),
}
ORDER = tuple(KIND_MEANING)


def tasks_table(tasks: tuple[Task, ...]) -> TextTable:
    """One row per task; names and department lists wrap (lists between names), nothing is cut."""
    one_city = len({t.city for t in tasks}) == 1
    columns = [
        *(() if one_city else (Column(_("城市"), no_wrap=True, width=6),)),
        # as wide as the longest number: a plan code (4400002020001) is shown whole, not cut to 440…
        Column(_("序号"), justify="right", width=max([4, *(len(t.number) for t in tasks)]), no_wrap=True),
        Column(_("任务"), overflow="fold", ratio=3, width=14),
        Column(_("窗口"), ratio=1, width=7),
        Column(_("频次"), no_wrap=True, min_width=8),
        # with a ratio, `width` is the least width: as wide as the longest name (up to a cap)
        Column(_("发起"), ratio=2, width=names_width(r.department.name for t in tasks for r in t.lead)),
        Column(_("配合"), ratio=2, width=names_width(r.department.name for t in tasks for r in t.partners)),
        Column(_("行"), justify="right", width=4),
    ]
    rows = (
        (*(() if one_city else (task.city,)), task.number, task.label, Listing(windows_list(task)), frequency_text(task),
         Listing([r.department.name for r in task.lead]), Listing([r.department.name for r in task.partners]),
         str(task.source_line))
        for task in tasks
    )  # fmt: skip
    return TextTable(columns, rows, title=tasks[0].city if one_city and tasks else None, expand=True,
                     collapse_padding=True, pad_edge=False)


def windows_text(task: Task) -> str:
    return _("、").join(windows_list(task)) or "—"


def windows_list(task: Task) -> list[str]:
    return [_("{start}–{end}月").format(start=w.start, end=w.end) if w.start != w.end else _("{month}月").format(month=w.start)
            for w in task.windows] or ["—"]


def frequency_text(task: Task) -> str:
    per = {"year": N_("年"), "half-year": N_("半年"), "quarter": N_("季度"), "month": N_("月")}[task.frequency.per]
    return _("{count}次/{per}").format(count=task.frequency.count, per=_(per))


def audit_view(plan: Plan, kinds: tuple[str, ...] = (), city: str | None = None) -> RenderableType:
    """Every repair and every row not loaded, grouped by kind with counts, most serious first.

    With `city`, the counts are still the whole plan's but the rows listed are that city's only:
    a page a reader can read, whatever the size of the plan.
    """
    if city is None:
        entries = audit_entries(plan)
        counts = Counter(kind for kind, _, _, _ in entries)
    else:  # the whole plan's counts, but entries (and their sort) for the city's rows only
        counts = Counter(r.kind for r in plan.repairs)
        counts.update(r.kind for task in plan.tasks for r in task.repairs)
        counts["problem"] += len(plan.problems)
        entries = [e for e in audit_entries(plan, city) if e[1] == city]
    shown = [k for k in ORDER if counts[k] and (not kinds or k in kinds)]
    parts: list[RenderableType] = [_summary(counts, plan)]
    if city is not None:
        parts.append(Text(_("以下只列{city}的 {count} 条，其余 {rest} 条见 `planner audit`。").format(
            city=city, count=len(entries), rest=counts.total() - len(entries))))
    for kind in shown:
        rows = [(task, r) for k, _, task, r in entries if k == kind]
        if rows:
            parts.append(_kind_table(kind, rows))
    return Group(*parts)


def audit_entries(plan: Plan, city: str | None = None) -> list[tuple[str, str, str, Repair]]:
    """(kind, city, task, repair); rows not loaded and lines skipped belong to no city.

    With `city`, the tasks' entries are that city's only (the plan's own are all there)."""
    entries = [("problem", "", "", Repair(p.line, "problem", "", p.value, "", p.message)) for p in plan.problems]
    entries += [(r.kind, "", "", r) for r in plan.repairs]
    for task in plan.tasks:
        if city is None or task.city == city:
            entries += [(r.kind, task.city, f"{task.city} {task.number}", r) for r in task.repairs]
    return sorted(entries, key=lambda e: (ORDER.index(e[0]) if e[0] in ORDER else len(ORDER), e[3].line))


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


def _kind_table(kind: str, rows: list[tuple[str, Repair]]) -> Text:
    """One line per repair: line, task, field, was → now (and why, when the reasons differ).

    Plain aligned text rather than a rich Table: the audit of a big plan has hundreds of thousands
    of rows, and a table measuring and wrapping each cell took seconds per thousand.
    """
    reasons = sorted({r.reason for _, r in rows})
    caption = reasons[0] if len(reasons) == 1 else None
    fields = [COLUMN_LABELS.get(repair.field, repair.field) for _, repair in rows]
    head_task, head_field, empty, why = _("任务"), _("字段"), _("（空）"), _("（{reason}）")
    task_width = max(cell_len(head_task), *(cell_len(task) for task, _ in rows))
    field_width = max(cell_len(head_field), *(cell_len(f) for f in fields))
    text = Text()
    text.append(f"{kind} ({len(rows)})\n", style="bold")
    if caption:
        text.append(f"{caption}\n", style="italic")
    row, was, now = _("行"), _("原文"), _("改为")
    head = f"{_pad(row, 6, right=True)}  {_pad(head_task, task_width)}  {_pad(head_field, field_width)}  {was} → {now}"
    text.append(head + ("" if caption else _("（原因）")) + "\n")
    for (task, repair), field in zip(rows, fields):
        line = f"{repair.line:>6}  {_pad(task, task_width)}  {_pad(field, field_width)}  {repair.before or empty} → {repair.after or empty}"
        text.append(line + ("" if caption else why.format(reason=repair.reason)) + "\n")
    return text


def _pad(value: str, width: int, *, right: bool = False) -> str:
    """`value` padded to `width` terminal cells (a Chinese character takes two)."""
    space = " " * max(width - cell_len(value), 0)
    return space + value if right else value + space
