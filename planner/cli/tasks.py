"""`planner tasks` and `planner audit`: the plan as read, and what reading it repaired."""

from __future__ import annotations

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
from planner.export.tasks import tasks_csv, tasks_json
from planner.render.plan_tables import ORDER, audit_view, tasks_table


class TaskFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@command("tasks")
def tasks(
    plan: PlanArg = None,
    format: Annotated[TaskFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TaskFormat.table,
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


@command("audit")
def audit(
    plan: PlanArg = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help=f"Only these kinds: {', '.join(ORDER)}.")] = None,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Every repair the reader made (source line, what, why), grouped by kind with counts."""
    for wanted in kind or ():
        choice("--kind", wanted, ORDER)
    loaded = read_plan(plan, strict, aliases)
    Console().print(audit_view(loaded, tuple(kind or ())))
