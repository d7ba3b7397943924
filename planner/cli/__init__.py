"""Command line: thin commands over the library. Only this package knows typer."""

import sys

import typer

from planner.cli import build, changes, check, departments, export, ical, report, schedule, tasks, views  # noqa: F401  (each registers its commands)
from planner.cli.app import app, err

try:  # typer 0.2x vendors click; older typer uses the click package
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    import click.exceptions as click_errors  # type: ignore[no-redef]


def main() -> None:
    """The console script: option errors end as one line and exit code 2, like every other error."""
    try:
        code = app(standalone_mode=False, prog_name="planner")
    except getattr(click_errors, "NoArgsIsHelpError", ()) as exc:
        exc.show()  # `planner` alone: the help, as usual
        sys.exit(exc.exit_code)
    except click_errors.ClickException as exc:
        context = getattr(exc, "ctx", None)  # usage errors know their command
        command = f"{context.command_path}: " if context else ""
        err.print(f"error: {command}{exc.format_message()}", markup=False, highlight=False)
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
