"""`planner changes`: per department, what a re-plan adds, moves and removes since the last publication."""

from __future__ import annotations

from pathlib import Path
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
    err,
    resolve,
    scheduled,
)

FORMATS = ("table", "json", "csv", "notice")


@command("changes")
def changes_command(
    plan: PlanArg = None,
    calendars: Annotated[Path, typer.Option("--calendars", help="The published feeds (their .state.json).")] = Path("calendars"),
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or notice (one message per department).")] = "table",
    notices: Annotated[Optional[Path], typer.Option("--notices", help="Also write one notice per department into this directory.")] = None,
    city: CityOpt = None,
    dept: DeptOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Per department: inspections added, moved (old → new dates) and removed since the feeds were last written."""
    from planner.export.changes import changes_csv, changes_json, changes_since, notice
    from planner.export.feedstate import STATE_FILE, read_state
    from planner.render.changes_table import changes_table
    from planner.render.save import write_atomically

    choice("--format", format, FORMATS)
    state_path = calendars / STATE_FILE
    previous = read_state(state_path)
    if not previous.events:
        err.print(f"{state_path}：尚无发布记录，没有可比较的变动", highlight=False)
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
        Console(highlight=False).print(changes_table(found, title=f"自上次发布以来的变动（{len(found)}个部门）"))
    if notices is not None:
        for d in found:
            write_atomically(notices / f"{d.department.replace('/', '-')}.txt", notice(d, run.plan.name))
        err.print(f"saved {len(found)} notices in {notices}", highlight=False)
