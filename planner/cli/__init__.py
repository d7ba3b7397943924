"""Command line: thin commands over the library. Only this package knows typer."""

from planner.cli.app import app
from planner.cli import tasks  # noqa: F401  (registers commands)


def main() -> None:
    app()
