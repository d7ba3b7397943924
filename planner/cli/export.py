"""`planner export`: the workbook a bureau forwards (tasks, events, monthly load, findings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli.app import AliasOpt, ConfigOpt, PlanArg, SeedOpt, StrictOpt, command, err, scheduled
from planner.errors import PlannerError


@command("export")
def export_command(
    plan: PlanArg = None,
    xlsx: Annotated[Path, typer.Option("--xlsx", help="The workbook to write (.xlsx).")] = ...,  # type: ignore[assignment]
    by_city: Annotated[bool, typer.Option("--by-city", help="Add one 检查安排 sheet per city.")] = False,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Write an Excel workbook: 任务清单, 检查安排, 部门月度负荷, 问题清单 (and one sheet per city)."""
    from planner.check import check_plan
    from planner.export.xlsx import workbook_bytes, write_workbook

    if xlsx.suffix.lower() != ".xlsx":
        raise PlannerError("the workbook must be an .xlsx file", file=str(xlsx), hint="name it e.g. plan.xlsx")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    findings = check_plan(run.plan, run.schedule, run.config)
    write_workbook(xlsx, workbook_bytes(run.plan, run.schedule, run.config, findings, by_city=by_city))
    err.print(f"saved {xlsx}", highlight=False)
