"""Errors that reach the user as one line: file, line, the bad value and what would do."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem with the user's input or options (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        value: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.value = value
        self.hint = hint

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        from planner.i18n import _

        text = f"{where}: {self.message}" if where else self.message
        if self.value is not None:
            text += f" ({self.value!r})"
        if self.hint:
            text += _("；") + self.hint
        return text


class PlanReadError(PlannerError):
    """The plan file cannot be read as a plan at all."""


class RowError(PlannerError):
    """One row of an otherwise readable plan cannot become a task."""


class ConfigError(PlannerError):
    """The TOML config or a holiday file is wrong."""


class CalendarDataError(PlannerError):
    """No working-day data for the requested year."""
