"""The typer app, the one place where PlannerError becomes a message and an exit code."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from planner.config import Config, load_config
from planner.errors import PlannerError
from planner.model import Department, Plan, Schedule, Task

app = typer.Typer(
    help="Plan, balance and publish joint 双随机 spot-check inspections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"planner {version('planner')}")
        raise typer.Exit()


@app.callback()
def root(
    lang: Annotated[Optional[str], typer.Option("--lang", help="zh or en (default: from LC_ALL/LANG, else zh).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Plan, balance and publish joint 双随机 spot-check inspections."""
    from planner.i18n import LANGUAGES, set_language

    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang does not accept this value ('{lang}'); use one of: " + ", ".join(LANGUAGES), 2)
    set_language(lang)

err = Console(stderr=True, highlight=False, soft_wrap=True)

PlanArg = Annotated[
    Optional[Path],
    typer.Argument(help="Plan file (TSV, CSV or XLSX); default: the embedded Shanxi 2024 plan."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail on any row that cannot be read.")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML config: year, durations, capacities, blackouts, holidays.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Vary tie-breaks between equally good schedules.")]
AliasOpt = Annotated[Optional[Path], typer.Option("--aliases", help="Extra department alias table (TOML), same shape as the built-in one.")]
CityOpt = Annotated[Optional[str], typer.Option("--city", help="Only this city (太原 or 太原市).")]
ExcelCsvOpt = Annotated[bool, typer.Option("--excel-csv", help="CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends.")]
DeptOpt = Annotated[Optional[str], typer.Option("--dept", help="A department: its name, part of it, or 城市/名称 (太原/市场监管).")]


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command whose PlannerErrors end as one red line and exit code."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            try:
                return fn(*a, **k)
            except PlannerError as exc:
                fail(str(exc), exc.exit_code)
            except OSError as exc:  # a path we cannot write or read: the user's to fix, not a bug
                where = f"{exc.filename}: " if exc.filename else ""
                fail(f"{where}{exc.strerror or exc}", 2)

        app.command(*args, **kwargs)(guarded)
        return fn

    return register


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


@dataclass(frozen=True)
class Scheduled:
    plan: Plan
    config: Config
    schedule: Schedule


def read_plan(plan: Optional[Path], strict: bool, aliases: Optional[Path] = None) -> Plan:
    """Load a plan; every row that could not be loaded is a warning on stderr."""
    from planner.plan import load_plan  # imported late: `planner --help` stays fast

    loaded = load_plan(plan, strict=strict, aliases=aliases)
    for problem in loaded.problems:
        value = f" ({problem.value})" if problem.value and problem.value not in problem.message else ""
        warn(f"{loaded.source}:{problem.line}: {problem.message}{value}; row skipped")
    return loaded


def scheduled(
    plan: Optional[Path], config: Optional[Path], *, strict: bool = False, seed: int = 0, aliases: Optional[Path] = None
) -> Scheduled:
    """Load config and plan and schedule it; rounds that could not be placed are warnings."""
    from planner.schedule import schedule_plan

    settings = load_config(config)
    loaded = read_plan(plan, strict, aliases)
    schedule = schedule_plan(loaded, settings, seed=seed)
    for problem in schedule.unscheduled:
        warn(f"{loaded.source}:{problem.line}: {problem.message}")
    return Scheduled(loaded, settings, schedule)


FORMATS = ("table", "json", "csv")
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
MonthOpt = Annotated[Optional[str], typer.Option("--month", help="A month of the plan year: 2024-05 or 5.")]
SectorOpt = Annotated[Optional[str], typer.Option("--sector", help="Only tasks of this field, as the lead department names it (市场监管, 卫健, 公安 …).")]


def parse_month(text: str, year: int) -> int:
    """--month as 2024-05 or 5, checked against the plan year."""
    found = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PlannerError("--month takes a month", value=text, hint=f"write it as {year}-05 or 5")
    if found.group(1) and int(found.group(1)) != year:
        raise PlannerError(f"the schedule covers {year} only", value=text, hint=f"ask for a month of {year}")
    return int(found.group(2))


def check_sector(tasks: tuple[Task, ...], sector: str | None) -> str:
    """--sector as given, if some task's sector contains it; an unknown field is an error listing the known ones."""
    wanted = (sector or "").strip()
    known = sorted({t.sector for t in tasks if t.sector})
    if wanted and not any(wanted in s for s in known):
        raise PlannerError("no task of this field", value=wanted, hint="fields in this plan: " + "、".join(known))
    return wanted


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def progress_bar(quiet: bool) -> Progress:
    """A progress bar on stderr; silent with --quiet or when stderr is not a terminal (pipes, CI logs)."""
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=quiet or not err.is_terminal,
    )


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", markup=True, highlight=False)


def choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PlannerError(f"{option} does not accept this value", value=value, hint="use one of: " + ", ".join(allowed))


def resolve(tasks: tuple[Task, ...], city: Optional[str], dept: Optional[str]) -> tuple[tuple[str, ...], tuple[Department, ...]]:
    """--city and --dept as the plan names them; an unknown name is an error, never an empty result."""
    from planner.select import resolve_city, resolve_departments

    cities = (resolve_city(tasks, city),) if city else ()
    departments = resolve_departments(tasks, dept, cities[0] if cities else None) if dept else ()
    return cities, departments
