"""The working-day calendar of one year: weekends and statutory holidays off, 调休 make-up days on.

The national arrangement comes from the maintained `chinesecalendar` package; a user holiday file
(TOML with ``holidays = [...]`` and ``workdays = [...]``) amends it or, for a year the package does
not cover yet, supplies it. Local extra days off from the config come last.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import chinese_calendar

from planner.config import Config
from planner.errors import CalendarDataError, ConfigError
from planner.i18n import _
from planner.limits import MAX_CONFIG_BYTES, read_regular_file

HOLIDAY_FILE_KEYS = ("holidays", "workdays")


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of one year, in order."""

    year: int
    days: tuple[date, ...]
    source: str  # where the holiday data came from, for messages

    @cached_property
    def _index(self) -> dict[date, int]:
        return {day: i for i, day in enumerate(self.days)}

    def is_working(self, day: date) -> bool:
        return day in self._index

    def index(self, day: date) -> int:
        """Position of a working day in `days` (KeyError for a day off)."""
        return self._index[day]

    @cached_property
    def _months(self) -> dict[int, range]:
        spans: dict[int, range] = {}
        for i, day in enumerate(self.days):
            first = spans.get(day.month, range(i, i)).start
            spans[day.month] = range(first, i + 1)
        return spans

    def month_range(self, month: int) -> range:
        """Indexes into `days` of the month's working days."""
        return self._months.get(month, range(0))

    def run(self, start: date, length: int) -> tuple[date, ...]:
        """`length` consecutive working days from `start` (fewer if the year ends first)."""
        i = self._index[start]
        return self.days[i : i + length]


@dataclass(frozen=True)
class HolidayFile:
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


def calendar_for(config: Config, year: int) -> WorkCalendar:
    """The calendar a config asks for: library data, holiday file, extra local holidays."""
    amendments = read_holiday_file(config.holiday_file) if config.holiday_file else None
    return work_calendar(
        year,
        extra_holidays=config.extra_holidays,
        amendments=amendments,
        amendments_source=str(config.holiday_file) if config.holiday_file else "",
    )


def work_calendar(
    year: int,
    *,
    extra_holidays: Iterable[date] = (),
    amendments: HolidayFile | None = None,
    amendments_source: str = "",
) -> WorkCalendar:
    """Working days of `year`; raises CalendarDataError when nothing describes that year."""
    all_days = [date(year, 1, 1) + timedelta(n) for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]
    national = _national(year)
    if national is None:
        if amendments is None or not _touches(amendments, year):
            raise CalendarDataError(
                _("没有 {year} 年的节假日数据：chinesecalendar {version} 覆盖 {years}").format(
                    year=year, version=_library_version(), years=_library_years()),
                hint=_("把 {year} 年的节假日和调休上班日写进一个 TOML 文件（holidays = [...]，workdays = [...]），"
                       "并在配置的 [holidays] 表中写 file = \"…\"（格式见 README）").format(year=year),
            )
        working = {day: day.weekday() < 5 for day in all_days}
        source = amendments_source
    else:
        working = national
        source = f"chinesecalendar {_library_version()}" + (f" + {amendments_source}" if amendments else "")
    if amendments:
        # The user's file is the later word: it corrects or completes the national data.
        working.update({day: False for day in amendments.holidays if day.year == year})
        working.update({day: True for day in amendments.workdays if day.year == year})
    working.update({day: False for day in extra_holidays if day.year == year})
    return WorkCalendar(year, tuple(day for day in all_days if working[day]), source)


def read_holiday_file(path: Path) -> HolidayFile:
    """Parse ``holidays = [dates]`` and ``workdays = [dates]`` from a TOML file."""
    text = read_regular_file(path, name=str(path), limit=MAX_CONFIG_BYTES, error=ConfigError, missing=_("找不到节假日文件"))
    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_("节假日文件不是有效的 TOML：{error}").format(error=exc), file=str(path)) from None
    unknown = sorted(set(data) - set(HOLIDAY_FILE_KEYS))
    if unknown:
        raise ConfigError(
            _("节假日文件中有未知的键"), file=str(path), value=unknown[0], hint=_("只用 holidays = [...] 和 workdays = [...]")
        )
    return HolidayFile(
        holidays=tuple(_date(v, "holidays", path) for v in _list(data.get("holidays", []), "holidays", path)),
        workdays=tuple(_date(v, "workdays", path) for v in _list(data.get("workdays", []), "workdays", path)),
    )


def _national(year: int) -> dict[date, bool] | None:
    """Working or not for every day of the year, or None if the library has no data for it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    try:
        chinese_calendar.is_workday(first)
        chinese_calendar.is_workday(last)
    except NotImplementedError:
        return None
    # The library's own rule (is_workday) read from its public tables: is_workday checks the year
    # against every key of its table on each call, 6 ms for a year's days.
    workdays, holidays = chinese_calendar.workdays, chinese_calendar.holidays
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return {day: day in workdays or (day.weekday() <= 4 and day not in holidays) for day in days}


def _touches(amendments: HolidayFile, year: int) -> bool:
    return any(day.year == year for day in amendments.holidays + amendments.workdays)


def _library_version() -> str:
    # the module's own attribute: importlib.metadata costs ~7 ms of every scheduling command's start
    return str(chinese_calendar.__version__)


def _library_years() -> str:
    years = sorted({day.year for day in chinese_calendar.holidays})
    return f"{years[0]}–{years[-1]}"


def _list(value: Any, key: str, path: Path) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(_("{key} 必须是日期列表").format(key=key), file=str(path), value=str(value))
    return value


def _date(value: Any, key: str, path: Path) -> date:
    if isinstance(value, datetime):  # TOML 2024-05-06T09:00 or 2024-05-06 09:00: a time, not a day
        raise ConfigError(_("{key} 只接受 YYYY-MM-DD 日期，不接受日期加时间").format(key=key), file=str(path), value=str(value))
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(_("{key} 的日期应写作 YYYY-MM-DD").format(key=key), file=str(path), value=str(value)) from None
