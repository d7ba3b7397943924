"""Titles: unique within a department's calendar, one fraction each."""

from __future__ import annotations

from collections import Counter

from planner.config import Config
from planner.export.ical import _summary, parts, plan_feeds
from planner.plan import load_plan
from planner.schedule import schedule_plan


def test_every_title_is_unique_within_each_department_calendar() -> None:
    plan = load_plan(None)
    schedule = schedule_plan(plan, Config())
    for feed in plan_feeds(schedule, plan_name=plan.name):
        if feed.kind == "department":
            titles = Counter(e.title for e in feed.events)
            assert [t for t, n in titles.items() if n > 1] == [], feed.path


def test_repeated_names_take_the_item_or_the_seq() -> None:
    """太原 8–11 share a name and differ in their item; 24 and 27 repeat name and item alike."""
    tasks = {t.seq: t for t in load_plan(None).tasks if t.city == "太原市"}
    ods = [tasks[n].label for n in (8, 9, 10, 11)]
    assert len(set(ods)) == 4 and all(label.startswith(tasks[8].name + "（") for label in ods)
    assert "销售ODS企业和单位备案情况的检查" in tasks[9].label
    assert (tasks[24].label, tasks[27].label) == (f"{tasks[24].name}（序号24）", f"{tasks[27].name}（序号27）")
    assert tasks[1].label == tasks[1].name  # a name used once stays as written


def test_a_calendar_title_carries_one_fraction() -> None:
    plan = load_plan(None)
    schedule = schedule_plan(plan, Config())
    for feed in plan_feeds(schedule, plan_name=plan.name):
        for event in feed.events:
            for part in parts(event):
                title = _summary(part, feed, None)
                assert title.count("/") <= 1 and "段" not in title, title
