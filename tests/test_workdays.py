"""The working-day calendar: China's official arrangement, user holiday files, local days off."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.config import Config
from planner.errors import CalendarDataError, ConfigError
from planner.workdays import calendar_for, work_calendar

MAKE_UP_DAYS_2024 = ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"]


def _span(first: str, last: str) -> list[date]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [a + timedelta(n) for n in range((b - a).days + 1)]


HOLIDAYS_2024 = (
    _span("2024-01-01", "2024-01-01")
    + _span("2024-02-10", "2024-02-17")
    + _span("2024-04-04", "2024-04-06")
    + _span("2024-05-01", "2024-05-05")
    + _span("2024-06-10", "2024-06-10")
    + _span("2024-09-15", "2024-09-17")
    + _span("2024-10-01", "2024-10-07")
)


@pytest.fixture(scope="module")
def cal2024():
    return work_calendar(2024)


@pytest.mark.parametrize("day", MAKE_UP_DAYS_2024)
def test_make_up_weekend_days_of_2024_are_working_days(cal2024, day):
    """The 2024 调休 Saturdays and Sundays count as working days."""
    assert cal2024.is_working(date.fromisoformat(day))


@pytest.mark.parametrize("day", HOLIDAYS_2024, ids=str)
def test_statutory_holidays_of_2024_are_days_off(cal2024, day):
    """New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn and Golden Week are off."""
    assert not cal2024.is_working(day)


def test_ordinary_weekends_are_off_and_weekdays_on(cal2024):
    """A plain Saturday and Sunday are off, the Monday after is on."""
    assert not cal2024.is_working(date(2024, 3, 2))
    assert not cal2024.is_working(date(2024, 3, 3))
    assert cal2024.is_working(date(2024, 3, 4))


def test_2024_has_the_official_number_of_working_days(cal2024):
    """366 days minus 104 weekend days minus 13 weekday holidays plus the 8 make-up days."""
    weekend_days = sum(1 for d in _span("2024-01-01", "2024-12-31") if d.weekday() >= 5)
    weekday_holidays = sum(1 for d in HOLIDAYS_2024 if d.weekday() < 5)
    assert len(cal2024.days) == 366 - weekend_days - weekday_holidays + len(MAKE_UP_DAYS_2024)


def test_run_skips_golden_week(cal2024):
    """Three working days from 30 Sep continue after the National Day holiday."""
    assert cal2024.run(date(2024, 9, 30), 3) == (date(2024, 9, 30), date(2024, 10, 8), date(2024, 10, 9))


def test_extra_holidays_from_the_config_are_off():
    """A local day off named in the config is not a working day."""
    cal = calendar_for(Config(extra_holidays=(date(2024, 3, 8),)), 2024)
    assert not cal.is_working(date(2024, 3, 8))
    assert cal.is_working(date(2024, 3, 7))


def test_year_without_data_fails_with_a_hint():
    """A year the library does not cover raises CalendarDataError naming the year and the fix."""
    with pytest.raises(CalendarDataError) as caught:
        work_calendar(2099)
    assert "2099" in str(caught.value)
    assert "holiday" in str(caught.value) and "file" in str(caught.value)


def test_holiday_file_supplies_a_year_the_library_lacks(tmp_path: Path):
    """With a holiday file, an uncovered year works: weekends off, listed holidays off, listed workdays on."""
    path = tmp_path / "h2099.toml"
    path.write_text('holidays = [2099-01-01, "2099-01-02"]\nworkdays = [2099-01-03]\n', encoding="utf-8")
    cal = calendar_for(Config(holiday_file=path), 2099)
    assert not cal.is_working(date(2099, 1, 1))
    assert not cal.is_working(date(2099, 1, 2))
    assert cal.is_working(date(2099, 1, 3))  # a Saturday made a workday
    assert not cal.is_working(date(2099, 1, 4))  # a plain Sunday
    assert cal.year == 2099


def test_holiday_file_amends_a_covered_year(tmp_path: Path):
    """A holiday file's entries override the library's for a covered year."""
    path = tmp_path / "local.toml"
    path.write_text("holidays = [2024-03-04]\nworkdays = [2024-03-02]\n", encoding="utf-8")
    cal = calendar_for(Config(holiday_file=path), 2024)
    assert not cal.is_working(date(2024, 3, 4))
    assert cal.is_working(date(2024, 3, 2))
    assert cal.is_working(date(2024, 2, 4))  # the national make-up day is still there


def test_holiday_file_for_another_year_does_not_cover_an_uncovered_year(tmp_path: Path):
    """A file listing only other years' dates still leaves an uncovered year without data."""
    path = tmp_path / "h.toml"
    path.write_text("holidays = [2098-01-01]\n", encoding="utf-8")
    with pytest.raises(CalendarDataError):
        calendar_for(Config(holiday_file=path), 2099)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("holidays = [2099-13-01]\n", "not valid TOML"),
        ('holidays = ["soon"]\n', "holidays takes dates as YYYY-MM-DD"),
        ("holidays = 2099-01-01\n", "holidays must be a list of dates"),
        ("holiday = [2099-01-01]\n", "unknown key in holiday file"),
    ],
)
def test_bad_holiday_file_is_a_config_error(tmp_path: Path, text: str, message: str):
    """A malformed holiday file fails with a ConfigError naming the file and the problem."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        calendar_for(Config(holiday_file=path), 2099)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_holiday_file_is_a_config_error(tmp_path: Path):
    """A holiday file that does not exist is reported by name."""
    with pytest.raises(ConfigError, match="holiday file not found"):
        calendar_for(Config(holiday_file=tmp_path / "nope.toml"), 2024)
