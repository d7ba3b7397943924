"""`planner events` and `planner load`: the balanced schedule and what balancing bought."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from planner.cli.app import PlanArg, StrictOpt, command, err
from planner.config import load_config
from planner.errors import PlannerError
from planner.model import Department, Event, Plan, Schedule
from planner.render.select import resolve_city, resolve_departments
from planner.schedule import DepartmentLoad, department_loads, schedule_plan

FORMATS = ("table", "json", "csv")
COLUMNS = (
    "uid", "city", "seq", "round", "rounds", "title", "lead", "partners",
    "start", "end", "window_start", "window_end", "working_days",
)  # fmt: skip

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
    the_plan, schedule = _scheduled(plan, config, seed, strict)
    cities, departments = _filters(the_plan, city, dept)
    shown = [
        e for e in schedule.events
        if (not cities or e.city in cities)
        and (not departments or set(departments) & set(e.task.departments()))
        and (month is None or e.start.month == month)
    ]  # fmt: skip
    _warn_unscheduled(schedule)
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
    the_plan, schedule = _scheduled(plan, config, seed, strict)
    cities, departments = _filters(the_plan, city, dept)
    rows = [
        row for row in department_loads(schedule)
        if (not cities or row.department.city in cities) and (not departments or row.department in departments)
    ]  # fmt: skip
    _warn_unscheduled(schedule)
    console = Console(highlight=False)
    console.print(load_table(rows))
    console.print(load_summary(rows), soft_wrap=True)


def _scheduled(plan: Path | None, config: Path | None, seed: int, strict: bool) -> tuple[Plan, Schedule]:
    from planner.read import load_plan

    settings = load_config(config)
    the_plan = load_plan(plan, strict=strict)
    return the_plan, schedule_plan(the_plan, settings, seed=seed)


def _filters(plan: Plan, city: str | None, dept: str | None) -> tuple[tuple[str, ...], tuple[Department, ...]]:
    cities = (resolve_city(plan.tasks, city),) if city else ()
    departments = resolve_departments(plan.tasks, dept, cities[0] if cities else None) if dept else ()
    return cities, departments


def _warn_unscheduled(schedule: Schedule) -> None:
    for problem in schedule.unscheduled:
        err.print(f"[yellow]warning:[/yellow] line {problem.line}: {problem.message}", markup=True, highlight=False)


# --- output shapes ---------------------------------------------------------------------------------


def event_record(event: Event) -> dict[str, Any]:
    """One event as the JSON and CSV outputs give it."""
    return {
        "uid": event.uid,
        "city": event.city,
        "seq": event.seq,
        "round": event.round,
        "rounds": event.rounds,
        "title": event.title,
        "lead": [ref.department.name for ref in event.task.lead],
        "partners": [ref.department.name for ref in event.task.partners],
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "window_start": event.window_start.isoformat(),
        "window_end": event.window_end.isoformat(),
        "working_days": event.working_days,
        "days": [day.isoformat() for day in event.days],
    }


def events_csv(shown: Sequence[Event]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in shown:
        record = event_record(event)
        writer.writerow(["、".join(v) if isinstance(v, list) else v for v in (record[c] for c in COLUMNS)])
    return out.getvalue()


def events_table(shown: Sequence[Event], title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("日期", no_wrap=True)
    table.add_column("天", justify="right", no_wrap=True)
    table.add_column("城市", no_wrap=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("轮次", no_wrap=True)
    table.add_column("任务", ratio=3, overflow="fold")
    table.add_column("牵头", ratio=1, overflow="fold")
    table.add_column("配合", ratio=2, overflow="fold")
    for event in shown:
        table.add_row(
            f"{event.start:%m-%d}…{event.end:%m-%d}",
            str(event.working_days),
            event.city,
            str(event.seq),
            f"{event.round}/{event.rounds}",
            event.task.name,
            "、".join(ref.department.name for ref in event.task.lead),
            "、".join(ref.department.name for ref in event.task.partners),
        )
    return table


def load_table(rows: Sequence[DepartmentLoad]) -> Table:
    """Two lines per department, naive over balanced, rounds per month; then peak and lower bound."""
    months = [m for m in range(1, 13) if any(row.naive[m - 1] or row.balanced[m - 1] for row in rows)]
    table = Table(
        title="每月参与的检查轮次（列：月份）",
        caption="下界：任何排期都达不到更低的峰值；差：均衡后峰值减下界",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        padding=(0, 1),
        pad_edge=False,
        collapse_padding=True,
    )
    # Only the department name may wrap: the numbers must stay whole on a narrow terminal.
    table.add_column("城市", no_wrap=True)
    table.add_column("部门", overflow="fold")
    table.add_column("排期", no_wrap=True)
    for m in months:
        table.add_column(str(m), justify="right", no_wrap=True)
    for header in ("峰值", "下界", "差"):
        table.add_column(header, justify="right", no_wrap=True)
    city = None
    for row in rows:
        shown_city = row.department.city if row.department.city != city else ""
        city = row.department.city
        gap = row.above_bound
        table.add_row(shown_city, row.department.name, "原", *(_count(row.naive[m - 1]) for m in months), str(row.naive_peak), "", "")
        table.add_row(
            "", "", "均衡", *(_count(row.balanced[m - 1], bold=row.balanced[m - 1] == row.peak) for m in months),
            Text(str(row.peak), style="bold"), str(row.bound),
            Text(f"+{gap}" if gap else "0", style="red" if gap > 1 else ""),
            end_section=True,
        )  # fmt: skip
    return table


def _count(value: int, *, bold: bool = False) -> Text:
    if not value:
        return Text("·", style="dim")
    return Text(str(value), style="bold" if bold else "")


def load_summary(rows: Sequence[DepartmentLoad]) -> str:
    if not rows:
        return "no departments selected"
    at = sum(row.above_bound <= 0 for row in rows)
    one = sum(row.above_bound == 1 for row in rows)
    worst = max(rows, key=lambda row: (row.naive_peak, row.peak))
    return (
        f"最忙月份（所选部门）：原排期 {max(r.naive_peak for r in rows)} → 均衡 {max(r.peak for r in rows)}"
        f"（原排期最忙：{worst.department.city}/{worst.department.name} {worst.naive_peak} → {worst.peak}，下界 {worst.bound}）；"
        f"{len(rows)} 个部门中 {at} 个达到下界，{one} 个为下界+1，{len(rows) - at - one} 个更高"
    )
