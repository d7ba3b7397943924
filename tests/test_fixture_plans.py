"""Real plans of other regions and templates (tests/fixtures/plans/, see SOURCES.md) read to
the tasks written down by hand in golden/*.json from the source pages, not from this code."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli.app import app
from planner.plan import load_plan
from planner.read import read_table
from planner.repair import find_columns

PLANS = Path(__file__).parent / "fixtures" / "plans"
NAMES = sorted(p.stem for p in (PLANS / "golden").glob("*.json"))


def golden(name: str) -> dict:
    return json.loads((PLANS / "golden" / f"{name}.json").read_text(encoding="utf-8"))


def as_golden(task) -> dict:
    return {
        "number": task.number, "name": task.name, "item": task.item, "scope": task.scope,
        "windows": [[w.start, w.end] for w in task.windows],
        "frequency": [task.frequency.count, task.frequency.per],
        "min_percent": task.ratio.min_percent, "max_percent": task.ratio.max_percent,
        "min_count": task.ratio.min_count,
        "lead": [r.written for r in task.lead], "partners": [r.written for r in task.partners],
        "mode": task.mode.text,
    }  # fmt: skip


def test_at_least_six_fixtures_in_three_templates():
    """Templates differ in which fields they have and in what order."""
    assert len(NAMES) >= 6
    layouts = set()
    for name in NAMES:
        columns = find_columns(read_table(PLANS / f"{name}.tsv"))
        assert columns is not None
        layouts.add(tuple(sorted(columns.fields, key=columns.fields.__getitem__)))
    assert len(layouts) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_fixture_reads_to_its_golden_tasks(name):
    expected = golden(name)
    plan = load_plan(PLANS / f"{name}.tsv", region=expected["given_region"])
    assert plan.problems == ()
    assert plan.year == expected["year"]
    assert {t.city for t in plan.tasks} == {expected["region"]}
    assert [as_golden(t) for t in plan.tasks] == expected["tasks"]


@pytest.mark.parametrize("name", NAMES)
def test_region_choice_is_logged(name):
    expected = golden(name)
    plan = load_plan(PLANS / f"{name}.tsv", region=expected["given_region"])
    logged = [r for r in plan.repairs if r.kind == "region"]
    assert [r.after for r in logged] == [expected["region"]]
    assert ("--region" in logged[0].reason) == bool(expected["given_region"])


@pytest.mark.parametrize("name", NAMES)
def test_fixture_reads_with_exit_0_and_columns_explains_it(name):
    expected = golden(name)
    region = ["--region", expected["given_region"]] if expected["given_region"] else []
    result = CliRunner().invoke(app, ["tasks", str(PLANS / f"{name}.tsv"), "--format", "json", *region])
    assert result.exit_code == 0, result.output
    assert [t["seq"] for t in json.loads(result.stdout)] == [int(t["number"].split(".")[0]) for t in expected["tasks"]]
    shown = CliRunner().invoke(app, ["columns", str(PLANS / f"{name}.tsv"), *region])
    assert shown.exit_code == 0, shown.output
    assert "抽查事项 (item)" in shown.stdout and "起止时间 (window)" in shown.stdout


def test_region_falls_back_on_the_file_name(tmp_path):
    """No --region and no title naming a place: the file's name is the region, and it is logged."""
    source = (PLANS / "shanggao-2023.tsv").read_text(encoding="utf-8")
    path = tmp_path / "上高县.tsv"
    path.write_text(source, encoding="utf-8")
    plan = load_plan(path)
    assert {t.city for t in plan.tasks} == {"上高县"}
    assert "file name" in next(r.reason for r in plan.repairs if r.kind == "region")


def test_item_rows_that_only_add_a_line_join_the_task_above(tmp_path):
    """An item row with nothing of its own but text is one more line of the task's 抽查事项."""
    path = tmp_path / "某县2024年度部门联合抽查计划.tsv"
    path.write_text(
        "某县2024年度部门联合双随机抽查工作计划\n"
        "序号\t抽查任务名称\t抽查事项\t抽查对象\t抽查比例\t实施时间\t发起部门\t配合部门\n"
        "1\t药品经营检查\t1.药品经营质量管理的检查\t药品零售企业\t5%\t4-11月\t县市场监管局\t县卫健局\n"
        "2.药品网络销售的检查\n"
        "3.医疗器械使用的检查\t医疗机构\t10%\t\t\t\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    first, second = plan.tasks
    assert first.number == "1" and first.item == "1.药品经营质量管理的检查；2.药品网络销售的检查"
    assert (second.number, second.name, second.scope, second.ratio.min_percent) == ("1.3", "药品经营检查", "医疗机构", 10.0)
    assert [r.written for r in second.lead] == ["县市场监管局"]
    assert [(w.start, w.end) for w in second.windows] == [(4, 11)]


def test_columns_override_maps_a_column_nobody_foresaw(tmp_path):
    """--columns names the column the vocabulary does not know (无为计划 holds the county's ratio)."""
    mapping = tmp_path / "map.toml"
    mapping.write_text('ratio = "无为计划"\n', encoding="utf-8")
    plan = load_plan(PLANS / "wuwei-2023.tsv", columns=mapping)
    assert [t.ratio.min_percent for t in plan.tasks if t.sub == 0] == [100.0, 10.0]
    shown = CliRunner().invoke(app, ["columns", str(PLANS / "wuwei-2023.tsv"), "--columns", str(mapping)])
    assert "--columns" in shown.stdout


def test_missing_window_column_is_the_whole_year_and_logged(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某区2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t牵头部门\t参与部门\n"
        "1\t餐饮检查\t餐饮服务\t区市场监管局\t区卫健局\n",
        encoding="utf-8",
    )
    task = load_plan(path).tasks[0]
    assert [(w.start, w.end) for w in task.windows] == [(1, 12)]
    assert ("default-window", "全年") in {(r.kind, r.after) for r in task.repairs}
    assert task.city == "某区"


def test_window_with_no_dates_loads_for_the_whole_year_and_is_a_data_problem(tmp_path):
    """An occasion (考试期间) is kept as written, flagged, and the task still loads."""
    from planner.check import check_plan
    from planner.config import load_config
    from planner.schedule import schedule_plan

    path = tmp_path / "plan.tsv"
    path.write_text(
        "某县2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t实施时间\t牵头部门\t参与部门\n"
        "1\t考点周边检查\t考点周边经营场所\t考试期间\t县市场监管局\t县教育局\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    task = plan.tasks[0]
    assert [(w.start, w.end) for w in task.windows] == [(1, 12)]
    assert ("default-window", "考试期间") in {(r.kind, r.before) for r in task.repairs}
    config = load_config(None)
    findings = check_plan(plan, schedule_plan(plan, config), config)
    assert any(f.kind == "data" and "考试期间" in f.message for f in findings)


def test_batches_give_one_round_each_ending_by_its_deadline():
    from planner.rounds import expand

    task = next(t for t in load_plan(PLANS / "wuwei-2023.tsv").tasks if t.number == "1")
    assert [(r.first_month, r.last_month) for r in expand(task)] == [(1, 6), (7, 9)]
    assert ("batches", "2次/年") in {(r.kind, r.after) for r in task.repairs}


def test_city_column_in_another_template_keeps_each_row_in_its_city(tmp_path):
    """A 地市 column in another place: blank city cells are merged cells of their city."""
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某省2024年度部门联合抽查计划\n序号\t地市\t任务名称\t抽查事项\t实施时间\t牵头部门\n"
        "1\t甲市\t餐饮检查\t餐饮服务\t3-10月\t市市场监管局\n"
        "2\t\t药店检查\t药品零售\t\t\n"
        "1\t乙市\t学校检查\t校园食品\t全年\t市教育局\n",
        encoding="utf-8",
    )
    plan = load_plan(path, region="丙县")  # a 地市 column wins over --region
    assert [(t.city, t.number, [r.written for r in t.lead], [(w.start, w.end) for w in t.windows]) for t in plan.tasks] == [
        ("甲市", "1", ["市市场监管局"], [(3, 10)]),
        ("甲市", "2", ["市市场监管局"], [(3, 10)]),
        ("乙市", "1", ["市教育局"], [(1, 12)]),
    ]
    assert not [r for r in plan.repairs if r.kind == "region"]


def test_plan_without_a_seq_column_numbers_its_rows(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某区2024年度部门联合抽查计划\n任务名称\t抽查事项\t抽查对象\t实施时间\t发起部门\n"
        "餐饮检查\t餐饮服务\t餐馆\t上半年\t区市场监管局\n"
        "药店检查\t药品零售\t药店\t下半年\t区市场监管局\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    assert [(t.number, t.name) for t in plan.tasks] == [("1", "餐饮检查"), ("2", "药店检查")]
    assert all(("default-seq", "seq") in {(r.kind, r.field) for r in t.repairs} for t in plan.tasks)


def test_window_of_another_year_is_read_by_month_and_flagged(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某县2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t实施时间\t牵头部门\n"
        "1\t餐饮检查\t餐饮服务\t2025年3-11月\t县市场监管局\n",
        encoding="utf-8",
    )
    task = load_plan(path).tasks[0]
    assert [(w.start, w.end) for w in task.windows] == [(3, 11)]
    assert ("other-year-window", "window") in {(r.kind, r.field) for r in task.repairs}


def test_window_year_is_the_plan_year_when_the_file_gives_none(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text("序号\t任务名称\t抽查事项\t实施时间\t牵头部门\n1\t餐饮检查\t餐饮服务\t2025年3-11月\t县市场监管局\n", encoding="utf-8")
    plan = load_plan(path, region="某县")
    assert plan.year == 2025
    assert not [r for r in plan.tasks[0].repairs if r.kind == "other-year-window"]


@pytest.mark.parametrize(
    ("title", "region"),
    [
        ("2023年度上海市嘉定区市场监管领域部门联合抽查工作计划", "嘉定区"),
        ("亳州市市场监管领域2024年度“一业一查”部门联合抽查工作计划", "亳州市"),
        ("某某县2024年度部门联合双随机抽查工作计划", "某某县"),
    ],
)
def test_region_from_title(tmp_path, title, region):
    path = tmp_path / "plan.tsv"
    path.write_text(f"{title}\n序号\t任务名称\t抽查事项\t实施时间\t牵头部门\n1\t餐饮检查\t餐饮服务\t全年\t市场监管局\n", encoding="utf-8")
    assert load_plan(path).tasks[0].city == region


def test_frequency_in_the_notes_column(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某县2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t实施时间\t牵头部门\t备注\n"
        "1\t餐饮检查\t餐饮服务\t全年\t县市场监管局\t每季度开展一次\n",
        encoding="utf-8",
    )
    task = load_plan(path).tasks[0]
    assert (task.frequency.count, task.frequency.per) == (1, "quarter")
    assert "default-frequency" not in {r.kind for r in task.repairs}


def test_build_of_another_template_writes_calendars_end_to_end(tmp_path, monkeypatch):
    """`planner build OTHER --region 上高县`: feeds for the county's department, views, exit 0."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", str(PLANS / "shanggao-2023.tsv"), "--region", "上高县"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    index = json.loads((tmp_path / "calendars" / "index.json").read_text(encoding="utf-8"))
    departments = [f for f in index["feeds"] if f["kind"] == "department"]
    assert [(f["city"], f["department"], f["events"]) for f in departments] == [("上高县", "上高县市场监督管理局", 7)]
    feed = (tmp_path / "calendars" / departments[0]["path"]).read_text(encoding="utf-8")
    assert "UID:2023-" in feed and "对特种设备作业人员的行政检查" in feed
    assert (tmp_path / "sample_output" / "heatmap.svg").exists()


def test_seq_repeated_on_every_row_of_its_block_gives_item_rows(tmp_path):
    """A reader that fills merged cells writes 序号 1 on each row of its block: rows 1, 1.2."""
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某县2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t抽查对象\t实施时间\t牵头部门\t配合部门\n"
        "1\t药品检查\t药品经营的检查\t药店\t4-11月\t县市场监管局\t县卫健局\n"
        "1\t药品检查\t医疗器械使用的检查\t医疗机构\t4-11月\t县市场监管局\t县卫健局\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    assert [(t.number, t.item, t.scope) for t in plan.tasks] == [("1", "药品经营的检查", "药店"), ("1.2", "医疗器械使用的检查", "医疗机构")]
    assert plan.problems == ()


def test_province_fixture_is_a_province_plan():
    """At least one fixture is a province's plan: its region, from the notice above the table, is a 省."""
    assert any(golden(name)["region"].endswith(("省", "自治区")) for name in NAMES)
    plan = load_plan(PLANS / "guangdong-2020.tsv")
    assert plan.province == "广东省"


def test_a_bureaus_own_plan_takes_the_bureau_as_lead_and_logs_it(tmp_path):
    """No 发起部门 column: the bureau that issued the plan (its 计划名称, else the title) leads, logged."""
    named = tmp_path / "named.tsv"
    named.write_text(
        "某县市场监督管理局关于印发2024年度双随机抽查工作计划的通知\n"
        "序号\t抽查计划名称\t抽查任务名称\t抽查事项\t抽查对象范围\t抽取日期\n"
        "1\t某县应急管理局2024年度双随机抽查工作计划1\t危化品经营检查\t经营许可\t危化品经营单位\t2024年5月\n",
        encoding="utf-8",
    )
    untitled = tmp_path / "untitled.tsv"
    untitled.write_text(
        "某县市场监督管理局关于印发2024年度双随机抽查工作计划的通知\n"
        "序号\t抽查任务名称\t抽查事项\t抽查对象范围\t抽取日期\n"
        "1\t广告检查\t广告发布\t广告发布者\t2024年6月\n",
        encoding="utf-8",
    )
    assert [r.written for r in load_plan(named).tasks[0].lead] == ["某县应急管理局"]  # the row's own plan name first
    task = load_plan(untitled).tasks[0]
    assert [r.written for r in task.lead] == ["某县市场监督管理局"]
    logged = [r for r in task.repairs if r.kind == "default-lead"]
    assert [r.after for r in logged] == ["某县市场监督管理局"] and "no lead column" in logged[0].reason


def test_a_ratio_written_in_the_scope_is_read_when_there_is_no_ratio_column(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text(
        "某区2024年度部门联合抽查计划\n序号\t任务名称\t抽查事项\t抽查对象范围\t实施时间\t牵头部门\n"
        "1\t企业抽查\t登记事项\t按2%的比例抽取区内企业\t全年\t区市场监管局\n"
        "2\t餐饮检查\t餐饮服务\t餐馆\t全年\t区市场监管局\n",
        encoding="utf-8",
    )
    first, second = load_plan(path).tasks
    assert (first.ratio.min_percent, second.ratio.min_percent) == (2.0, None)
    assert "ratio-in-scope" in {r.kind for r in first.repairs}
    assert "ratio-in-scope" not in {r.kind for r in second.repairs}


def test_a_long_plan_code_is_the_task_number():
    """Guangdong numbers tasks by a code (region 440000, year 2020, number 001), kept as written."""
    task = load_plan(PLANS / "guangdong-2020.tsv").tasks[0]
    assert (task.number, task.seq) == ("4400002020001", 4400002020001)


def test_tasks_view_shows_a_long_plan_code_whole():
    shown = CliRunner().invoke(app, ["tasks", str(PLANS / "guangdong-2020.tsv")], env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    assert "4400002020001" in shown.stdout and "440…" not in shown.stdout
