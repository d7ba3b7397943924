"""`planner columns FILE`: how the reader mapped a plan's columns to task fields."""

from __future__ import annotations

from rich.console import Console

from planner.cli.app import ColumnsOpt, PlanArg, RegionOpt, command
from planner.errors import PlanReadError
from planner.i18n import _


@command("columns")
def columns_command(plan: PlanArg = None, region: RegionOpt = None, columns: ColumnsOpt = None) -> None:
    """Show which column went to which field, what was left unused, and the defaults used."""
    from planner.read import read_table
    from planner.render.columns import columns_view
    from planner.repair import has_header, repair_table

    table = read_table(plan)
    if not has_header(table):
        raise PlanReadError(_("不是计划表：没有写明序号、抽查任务名称或抽查事项及另外两列的表头行"), file=table.name, line=1)
    Console().print(columns_view(repair_table(table, region=region, columns=columns), merges_known=table.merges_known))
