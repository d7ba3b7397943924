"""planner.render.timeline: the Gantt year lines up in cells, marks rounds where they fall, degrades to ASCII."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from rich.cells import cell_len
from rich.console import Console

from planner.i18n import set_language
from planner.model import Event, Task
from planner.render.cells import Look
from planner.render.timeline import timeline
from tests.builders import make_event as event
from tests.builders import make_task
from tests.builders import render_text as render


@pytest.fixture(autouse=True)
def chinese() -> None:
    """These tests read the view as the default (Chinese) run draws it."""
    set_language("zh")

LONG_NAME = "对食品生产企业落实食品安全主体责任情况的双随机抽查检查"






def small_plan() -> tuple[list[Task], list[Event]]:
    travel = make_task(1, windows=((3, 12),))
    food = make_task(2, name=LONG_NAME, windows=((4, 6), (9, 10)), count=2, lead=("市市场监管局",), partners=("市卫健委",))
    fuel = make_task(12, name="对加油站的检查", windows=((1, 12),), count=4, per="year",
                     lead=("市商务局",), partners=("市市场监管局", "市应急管理局"))
    events = [event(travel, date(2024, 3, 4)),
              event(food, date(2024, 4, 8), index=1, rounds=2), event(food, date(2024, 9, 23), index=2, rounds=2)]
    events += [event(fuel, date(2024, m, 10), index=i, rounds=4) for i, m in enumerate((1, 4, 7, 10), start=1)]
    return [travel, food, fuel], events


def cell_of(line: str, char_index: int) -> int:
    """The display column where line[char_index] starts."""
    return cell_len(line[:char_index])


def row(text: str, seq: int) -> str:
    return next(line for line in text.splitlines() if line.split() and line.split()[0] == str(seq))


def ruler(text: str) -> tuple[int, int]:
    """(display column of month 1, cells per month) read from the header line."""
    header = next(line for line in text.splitlines() if "任务" in line or "部门" in line)
    one, two = header.index(" 1 " if " 1 " in header else " 1月") + 1, header.index(" 2")
    return cell_of(header, one), cell_of(header, two + 1) - cell_of(header, one)


def first_bar_cell(line: str, origin: int) -> int:
    bar_chars = "░█-#"
    index = next(i for i, ch in enumerate(line) if ch in bar_chars and cell_of(line, i) >= origin)
    return cell_of(line, index)


@pytest.mark.parametrize("width", [80, 160])
def test_every_line_has_the_same_display_width(width: int) -> None:
    """Chinese names do not push any row wider or narrower than the others."""
    tasks, events = small_plan()
    widths = {cell_len(line) for line in render(timeline(tasks, events, year=2024), width).splitlines()}
    assert len(widths) == 1 and widths.pop() <= width


@pytest.mark.parametrize("width", [80, 160])
def test_bars_start_in_the_column_of_their_first_month(width: int) -> None:
    """A window opening in March starts under 3, one opening in April under 4, whatever the name's length."""
    tasks, events = small_plan()
    text = render(timeline(tasks, events, year=2024), width)
    origin, month = ruler(text)
    assert first_bar_cell(row(text, 1), origin) == origin + 2 * month
    assert first_bar_cell(row(text, 2), origin) == origin + 3 * month
    assert first_bar_cell(row(text, 12), origin) == origin


def test_each_round_is_marked_in_its_month() -> None:
    """A quarterly task shows one solid mark in January, April, July and October."""
    tasks, events = small_plan()
    text = render(timeline(tasks, events, year=2024), 80)
    origin, month = ruler(text)
    line = row(text, 12)
    marked = {(cell_of(line, i) - origin) // month + 1 for i, ch in enumerate(line) if ch == "█"}
    assert marked == {1, 4, 7, 10}


def test_long_names_are_cut_with_an_ellipsis_only_when_narrow() -> None:
    """At 80 columns a long name ends in …; at 160 it is shown whole."""
    tasks, events = small_plan()
    assert "…" in row(render(timeline(tasks, events, year=2024), 80), 2)
    assert LONG_NAME in row(render(timeline(tasks, events, year=2024), 160), 2)


def test_lead_department_is_shown_when_wide() -> None:
    """At 160 columns each task names its lead department."""
    tasks, events = small_plan()
    assert "市商务局" in row(render(timeline(tasks, events, year=2024), 160), 12)
    assert "市商务局" not in row(render(timeline(tasks, events, year=2024), 80), 12)


def test_ascii_look_draws_with_plain_ascii() -> None:
    """--ascii: bars, marks and rules are ASCII (names keep their Chinese and their …)."""
    tasks, events = small_plan()
    text = render(timeline(tasks, events, year=2024, look=Look(ascii=True)), 80)
    assert not set(text) & set("░█─│┌·")
    assert "#" in row(text, 12) and "-" in row(text, 1)


def test_no_color_keeps_marks_and_drops_colours() -> None:
    """With colours off the marks still say where rounds are, and no colour codes are written."""
    tasks, events = small_plan()
    console = Console(width=80, file=StringIO(), force_terminal=True, color_system="truecolor", no_color=True)
    console.print(timeline(tasks, events, year=2024))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "█" in text and "38;" not in text and "48;" not in text


def test_rows_per_department_count_starts() -> None:
    """--by dept: one row per department with its total of rounds, the busiest first."""
    tasks, events = small_plan()
    text = render(timeline(tasks, events, year=2024, by="dept"), 80)
    rows = [line.split() for line in text.splitlines() if line.startswith("市")]
    assert [(r[0], r[-1]) for r in rows] == [
        ("市市场监管局", "7"), ("市商务局", "4"), ("市应急管理局", "4"), ("市卫健委", "2"), ("市文旅局", "1"),
    ]


def test_several_cities_are_grouped_under_their_names() -> None:
    """Tasks of two cities are listed under a heading per city."""
    tasks = [make_task(1, city="大同市"), make_task(1, city="太原市")]
    text = render(timeline(tasks, [], year=2024), 80)
    lines = [line.strip() for line in text.splitlines()]
    assert lines.index("大同市") < lines.index("太原市")


def test_highlighted_month_does_not_change_the_text() -> None:
    """--month only shades its column; the text stays aligned."""
    tasks, events = small_plan()
    assert render(timeline(tasks, events, year=2024, month=5), 80) == render(timeline(tasks, events, year=2024), 80)


SNAPSHOT_80 = """\
2024 年抽查时间线                                                               
序号   任务                            1  2  3  4  5  6  7  8  9  10 11 12    轮
────────────────────────────────────────────────────────────────────────────────
   1   对旅行社的双随机抽查                  █░░░░░░░░░░░░░░░░░░░░░░░░░░░░░    1
   2   食品生产企业落实食品安全主体…            █░░░░░░░░      ░░█░░░          2
  12   对加油站的检查                  ██░░░░░░░██░░░░░░░██░░░░░░░██░░░░░░░    4
░ 可检查月份  █ 已排的一轮检查  轮 全年轮次                                     
"""


def test_snapshot_of_a_small_plan_at_80_columns() -> None:
    """The text of the timeline for a three-task plan, pinned."""
    tasks, events = small_plan()
    assert render(timeline(tasks, events, year=2024), 80) == SNAPSHOT_80


def test_moving_a_round_changes_only_its_row_and_moves_its_mark() -> None:
    """Moving 序号 1 from 4 March to 3 June changes that row alone: its mark jumps to June."""
    tasks, events = small_plan()
    moved = [event(tasks[0], date(2024, 6, 3)) if e.task.seq == 1 else e for e in events]
    before = SNAPSHOT_80.splitlines()
    after = render(timeline(tasks, moved, year=2024), 80).splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(after) == len(before) and [before[i].split()[0] for i in changed] == ["1"]
    origin, month = ruler(SNAPSHOT_80)
    line = after[changed[0]]
    assert [(cell_of(line, i) - origin) // month + 1 for i, ch in enumerate(line) if ch == "█"] == [6]


def test_cities_follow_the_plan_order() -> None:
    """Cities appear in the order of the plan's rows, not in code-point order."""
    tasks = [make_task(2, city="大同市", source_line=30), make_task(1, city="太原市", source_line=3)]
    lines = [line.strip() for line in render(timeline(tasks, [], year=2024), 80).splitlines()]
    assert lines.index("太原市") < lines.index("大同市")


def test_rounds_that_could_not_be_placed_show_as_placed_over_planned() -> None:
    """A two-round task with one round placed reads 1/2 in the 轮 column."""
    tasks, events = small_plan()
    kept = [e for e in events if not (e.task.seq == 2 and e.round == 2)]
    assert row(render(timeline(tasks, kept, year=2024), 80), 2).split()[-1] == "1/2"
