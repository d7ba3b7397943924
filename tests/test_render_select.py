"""planner.select: --city, --dept, --sector and --month as a coordinator types them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.errors import PlannerError
from planner.model import Department
from planner.select import Selection, resolve_city, resolve_departments
from tests.builders import make_task

TASKS = [
    make_task(1, lead=("市文旅局",), partners=("市市场监管局",)),
    replace(make_task(2, name="对加油站的检查", windows=((5, 6),), lead=("市商务局",), partners=()), sector="商务"),
    make_task(1, city="大同市", lead=("市文旅局",), partners=("市市场监管局",)),
]


def test_city_can_be_named_without_its_suffix() -> None:
    """太原 finds 太原市."""
    assert resolve_city(TASKS, "太原") == "太原市"


def test_unknown_city_lists_the_cities_of_the_plan() -> None:
    """A city not in the plan is an error that names the ones that are."""
    with pytest.raises(PlannerError, match="no city '北京'") as caught:
        resolve_city(TASKS, "北京")
    assert caught.value.hint == "one of 大同市 太原市"


def test_department_name_matches_in_every_city_unless_narrowed() -> None:
    """市文旅局 names one body per city; --city or 城市/名称 picks one."""
    assert resolve_departments(TASKS, "市文旅局") == (Department("大同市", "市文旅局"), Department("太原市", "市文旅局"))
    assert resolve_departments(TASKS, "市文旅局", "太原市") == (Department("太原市", "市文旅局"),)
    assert resolve_departments(TASKS, "大同/市文旅局") == (Department("大同市", "市文旅局"),)


def test_part_of_a_department_name_is_enough_when_unambiguous() -> None:
    """市场监管 finds 市市场监管局."""
    assert resolve_departments(TASKS, "市场监管", "太原市") == (Department("太原市", "市市场监管局"),)


def test_ambiguous_part_lists_the_candidates() -> None:
    """局 matches several departments: the error lists them."""
    with pytest.raises(PlannerError, match="names several departments") as caught:
        resolve_departments(TASKS, "局", "太原市")
    assert "市商务局" in str(caught.value.hint)


def test_unknown_department_suggests_close_names() -> None:
    """A typo gets a did-you-mean."""
    with pytest.raises(PlannerError, match="no department '市商务厅' in 太原市") as caught:
        resolve_departments(TASKS, "市商务厅", "太原市")
    assert "市商务局" in str(caught.value.hint)


def test_selection_filters_by_city_department_sector_and_month() -> None:
    """Each filter narrows the tasks; together they all apply."""
    market = Department("太原市", "市市场监管局")
    assert [t.seq for t in TASKS if Selection(cities=("太原市",)).keeps(t)] == [1, 2]
    assert [t.city for t in TASKS if Selection(departments=(market,)).keeps(t)] == ["太原市"]
    assert [t.seq for t in TASKS if Selection(sector="商务").keeps(t)] == [2]
    assert [t.seq for t in TASKS if Selection(cities=("太原市",), month=3).keeps(t)] == [1]
