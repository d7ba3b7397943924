"""Command line: thin commands over the library. Only this package knows typer."""

import typer

from planner.cli import build, changes, check, columns, departments, export, ical, report, schedule, tasks, views  # noqa: F401  (each registers its commands)
from planner.cli.app import app, stderr
from planner.cli.process import leave, own

try:  # typer 0.2x vendors click; older typer uses the click package
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    import click.exceptions as click_errors  # type: ignore[no-redef]


def main() -> None:
    """The console script: option errors end as one line and exit code 2, like every other error."""
    from planner.cli.localise import click_message, localise
    from planner.i18n import _, set_language

    own()  # this run is the whole process: a short command may leave its memory to the OS
    set_language(None)  # from the environment, until --lang says otherwise
    command = typer.main.get_command(app)
    localise(command)  # `planner --help` before any --lang
    try:
        code = command.main(standalone_mode=False, prog_name="planner")
    except getattr(click_errors, "NoArgsIsHelpError", ()) as exc:
        exc.show()  # `planner` alone: the help, as usual
        leave(exc.exit_code)
    except click_errors.ClickException as exc:
        context = getattr(exc, "ctx", None)  # usage errors know their command
        where = f"{context.command_path}: " if context else ""
        prefix = _("错误：")
        stderr().print(f"{prefix}{where}{click_message(exc.format_message())}", markup=False, highlight=False)
        leave(2)
    except typer.Abort:
        leave(130)
    leave(code if isinstance(code, int) else 0)
