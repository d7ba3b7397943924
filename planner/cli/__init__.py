"""Command line: thin commands over the library. Only this package knows typer."""

from planner.cli import build, check, ical, schedule, tasks, views  # noqa: F401  (each registers its commands)
from planner.cli.app import app


def main() -> None:
    app()
