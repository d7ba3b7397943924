"""`planner tasks` and `planner audit`: the plan as read, and what reading it repaired."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console

from planner.cli.app import (
    AliasOpt,
    CityOpt,
    ExcelCsvOpt,
    PlanArg,
    StrictOpt,
    choice,
    command,
    read_plan,
    resolve,
)
from planner.export.table_csv import csv_text
from planner.export.tasks import tasks_csv, tasks_json
from planner.i18n import N_
from planner.model import Plan
from planner.render.plan_tables import ORDER, audit_entries, audit_view, tasks_table


class TaskFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@command("tasks", help=N_("列出计划中的任务（已读取并修复）。"))
def tasks(
    plan: PlanArg = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help=N_("table、json 或 csv。"))] = TaskFormat.table,
    city: CityOpt = None,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """List the plan's tasks, read and repaired."""
    loaded = read_plan(plan, strict, aliases)
    cities, _ = resolve(loaded.tasks, city, None)
    selected = tuple(t for t in loaded.tasks if not cities or t.city in cities)
    if format is TaskFormat.json:
        typer.echo(tasks_json(selected), nl=False)
    elif format is TaskFormat.csv:
        typer.echo(tasks_csv(selected, excel=excel_csv), nl=False)
    else:
        Console().print(tasks_table(selected))


@command("audit", help=N_("读取时所做的每处修复（源文件行、内容、原因），按类别分组计数。"))
def audit(
    plan: PlanArg = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help=N_("只看这些类别（可重复；类别见 planner audit 的汇总表）。"))] = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help=N_("table、json 或 csv。"))] = TaskFormat.table,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Every repair the reader made (source line, what, why), grouped by kind with counts."""
    for wanted in kind or ():
        choice("--kind", wanted, ORDER)
    loaded = read_plan(plan, strict, aliases)
    if format is TaskFormat.table:
        Console().print(audit_view(loaded, tuple(kind or ())))
        return
    records = audit_records(loaded, tuple(kind or ()))
    if format is TaskFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        typer.echo(csv_text(AUDIT_COLUMNS, ([r[c] for c in AUDIT_COLUMNS] for r in records), excel=excel_csv), nl=False)


AUDIT_COLUMNS = ("kind", "line", "task", "field", "was", "now", "reason")


def audit_records(plan: Plan, kinds: tuple[str, ...]) -> list[dict[str, object]]:
    """Every repair and skipped row as a record: the audit for scripts and spreadsheets."""
    return [
        {"kind": kind, "line": r.line, "task": task, "field": r.field, "was": r.before, "now": r.after, "reason": r.reason}
        for kind, task, r in audit_entries(plan) if not kinds or kind in kinds
    ]
