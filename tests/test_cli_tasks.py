"""`planner tasks` and `planner audit` as a user runs them."""

import json
from dataclasses import fields

from typer.testing import CliRunner

from planner.cli import app
from planner.model import Repair
from tests.plans import FIRST, row, write_plan

runner = CliRunner()


def test_tasks_json_on_embedded_plan_has_documented_keys():
    """JSON output: 675 objects with the keys other tools rely on."""
    result = runner.invoke(app, ["tasks", "--format", "json"])
    assert result.exit_code == 0
    tasks = json.loads(result.stdout)
    assert len(tasks) == 675
    keys = {"city", "seq", "name", "item", "scope", "ratio_text", "ratio", "risk_text", "windows",
            "frequency", "lead", "partners", "mode", "source_line", "repairs"}
    assert keys <= set(tasks[0])
    first = tasks[0]
    assert (first["city"], first["seq"], first["windows"], first["frequency"]) == ("太原市", 1, [[3, 12]], {"count": 1, "per": "year"})
    assert first["lead"] == ["市烟草专卖局"] and first["partners"] == ["市公安局", "市邮政管理局"]
    repairs = [r for t in tasks for r in t["repairs"]]
    assert repairs and all(list(r) == [f.name for f in fields(Repair)] for r in repairs)  # every field of a repair, in order


def test_tasks_csv(tmp_path):
    """CSV output has a header and one row per task."""
    result = runner.invoke(app, ["--lang", "zh", "tasks", str(write_plan(tmp_path, FIRST)), "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("地市,序号,抽查任务名称")
    assert lines[1].startswith("太原市,1,对旅行社的双随机抽查")


def test_tasks_table_city_filter(tmp_path):
    """The table shows the chosen city's tasks only."""
    other = row("大同市", "2", "对商场的抽查", "商场检查", "商场", "10%；1次/年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")
    result = runner.invoke(app, ["tasks", str(write_plan(tmp_path, FIRST, other)), "--city", "大同市"])
    assert result.exit_code == 0
    assert "对商场的抽查" in result.stdout and "对旅行社" not in result.stdout


def test_missing_file_is_one_line_exit_2(tmp_path):
    """A missing plan: one line naming the file, exit code 2, no traceback."""
    result = runner.invoke(app, ["tasks", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.tsv'}: file not found"


def test_bad_row_warns_and_loads_rest(tmp_path):
    """A bad row is a warning naming file and line; the rest is listed; exit 0."""
    bad = row("", "2", "商场检查", "商场检查", "商场", "10%；1次/年", "", "十三月", "市卫健委", "市市场监管局", "市抽市查")
    path = write_plan(tmp_path, FIRST, bad)
    result = runner.invoke(app, ["tasks", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert f"warning: {path}:5: unreadable window" in result.stderr
    assert [t["seq"] for t in json.loads(result.stdout)] == [1]


def test_bad_row_strict_fails(tmp_path):
    """With --strict a bad row is an error: one line, exit 2."""
    bad = row("", "2", "商场检查", "商场检查", "商场", "10%；1次/年", "", "十三月", "市卫健委", "市市场监管局", "市抽市查")
    path = write_plan(tmp_path, FIRST, bad)
    result = runner.invoke(app, ["tasks", str(path), "--strict"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:5: unreadable window")
    assert "Traceback" not in result.output


def test_audit_groups_repairs_by_kind_with_counts():
    """The audit of the embedded plan counts each kind and lists slid rows with their lines."""
    result = runner.invoke(app, ["audit", "--kind", "moved-cell"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "merged-cell" in result.stdout and "moved-cell (" in result.stdout
    assert "市抽县(区、市)查" in result.stdout  # the 12th-column mode moved home
