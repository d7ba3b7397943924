"""`planner columns`: which column of a plan went to which field, and what was left unused."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.columns import FIELD_LABELS, FIELDS
from planner.repair import RepairedTable

# What the reader does when a plan has no column for a field.
DEFAULTS = {
    "city": "全表属于一个地区",
    "window": "全年（1月—12月），每项记一条修正",
    "frequency": "从比例、模式文字中读取；都没有则每年1次",
    "item": "以任务名称代替",
    "name": "以抽查事项代替",
    "partners": "无配合部门",
    "risk": "无",
    "mode": "无",
    "scope": "无",
    "ratio": "抽查对象范围里写的比例；没有则为空",
    "lead": "发布计划的机关（计划名称或标题）；没有则无",
    "count": "从比例文字中读取",
    "notes": "无",
}


# How blank cells are read, by whether the file says which cells are merged.
MERGES = {
    True: "合并单元格：按文件标明的合并取上一行的值（抽查事项也是），其余空格留空",
    False: "合并单元格：文本表格没有合并信息，空格都取上一行的值（抽查事项除外）",
}


def columns_view(repaired: RepairedTable, *, merges_known: bool = False) -> RenderableType:
    columns = repaired.columns
    if columns is None:
        return Text("没有找到表头", style="red")
    by_index = {index: name for name, index in columns.fields.items()}
    table = Table(title=f"{repaired.name}：第{columns.header_line}行是表头", title_justify="left", box=box.SIMPLE_HEAD)
    for label, justify in (("列", "right"), ("表头（原文）", "left"), ("字段", "left"), ("依据", "left")):
        table.add_column(label, justify=justify, overflow="fold")  # type: ignore[arg-type]  # a long header wraps, never cut
    for index, header in enumerate(columns.headers):
        name = by_index.get(index)
        field = Text(f"{FIELD_LABELS[name]}（{name}）") if name else Text("未使用", style="yellow")
        how = columns.how.get(name, "") if name else ("表头为空" if not header.strip() else "未识别")
        table.add_row(str(index + 1), header or "（空）", field, how)
    missing = [name for name in FIELDS if name not in columns.fields]
    lines: list[RenderableType] = [table]
    if missing:
        gaps = Table(title="缺少的字段及默认", title_justify="left", box=box.SIMPLE_HEAD)
        gaps.add_column("字段")
        gaps.add_column("默认")
        for name in missing:
            default = DEFAULTS.get(name, "无")
            if name == "city" and repaired.region:
                default = f"{repaired.region}（{_region_source(repaired)}）"
            gaps.add_row(f"{FIELD_LABELS[name]}（{name}）", default)
        lines.append(gaps)
    lines.append(Text(MERGES[merges_known]))
    return Group(*lines)


def _region_source(repaired: RepairedTable) -> str:
    reason = next((r.reason for r in repaired.skipped if r.kind == "region"), "")
    return reason.split("取自", 1)[-1] if "取自" in reason else reason
