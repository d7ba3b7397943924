"""`planner columns`: which column of a plan went to which field, and what was left unused."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.columns import FIELD_LABELS, FIELDS
from planner.i18n import N_, _
from planner.repair import RepairedTable

NONE = N_("无")
# What the reader does when a plan has no column for a field.
DEFAULTS = {
    "city": N_("全表属于一个地区"),
    "window": N_("全年（1月—12月），每项记一条修正"),
    "frequency": N_("从比例、模式文字中读取；都没有则每年1次"),
    "item": N_("以任务名称代替"),
    "name": N_("以抽查事项代替"),
    "partners": N_("无配合部门"),
    "risk": NONE,
    "mode": NONE,
    "scope": NONE,
    "ratio": N_("抽查对象范围里写的比例；没有则为空"),
    "lead": N_("发布计划的机关（计划名称或标题）；没有则无"),
    "count": N_("从比例文字中读取"),
    "notes": NONE,
}


# How blank cells are read, by whether the file says which cells are merged.
MERGES = {
    True: N_("合并单元格：按文件标明的合并取上一行的值（抽查事项也是），其余空格留空"),
    False: N_("合并单元格：文本表格没有合并信息，空格都取上一行的值（抽查事项除外）"),
}


def columns_view(repaired: RepairedTable, *, merges_known: bool = False) -> RenderableType:
    columns = repaired.columns
    if columns is None:
        return Text(_("没有找到表头"), style="red")
    by_index = {index: name for name, index in columns.fields.items()}
    title = _("{plan}：第{line}行是表头").format(plan=repaired.name, line=columns.header_line)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for label, justify in ((_("列"), "right"), (_("表头（原文）"), "left"), (_("字段"), "left"), (_("依据"), "left")):
        table.add_column(label, justify=justify, overflow="fold")  # type: ignore[arg-type]  # a long header wraps, never cut
    for index, header in enumerate(columns.headers):
        name = by_index.get(index)
        field = Text(_field(name)) if name else Text(_("未使用"), style="yellow")
        how = columns.how.get(name, "") if name else (_("表头为空") if not header.strip() else _("未识别"))
        table.add_row(str(index + 1), header or _("（空）"), field, how)
    missing = [name for name in FIELDS if name not in columns.fields]
    lines: list[RenderableType] = [table]
    if missing:
        gaps = Table(title=_("缺少的字段及默认"), title_justify="left", box=box.SIMPLE_HEAD)
        gaps.add_column(_("字段"))
        gaps.add_column(_("默认"))
        for name in missing:
            default = _(DEFAULTS.get(name, NONE))
            if name == "city" and repaired.region:
                default = _("{region}（{source}）").format(region=repaired.region, source=repaired.region_source)
            gaps.add_row(_field(name), default)
        lines.append(gaps)
    lines.append(Text(_(MERGES[merges_known])))
    return Group(*lines)


def _field(name: str) -> str:
    """A field as the header names it (the plan's own word), with its key: 抽查事项（item）."""
    return _("{label}（{name}）").format(label=FIELD_LABELS[name], name=name)
