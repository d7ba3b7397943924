"""An event's record names each department once, in the role a reader of the listing expects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.export.events import event_record, event_records
from planner.model import Department, DepartmentRef, Joined
from tests.builders import dept, make_event, make_task


def group(written: str) -> DepartmentRef:
    return DepartmentRef(written=written, department=Department("太原市", written), group=True)


def test_a_joint_visit_lists_every_lead_once_partners_that_lead_nothing_and_groups_in_task_order() -> None:
    own = replace(make_task(1, lead=("市文旅局",), partners=("市市场监管局", "市公安局")), partners=(dept("市市场监管局"), group("市食安委成员单位"), dept("市公安局")))
    other = replace(make_task(2, lead=("市市场监管局",)), lead=(dept("市市场监管局"), group("市安委会成员单位")), partners=(dept("市文旅局"), dept("市卫健委"), group("市食安委成员单位")))
    event = replace(make_event(own, date(2024, 3, 4)), joined=(Joined(other, 1, 1),))
    record = event_record(event)
    assert record["lead"] == ["市文旅局", "市市场监管局"]  # the second task's lead is no longer a partner
    assert record["partners"] == ["市公安局", "市卫健委"]
    assert record["groups"] == ["市食安委成员单位", "市安委会成员单位"]
    assert record["joined"] == [{"seq": 2, "round": 1, "rounds": 1, "name": other.name}]


def test_a_visit_of_one_task_leaves_its_lead_out_of_the_partners() -> None:
    task = replace(make_task(3, lead=("市文旅局",)), lead=(dept("市文旅局"), group("市食安委成员单位")), partners=(dept("市市场监管局"), dept("市文旅局")))
    record = event_record(make_event(task, date(2024, 5, 6)))
    assert (record["lead"], record["partners"], record["groups"]) == (["市文旅局"], ["市市场监管局"], ["市食安委成员单位"])
    assert record["days"] == ["2024-05-06", "2024-05-07", "2024-05-08"] and record["working_days"] == 3


def test_a_listing_gives_each_events_record() -> None:
    """A listing's records (the JSON of `planner events`) are each event's own, its lead's
    department named once, as lead, even where a partner cell names it again."""
    task = replace(make_task(4, lead=("市文旅局",)), partners=(dept("市市场监管局"), dept("市文旅局"), group("市食安委成员单位"), group("市食安委成员单位")))
    other = replace(make_task(5, lead=("市卫健委",)), partners=(dept("市文旅局"),))
    events = [
        make_event(task, date(2024, 5, 6), rounds=2), make_event(task, date(2024, 5, 7), index=2, rounds=2),
        replace(make_event(other, date(2024, 5, 6)), joined=(Joined(task, 1, 2),)),
    ]  # fmt: skip
    records = list(event_records(events))
    assert records == [event_record(e) for e in events]
    assert (records[0]["lead"], records[0]["partners"], records[0]["groups"]) == (["市文旅局"], ["市市场监管局"], ["市食安委成员单位"])
    assert records[1]["days"] == ["2024-05-07", "2024-05-08", "2024-05-09"] and records[1]["start"] == "2024-05-07"
    assert (records[2]["lead"], records[2]["partners"]) == (["市卫健委", "市文旅局"], ["市市场监管局"])


def test_a_csv_row_holds_the_records_cells_lists_joined_with_the_enumeration_comma() -> None:
    import csv
    import io

    from planner.export.events import COLUMNS, events_csv

    own = replace(make_task(1), partners=(dept("市市场监管局"), group("市食安委成员单位"), dept("市公安局")))
    other = replace(make_task(2, lead=("市卫健委",)), partners=(dept("市文旅局"), dept("市应急局")))
    events = [replace(make_event(own, date(2024, 3, 4)), joined=(Joined(other, 1, 2),)), make_event(other, date(2024, 6, 3), index=2, rounds=2)]
    rows = list(csv.reader(io.StringIO(events_csv(events))))
    assert rows[0] == list(COLUMNS)  # the suite runs in English: the keys are the headers
    for row, event in zip(rows[1:], events, strict=True):
        record = event_record(event)
        assert row == ["、".join(record[c]) if isinstance(record[c], list) else str(record[c]) for c in COLUMNS]
    assert rows[1][COLUMNS.index("lead")] == "市文旅局、市卫健委" and rows[1][COLUMNS.index("partners")] == "市市场监管局、市公安局、市应急局"
