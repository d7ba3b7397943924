"""`planner events` and `planner load`: the balanced schedule and what balancing bought."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from planner.cli.app import (
    AliasOpt,
    CityOpt,
    ColumnsOpt,
    ConfigOpt,
    DeptOpt,
    NoMergeOpt,
    PinOpt,
    PlanArg,
    RegionOpt,
    SeedOpt,
    StrictOpt,
    choice,
    command,
    resolve,
    scheduled,
)
from planner.errors import PlannerError
from planner.export.events import event_record, events_csv
from planner.export.stream import json_array
from planner.render.console import plain_console
from planner.render.schedule_tables import events_table, load_summary, load_table, spread_summary
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
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    pin: PinOpt = None,
    no_merge: NoMergeOpt = False,
) -> None:
    """List the balanced inspection events: dates, rounds, lead and partner departments."""
    choice("--format", format, FORMATS)
    if month is not None and not 1 <= month <= 12:
        raise PlannerError("--month takes a month number", value=str(month), hint="use 1 to 12")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    shown = events_matching(schedule.events, cities=cities, departments=departments, month=month)
    if format == "json":
        for chunk in json_array(event_record(e) for e in shown):  # streamed: a big plan's JSON is never whole in memory
            typer.echo(chunk, nl=False)
        typer.echo()
    elif format == "csv":
        typer.echo(events_csv(shown), nl=False)
    else:
        plain_console().print(events_table(shown, title=f"{the_plan.label}：{schedule.year}年检查安排（{len(shown)}项）"))


@command("load")
def load(
    plan: PlanArg = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    pin: PinOpt = None,
    no_merge: NoMergeOpt = False,
) -> None:
    """Events running per department and month: the naive schedule, the balanced one and the lower bound."""
    from planner.schedule import department_loads

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    rows = [
        row for row in department_loads(schedule)
        if (not cities or row.department.city in cities) and (not departments or row.department in departments)
    ]  # fmt: skip
    console = plain_console()
    console.print(load_table(rows), soft_wrap=True)  # aligned lines: a narrow terminal wraps, never re-flows
    console.print(spread_summary(schedule.events, cities), soft_wrap=True)
    console.print(load_summary(rows), soft_wrap=True)
