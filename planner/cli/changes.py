"""`planner changes`: per department, what a re-plan adds, moves and removes since the last publication."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

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
    stderr,
)
from planner.i18n import N_, _

FORMATS = ("table", "json", "csv", "notice")


@command("changes", help=N_("按部门列出自上次写出日历以来新增、调整（原日期 → 新日期）和取消的检查。"))
def changes_command(
    plan: PlanArg = None,
    calendars: Annotated[Path, typer.Option("--calendars", help=N_("已发布的订阅文件目录（其中的 .state.json）。"))] = Path("calendars"),
    format: Annotated[str, typer.Option("--format", "-f", help=N_("table、json、csv 或 notice（每个部门一条通知）。"))] = "table",
    notices: Annotated[Optional[Path], typer.Option("--notices", help=N_("同时把每个部门的通知写入此目录。"))] = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Per department: inspections added, moved (old → new dates) and removed since the feeds were last written."""
    from rich.console import Console

    from planner.export.changes import changes_csv, changes_json, changes_since, notice
    from planner.export.feedstate import STATE_FILE, read_state
    from planner.render.changes_table import changes_table
    from planner.render.save import write_atomically

    choice("--format", format, FORMATS)
    state_path = calendars / STATE_FILE
    previous = read_state(state_path)
    if not previous.events:
        stderr().print(_("{path}：尚无发布记录，没有可比较的变动").format(path=state_path), highlight=False)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    cities, departments = resolve(run.plan.tasks, city, dept)
    wanted = {f"{d.city}/{d.name}" for d in departments}
    found = tuple(
        d for d in changes_since(previous, run.schedule.events) if previous.events
        and (not cities or d.department.split("/", 1)[0] in cities) and (not wanted or d.department in wanted)
    )  # fmt: skip
    if format == "json":
        typer.echo(changes_json(found), nl=False)
    elif format == "csv":
        typer.echo(changes_csv(found, excel=excel_csv), nl=False)
    elif format == "notice":
        typer.echo("\n".join(notice(d, run.plan.name) for d in found), nl=False)
    else:
        Console(highlight=False).print(changes_table(found, title=_("自上次发布以来的变动（{count}个部门）").format(count=len(found))))
    if notices is not None:
        for d in found:
            write_atomically(notices / f"{d.department.replace('/', '-')}.txt", notice(d, run.plan.name))
        stderr().print(_("已在 {path} 保存 {count} 份通知").format(count=len(found), path=notices), highlight=False)
