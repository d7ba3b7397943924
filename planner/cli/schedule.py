"""`planner events` and `planner load`: the balanced schedule and what balancing bought."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from planner.cli.app import PlanArg, StrictOpt, command, scheduled
from planner.errors import PlannerError
from planner.export.events import event_record, events_csv
from planner.model import Department, Plan
from planner.render.schedule_tables import events_table, load_summary, load_table
from planner.render.select import resolve_city, resolve_departments

FORMATS = ("table", "json", "csv")

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML config: year, durations, capacities, blackouts, holidays.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Vary tie-breaks between equally good schedules.")]
CityOpt = Annotated[Optional[str], typer.Option("--city", help="Only this city (太原 or 太原市).")]
DeptOpt = Annotated[Optional[str], typer.Option("--dept", help="Only this department (or part of its name; 太原/市场监管 for one city's).")]


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
) -> None:
    """List the balanced inspection events: dates, rounds, lead and partner departments."""
    if format not in FORMATS:
        raise PlannerError("--format does not accept this value", value=format, hint="use one of: " + ", ".join(FORMATS))
    if month is not None and not 1 <= month <= 12:
        raise PlannerError("--month takes a month number", value=str(month), hint="use 1 to 12")
    run = scheduled(plan, config, strict=strict, seed=seed)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = _filters(the_plan, city, dept)
    shown = [
        e for e in schedule.events
        if (not cities or e.city in cities)
        and (not departments or set(departments) & set(e.task.departments()))
        and (month is None or e.start.month == month)
    ]  # fmt: skip
    if format == "json":
        typer.echo(json.dumps([event_record(e) for e in shown], ensure_ascii=False, indent=2))
    elif format == "csv":
        typer.echo(events_csv(shown), nl=False)
    else:
        Console(highlight=False).print(events_table(shown, title=f"{Path(the_plan.source).name}：{schedule.year}年检查安排（{len(shown)}项）"))


@command("load")
def load(
    plan: PlanArg = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
) -> None:
    """Rounds per department and month: the naive schedule, the balanced one and the lower bound."""
    from planner.schedule import department_loads

    run = scheduled(plan, config, strict=strict, seed=seed)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = _filters(the_plan, city, dept)
    rows = [
        row for row in department_loads(schedule)
        if (not cities or row.department.city in cities) and (not departments or row.department in departments)
    ]  # fmt: skip
    console = Console(highlight=False)
    console.print(load_table(rows))
    console.print(load_summary(rows), soft_wrap=True)


def _filters(plan: Plan, city: str | None, dept: str | None) -> tuple[tuple[str, ...], tuple[Department, ...]]:
    cities = (resolve_city(plan.tasks, city),) if city else ()
    departments = resolve_departments(plan.tasks, dept, cities[0] if cities else None) if dept else ()
    return cities, departments
