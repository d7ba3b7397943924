"""`planner columns FILE`: how the reader mapped a plan's columns to task fields."""

from __future__ import annotations

from planner.cli.app import ColumnsOpt, PlanArg, RegionOpt, command
from planner.errors import PlanReadError
from planner.i18n import N_, _


@command("columns", help=N_("列出计划的每一列归到了哪个字段、哪些列没有用上，以及所用的默认值。"))
def columns_command(plan: PlanArg = None, region: RegionOpt = None, columns: ColumnsOpt = None) -> None:
    """Show which column went to which field, what was left unused, and the defaults used."""
    from planner.read import read_table
    from planner.render.columns import columns_view
    from planner.render.console import plain_console
    from planner.repair import has_header, repair_table

    table = read_table(plan)
    if not has_header(table):
        raise PlanReadError(_("不是计划表：没有写明序号、抽查任务名称或抽查事项及另外两列的表头行"), file=table.name, line=1)
    plain_console().print(columns_view(repair_table(table, region=region, columns=columns), merges_known=table.merges_known))
