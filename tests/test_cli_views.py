"""`planner timeline`, `overview`, `heatmap` and `agenda` on a small inline plan and the embedded one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from planner.cli import app
from tests.plans import FIRST, row, write_plan

runner = CliRunner()

ROWS = (
    FIRST,
    row("", "2", "对食品生产企业落实食品安全主体责任情况的双随机抽查检查", "食品生产企业检查", "食品生产企业",
        "5%；2次/年", "", "4月—10月", "市市场监管局", "市卫健委", "市抽市查"),
    row("", "3", "对加油站的检查", "加油站经营检查", "加油站", "5%；1次/年", "", "5月", "市商务局",
        "市市场监管局、市应急局", "市抽市查"),
)


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path, *ROWS)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("width", ["80", "160"])
def test_timeline_fits_the_width_with_one_row_per_task(plan: Path, width: str) -> None:
    """timeline: the three tasks, every line no wider than --width."""
    code, out, _ = run("timeline", plan, "--width", width)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0].isdigit()] == ["1", "2", "3"]
    assert max(cell_len(line) for line in out.splitlines()) <= int(width)


def test_timeline_by_department_lists_departments(plan: Path) -> None:
    """timeline --by dept: 市市场监管局 takes part in all four rounds."""
    code, out, _ = run("timeline", plan, "--by", "dept", "--width", "80")
    assert code == 0 and next(line for line in out.splitlines() if line.startswith("市市场监管局")).split()[-1] == "4"


def test_timeline_filters_by_department_and_month(plan: Path) -> None:
    """--dept and --month keep only the tasks concerned."""
    code, out, _ = run("timeline", plan, "--dept", "市商务局", "--month", "5", "--width", "80")
    assert code == 0 and "对加油站的检查" in out and "旅行社" not in out


def test_timeline_with_no_matching_task_is_an_error(plan: Path) -> None:
    """Filters that leave nothing say so instead of drawing an empty chart."""
    code, _, err = run("timeline", plan, "--sector", "商务", "--month", "3")
    assert code == 2 and "no task matches these filters" in err


def test_an_unknown_sector_is_an_error_naming_the_known_ones(plan: Path) -> None:
    code, _, err = run("timeline", plan, "--sector", "烟草")
    assert code == 2 and "no task of this field ('烟草'); fields in this plan: 商务, 市场监管, 文旅" in err


def test_timeline_rejects_an_unknown_row_kind(plan: Path) -> None:
    """--by takes task or dept."""
    code, _, err = run("timeline", plan, "--by", "city")
    assert code == 2 and "--by does not accept this value ('city'); use one of: task, dept" in err


def test_overview_marks_holidays_and_make_up_days(plan: Path) -> None:
    """overview --month 2024-05: 劳动节 days read 休, Saturday 11 May reads 班, in plain text."""
    code, out, _ = run("--lang", "zh", "overview", plan, "--month", "2024-05", "--no-color", "--width", "80")
    assert code == 0 and "│ 1 休 │" in out and "│11 班 │" in out and "本月各部门检查数" in out


def test_overview_for_one_department_marks_it(plan: Path) -> None:
    """--dept marks the department in the totals."""
    code, out, _ = run("overview", plan, "--month", "5", "--dept", "市场监管", "--width", "120")
    assert code == 0 and ">市市场监管局" in out


@pytest.mark.parametrize(("month", "message"), [
    ("2025-05", "the schedule covers 2024 only"), ("13", "--month takes a month"), ("May", "--month takes a month"),
])
def test_overview_rejects_months_outside_the_plan(plan: Path, month: str, message: str) -> None:
    """A month of another year or not a month at all is exit code 2 with the reason."""
    code, _, err = run("overview", plan, "--month", month)
    assert code == 2 and message in err


def test_heatmap_shows_naive_beside_balanced_when_wide(plan: Path) -> None:
    """heatmap at 160 columns: both headings on one line."""
    code, out, _ = run("--lang", "zh", "heatmap", plan, "--width", "160")
    assert code == 0 and any("未均衡" in line and "均衡后" in line for line in out.splitlines())


def test_heatmap_rejects_an_unknown_show(plan: Path) -> None:
    """--show takes both, naive or balanced."""
    code, _, err = run("heatmap", plan, "--show", "all")
    assert code == 2 and "use one of: both, naive, balanced" in err


def test_agenda_json_lists_the_departments_rounds_in_order(plan: Path) -> None:
    """agenda --format json: four rounds for 市市场监管局, sorted by start."""
    code, out, _ = run("agenda", plan, "--dept", "市市场监管局", "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data) == 4 and [d["start"] for d in data] == sorted(d["start"] for d in data)


def test_agenda_csv_respects_from_and_to(plan: Path) -> None:
    """--from/--to narrow the CSV to events touching the range (csv, like every listing; no tsv)."""
    code, out, _ = run("--lang", "en", "agenda", plan, "--dept", "市商务局", "-f", "csv", "--from", "2024-05-01", "--to", "2024-05-31")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("start,end") and len(lines) == 2 and ",3," in lines[1]
    code, _, err = run("agenda", plan, "--dept", "市商务局", "--format", "tsv")
    assert code == 2 and "use one of: table, json, csv" in err


def test_agenda_table_names_department_and_count(plan: Path) -> None:
    """The table's title names the department and how many inspections it has."""
    code, out, _ = run("--lang", "zh", "agenda", plan, "--dept", "市卫健委", "--width", "100")
    assert code == 0 and "市卫健委 · 2 次检查" in out
    code, out, _ = run("--lang", "en", "agenda", plan, "--dept", "市卫健委", "--width", "100")
    assert code == 0 and "市卫健委 · 2 inspections" in out


def test_agenda_unknown_department_suggests_names(plan: Path) -> None:
    """A misspelt department is exit code 2 with a did-you-mean."""
    code, _, err = run("agenda", plan, "--dept", "市商务厅")
    assert code == 2 and "no department '市商务厅'" in err and "市商务局" in err


def test_agenda_bad_date_says_how_to_write_it(plan: Path) -> None:
    """--from takes YYYY-MM-DD."""
    code, _, err = run("agenda", plan, "--dept", "市商务局", "--from", "5月1日")
    assert code == 2 and "--from takes a date" in err and "YYYY-MM-DD" in err


def test_agenda_needs_a_department(plan: Path) -> None:
    """--dept is required."""
    code, _, _ = run("agenda", plan)
    assert code == 2


@pytest.mark.parametrize("suffix", [".txt", ".svg", ".html"])
def test_views_save_by_extension(plan: Path, tmp_path: Path, suffix: str) -> None:
    """--save FILE writes the view in the format its extension names and says where."""
    target = tmp_path / f"view{suffix}"
    code, out, err = run("heatmap", plan, "--save", target)
    assert code == 0 and out == "" and f"saved {target}" in err
    assert "市市场监管局" in re.sub("<[^>]+>", "", target.read_text(encoding="utf-8")).replace("&#160;", " ")


def test_save_to_an_unknown_format_is_refused(plan: Path, tmp_path: Path) -> None:
    """--save view.pdf is exit code 2 naming the accepted extensions."""
    code, _, err = run("timeline", plan, "--save", tmp_path / "view.pdf")
    assert code == 2 and ".txt, .svg, .html" in err


def test_ascii_output_draws_no_box_characters(plan: Path) -> None:
    """--ascii: no box-drawing or block characters anywhere."""
    for view in (["timeline"], ["overview", "--month", "5"], ["heatmap"], ["agenda", "--dept", "市市场监管局"]):
        code, out, _ = run(*view, plan, "--ascii", "--width", "100")
        assert code == 0 and not set(out) & set("─│┌┐└┘├┤┼░█"), view


@pytest.mark.parametrize("command", ["timeline", "overview", "heatmap", "agenda"])
def test_every_view_has_help(command: str) -> None:
    """--help describes the command and its --save option."""
    code, out, _ = run(command, "--help")
    assert code == 0 and "--save" in out


def test_embedded_plan_timeline_for_one_city_aligns_at_80() -> None:
    """The real plan for 太原市 draws one line width at 80 columns."""
    code, out, _ = run("timeline", "--city", "太原", "--width", "80", "--ascii")
    widths = {cell_len(line) for line in out.splitlines()[1:-1]}
    assert code == 0 and len(widths) == 1 and widths.pop() <= 80


def test_heatmap_naive_toggle_shows_only_the_naive_table(plan: Path) -> None:
    """heatmap --naive: the naive table alone."""
    code, out, _ = run("--lang", "zh", "heatmap", plan, "--naive", "--width", "160")
    assert code == 0 and "未均衡" in out and "均衡后" not in out
