"""`planner export`: the workbook a bureau forwards (tasks, events, monthly load, findings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli.app import AliasOpt, ConfigOpt, PlanArg, SeedOpt, StrictOpt, command, scheduled, stderr
from planner.errors import PlannerError
from planner.i18n import N_, _


@command("export", help=N_("写出 Excel 工作簿：任务清单、检查安排、部门月度负荷、问题清单（可按市分表）。"))
def export_command(
    plan: PlanArg = None,
    xlsx: Annotated[Path, typer.Option("--xlsx", help=N_("要写出的工作簿（.xlsx）。"))] = ...,  # type: ignore[assignment]
    by_city: Annotated[bool, typer.Option("--by-city", help=N_("每个市另加一张检查安排工作表。"))] = False,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Write an Excel workbook: 任务清单, 检查安排, 部门月度负荷, 问题清单 (and one sheet per city)."""
    from planner.check import check_plan
    from planner.export.xlsx import workbook_bytes, write_workbook

    if xlsx.suffix.lower() != ".xlsx":
        raise PlannerError(_("工作簿必须是 .xlsx 文件"), file=str(xlsx), hint=_("如命名为 plan.xlsx"))
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    findings = check_plan(run.plan, run.schedule, run.config)
    write_workbook(xlsx, workbook_bytes(run.plan, run.schedule, run.config, findings, by_city=by_city))
    stderr().print(_("已保存 {path}").format(path=xlsx), highlight=False)
