"""The typer app, the one place where PlannerError becomes a message and an exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from planner.config import Config, load_config
from planner.errors import PlannerError
from planner.model import Plan, Schedule

app = typer.Typer(
    help="Plan, balance and publish joint 双随机 spot-check inspections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err = Console(stderr=True, highlight=False, soft_wrap=True)

PlanArg = Annotated[
    Optional[Path],
    typer.Argument(help="Plan file (TSV, CSV or XLSX); default: the embedded Shanxi 2024 plan."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail on any row that cannot be read.")]


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command whose PlannerErrors end as one red line and exit code."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            try:
                return fn(*a, **k)
            except PlannerError as exc:
                err.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False)
                raise typer.Exit(exc.exit_code) from None

        app.command(*args, **kwargs)(guarded)
        return fn

    return register


@dataclass(frozen=True)
class Scheduled:
    plan: Plan
    config: Config
    schedule: Schedule


def read_plan(plan: Optional[Path], strict: bool, aliases: Optional[Path] = None) -> Plan:
    """Load a plan; every row that could not be loaded is a warning on stderr."""
    from planner.read import load_plan  # imported late: `planner --help` stays fast

    loaded = load_plan(plan, strict=strict, aliases=aliases)
    for problem in loaded.problems:
        value = f" ({problem.value})" if problem.value else ""
        warn(f"{loaded.source}:{problem.line}: {problem.message}{value}; row skipped")
    return loaded


def scheduled(plan: Optional[Path], config: Optional[Path], *, strict: bool = False, seed: int = 0) -> Scheduled:
    """Load config and plan and schedule it; rounds that could not be placed are warnings."""
    from planner.schedule import schedule_plan

    settings = load_config(config)
    loaded = read_plan(plan, strict)
    schedule = schedule_plan(loaded, settings, seed=seed)
    for problem in schedule.unscheduled:
        warn(f"{loaded.source}:{problem.line}: {problem.message}")
    return Scheduled(loaded, settings, schedule)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", markup=True, highlight=False)
