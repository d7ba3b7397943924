"""Rich views of the plan itself: the task table and the audit of repairs."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.model import Plan, Repair, Task
from planner.repair import COLUMN_LABELS

KIND_MEANING = {
    "problem": "未能读成任务：请改源文件",
    "unplaced-cell": "某格无处可放：请人工核对",
    "moved-cell": "某格错位，已按内容移回所属列",
    "slid-row": "行首是序号：地市格被丢掉",
    "page-split-row": "PDF 表格行被分页截断：续行已并回",
    "skipped-table": "文档里表头不同的其他表格：未读",
    "merged-cell": "合并单元格留空，取上一行的值",
    "merged-cell-below": "合并单元格的字印在块中间：按内容取下一行的值",
    "ambiguous-merge": "合并单元格可能属于下一块：暂按上一行，请核对",
    "typo": "明显笔误，已更正",
    "default-frequency": "未写频次：按每年1次",
    "default-item": "未写抽查事项：以任务名称代替",
    "clipped-window": "起止时间跨入下一年：只排本年部分",
    "deadline-window": "截止日不在月底：排到上月底前",
    "batches": "起止时间分批次：每批一轮",
    "default-window": "没有可读的起止时间：按全年",
    "item-row": "序号内的分项：自成任务或并入上一任务",
    "region": "没有地市列：全表属于一个地区",
    "pinyin-gloss": "删去网页加注的拼音",
    "default-seq": "计划没有序号列：按行序编号",
    "other-year-window": "起止时间写的是另一年：按月份排在计划年度，请核对",
    "wrap-space": "删去PDF换行留下的空格",
    "skipped-line": "跳过标题行和每页重复的表头",
}
ORDER = tuple(KIND_MEANING)


def tasks_table(tasks: tuple[Task, ...]) -> Table:
    """One line per task: the name is cut to fit, departments wrap (they are what people look for)."""
    one_city = len({t.city for t in tasks}) == 1
    table = Table(box=box.SIMPLE_HEAD, expand=True, title=tasks[0].city if one_city and tasks else None, title_justify="left")
    if not one_city:
        table.add_column("城市", no_wrap=True, width=6)
    # as wide as the longest number: a plan code (4400002020001) is shown whole, not cut to 440…
    width = max([4, *(len(t.number) for t in tasks)])
    table.add_column("序号", justify="right", width=width, no_wrap=True)
    table.add_column("任务", overflow="ellipsis", no_wrap=True, ratio=3)
    table.add_column("窗口", no_wrap=True, width=7)
    table.add_column("频次", no_wrap=True, width=7)
    table.add_column("发起", overflow="fold", ratio=2)
    table.add_column("配合", overflow="fold", ratio=2)
    table.add_column("行", justify="right", width=4)
    for task in tasks:
        table.add_row(
            *(() if one_city else (task.city,)), task.number, task.name, windows_text(task), frequency_text(task),
            "、".join(r.department.name for r in task.lead),
            "、".join(r.department.name for r in task.partners),
            str(task.source_line),
        )
    return table


def windows_text(task: Task) -> str:
    return "、".join(f"{w.start}–{w.end}月" if w.start != w.end else f"{w.start}月" for w in task.windows) or "—"


def frequency_text(task: Task) -> str:
    per = {"year": "年", "half-year": "半年", "quarter": "季度", "month": "月"}[task.frequency.per]
    return f"{task.frequency.count}次/{per}"


def audit_view(plan: Plan, kinds: tuple[str, ...] = (), city: str | None = None) -> RenderableType:
    """Every repair and every row not loaded, grouped by kind with counts, most serious first.

    With `city`, the counts are still the whole plan's but the rows listed are that city's only:
    a page a reader can read, whatever the size of the plan.
    """
    entries = _entries(plan)
    counts = Counter(kind for kind, _, _, _ in entries)
    if city is not None:
        entries = [e for e in entries if e[1] == city]
    shown = [k for k in ORDER if (not kinds or k in kinds)]
    parts: list[RenderableType] = [_summary(counts, plan)]
    if city is not None:
        parts.append(Text(f"以下只列{city}的 {len(entries)} 条，其余 {counts.total() - len(entries)} 条见 `planner audit`。"))
    for kind in shown:
        rows = [(task, r) for k, _, task, r in entries if k == kind]
        if rows:
            parts.append(_kind_table(kind, rows))
    return Group(*parts)


def _entries(plan: Plan) -> list[tuple[str, str, str, Repair]]:
    """(kind, city, task, repair); rows not loaded and lines skipped belong to no city."""
    entries = [("problem", "", "", Repair(p.line, "problem", "", p.value, "", p.message)) for p in plan.problems]
    entries += [(r.kind, "", "", r) for r in plan.repairs]
    for task in plan.tasks:
        entries += [(r.kind, task.city, f"{task.city} {task.number}", r) for r in task.repairs]
    return sorted(entries, key=lambda e: (ORDER.index(e[0]) if e[0] in ORDER else len(ORDER), e[3].line))


def _summary(counts: Counter[str], plan: Plan) -> Table:
    table = Table(title=f"{plan.label}：{len(plan.tasks)} 项任务，{sum(counts.values())} 条记录（修正与跳过的行）", box=box.SIMPLE_HEAD)
    table.add_column("类别 (--kind)")
    table.add_column("条数", justify="right")
    table.add_column("含义")
    for kind in ORDER:
        if counts[kind]:
            style = "bold red" if kind in ("problem", "unplaced-cell") else ""
            table.add_row(Text(kind, style=style), str(counts[kind]), KIND_MEANING[kind])
    return table


def _kind_table(kind: str, rows: list[tuple[str, Repair]]) -> Text:
    """One line per repair: line, task, field, was → now (and why, when the reasons differ).

    Plain aligned text rather than a rich Table: the audit of a big plan has hundreds of thousands
    of rows, and a table measuring and wrapping each cell took seconds per thousand.
    """
    reasons = sorted({r.reason for _, r in rows})
    caption = reasons[0] if len(reasons) == 1 else None
    fields = [COLUMN_LABELS.get(repair.field, repair.field) for _, repair in rows]
    task_width = max(cell_len("任务"), *(cell_len(task) for task, _ in rows))
    field_width = max(cell_len("字段"), *(cell_len(f) for f in fields))
    text = Text()
    text.append(f"{kind} ({len(rows)})\n", style="bold")
    if caption:
        text.append(f"{caption}\n", style="italic")
    text.append(f"{'行':>5}  {_pad('任务', task_width)}  {_pad('字段', field_width)}  原文 → 改为" + ("" if caption else "（原因）") + "\n")
    for (task, repair), field in zip(rows, fields):
        line = f"{repair.line:>6}  {_pad(task, task_width)}  {_pad(field, field_width)}  {repair.before or '（空）'} → {repair.after or '（空）'}"
        text.append(line + ("" if caption else f"（{repair.reason}）") + "\n")
    return text


def _pad(value: str, width: int) -> str:
    """`value` padded to `width` terminal cells (a Chinese character takes two)."""
    return value + " " * max(width - cell_len(value), 0)
