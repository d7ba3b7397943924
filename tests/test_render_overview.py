"""planner.render.overview: the month grid marks 休 / 班 / weekends, counts starts, and totals departments."""

from __future__ import annotations

import difflib
import re
from datetime import date

import pytest
from rich.cells import cell_len
from rich.console import RenderableType

from planner.config import Config, DepartmentLimits
from planner.i18n import set_language
from planner.model import Department, Event
from planner.render.cells import Look
from planner.render.overview import day_kind, overview
from tests.builders import make_event as event
from tests.builders import make_task
from tests.builders import render_text as render


@pytest.fixture(autouse=True)
def chinese() -> None:
    """These tests read the view as the default (Chinese) run draws it."""
    set_language("zh")

# 2024 劳动节 as the fake calendar knows it: 1-5 May off, Sunday 28 April and Saturday 11 May worked.
HOLIDAYS = {date(2024, 5, d) for d in range(1, 6)} | {date(2024, 6, 10)}
MAKEUP = {date(2024, 4, 28), date(2024, 5, 11)}
MARKET = Department("太原市", "市市场监管局")


def is_workday(day: date) -> bool:
    return day in MAKEUP or (day.weekday() < 5 and day not in HOLIDAYS)






def small_month() -> list[Event]:
    travel = make_task(1)
    food = make_task(2, name="对食品生产企业的双随机抽查", count=2, lead=("市市场监管局",), partners=("市卫健委",))
    fuel = make_task(3, name="对加油站的检查", lead=("市商务局",), partners=("市应急管理局",))
    return [event(travel, date(2024, 5, 6)), event(food, date(2024, 5, 6), rounds=2), event(fuel, date(2024, 5, 11)),
            event(food, date(2024, 5, 20), index=2, rounds=2)]


def view(events: list[Event], **kw: object) -> RenderableType:
    return overview(events, year=2024, month=5, is_workday=is_workday, config=Config(), **kw)  # type: ignore[arg-type]


def grid_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┌│├└+|"]


def day_cell(text: str, day: int) -> list[str]:
    """The lines of the grid cell whose first line starts with `day`."""
    lines = grid_lines(text)
    for n, line in enumerate(lines):
        parts = line.split("│")
        for col, part in enumerate(parts):
            if part.strip().split(" ")[:1] == [str(day)]:
                below = []
                for following in lines[n + 1:]:
                    if following.startswith("├") or following.startswith("└"):
                        break
                    below.append(following.split("│")[col].strip())
                return [part.strip(), *below]
    raise AssertionError(f"day {day} not in grid")


@pytest.mark.parametrize(("day", "kind"), [
    (date(2024, 5, 6), "workday"), (date(2024, 5, 18), "weekend"), (date(2024, 5, 1), "holiday"),
    (date(2024, 5, 4), "holiday"), (date(2024, 5, 11), "makeup"), (date(2024, 6, 8), "holiday"),
])
def test_day_kinds_follow_the_working_day_calendar(day: date, kind: str) -> None:
    """Weekend days inside a holiday run count as holiday; a worked weekend day is a make-up day."""
    assert day_kind(day, is_workday) == kind


@pytest.mark.parametrize("width", [80, 160])
def test_grid_rules_line_up_on_every_line(width: int) -> None:
    """Every grid line is as wide as the others and the column rules sit in the same cells."""
    text = render(view(small_month()), width)
    lines = grid_lines(text)
    assert len({cell_len(line) for line in lines}) == 1 and cell_len(text.splitlines()[1]) <= width

    def rules(line: str) -> list[int]:
        return [cell_len(line[:i]) for i, ch in enumerate(line) if ch in "│┼├┤┬┴┌┐└┘"][:8]

    assert len({tuple(rules(line)) for line in lines}) == 1


def test_holidays_and_make_up_days_carry_their_marks_without_colour() -> None:
    """休 on the 劳动节 days, 班 on the worked Saturday, nothing on a plain weekend."""
    text = render(view(small_month()), 80)
    assert day_cell(text, 1)[0] == "1 休" and day_cell(text, 5)[0] == "5 休"
    assert day_cell(text, 11)[0] == "11 班"
    assert day_cell(text, 18)[0] == "18"


def test_each_day_counts_the_inspections_starting() -> None:
    """Two inspections start on 6 May, one on the make-up Saturday, none on the 7th."""
    text = render(view(small_month()), 80)
    assert day_cell(text, 6)[1] == "2项" and day_cell(text, 11)[1] == "1项" and day_cell(text, 7)[1:] == [""]


def test_one_department_sees_which_tasks_start() -> None:
    """With a focus department a day lists its tasks' 序号, with names when wide."""
    text = render(view(small_month(), focus=(MARKET,)), 80)
    assert day_cell(text, 6)[1] == "1 2" and day_cell(text, 20)[1] == "2"
    wide = render(view(small_month(), focus=(MARKET,)), 160)
    assert day_cell(wide, 20)[1].startswith("2/2 食品")


def test_totals_sit_beside_the_grid_with_the_busiest_first() -> None:
    """The month's totals per department are on the grid's right, most loaded first."""
    text = render(view(small_month()), 80)
    assert "本月各部门检查数" in text.splitlines()[1]
    right = [re.split("[│┤┐┘]", line)[-1].split() for line in grid_lines(text)]
    listed = [words[0] for words in right if words and words[0].startswith("市")]
    assert listed[:2] == ["市市场监管局", "市卫健委"]


def test_departments_over_capacity_are_marked() -> None:
    """A department above its monthly capacity gets a ! beside its total."""
    limits = (("太原市/市市场监管局", DepartmentLimits(monthly_capacity=1)),)
    text = render(overview(small_month(), year=2024, month=5, is_workday=is_workday, config=Config(departments=limits)), 80)
    assert "市市场监管局     3!      1" in text and "市卫健委         2       8" in text


def test_ascii_look_draws_the_grid_in_ascii() -> None:
    """--ascii: the grid rules are + - | only."""
    text = render(view(small_month(), look=Look(ascii=True)), 80)
    assert not set(text) & set("┌│├└─┼")
    assert "|11 班 |" in text


SNAPSHOT_80 = """\
2024年5月
┌──────┬──────┬──────┬──────┬──────┬──────┬──────┐ 本月各部门检查数           
│ 一   │ 二   │ 三   │ 四   │ 五   │ 六   │ 日   │ 部门            项     上限
├──────┼──────┼──────┼──────┼──────┼──────┼──────┤ ───────────────────────────
│      │      │ 1 休 │ 2 休 │ 3 休 │ 4 休 │ 5 休 │  市市场监管局     3       8
├──────┼──────┼──────┼──────┼──────┼──────┼──────┤  市卫健委         2       8
│ 6    │ 7    │ 8    │ 9    │10    │11 班 │12    │  市商务局         1       8
│ 2项  │      │      │      │      │ 1项  │      │  市应急管理局     1       8
├──────┼──────┼──────┼──────┼──────┼──────┼──────┤  市文旅局         1       8
│13    │14    │15    │16    │17    │18    │19    │                            
├──────┼──────┼──────┼──────┼──────┼──────┼──────┤                            
│20    │21    │22    │23    │24    │25    │26    │                            
│ 1项  │      │      │      │      │      │      │                            
├──────┼──────┼──────┼──────┼──────┼──────┼──────┤                            
│27    │28    │29    │30    │31    │      │      │                            
└──────┴──────┴──────┴──────┴──────┴──────┴──────┘                            
休 法定节假日  班 调休上班  六日 周末
n项 当天开始的检查数  ! 超过月上限
"""


def test_snapshot_of_a_small_month_at_80_columns() -> None:
    """The text of May for a three-task plan, pinned."""
    assert render(view(small_month()), 80) == SNAPSHOT_80


def test_moving_an_inspection_changes_the_two_days_and_nothing_else() -> None:
    """Moving 序号 3 from 11 May to 13 May empties the Saturday and fills the Monday."""
    moved = [event(e.task, date(2024, 5, 13)) if e.task.seq == 3 else e for e in small_month()]
    after = render(view(moved), 80)
    assert day_cell(after, 11)[1:] == [""] and day_cell(after, 13)[1] == "1项"
    diff = [line[0] for line in difflib.ndiff(SNAPSHOT_80.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert sorted(diff) == ["+", "+", "-"]  # week 2's count line changes; week 3 gains one


def test_long_department_names_are_cut_to_keep_totals_beside_at_80() -> None:
    """A very long department name is shortened with … rather than pushing the totals under the grid."""
    odd = make_task(9, lead=("“市委平安建设领导小组”成员单位",), partners=())
    text = render(view([*small_month(), event(odd, date(2024, 5, 7))]), 80)
    assert "本月各部门检查数" in text.splitlines()[1] and "“市委平安建" in text and "成员单位" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80
