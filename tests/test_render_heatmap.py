"""planner.render.heatmap: loads per department and month, against capacity, naive beside balanced."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len

from planner.config import Config, DepartmentLimits
from planner.i18n import set_language
from planner.model import Event
from planner.render.cells import Look
from planner.render.heatmap import heatmap
from tests.builders import make_event as event
from tests.builders import make_task
from tests.builders import render_text as render


@pytest.fixture(autouse=True)
def chinese() -> None:
    """These tests read the view as the default (Chinese) run draws it."""
    set_language("zh")


def small_plan() -> tuple[list[Event], list[Event]]:
    """Ten tasks led by 市市场监管局 with 市卫生健康委员会 (a long name), and one of 市文旅局 alone."""
    shared = [make_task(i, lead=("市市场监管局",), partners=("市卫生健康委员会",)) for i in range(1, 11)]
    travel = make_task(11, lead=("市文旅局",), partners=())
    naive = [event(t, date(2024, 3, 4)) for t in shared] + [event(travel, date(2024, 3, 4))]
    balanced = [event(t, date(2024, 3 + i % 5, 4)) for i, t in enumerate(shared)] + [event(travel, date(2024, 9, 2))]
    return balanced, naive


def row(text: str, name: str, which: int = 0) -> list[str]:
    """The words of the `which`-th line starting with department `name`."""
    return [line.split() for line in text.splitlines() if line.startswith(name)][which]


def test_over_capacity_cells_carry_a_mark_without_colour() -> None:
    """Ten starts in March against a capacity of 8 read 10! even in plain text."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config(), show="naive"), 80)
    assert row(text, "市市场监管局")[1:4] == ["·", "·", "10!"]


def test_the_busiest_cell_is_starred_when_within_capacity() -> None:
    """Balanced, the peak months (2 each) carry a * so they still stand out."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config(), show="balanced"), 80)
    assert row(text, "市市场监管局")[1:8] == ["·", "·", "2*", "2*", "2*", "2*", "2*"]
    assert row(text, "市文旅局")[9] == "1"


def test_capacity_comes_from_the_department_settings() -> None:
    """A department allowed 12 a month is not over capacity with 10."""
    balanced, naive = small_plan()
    config = Config(departments=(("市市场监管局", DepartmentLimits(monthly_capacity=12)),))
    text = render(heatmap(balanced, naive, config=config, show="naive"), 80)
    assert row(text, "市市场监管局")[3] == "10*" and row(text, "市市场监管局")[-1] == "12"


def test_most_loaded_departments_come_first() -> None:
    """Rows are ordered by their worst month."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config()), 160)
    names = [line.split()[0] for line in text.splitlines() if line.startswith("市")]
    assert names == ["市卫生健康委员会", "市市场监管局", "市文旅局"]


def test_naive_and_balanced_sit_side_by_side_when_wide() -> None:
    """At 160 columns one line holds both headings and each department has one row."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config()), 160)
    assert any("未均衡" in line and "均衡后" in line.split("未均衡")[1] for line in text.splitlines())
    assert row(text, "市市场监管局")[1:4] + row(text, "市市场监管局")[14:17] == ["·", "·", "10!", "·", "·", "2*"]


def test_naive_and_balanced_are_stacked_when_narrow() -> None:
    """At 80 columns the balanced table follows the naive one."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config()), 80)
    assert text.index("未均衡") < text.index("均衡后") and len([ln for ln in text.splitlines() if ln.startswith("市文旅局")]) == 2


@pytest.mark.parametrize("width", [80, 160])
def test_columns_line_up_with_chinese_names(width: int) -> None:
    """Table lines have one display width and each month's numbers end in the same cell."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config()), width)
    lines = [ln for ln in text.splitlines() if ln.startswith(("部门", "市", "─"))]
    assert len({cell_len(ln) for ln in lines}) == 1 and cell_len(lines[0]) <= width
    header = next(ln for ln in lines if ln.startswith("部门"))
    march = cell_len(header[: header.index(" 3 ") + 1])
    digits = [char_at(line, march) for line in lines if line.startswith("市")]
    assert digits == (["0", "0", "1"] if width == 160 else ["0", "0", "1", "2", "2", "·"])


def char_at(line: str, column: int) -> str:
    """The character drawn at display column `column`."""
    return next(ch for i, ch in enumerate(line) if cell_len(line[:i]) == column)


def test_ascii_look_has_no_box_drawing() -> None:
    """--ascii uses - for rules and . for empty months."""
    balanced, naive = small_plan()
    text = render(heatmap(balanced, naive, config=Config(), look=Look(ascii=True)), 80)
    assert not set(text) & set("─│·") and " . " in text


SNAPSHOT_80 = """\
各部门每月检查数
未均衡（每轮最早开始）                                                    
部门               1   2   3   4   5   6   7   8   9  10  11  12   峰 上限
──────────────────────────────────────────────────────────────────────────
市卫生健康委员会   ·   ·  10!  ·   ·   ·   ·   ·   ·   ·   ·   ·   10    8
市市场监管局       ·   ·  10!  ·   ·   ·   ·   ·   ·   ·   ·   ·   10    8
市文旅局           ·   ·   1   ·   ·   ·   ·   ·   ·   ·   ·   ·    1    8
均衡后                                                                    
部门               1   2   3   4   5   6   7   8   9  10  11  12   峰 上限
──────────────────────────────────────────────────────────────────────────
市卫生健康委员会   ·   ·   2*  2*  2*  2*  2*  ·   ·   ·   ·   ·    2    8
市市场监管局       ·   ·   2*  2*  2*  2*  2*  ·   ·   ·   ·   ·    2    8
市文旅局           ·   ·   ·   ·   ·   ·   ·   ·   1   ·   ·   ·    1    8
数字 当月开始的检查数  ! 超过月上限  * 全表最忙  · 无  峰 全年最忙月
"""


def test_snapshot_of_a_small_plan_at_80_columns() -> None:
    """The text of the heatmap for an eleven-task plan, pinned."""
    balanced, naive = small_plan()
    assert render(heatmap(balanced, naive, config=Config()), 80) == SNAPSHOT_80


def test_one_more_march_start_changes_the_march_cells_of_its_departments() -> None:
    """Adding a joint task in March changes its two departments' rows only: March goes to 11! and 3*."""
    balanced, naive = small_plan()
    extra = make_task(12, lead=("市市场监管局",), partners=("市卫生健康委员会",))
    after = render(heatmap(balanced + [event(extra, date(2024, 3, 11))], naive + [event(extra, date(2024, 3, 4))],
                           config=Config()), 80)
    changed = [a.split()[0] for b, a in zip(SNAPSHOT_80.splitlines(), after.splitlines()) if a != b]
    assert changed == ["市卫生健康委员会", "市市场监管局"] * 2
    assert row(after, "市市场监管局", 0)[3] == "11!" and row(after, "市市场监管局", 1)[3:5] == ["3*", "2"]


def test_rows_follow_the_schedule_shown() -> None:
    """Balanced alone puts the department busiest after balancing first, naive alone the one busiest before."""
    crowded = [make_task(i, lead=("市公安局",), partners=()) for i in range(1, 5)]
    steady = [make_task(i, lead=("市教育局",), partners=()) for i in range(5, 7)]
    naive = [event(t, date(2024, 3, 4)) for t in crowded + steady]
    balanced = [event(t, date(2024, 3 + i, 4)) for i, t in enumerate(crowded)] + [event(t, date(2024, 5, 6)) for t in steady]

    def first(show: str) -> str:
        text = render(heatmap(balanced, naive, config=Config(), show=show), 80)
        return next(line.split()[0] for line in text.splitlines() if line.startswith("市"))

    assert (first("naive"), first("balanced")) == ("市公安局", "市教育局")
