"""Options from a TOML file (`--config`): year, durations, capacities, blackouts, holidays.

Example::

    year = 2024
    default_duration = 3          # working days per inspection
    daily_capacity = 1            # events a department may start on one day
    monthly_capacity = 8          # rounds a department can take part in per month

    [durations]                   # task-name substring -> working days
    "双随机抽查" = 2

    [departments."太原市/市市场监管局"]
    monthly_capacity = 12
    daily_capacity = 2
    blackout = ["2024-05-06", "2024-05-07"]

    [holidays]
    extra = ["2024-03-08"]        # local days off on top of the national calendar
    file = "holidays-2025.toml"   # optional: a year the library does not cover

    merge = true                  # 一业一查 groups as one joint visit (false: each task on its own)
    keep_duplicates = false       # true: a task listed twice is inspected twice

    [pins]                        # 城市/序号 or 城市/序号/r轮次 -> the start day, kept exactly
    "太原/54" = "2024-05-13"
    "太原/387/r3" = "2024-06-03"
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from planner.errors import ConfigError
from planner.i18n import _
from planner.limits import MAX_CONFIG_BYTES, read_regular_file
from planner.model import Department, Task

DEFAULT_YEAR = 2024
MIN_YEAR, MAX_YEAR = 2000, 2100  # a plan year; beyond 9999 dates do not even exist


@dataclass(frozen=True)
class DepartmentLimits:
    daily_capacity: int | None = None
    monthly_capacity: int | None = None
    blackout: tuple[date, ...] = ()


@dataclass(frozen=True)
class Config:
    year: int | None = None  # None: the plan's own year (from its title)
    default_duration: int = 3
    daily_capacity: int = 1
    monthly_capacity: int = 8
    durations: tuple[tuple[str, int], ...] = ()  # (substring of task name, working days)
    departments: tuple[tuple[str, DepartmentLimits], ...] = ()  # ("city/name" or "name", limits)
    extra_holidays: tuple[date, ...] = ()
    holiday_file: Path | None = None
    source: str = "defaults"
    merge: bool = True  # schedule 一业一查 groups as one joint visit
    keep_duplicates: bool = False  # schedule exact duplicates as inspections of their own
    pins: tuple[tuple[str, date], ...] = ()  # ("太原/54" or "太原/387/r3", start day)

    def duration_for(self, task: Task) -> int:
        for pattern, days in self.durations:
            if pattern in task.name or pattern in task.item:
                return days
        return self.default_duration

    @cached_property
    def _limits_by_name(self) -> dict[str, DepartmentLimits]:
        return dict(self.departments)  # asked for every department and month: build it once

    def limits_for(self, department: Department) -> DepartmentLimits:
        table = self._limits_by_name
        return table.get(f"{department.city}/{department.name}") or table.get(department.name) or DepartmentLimits()

    def require_departments(self, departments: Iterable[Department]) -> None:
        """Fail when a [departments."…"] table names no department of the plan (a silent typo)."""
        names = {f"{d.city}/{d.name}" for d in departments} | {d.name for d in departments}
        unknown = [key for key, _ in self.departments if key not in names]
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(names), n=3, cutoff=0.5)
            raise ConfigError(
                _("[departments.\"{name}\"] 不是计划中的部门").format(name=unknown[0]),
                file=self.source,
                hint=_("是否要写：{names}").format(names=", ".join(close)) if close else _("写作 城市/部门，如 太原市/市市场监管局"),
            )

    def monthly_capacity_for(self, department: Department) -> int:
        return self.limits_for(department).monthly_capacity or self.monthly_capacity

    def daily_capacity_for(self, department: Department) -> int:
        return self.limits_for(department).daily_capacity or self.daily_capacity

    def blackout_for(self, department: Department) -> tuple[date, ...]:
        return self.limits_for(department).blackout


def load_config(path: Path | None) -> Config:
    """Read a TOML config; None gives the defaults."""
    if path is None:
        return Config()
    text = read_regular_file(path, name=str(path), limit=MAX_CONFIG_BYTES, error=ConfigError, missing=_("找不到配置文件"))
    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_("不是有效的 TOML 文件：{error}").format(error=exc), file=str(path)) from None
    return _config_from(data, path)


TOP_KEYS = (
    "year", "default_duration", "daily_capacity", "monthly_capacity", "durations", "departments", "holidays",
    "merge", "keep_duplicates", "pins",
)
DEPARTMENT_KEYS = ("daily_capacity", "monthly_capacity", "blackout")
HOLIDAY_KEYS = ("extra", "file")


def _config_from(data: dict[str, Any], path: Path) -> Config:
    where = str(path)
    _known_keys(data, TOP_KEYS, "", where)
    holidays = _table(data.get("holidays", {}), "holidays", where)
    _known_keys(holidays, HOLIDAY_KEYS, "holidays.", where)
    holiday_file = holidays.get("file")
    return Config(
        year=_year(data["year"], where) if "year" in data else None,
        default_duration=_positive(data, "default_duration", 3, where),
        daily_capacity=_positive(data, "daily_capacity", 1, where),
        monthly_capacity=_positive(data, "monthly_capacity", 8, where),
        durations=tuple(
            (str(k), _int(v, f"durations.{k}", where)) for k, v in _table(data.get("durations", {}), "durations", where).items()
        ),
        departments=tuple(
            (str(name), _limits(_table(table, f"departments.{name}", where), f"departments.{name}", where))
            for name, table in _table(data.get("departments", {}), "departments", where).items()
        ),
        extra_holidays=tuple(_date(d, "holidays.extra", where) for d in _list(holidays.get("extra", []), "holidays.extra", where)),
        holiday_file=(path.parent / str(holiday_file)) if holiday_file else None,
        source=where,
        merge=_bool(data, "merge", True, where),
        keep_duplicates=_bool(data, "keep_duplicates", False, where),
        pins=tuple((str(k), _date(v, f"pins.{k}", where)) for k, v in _table(data.get("pins", {}), "pins", where).items()),
    )


def _bool(data: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false", file=where, value=str(value))
    return value


def _known_keys(table: dict[str, Any], known: tuple[str, ...], prefix: str, where: str) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(_("未知设置 {key}").format(key=prefix + key), file=where, hint=_("可用：{keys}").format(keys=", ".join(prefix + k for k in known)))


def _table(value: Any, key: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(_("{key} 必须是一个表（[{key}]）").format(key=key), file=where, value=str(value))
    return value


def _list(value: Any, key: str, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(_("{key} 必须是列表，如 [\"2024-03-08\"]").format(key=key), file=where, value=str(value))
    return value


def _limits(table: dict[str, Any], key: str, where: str) -> DepartmentLimits:
    _known_keys(table, DEPARTMENT_KEYS, f"{key}.", where)
    daily = table.get("daily_capacity")
    monthly = table.get("monthly_capacity")
    return DepartmentLimits(
        daily_capacity=_int(daily, f"{key}.daily_capacity", where) if daily is not None else None,
        monthly_capacity=_int(monthly, f"{key}.monthly_capacity", where) if monthly is not None else None,
        blackout=tuple(_date(d, f"{key}.blackout", where) for d in _list(table.get("blackout", []), f"{key}.blackout", where)),
    )


def _positive(data: dict[str, Any], key: str, default: int, where: str) -> int:
    return _int(data.get(key, default), key, where)


def _int(value: Any, key: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(_("{key} 必须是不小于 1 的整数").format(key=key), file=where, value=str(value))
    return value


def _year(value: Any, where: str) -> int:
    year = _int(value, "year", where)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ConfigError(f"year must be between {MIN_YEAR} and {MAX_YEAR}", file=where, value=str(value))
    return year


def _date(value: Any, key: str, where: str) -> date:
    if isinstance(value, datetime):  # TOML 2024-05-06T09:00 or 2024-05-06 09:00: a time, not a day
        raise ConfigError(f"{key} takes dates as YYYY-MM-DD, not a date and time", file=where, value=str(value))
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(_("{key} 的日期应写作 YYYY-MM-DD").format(key=key), file=where, value=str(value)) from None
