"""`planner departments`: every department of the plan with its calendar feed and its load."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from planner.cli.app import (
    FORMATS,
    AliasOpt,
    CityOpt,
    ConfigOpt,
    ExcelCsvOpt,
    FormatOpt,
    PlanArg,
    SeedOpt,
    StrictOpt,
    choice,
    command,
    resolve,
    scheduled,
)
from planner.i18n import N_, _

if TYPE_CHECKING:
    from planner.render.table import TextTable

COLUMNS = ("city", "department", "feed", "lead", "partner", "working_days", "peak", "peak_month", "capacity")


@command("departments", help=N_("列出各部门（--dept 可用的名称）及其订阅文件和月度负荷。"))
def departments_command(
    plan: PlanArg = None,
    format: FormatOpt = "table",
    city: CityOpt = None,
    excel_csv: ExcelCsvOpt = False,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """List the departments (the names --dept accepts) with their feed file and monthly load."""
    from planner.export.ical import plan_feeds
    from planner.export.report import department_rows
    from planner.export.table_csv import csv_text
    from planner.schedule import department_loads

    choice("--format", format, FORMATS)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    cities, _ = resolve(run.plan.tasks, city, None)
    feeds = {f.department: f.path for f in plan_feeds(run.schedule, plan_name=run.plan.name) if f.department}
    rows = department_rows(run.schedule, run.config, department_loads(run.schedule))
    records = [
        {"city": r.department.city, "department": r.department.name, "feed": feeds.get(r.department, ""),
         "lead": r.leads, "partner": r.partners, "working_days": r.working_days,
         "peak": r.peak, "peak_month": r.peak_month, "capacity": r.capacity}
        for r in rows if not cities or r.department.city in cities
    ]  # fmt: skip
    if format == "json":
        import json

        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif format == "csv":
        typer.echo(csv_text(COLUMNS, ([r[c] for c in COLUMNS] for r in records), excel=excel_csv), nl=False)
    else:
        from planner.render.console import plain_console

        plain_console().print(_table(records))


def _table(records: list[dict[str, object]]) -> TextTable:
    from planner.render.table import Column, TextTable

    left = [Column(_(header), overflow="fold") for header in (N_("城市"), N_("部门"), N_("订阅文件"))]
    right = [Column(_(header), justify="right", overflow="fold") for header in (N_("牵头"), N_("配合"), N_("工作日"), N_("峰值月"), N_("月容量"))]
    columns = left + right
    rows = [(str(r["city"]), str(r["department"]), str(r["feed"]), str(r["lead"]), str(r["partner"]), str(r["working_days"]),
             _("{month}月（{load}）").format(month=r["peak_month"], load=r["peak"]), str(r["capacity"])) for r in records]
    return TextTable(columns, rows, title=_("部门（{count}个）：--dept 接受这些名称").format(count=len(records)))
