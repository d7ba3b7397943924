"""The quick __init__ of the model's frozen values behaves as the one dataclasses writes."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from planner.model import Department, DepartmentRef, Frequency, Mode, Ratio, Repair, Task, evolve, quick_init


def test_quick_init_takes_the_same_arguments_and_defaults_and_stays_frozen():
    by_position = Repair(3, "typo", "mode", "市抽市抽", "市抽市查", "明显笔误，已更正")
    by_name = Repair(line=3, kind="typo", field="mode", before="市抽市抽", after="市抽市查", reason="明显笔误，已更正")
    assert by_position == by_name and hash(by_position) == hash(by_name)
    assert dataclasses.asdict(by_position) == {"line": 3, "kind": "typo", "field": "mode", "before": "市抽市抽",
                                               "after": "市抽市查", "reason": "明显笔误，已更正"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_position.line = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        Repair(3, "typo")  # type: ignore[call-arg]
    task = Task(city="太原市", seq=1, name="n", item="i", scope="s", ratio_text="5%", ratio=Ratio("5%"), risk_text="",
                windows=(), frequency=Frequency(1, "year"), lead=(), partners=(), mode=Mode("市抽市查"), source_line=7)
    assert (task.repairs, task.sector, task.sub, task.title) == ((), "", 0, "")
    assert dataclasses.replace(task, title="t").title == "t" and dataclasses.replace(task, title="t") != task
    assert {Department("太原市", "市场监管局"): 1}[Department("太原市", "市场监管局")] == 1


def test_quick_init_refuses_a_class_it_cannot_stand_in_for():
    @dataclasses.dataclass(frozen=True)
    class Listed:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError):
        quick_init(Listed)


def test_evolve_is_replace_without_init_and_forgets_cached_values():
    task = Task(city="太原市", seq=1, name="n", item="i", scope="s", ratio_text="5%", ratio=Ratio("5%"), risk_text="",
                windows=(), frequency=Frequency(1, "year"), lead=(), partners=(), mode=Mode("市抽市查"), source_line=7)
    lead = (DepartmentRef("市场监管局", Department("太原市", "市场监管局")),)
    assert task.departments() == ()
    renamed = evolve(task, lead=lead, title="t")
    assert renamed == dataclasses.replace(task, lead=lead, title="t") and renamed.departments() == (lead[0].department,)
    assert task.departments() == () and task.title == ""  # the original is unchanged
    with pytest.raises(TypeError):
        evolve(task, titel="t")
    with pytest.raises(TypeError):
        evolve(Department("太原市", "市场监管局"), name="x")  # not a quick_init class


def test_equal_departments_are_one_object_however_made():
    made = Department("太原市", "市场监管局")
    assert Department("太原市", "市场监管局") is made and hash(Department("太原市", "市场监管局")) == hash(made)
    assert copy.deepcopy(made) is made and pickle.loads(pickle.dumps(made)) is made
    assert dataclasses.replace(made, name="市教育局") is Department("太原市", "市教育局") != made
    assert made != Department("大同市", "市场监管局") and repr(made) == "Department(city='太原市', name='市场监管局')"
    assert dataclasses.astuple(made) == ("太原市", "市场监管局")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "x"  # type: ignore[misc]
