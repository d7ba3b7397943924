"""`planner timeline`, `overview`, `heatmap` and `agenda`: the terminal views of a schedule."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

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
    PlanArg,
    RegionOpt,
    SectorOpt,
    SeedOpt,
    StrictOpt,
    check_sector,
    choice,
    command,
    parse_month,
    scheduled,
    stderr,
)
from planner.errors import PlannerError
from planner.i18n import N_, _

if TYPE_CHECKING:  # the renderers are imported by the command that shows them
    from rich.console import RenderableType

    from planner.model import Schedule

WidthOpt = Annotated[Optional[int], typer.Option("--width", min=80, help=N_("绘制宽度（列数；默认为终端宽度，保存时为 120）。"))]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help=N_("不用颜色；标记和图例仍能区分日期和负荷。"))]
AsciiOpt = Annotated[bool, typer.Option("--ascii", help=N_("只用 ASCII 字符画框和条。"))]
SaveOpt = Annotated[Optional[Path], typer.Option("--save", help=N_("把视图写入文件（.txt、.svg 或 .html），不输出到终端。"))]


def _show(view: RenderableType, *, save_to: Path | None, width: int | None, no_color: bool, title: str) -> None:
    from planner.render.console import plain_console
    from planner.render.save import DEFAULT_WIDTH, save

    if save_to is not None:
        save(view, save_to, width=width or DEFAULT_WIDTH, color=not no_color, title=title)
        stderr().print(_("已保存 {path}").format(path=save_to), highlight=False)
        return
    # None lets rich read NO_COLOR (https://no-color.org) from the environment; --no-color forces it
    plain_console(width=width, no_color=no_color or None).print(view)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlannerError(_("{option} 需要一个日期").format(option=option), value=text, hint=_("写作 YYYY-MM-DD，如 2024-05-06")) from None


def default_month(schedule: Schedule, today: date) -> int:
    """This month when the schedule's year is this year and something starts in it; else the first busy month."""
    busy = sorted({e.start.month for e in schedule.events})
    if today.year == schedule.year and today.month in busy:
        return today.month
    return busy[0] if busy else 1


@command("timeline", help=N_("全年甘特图：每个任务的可查时段为一条，排定的轮次标在其上。"))
def timeline_command(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    month: MonthOpt = None,
    by: Annotated[str, typer.Option("--by", help=N_("每行一个任务（task）或一个部门（dept）。"))] = "task",
    naive: Annotated[bool, typer.Option("--naive", help=N_("标出原计划（最早日期）的轮次，而不是均衡后的。"))] = False,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """The year as a Gantt chart: each task's window as a bar, each scheduled round marked on it."""
    from planner.render.cells import Look
    from planner.render.views import timeline_view

    choice("--by", by, ("task", "dept"))
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    chosen = parse_month(month, run.schedule.year) if month else None
    sector = check_sector(run.plan.tasks, sector)
    view = timeline_view(run.plan, run.schedule, city=city, dept=dept, sector=sector, month=chosen, by=by,
                         naive=naive, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("overview", help=N_("月历：休为节假日，班为调休上班日，每天开始的检查及各部门合计。"))
def overview_command(
    plan: PlanArg = None,
    month: Annotated[Optional[str], typer.Option("--month", help=N_("要显示的月份：2024-05 或 5（默认：本月有检查则为本月，否则为第一个有检查的月份）。"))] = None,
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
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """A month as a calendar: 休 holidays, 班 make-up days, inspections starting each day, totals per department."""
    from planner.render.cells import Look
    from planner.render.views import overview_view
    from planner.workdays import calendar_for

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    sector = check_sector(run.plan.tasks, sector)
    chosen = parse_month(month, run.schedule.year) if month else default_month(run.schedule, date.today())
    working = calendar_for(run.config, run.schedule.year)
    view = overview_view(run.plan, run.schedule, run.config, month=chosen, is_workday=working.is_working,
                         city=city, dept=dept, sector=sector, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("heatmap", help=N_("部门 × 月份：开始的检查数，对照各部门的月容量。"))
def heatmap_command(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    sector: SectorOpt = None,
    show: Annotated[str, typer.Option("--show", help=N_("both（原计划与均衡并列）、naive 或 balanced。"))] = "both",
    naive: Annotated[bool, typer.Option("--naive", help=N_("只看原计划（最早日期）排期：同 --show naive。"))] = False,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Departments × months: inspections started, against each department's monthly capacity."""
    from planner.render.cells import Look
    from planner.render.heatmap import SHOWS
    from planner.render.views import heatmap_view

    choice("--show", show, SHOWS)
    show = "naive" if naive else show
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    sector = check_sector(run.plan.tasks, sector)
    view = heatmap_view(run.plan, run.schedule, run.config, city=city, dept=dept, sector=sector, show=show, look=Look(ascii))
    _show(view, save_to=save_to, width=width, no_color=no_color, title=view.title)


@command("agenda", help=N_("一个部门按日期排列的检查日程，表格或供脚本用的 JSON / CSV。"))
def agenda_command(
    plan: PlanArg = None,
    dept: Annotated[str, typer.Option("--dept", help=N_("部门：全称、名称的一部分，或 城市/名称。"))] = ...,  # type: ignore[assignment]
    config: ConfigOpt = None,
    city: CityOpt = None,
    start: Annotated[Optional[str], typer.Option("--from", help=N_("起始日期，YYYY-MM-DD。"))] = None,
    end: Annotated[Optional[str], typer.Option("--to", help=N_("截止日期，YYYY-MM-DD。"))] = None,
    sector: SectorOpt = None,
    format: FormatOpt = "table",
    excel_csv: ExcelCsvOpt = False,
    width: WidthOpt = None,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    save_to: SaveOpt = None,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """One department's inspections in date order, as a table or as JSON / CSV for scripts."""
    from planner.render.agenda import agenda, agenda_csv, agenda_json
    from planner.render.cells import Look
    from planner.render.save import write_atomically
    from planner.render.views import agenda_view

    choice("--format", format, FORMATS)
    first, last = _day(start, "--from"), _day(end, "--to")
    if first and last and first > last:
        raise PlannerError(_("--from 晚于 --to"), value=f"{first} > {last}")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    sector = check_sector(run.plan.tasks, sector)
    entries, title = agenda_view(run.plan, run.schedule, dept=dept, city=city, sector=sector, start=first, end=last)
    if format == "table":
        _show(agenda(entries, title=title, look=Look(ascii)), save_to=save_to, width=width, no_color=no_color, title=title)
        return
    text = agenda_json(entries) if format == "json" else agenda_csv(entries, excel=excel_csv)
    if save_to is None:
        typer.echo(text, nl=False)
        return
    write_atomically(save_to, text)
    stderr().print(_("已保存 {path}").format(path=save_to), highlight=False)
