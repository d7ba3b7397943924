"""`planner timeline`, `overview`, `heatmap` and `agenda`: the terminal views of a schedule."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console, RenderableType

from planner.cli.app import (
    FORMATS,
    AliasOpt,
    CityOpt,
    ConfigOpt,
    DeptOpt,
    FormatOpt,
    MonthOpt,
    PlanArg,
    SectorOpt,
    SeedOpt,
    StrictOpt,
    check_sector,
    choice,
    command,
    err,
    parse_month,
    scheduled,
)
from planner.errors import PlannerError
from planner.model import Schedule
from planner.render.agenda import agenda, agenda_csv, agenda_json
from planner.render.cells import Look
from planner.render.heatmap import SHOWS
from planner.render.save import DEFAULT_WIDTH, save, write_atomically
from planner.render.views import agenda_view, heatmap_view, overview_view, timeline_view

WidthOpt = Annotated[Optional[int], typer.Option("--width", min=80, help="Columns to draw in (default: the terminal's; 120 when saving).")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours; markers and legends still tell days and loads apart.")]
AsciiOpt = Annotated[bool, typer.Option("--ascii", help="Plain ASCII boxes and bars.")]
SaveOpt = Annotated[Optional[Path], typer.Option("--save", help="Write the view to FILE (.txt, .svg or .html) instead of the terminal.")]


def _show(view: RenderableType, *, save_to: Path | None, width: int | None, no_color: bool, title: str) -> None:
    if save_to is not None:
        save(view, save_to, width=width or DEFAULT_WIDTH, color=not no_color, title=title)
        err.print(f"saved {save_to}", highlight=False)
        return
    # None lets rich read NO_COLOR (https://no-color.org) from the environment; --no-color forces it
    Console(width=width, no_color=no_color or None, highlight=False).print(view)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlannerError(f"{option} takes a date", value=text, hint="write it as YYYY-MM-DD, e.g. 2024-05-06") from None


def default_month(schedule: Schedule, today: date) -> int:
    """This month when the schedule's year is this year and something starts in it; else the first busy month."""
    busy = sorted({e.start.month for e in schedule.events})
    if today.year == schedule.year and today.month in busy:
        return today.month
    return busy[0] if busy else 1


@command("timeline")
def timeline_command(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    month: MonthOpt = None,
    by: Annotated[str, typer.Option("--by", help="One row per task or per dept.")] = "task",
    naive: Annotated[bool, typer.Option("--naive", help="Mark the naive (earliest-date) rounds instead of the balanced ones.")] = False,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
) -> None:
    """The year as a Gantt chart: each task's window as a bar, each scheduled round marked on it."""
    choice("--by", by, ("task", "dept"))
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    chosen = parse_month(month, run.schedule.year) if month else None
    sector = check_sector(run.plan.tasks, sector)
    view = timeline_view(run.plan, run.schedule, city=city, dept=dept, sector=sector, month=chosen, by=by,
                         naive=naive, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("overview")
def overview_command(
    plan: PlanArg = None,
    month: Annotated[Optional[str], typer.Option("--month", help="The month to show: 2024-05 or 5 (default: this month if it has inspections, else the first busy one).")] = None,
    config: ConfigOpt = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
) -> None:
    """A month as a calendar: 休 holidays, 班 make-up days, inspections starting each day, totals per department."""
    from planner.workdays import calendar_for

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    sector = check_sector(run.plan.tasks, sector)
    chosen = parse_month(month, run.schedule.year) if month else default_month(run.schedule, date.today())
    working = calendar_for(run.config, run.schedule.year)
    view = overview_view(run.plan, run.schedule, run.config, month=chosen, is_workday=working.is_working,
                         city=city, dept=dept, sector=sector, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("heatmap")
def heatmap_command(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    show: Annotated[str, typer.Option("--show", help="both (naive beside balanced), naive or balanced.")] = "both",
    naive: Annotated[bool, typer.Option("--naive", help="Only the naive (earliest-date) schedule: same as --show naive.")] = False,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
) -> None:
    """Departments × months: inspections started, against each department's monthly capacity."""
    choice("--show", show, SHOWS)
    show = "naive" if naive else show
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    sector = check_sector(run.plan.tasks, sector)
    view = heatmap_view(run.plan, run.schedule, run.config, city=city, dept=dept, sector=sector, show=show, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("agenda")
def agenda_command(
    plan: PlanArg = None,
    dept: Annotated[str, typer.Option("--dept", help="The department: its name, part of it, or 城市/名称.")] = ...,  # type: ignore[assignment]
    config: ConfigOpt = None,
    city: CityOpt = None,
    start: Annotated[Optional[str], typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    sector: SectorOpt = None,
    format: FormatOpt = "table",
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
) -> None:
    """One department's inspections in date order, as a table or as JSON / CSV for scripts."""
    choice("--format", format, FORMATS)
    first, last = _day(start, "--from"), _day(end, "--to")
    if first and last and first > last:
        raise PlannerError("--from is after --to", value=f"{first} > {last}")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    sector = check_sector(run.plan.tasks, sector)
    entries, title = agenda_view(run.plan, run.schedule, dept=dept, city=city, sector=sector, start=first, end=last)
    if format == "table":
        _show(agenda(entries, title=title, look=Look(ascii)), save_to=save_to, width=width, no_color=no_color, title=title)
        return
    text = agenda_json(entries) if format == "json" else agenda_csv(entries)
    if save_to is None:
        typer.echo(text, nl=False)
        return
    write_atomically(save_to, text)
    err.print(f"saved {save_to}", highlight=False)
