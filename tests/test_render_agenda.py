"""planner.render.agenda: one department's inspections in date order, as a table, JSON or TSV."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.cells import cell_len

from planner.export.table_csv import headers
from planner.i18n import set_language
from planner.model import Department, Event
from planner.render.agenda import CSV_COLUMNS, agenda, agenda_csv, agenda_entries, agenda_json
from tests.builders import make_event as event
from tests.builders import make_task
from tests.builders import render_text as render


@pytest.fixture(autouse=True)
def chinese() -> None:
    """These tests read the views as the default (Chinese) run draws them."""
    set_language("zh")

MARKET = Department("太原市", "市市场监管局")
HEALTH = Department("太原市", "市卫健委")






def events() -> list[Event]:
    travel = make_task(1, name="对旅行社的双随机抽查")
    food = make_task(2, name="对食品生产企业落实食品安全主体责任情况的双随机抽查检查", count=2,
                     lead=("市市场监管局",), partners=("市卫健委",))
    pool = make_task(3, name="对游泳场所的检查", lead=("市体育局",), partners=("市卫健委",))
    return [event(food, date(2024, 9, 23), index=2, rounds=2), event(travel, date(2024, 3, 4)),
            event(food, date(2024, 4, 8), index=1, rounds=2), event(pool, date(2024, 6, 3))]


def test_entries_are_in_date_order_with_the_role() -> None:
    """The department's events come sorted by start, each saying whether it leads or partners."""
    entries = agenda_entries(events(), [MARKET])
    assert [(e.event.start, e.event.seq, e.role) for e in entries] == [
        (date(2024, 3, 4), 1, "配合"), (date(2024, 4, 8), 2, "牵头"), (date(2024, 9, 23), 2, "牵头"),
    ]


def test_from_and_to_keep_events_touching_the_range() -> None:
    """--from/--to keep an event that overlaps the range by a single day."""
    entries = agenda_entries(events(), [MARKET], start=date(2024, 3, 6), end=date(2024, 9, 23))
    assert [e.event.start for e in entries] == [date(2024, 3, 4), date(2024, 4, 8), date(2024, 9, 23)]
    assert agenda_entries(events(), [MARKET], start=date(2024, 3, 7), end=date(2024, 9, 22))[0].event.seq == 2


def test_other_departments_are_listed_without_the_chosen_one() -> None:
    """同行部门 names the partners, not the department whose agenda it is."""
    entry = agenda_entries(events(), [HEALTH])[0]
    assert [d.name for d in entry.others] == ["市市场监管局"]


@pytest.mark.parametrize("width", [80, 160])
def test_table_lines_have_one_width_and_wrap_long_names(width: int) -> None:
    """Long Chinese titles wrap inside their column; every line keeps the table's width."""
    text = render(agenda(agenda_entries(events(), [MARKET]), title="日程"), width)
    lines = text.splitlines()[1:]
    assert len({cell_len(line) for line in lines}) == 1 and cell_len(lines[0]) <= width
    assert "食品安全主体责任" in text.replace("\n", "").replace(" ", "") and "…" not in text


def test_table_shows_dates_days_and_round() -> None:
    """A row reads: start–end, working days, 序号, title with its round, role, partners."""
    text = render(agenda(agenda_entries(events(), [HEALTH])), 160)
    first = text.splitlines()[2].split()
    assert first[:3] == ["04-08–10", "3", "2"] and first[-2:] == ["配合", "市市场监管局"]
    assert "（第1/2轮）" in text


def test_empty_agenda_says_so() -> None:
    """A department without inspections in the range gets an explicit empty line."""
    text = render(agenda(agenda_entries(events(), [MARKET], start=date(2024, 11, 1))), 80)
    assert "（无检查）" in text


def test_json_lists_every_entry_with_dates_and_departments() -> None:
    """--format json: one object per entry, ISO dates, Chinese kept readable."""
    data = json.loads(agenda_json(agenda_entries(events(), [MARKET])))
    assert [d["start"] for d in data] == ["2024-03-04", "2024-04-08", "2024-09-23"]
    assert data[1]["role"] == "牵头" and data[1]["departments"] == ["市市场监管局", "市卫健委"]
    assert "市市场监管局" in agenda_json(agenda_entries(events(), [MARKET]))


def test_csv_has_a_header_and_one_line_per_entry() -> None:
    """--format csv: the header names the columns; departments are joined with 、."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(agenda_csv(agenda_entries(events(), [MARKET])))))
    assert rows[0] == headers(CSV_COLUMNS) and len(rows) == 4
    assert rows[2][CSV_COLUMNS.index("departments")] == "市市场监管局、市卫健委"


SNAPSHOT_80 = """\
2024年检查日程 · 市市场监管局                                                   
日期       天   序号   任务                                      角色   同行部门
────────────────────────────────────────────────────────────────────────────────
03-04–06    3      1   对旅行社的双随机抽查                      配合   市文旅局
                                                                                
04-08–10    3      2   对食品生产企业落实食品安全主体责任情况    牵头   市卫健委
                       的双随机抽查检查（第1/2轮）                              
                                                                                
09-23–25    3      2   对食品生产企业落实食品安全主体责任情况    牵头   市卫健委
                       的双随机抽查检查（第2/2轮）                              
"""


def test_snapshot_of_a_small_agenda_at_80_columns() -> None:
    """The text of 市市场监管局's agenda for a three-task plan, pinned."""
    text = render(agenda(agenda_entries(events(), [MARKET]), title="2024年检查日程 · 市市场监管局"), 80)
    assert text == SNAPSHOT_80


def test_moving_a_round_moves_its_row() -> None:
    """Moving the travel inspection to October puts its row last, after the September round."""
    moved = [event(e.task, date(2024, 10, 8)) if e.task.seq == 1 else e for e in events()]
    text = render(agenda(agenda_entries(moved, [MARKET]), title="2024年检查日程 · 市市场监管局"), 80)
    rows = [line.split()[0] for line in text.splitlines() if line[2:3] == "-"]
    assert rows == ["04-08–10", "09-23–25", "10-08–10"]
