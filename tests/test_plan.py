"""From rows to tasks: defaults, aliases, bad rows, and the embedded plan as a whole."""

import pytest

from planner.errors import RowError
from planner.model import Department, Frequency, Window
from planner.plan import load_plan
from tests.plans import FIRST, row, write_plan


def test_embedded_plan_has_every_task_once():
    """675 tasks, 序号 1–675 once each, each with city, item, window, frequency and lead."""
    plan = load_plan()
    assert sorted(t.seq for t in plan.tasks) == list(range(1, 676))
    assert plan.problems == ()
    assert all(t.city and t.item and t.windows and t.frequency and t.lead for t in plan.tasks)
    assert {t.city for t in plan.tasks} == {"太原市", "大同市", "朔州市", "忻州市", "吕梁市", "晋中市", "阳泉市", "长治市", "晋城市", "临汾市", "运城市"}


def test_missing_frequency_defaults_to_once_a_year(tmp_path):
    """No frequency: once a year, recorded as a repair."""
    plan = load_plan(write_plan(tmp_path, row("太原市", "1", "档案检查", "档案检查", "档案企业", "不少于3家", "", "3月—11月", "市档案局", "市市场监管局", "市抽市查")))
    task = plan.tasks[0]
    assert task.frequency == Frequency(1, "year")
    assert [r.kind for r in task.repairs] == ["default-frequency"]


def test_department_identity_is_city_and_canonical_name(tmp_path):
    """Aliases join names within a city; the same name in two cities is two departments; a
    department is shown as its own city writes it most often (not as another city does)."""
    plan = load_plan(write_plan(
        tmp_path,
        row("太原市", "1", "检查甲", "检查甲", "企业", "5%；1次/年", "", "3月—12月", "市交通运输局", "市场监管局", "市抽市查"),
        row("太原市", "3", "检查丙", "检查丙", "企业", "5%；1次/年", "", "3月—12月", "市交通运输局", "市交通局", "市抽市查"),
        row("大同市", "2", "检查乙", "检查乙", "企业", "5%；1次/年", "", "3月—12月", "市交通局", "市市场监管局", "市抽市查"),
    ))
    first, third, second = plan.tasks
    assert first.lead[0].department == Department("太原市", "市交通运输局")
    assert third.partners[0].written == "市交通局"
    assert third.partners[0].department == first.lead[0].department
    assert first.partners[0].department == Department("太原市", "市场监管局")
    assert second.lead[0].department == Department("大同市", "市交通局")
    assert first.lead[0].department != second.lead[0].department


def test_user_alias_file_extends_table(tmp_path):
    """A user's alias file makes an unknown name known (shown as the city writes it)."""
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[departments]\n"市平安办" = ["市委平安建设领导小组"]\n', encoding="utf-8")
    path = write_plan(tmp_path, row("太原市", "1", "校园检查", "校园检查", "学校", "10%；1次/年", "", "3月—12月", "市教育局", "市委平安建设领导小组", "市抽市查"))
    assert not load_plan(path).tasks[0].partners[0].known
    partner = load_plan(path, aliases=aliases).tasks[0].partners[0]
    assert (partner.department.name, partner.known) == ("市委平安建设领导小组", True)


def test_bad_window_row_is_reported_and_rest_loads(tmp_path):
    """One row with an unreadable window is a problem; the other rows still load."""
    bad = row("", "2", "商场检查", "商场检查", "商场", "10%；1次/年", "", "13月—14月", "市卫健委", "市市场监管局", "市抽市查")
    plan = load_plan(write_plan(tmp_path, FIRST, bad))
    assert [t.seq for t in plan.tasks] == [1]
    assert [(p.line, p.value) for p in plan.problems] == [(5, "13月—14月")]


def test_bad_window_row_is_fatal_when_strict(tmp_path):
    """--strict turns the first bad row into an error naming file and line."""
    bad = row("", "2", "商场检查", "商场检查", "商场", "10%；1次/年", "", "13月—14月", "市卫健委", "市市场监管局", "市抽市查")
    path = write_plan(tmp_path, FIRST, bad)
    with pytest.raises(RowError) as caught:
        load_plan(path, strict=True)
    assert str(caught.value).startswith(f"{path}:5: unreadable window")


def test_duplicate_seq_in_city_is_reported(tmp_path):
    """A second row with the same 序号 in a city is reported, not silently merged."""
    plan = load_plan(write_plan(tmp_path, FIRST, FIRST.replace("对旅行社", "对酒店")))
    assert len(plan.tasks) == 1
    assert "already used" in plan.problems[0].message


def test_two_windows_and_sector(tmp_path):
    """Two windows are both kept; the sector comes from the lead department."""
    plan = load_plan(write_plan(tmp_path, row("长治市", "1", "燃气检查", "燃气检查", "燃气企业", "10%；2次/年", "", "3月—6月; 7月—10月", "市生态环境局", "市市场监管局", "市抽市查")))
    task = plan.tasks[0]
    assert task.windows == (Window(3, 6), Window(7, 10))
    assert task.sector == "生态环境"


def test_every_row_missing_its_city_cell_is_recorded():
    """Each source row that starts with its 序号 (city cell dropped) carries a slid-row repair, and no other row does."""
    from planner.read import embedded_plan_path

    lines = embedded_plan_path().read_text(encoding="utf-8").split("\n")
    starts_with_seq = {n for n, line in enumerate(lines, 1) if line.split("\t")[0].strip().isdigit()}
    plan = load_plan()
    slid = {r.line for t in plan.tasks for r in t.repairs if r.kind == "slid-row"}
    assert slid == starts_with_seq and len(slid) == 30
    headers = {n for n, line in enumerate(lines, 1) if line.startswith("地市\t序号")}
    assert {r.line for r in plan.repairs if r.field == "header"} == headers
