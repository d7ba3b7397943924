"""The typer app, the one place where PlannerError becomes a message and an exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from planner.errors import PlannerError

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
