"""CSV as the bureau opens it: headers in the run's language, UTF-8 with a BOM for Excel on request.

Excel on Windows reads a CSV without a byte-order mark in the ANSI code page, which garbles
every Chinese cell; `excel=True` adds the BOM (U+FEFF) that makes it read UTF-8. Headers are the
machine keys in English runs (what scripts match on) and Chinese labels in Chinese runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from planner.i18n import is_english

BOM = "\ufeff"

LABELS = {
    "city": "地市", "seq": "序号", "name": "抽查任务名称", "item": "抽查事项", "scope": "抽查对象范围",
    "ratio_text": "抽查比例", "risk_text": "智慧监管（信用风险分类）要求", "windows": "抽查检查时间",
    "frequency": "抽查频次", "lead": "发起部门", "partners": "配合部门", "mode": "抽查检查模式",
    "source_line": "源文件行号", "repairs": "修复数", "sector": "领域",
    "uid": "UID", "round": "轮次", "rounds": "总轮数", "title": "标题", "start": "开始日期", "end": "结束日期",
    "window_start": "本轮最早", "window_end": "本轮最晚", "working_days": "工作日数",
    "department": "部门", "role": "角色", "departments": "参加部门",
    "naive_peak": "原计划峰值", "peak": "均衡后峰值", "bound": "下界", "capacity": "月容量",
    **{f"naive_{m}": f"原计划{m}月" for m in range(1, 13)}, **{f"balanced_{m}": f"均衡{m}月" for m in range(1, 13)},
    "change": "变动", "before_start": "原开始", "before_end": "原结束", "after_start": "新开始", "after_end": "新结束",
    "kind": "类别", "severity": "级别", "message": "说明", "months": "月份", "seqs": "序号", "source_lines": "源文件行号",
    "details": "详情", "line": "行", "field": "字段", "was": "原文", "now": "改为", "reason": "原因", "task": "任务",
}  # fmt: skip


def headers(columns: Sequence[str]) -> list[str]:
    """The header row for `columns`: keys in English, Chinese labels otherwise."""
    return list(columns) if is_english() else [LABELS.get(c, c) for c in columns]


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]], *, excel: bool = False, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n", delimiter=delimiter)
    writer.writerow(headers(columns))
    writer.writerows(rows)
    return (BOM if excel else "") + out.getvalue()
