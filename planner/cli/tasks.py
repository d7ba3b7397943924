"""`planner tasks` and `planner audit`: the plan as read, and what reading it repaired."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from planner.cli.app import (
    AliasOpt,
    CityOpt,
    ColumnsOpt,
    ExcelCsvOpt,
    PlanArg,
    RegionOpt,
    StrictOpt,
    choice,
    command,
    echo_chunks,
    read_plan,
    resolve,
)
from planner.i18n import N_

if TYPE_CHECKING:
    from planner.model import Plan


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
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """List the plan's tasks, read and repaired."""
    loaded = read_plan(plan, strict, aliases, region, columns)
    cities, _departments = resolve(loaded.tasks, city, None)
    selected = tuple(t for t in loaded.tasks if not cities or t.city in cities)
    if format is TaskFormat.json:
        from planner.export.tasks import tasks_json_chunks

        echo_chunks(tasks_json_chunks(selected))  # streamed: a big plan's JSON is never whole in memory
    elif format is TaskFormat.csv:
        from planner.export.tasks import tasks_csv

        typer.echo(tasks_csv(selected, excel=excel_csv), nl=False)
    else:
        from planner.render.console import plain_console
        from planner.render.plan_tables import tasks_table

        plain_console().print(tasks_table(selected))


@command("audit", help=N_("读取时所做的每处修复（源文件行、内容、原因），按类别分组计数。"))
def audit(
    plan: PlanArg = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help=N_("只看这些类别（可重复；类别见 planner audit 的汇总表）。"))] = None,
    city: CityOpt = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help=N_("table、json 或 csv。"))] = TaskFormat.table,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Every repair the reader made (source line, what, why), grouped by kind with counts."""
    from planner.render.plan_tables import ORDER

    for wanted in kind or ():
        choice("--kind", wanted, ORDER)
    loaded = read_plan(plan, strict, aliases, region, columns)
    cities, _departments = resolve(loaded.tasks, city, None)
    only = cities[0] if cities else None
    if format is TaskFormat.table:
        from planner.render.console import plain_console
        from planner.render.plan_tables import audit_view

        plain_console().print(audit_view(loaded, tuple(kind or ()), city=only))
        return
    records = audit_records(loaded, tuple(kind or ()), city=only)
    if format is TaskFormat.json:
        import json

        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        from planner.export.table_csv import csv_text

        typer.echo(csv_text(AUDIT_COLUMNS, ([r[c] for c in AUDIT_COLUMNS] for r in records), excel=excel_csv), nl=False)


AUDIT_COLUMNS = ("kind", "line", "task", "field", "was", "now", "reason")


def audit_records(plan: Plan, kinds: tuple[str, ...], *, city: str | None = None) -> list[dict[str, object]]:
    """Every repair and skipped row as a record (of one city, if given): the audit for scripts and spreadsheets."""
    from planner.render.plan_tables import audit_entries

    return [
        {"kind": kind, "line": r.line, "task": task, "field": r.field, "was": r.before, "now": r.after, "reason": r.reason}
        for kind, where, task, r in audit_entries(plan)
        if (not kinds or kind in kinds) and (city is None or where == city)
    ]
