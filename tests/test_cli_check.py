"""`planner check`: exit codes for pipelines, JSON for tools, filters, and the embedded plan's known defects."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from planner.cli import app
from planner.config import Config
from planner.i18n import set_language
from planner.load import monthly_load
from planner.model import Finding
from planner.plan import load_plan
from planner.render.check_report import render_report
from planner.schedule import schedule_plan

runner = CliRunner()


@pytest.fixture()
def chinese() -> None:
    """The report as the default (Chinese) run draws it."""
    set_language("zh")

HEADER = "地市\t序号\t抽查任务名称\t抽查事项\t抽查对象范围\t抽查比例及频次\t智慧监管（信用风险分类）要求\t抽查检查起止时间\t发起部门\t配合部门\t抽查检查模式"
TRAVEL = "太原市\t{seq}\t对旅行社的双随机抽查\t{item}\t旅行社\t抽查比例10%；1次/年\t\t3月—12月\t{lead}\t{partner}\t市抽市查"
CARE = "太原市\t{seq}\t对养老机构的抽查\t养老机构服务质量检查\t养老机构\t抽查比例10%；1次/年\t\t4月—12月\t市民政局\t{partner}\t市抽市查"


def write_plan(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "plan.tsv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def clean_plan(tmp_path: Path) -> str:
    return write_plan(
        tmp_path,
        TRAVEL.format(seq=1, item="旅行社经营情况的检查", lead="市文旅局", partner="市市场监管局"),
        CARE.format(seq=2, partner="市消防救援支队"),
    )


def duplicated_plan(tmp_path: Path) -> str:
    row = TRAVEL.format(seq="{seq}", item="旅行社经营情况的检查", lead="市文旅局", partner="市市场监管局")
    return write_plan(tmp_path, row.format(seq=1), row.format(seq=2))


def merge_plan(tmp_path: Path) -> str:
    return write_plan(
        tmp_path,
        TRAVEL.format(seq=1, item="旅行社取得许可证情况的检查", lead="市文旅局", partner="市市场监管局"),
        TRAVEL.format(seq=2, item="旅行社经营情况的检查", lead="市交通局", partner=""),
    )


def findings_of(output: str) -> list[dict[str, object]]:
    return json.loads(output)["findings"]


def test_clean_plan_exits_0_and_says_so(tmp_path: Path) -> None:
    """A plan without findings exits 0 and says nothing was found."""
    result = runner.invoke(app, ["--lang", "zh", "check", clean_plan(tmp_path)])
    assert result.exit_code == 0
    assert "未发现问题" in result.stdout


def test_duplicate_rows_fail_the_check(tmp_path: Path) -> None:
    """An error-level finding (a duplicated row) makes the check exit 1."""
    result = runner.invoke(app, ["check", duplicated_plan(tmp_path)])
    assert result.exit_code == 1
    assert "No. 1, 2 listed twice" in result.stdout


def test_fail_on_never_always_exits_0(tmp_path: Path) -> None:
    """--fail-on never reports but never fails."""
    result = runner.invoke(app, ["check", duplicated_plan(tmp_path), "--fail-on", "never"])
    assert result.exit_code == 0
    assert "listed twice" in result.stdout


def test_information_passes_by_default_and_fails_with_fail_on_info(tmp_path: Path) -> None:
    """A merge opportunity is information: exit 0 by default, exit 1 with --fail-on info."""
    plan = merge_plan(tmp_path)
    assert runner.invoke(app, ["check", plan]).exit_code == 0
    assert runner.invoke(app, ["check", plan, "--fail-on", "info"]).exit_code == 1


def test_json_lists_every_field_of_a_finding(tmp_path: Path) -> None:
    """--format json gives kind, severity, city, departments, months, seqs, source lines and message."""
    result = runner.invoke(app, ["check", merge_plan(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    (finding,) = findings_of(result.stdout)
    assert finding["kind"] == "merge" and finding["severity"] == "info" and finding["city"] == "太原市"
    assert set(finding["departments"]) == {"市文旅局", "市市场监管局", "市交通局"}
    assert len(finding["months"]) == 1 and 3 <= finding["months"][0] <= 12
    assert finding["seqs"] == [1, 2] and finding["source_lines"] == [2, 3]
    assert "one sector, one inspection" in finding["message"]


def test_kind_filter_keeps_one_kind(tmp_path: Path) -> None:
    """--kind data hides the duplicate finding (and so its failure)."""
    result = runner.invoke(app, ["check", duplicated_plan(tmp_path), "--kind", "data", "--format", "json"])
    assert result.exit_code == 0
    assert findings_of(result.stdout) == []


def test_dept_filter_matches_part_of_a_name(tmp_path: Path) -> None:
    """--dept 交通 keeps findings naming 市交通局."""
    result = runner.invoke(app, ["check", merge_plan(tmp_path), "--dept", "交通", "--format", "json"])
    assert [f["kind"] for f in findings_of(result.stdout)] == ["merge"]
    result = runner.invoke(app, ["check", merge_plan(tmp_path), "--dept", "太原/市交通局", "--format", "json"])
    assert [f["kind"] for f in findings_of(result.stdout)] == ["merge"]


def test_unknown_dept_is_an_error_not_an_all_clear(tmp_path: Path) -> None:
    """A department not in the plan exits 2 with a message: a gate must not pass on a typo."""
    result = runner.invoke(app, ["check", merge_plan(tmp_path), "--dept", "公安"])
    assert result.exit_code == 2
    assert "no department" in result.stderr


def test_lead_as_partner_is_a_warning(tmp_path: Path) -> None:
    """A lead also named as partner is a warning: exit 0 by default, 1 with --fail-on warning."""
    plan = write_plan(tmp_path, CARE.format(seq=1, partner="市民政局"))
    result = runner.invoke(app, ["check", plan, "--format", "json"])
    assert result.exit_code == 0
    assert [(f["kind"], f["severity"]) for f in findings_of(result.stdout)] == [("data", "warning")]
    assert runner.invoke(app, ["check", plan, "--fail-on", "warning"]).exit_code == 1


def test_naive_reports_overloads_of_the_plan_as_written(tmp_path: Path) -> None:
    """With a monthly capacity of 1, two tasks that both start in March overload it only when --naive."""
    config = tmp_path / "planner.toml"
    config.write_text("monthly_capacity = 1\ndaily_capacity = 5\nmerge = false\n", encoding="utf-8")
    plan = write_plan(tmp_path, CARE.format(seq=1, partner="市卫健委"), CARE.format(seq=2, partner="市消防救援支队").replace("养老机构服务质量检查", "养老机构消防检查"))
    balanced = runner.invoke(app, ["check", plan, "--config", str(config), "--format", "json", "--kind", "overload"])
    naive = runner.invoke(app, ["check", plan, "--config", str(config), "--format", "json", "--kind", "overload", "--naive"])
    assert (balanced.exit_code, findings_of(balanced.stdout)) == (0, [])
    assert naive.exit_code == 1
    (finding,) = findings_of(naive.stdout)
    assert finding["departments"] == ["市民政局"] and finding["months"] == [4]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--format", "xml", "--format does not accept this value ('xml'); use one of: table, json, csv"),
        ("--kind", "typo", "--kind does not accept this value ('typo'); use one of: overload, double-booking, duplicate, merge, data"),
        ("--fail-on", "fatal", "--fail-on does not accept this value ('fatal'); use one of: error, warning, info, never"),
        ("--city", "大同", "no city '大同' in the plan; one of 太原市"),
    ],
)
def test_bad_option_values_exit_2_with_the_accepted_ones(tmp_path: Path, option: str, value: str, message: str) -> None:
    """A bad option value is one error line naming what would be accepted, and exit code 2."""
    result = runner.invoke(app, ["check", clean_plan(tmp_path), option, value])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {message}"


def test_missing_plan_file_exits_2(tmp_path: Path) -> None:
    """A plan path that does not exist is bad input."""
    result = runner.invoke(app, ["check", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2
    assert "file not found" in result.stderr


# --- the embedded Shanxi 2024 plan -------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded_naive() -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", "--naive", "--format", "json"])
    assert result.exit_code == 1
    return findings_of(result.stdout)


def test_embedded_plan_finds_taiyuan_duplicated_rows(embedded_naive: list[dict[str, object]]) -> None:
    """太原's 民用枪支 / 爆破作业 / 保安 rows are each listed twice."""
    duplicates = {tuple(f["seqs"]) for f in embedded_naive if f["kind"] == "duplicate" and f["city"] == "太原市"}
    assert {(24, 27), (25, 28), (26, 29)} <= duplicates


def test_embedded_plan_finds_datong_lead_as_partner(embedded_naive: list[dict[str, object]]) -> None:
    """大同 has a task whose lead is also its partner."""
    assert any(f["kind"] == "data" and f["city"] == "大同市" and "is both lead and partner department" in f["message"] for f in embedded_naive)


def test_embedded_plan_finds_separate_travel_agency_inspections(embedded_naive: list[dict[str, object]]) -> None:
    """Some city inspects 旅行社 under two or more separately scheduled tasks: a 一业一查 group."""
    assert any(f["kind"] == "merge" and "旅行社" in f["message"] and len(f["seqs"]) >= 2 for f in embedded_naive)


def test_embedded_plan_reports_every_overloaded_naive_month(embedded_naive: list[dict[str, object]]) -> None:
    """Every (city, department, month) over capacity in the naive schedule has one overload finding."""
    plan = load_plan()
    config = Config()
    load = monthly_load(schedule_plan(plan, config).naive)
    expected = {(d.city, d.name, m) for (d, m), n in load.items() if n > config.monthly_capacity_for(d)}
    found = {(f["city"], f["departments"][0], f["months"][0]) for f in embedded_naive if f["kind"] == "overload"}
    assert expected and found == expected


def test_every_embedded_finding_names_its_source_lines(embedded_naive: list[dict[str, object]]) -> None:
    """Each finding points back to rows of the plan file."""
    assert all(f["source_lines"] for f in embedded_naive)


# --- the rich report ---------------------------------------------------------------------------


def render_text(findings: tuple[Finding, ...], *, color: bool = False) -> str:
    console = Console(width=120, file=io.StringIO(), color_system="standard" if color else None, force_terminal=color)
    console.print(render_report(findings))
    return console.file.getvalue()


def sample_findings() -> tuple[Finding, ...]:
    return (
        Finding("duplicate", "error", "太原市", "旅行社：序号 1、2 重复列出", seqs=(1, 2), source_lines=(2, 3)),
        Finding("merge", "info", "大同市", "一业一查：旅行社", seqs=(5, 6), source_lines=(7, 8), details=("大同市-5 …",)),
        Finding("data", "info", "大同市", "序号 9：起止时间经修补", seqs=(9,), source_lines=(10,)),
    )


@pytest.mark.usefixtures("chinese")
def test_report_opens_with_counts_per_city() -> None:
    """The summary names each city with its counts by severity and kind, and a total row."""
    lines = render_text(sample_findings()).splitlines()
    assert lines[0] == "检查结果"
    assert any(line.split() == ["太原市", "1", "·", "·", "1", "·", "·"] for line in lines)
    assert any(line.split() == ["大同市", "·", "·", "2", "·", "1", "1"] for line in lines)
    assert any(line.split() == ["合计", "1", "0", "2", "1", "1", "1"] for line in lines)


@pytest.mark.usefixtures("chinese")
def test_report_groups_by_kind_most_severe_first_with_source_lines() -> None:
    """Sections follow severity (duplicate errors before merge info), and every finding shows its rows."""
    text = render_text(sample_findings())
    assert text.index("重复任务（1）") < text.index("一业一查合并机会（1）") < text.index("数据问题（1）")
    assert "来源：第 2、3 行；序号 1、2" in text and "来源：第 10 行；序号 9" in text


@pytest.mark.usefixtures("chinese")
def test_report_colours_errors_red() -> None:
    """An error's label is drawn in red, information in cyan."""
    text = render_text(sample_findings(), color=True)
    assert "\x1b[1;31m[错误] " in text and "\x1b[36m[提示] " in text


@pytest.mark.usefixtures("chinese")
def test_empty_report_says_nothing_found() -> None:
    """No findings render as a single reassuring line under the title."""
    assert render_text(()).splitlines()[1] == "未发现问题"
