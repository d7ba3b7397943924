"""`planner events` and `planner load`: the balanced schedule and what balancing bought."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from planner.cli.app import (
    FORMATS,
    AliasOpt,
    CityOpt,
    ColumnsOpt,
    ConfigOpt,
    DeptOpt,
    ExcelCsvOpt,
    FormatOpt,
    MonthOpt,
    NoMergeOpt,
    PinOpt,
    PlanArg,
    RegionOpt,
    SectorOpt,
    SeedOpt,
    StrictOpt,
    check_sector,
    choice,
    command,
    echo_chunks,
    parse_month,
    resolve,
    scheduled,
)
from planner.i18n import N_, _

if TYPE_CHECKING:
    from planner.config import Config
    from planner.schedule import DepartmentLoad


@command("events", help=N_("列出均衡后的检查安排：日期、轮次、牵头和配合部门。"))
def events(
    plan: PlanArg = None,
    format: FormatOpt = "table",
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    month: MonthOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    pin: PinOpt = None,
    no_merge: NoMergeOpt = False,
) -> None:
    """List the balanced inspection events: dates, rounds, lead and partner departments."""
    from planner.select import events_matching

    choice("--format", format, FORMATS)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    chosen = parse_month(month, schedule.year) if month else None
    wanted = check_sector(the_plan.tasks, sector)
    shown = events_matching(schedule.events, cities=cities, departments=departments, month=chosen)
    if wanted:
        shown = tuple(e for e in shown if wanted in e.task.sector)
    if format == "json":
        from planner.export.events import event_records
        from planner.export.stream import json_chunks

        echo_chunks(json_chunks(event_records(shown)))  # streamed: a big plan's JSON is never whole in memory
        typer.echo()
    elif format == "csv":
        from planner.export.events import events_csv

        typer.echo(events_csv(shown, excel=excel_csv), nl=False)
    else:
        from planner.render.console import plain_console
        from planner.render.schedule_tables import events_table

        plain_console().print(events_table(shown, title=_("{plan}：{year}年检查安排（{count}项）").format(
            plan=the_plan.label, year=schedule.year, count=len(shown))))


@command("load", help=N_("各部门每月的检查轮次：原计划、均衡后和理论下界。"))
def load(
    plan: PlanArg = None,
    format: FormatOpt = "table",
    excel_csv: ExcelCsvOpt = False,
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

    choice("--format", format, FORMATS)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    the_plan, schedule = run.plan, run.schedule
    cities, departments = resolve(the_plan.tasks, city, dept)
    rows = [
        row for row in department_loads(schedule)
        if (not cities or row.department.city in cities) and (not departments or row.department in departments)
    ]  # fmt: skip
    if format == "json":
        import json

        typer.echo(json.dumps([load_record(row, run.config) for row in rows], ensure_ascii=False, indent=2))
        return
    if format == "csv":
        from planner.export.table_csv import csv_text

        typer.echo(csv_text(LOAD_CSV_COLUMNS, (load_csv_row(row, run.config) for row in rows), excel=excel_csv), nl=False)
        return
    from planner.render.console import plain_console
    from planner.render.schedule_tables import load_summary, load_table, spread_summary

    console = plain_console()
    console.print(load_table(rows), soft_wrap=True)  # aligned lines: a narrow terminal wraps, never re-flows
    console.print(spread_summary(schedule.events, cities), soft_wrap=True)
    console.print(load_summary(rows), soft_wrap=True)


LOAD_CSV_COLUMNS = (
    "city", "department", *(f"naive_{m}" for m in range(1, 13)), *(f"balanced_{m}" for m in range(1, 13)),
    "naive_peak", "peak", "bound", "capacity",
)  # fmt: skip


def load_record(row: DepartmentLoad, config: Config) -> dict[str, object]:
    return {
        "city": row.department.city, "department": row.department.name,
        "naive": list(row.naive), "balanced": list(row.balanced),
        "naive_peak": row.naive_peak, "peak": row.peak, "bound": row.bound,
        "capacity": config.monthly_capacity_for(row.department),
    }  # fmt: skip


def load_csv_row(row: DepartmentLoad, config: Config) -> list[object]:
    """One department: its 12 naive then 12 balanced months, each in a column of its own."""
    return [row.department.city, row.department.name, *row.naive, *row.balanced,
            row.naive_peak, row.peak, row.bound, config.monthly_capacity_for(row.department)]
