"""`planner events` and `planner load`: the balanced schedule and what balancing bought."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.console import Console

from planner.cli.app import (
    AliasOpt,
    CityOpt,
    ConfigOpt,
    DeptOpt,
    ExcelCsvOpt,
    PlanArg,
    SeedOpt,
    StrictOpt,
    choice,
    command,
    resolve,
    scheduled,
)
from planner.errors import PlannerError
from planner.export.events import event_record, events_csv
from planner.render.schedule_tables import events_table, load_summary, load_table
from planner.select import events_matching

FORMATS = ("table", "json", "csv")



@command("events")
def events(
    plan: PlanArg = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    city: CityOpt = None,
    dept: DeptOpt = None,
    month: Annotated[Optional[int], typer.Option("--month", help="Only events starting in this month (1-12).")] = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """List the balanced inspection events: dates, rounds, lead and partner departments."""
    choice("--format", format, FORMATS)
    if month is not None and not 1 <= month <= 12:
        raise PlannerError("--month takes a month number", value=str(month), hint="use 1 to 12")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    shown = events_matching(schedule.events, cities=cities, departments=departments, month=month)
    if format == "json":
        typer.echo(json.dumps([event_record(e) for e in shown], ensure_ascii=False, indent=2))
    elif format == "csv":
        typer.echo(events_csv(shown, excel=excel_csv), nl=False)
    else:
        Console(highlight=False).print(events_table(shown, title=f"{the_plan.label}：{schedule.year}年检查安排（{len(shown)}项）"))


@command("load")
def load(
    plan: PlanArg = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Rounds per department and month: the naive schedule, the balanced one and the lower bound."""
    from planner.schedule import department_loads

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    rows = [
        row for row in department_loads(schedule)
        if (not cities or row.department.city in cities) and (not departments or row.department in departments)
    ]  # fmt: skip
    console = Console(highlight=False)
    console.print(load_table(rows))
    console.print(load_summary(rows), soft_wrap=True)
