"""Table cells wrap department lists between names, and `tasks` cuts nothing at 120 columns."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from planner.i18n import set_language
from planner.plan import load_plan
from planner.render.cells import NAME_CELLS, Listing
from planner.render.plan_tables import frequency_text, tasks_table


@pytest.fixture(autouse=True)
def chinese() -> None:
    """These tests read the views as the default (Chinese) run draws them."""
    set_language("zh")


def render(renderable: object, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def cell_offset(line: str, text: str) -> int:
    return cell_len(line[: line.index(text)])


def cut_cells(line: str, start: int, end: int) -> str:
    """The part of `line` between two display-cell offsets."""
    out, used = [], 0
    for char in line:
        if start <= used < end:
            out.append(char)
        used += cell_len(char)
    return "".join(out)


def test_a_listing_breaks_after_a_separator_only() -> None:
    names = ["市市场监管局", "市公安局", "市邮政管理局", "市卫健委"]
    lines = render(Listing(names), 16).splitlines()
    assert [line.rstrip() for line in lines] == ["市市场监管局、", "市公安局、", "市邮政管理局、", "市卫健委"]
    assert Listing(names).lines(30) == ["市市场监管局、市公安局、", "市邮政管理局、市卫健委"]


def test_tasks_at_120_columns_cut_nothing_and_break_no_name() -> None:
    tasks = load_plan(None).tasks
    text = render(tasks_table(tasks), 120)
    # no column cut with an ellipsis: the only … are those in titles shortened on purpose (planner.titles)
    assert text.count("…") == sum(t.label.count("…") for t in tasks)
    lines = text.splitlines()
    header = next(line for line in lines if "发起" in line)
    start, end = cell_offset(header, "发起"), cell_offset(header, " 行") 
    department_cells = [cut_cells(line, start, end) for line in lines]
    assert not any(re.search(r"(^|\s)、", cells) for cells in department_cells), "no department line starts with 、"
    for task in tasks:
        assert any(frequency_text(task) in line for line in lines), task.key
    for name in {r.department.name for t in tasks for r in (*t.lead, *t.partners)}:
        if cell_len(name) + 2 <= NAME_CELLS:
            assert any(name in line for line in lines), name
