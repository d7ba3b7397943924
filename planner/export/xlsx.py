"""The workbook a bureau forwards as is: tasks, events, monthly load and findings, in Chinese.

Sheets: 任务清单 (every task and plan field), 检查安排 (every event), 部门月度负荷 (department ×
month, naive and balanced beside the lower bound and capacity, coloured by conditional formats
Excel and WPS evaluate themselves), 问题清单 (findings), and with `by_city` one 检查安排 sheet per
city. Headers are frozen and filtered, dates are real Excel dates, columns are as wide as their
longest cell counted in terminal cells (a Chinese character is two).

The file is deterministic: the document properties and every zip member are dated the plan
year's first day, never the clock. export/xlsxfile.py writes the file (the bytes openpyxl wrote).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from planner.config import Config
from planner.export.ical import frequency_text
from planner.export.xlsxfile import DATE, WRAP, Highlight, Workbook, column_letter
from planner.model import Event, Finding, Plan, Schedule, Task
from planner.schedule import department_loads

KIND_LABELS = {
    "overload": "月度超负荷",
    "double-booking": "同日重复安排",
    "duplicate": "重复任务",
    "merge": "一业一查合并机会",
    "data": "数据问题",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
MAX_WIDTH = 60  # cells; longer text wraps inside the column
OVER_FILL = "F8CBAD"  # above capacity
FULL_FILL = "FFE699"  # exactly at capacity

TASK_HEADERS = (
    "地市", "序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次", "抽查频次", "智慧监管（信用风险分类）要求",
    "抽查检查时间", "发起部门", "配合部门", "抽查检查模式", "领域", "源文件行号", "修复数",
)  # fmt: skip
EVENT_HEADERS = (
    "地市", "序号", "抽查任务名称", "轮次", "开始日期", "结束日期", "工作日数", "牵头部门", "配合部门",
    "本轮最早", "本轮最晚", "可合并任务（序号）", "UID",
)  # fmt: skip
FINDING_HEADERS = ("级别", "类别", "地市", "说明", "部门", "月份", "序号", "源文件行号", "详情")
MONTHS = tuple(f"{m}月" for m in range(1, 13))
LOAD_HEADERS = ("地市", "部门", "排期", *MONTHS, "峰值", "下界", "月容量")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: tuple[str, ...]
    rows: list[list[Any]]
    wrap: tuple[str, ...] = ()  # columns whose long text wraps instead of widening the column


def workbook_bytes(
    plan: Plan, schedule: Schedule, config: Config, findings: Sequence[Finding], *, by_city: bool = False, note: str = ""
) -> bytes:
    """The whole workbook as .xlsx bytes; the same input gives the same bytes. `note` (what a
    sample leaves out) is the one cell of a first sheet, 说明."""
    book = Workbook()
    if note:
        _fill(book, Sheet("说明", ("说明",), [[note]], wrap=("说明",)))
    merged = merge_partners(findings)
    events = [event_row(e, merged) for e in schedule.events]
    sheets = [
        Sheet("任务清单", TASK_HEADERS, [task_row(t) for t in plan.tasks], wrap=("抽查事项", "抽查对象范围", "抽查比例及频次", "智慧监管（信用风险分类）要求", "配合部门")),
        Sheet("检查安排", EVENT_HEADERS, events, wrap=("配合部门",)),
    ]
    for sheet in sheets:
        _fill(book, sheet)
    _load_sheet(book, schedule, config)
    _fill(book, Sheet("问题清单", FINDING_HEADERS, [finding_row(f) for f in findings], wrap=("说明", "详情")))
    if by_city:
        for city in dict.fromkeys(t.city for t in plan.tasks):
            rows = [row for row, e in zip(events, schedule.events) if e.city == city]
            _fill(book, Sheet(city, EVENT_HEADERS, rows, wrap=("配合部门",)))
    # the document properties and zip members are dated from the plan, not the clock
    return book.xlsx(datetime(schedule.year, 1, 1), creator="planner")


def write_workbook(path: Path, data: bytes) -> None:
    from planner.render.save import write_bytes_atomically

    write_bytes_atomically(path, data)


def _number(task: Task) -> int | str:
    """The 序号 as a number Excel sorts; an item row's 1.2 stays text (1.10 is not 1.1)."""
    return task.number if task.sub else task.seq


def task_row(task: Task) -> list[Any]:
    return [
        task.city, _number(task), task.name, task.item, task.scope, task.ratio_text, frequency_text(task), task.risk_text,
        windows_text(task), "、".join(r.department.name for r in task.lead), "、".join(r.department.name for r in task.partners),
        task.mode.text, task.sector, task.source_line, len(task.repairs),
    ]  # fmt: skip


def event_row(event: Event, merged: dict[tuple[str, int], tuple[int, ...]]) -> list[Any]:
    leads = list(dict.fromkeys(r.department.name for task in event.tasks for r in task.lead if not r.group))
    partners = [d.name for d in event.departments() if d.name not in leads]
    # a joint 一业一查 visit lists the tasks it serves; otherwise the merge the check proposes, if any
    together = [t.number for t in event.tasks[1:]] if event.joined else [str(s) for s in merged.get((event.city, event.seq), ())]
    return [
        event.city, "+".join(t.number for t in event.tasks) if event.joined else _number(event.task), event.title if event.joined else event.task.label,
        f"第{event.round}/{event.rounds}轮", event.start, event.end, event.working_days, "、".join(leads), "、".join(partners),
        event.window_start, event.window_end, "、".join(together), event.uid,
    ]  # fmt: skip


def finding_row(finding: Finding) -> list[Any]:
    return [
        SEVERITY_LABELS.get(finding.severity, finding.severity), KIND_LABELS.get(finding.kind, finding.kind),
        finding.city or "全部", finding.message, "、".join(finding.departments), "、".join(f"{m}月" for m in finding.months),
        "、".join(str(s) for s in finding.seqs), "、".join(str(n) for n in finding.source_lines), "\n".join(finding.details),
    ]  # fmt: skip


def windows_text(task: Task) -> str:
    return "；".join(f"{w.start}月" if w.start == w.end else f"{w.start}月—{w.end}月" for w in task.windows) or "全年"


def merge_partners(findings: Iterable[Finding]) -> dict[tuple[str, int], tuple[int, ...]]:
    """(city, 序号) -> the other 序号 a 一业一查 finding proposes to inspect with it."""
    partners: dict[tuple[str, int], set[int]] = defaultdict(set)
    for finding in findings:
        if finding.kind == "merge":
            for seq in finding.seqs:
                partners[finding.city, seq].update(s for s in finding.seqs if s != seq)
    return {key: tuple(sorted(seqs)) for key, seqs in partners.items()}


def _fill(
    book: Workbook, sheet: Sheet, *, frozen: str = "A2", widths: dict[int, float] | None = None,
    highlights: tuple[Highlight, ...] = (),
) -> None:
    """One sheet: bold frozen filtered header, date formats, widths that fit CJK text, wrapping for long text."""
    headers, rows = sheet.headers, sheet.rows
    sized: list[float] = []
    styles: dict[int, str] = {}
    for index, header in enumerate(headers):
        values = [row[index] for row in rows]
        widest = max([cell_len(header) + 3, *map(_width, set(values))])  # +3: the filter button
        sized.append((widths or {}).get(index + 1, min(widest, MAX_WIDTH) + 1))
        if values and all(isinstance(v, date) for v in values):
            styles[index] = DATE
        elif header in sheet.wrap:
            styles[index] = WRAP
    book.add_sheet(sheet.title[:31], headers, rows, widths=sized, styles=styles, frozen=frozen, highlights=highlights)  # 31: Excel's limit


def _width(value: Any) -> int:
    if isinstance(value, date):
        return 10
    text = str(value) if value is not None else ""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _load_sheet(book: Workbook, schedule: Schedule, config: Config) -> None:
    """Two rows per department (原计划, 均衡), months coloured against the capacity column."""
    rows: list[list[Any]] = []
    for load in department_loads(schedule):
        capacity = config.monthly_capacity_for(load.department)
        for label, months in (("原计划", load.naive), ("均衡", load.balanced)):
            rows.append([load.department.city, load.department.name, label, *months, max(months), load.bound, capacity])
    narrow = {column: 6.0 for column in range(4, len(LOAD_HEADERS) + 1)}
    highlights: tuple[Highlight, ...] = ()
    if rows:
        first, last = column_letter(4), column_letter(3 + 12 + 1)  # the months and the peak
        limit = column_letter(len(LOAD_HEADERS))  # the capacity column
        area = f"{first}2:{last}{len(rows) + 1}"
        highlights = (
            Highlight(area, f"{first}2>${limit}2", OVER_FILL),
            Highlight(area, f"{first}2=${limit}2", FULL_FILL),
        )
    _fill(book, Sheet("部门月度负荷", LOAD_HEADERS, rows), frozen="D2", widths=narrow, highlights=highlights)
