"""One CLI: the frictions of issue 11, each checked as a user meets it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.cli.views import default_month
from planner.config import Config
from planner.plan import load_plan
from planner.schedule import schedule_plan
from tests.plans import FIRST, row, write_plan

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
LISTINGS = ("tasks", "audit", "events", "load", "check", "agenda", "departments", "changes")
SHOP = row("", "2", "对商场的抽查", "商场卫生检查", "商场", "10%；1次/年", "", "5月—6月", "市卫健委", "市市场监管局", "市抽市查")


@pytest.fixture()
def plan(tmp_path: Path) -> str:
    return str(write_plan(tmp_path, FIRST, SHOP))


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_every_listing_takes_f_table_json_csv(command: str, fmt: str, plan: str, tmp_path: Path) -> None:
    extra = ["--dept", "市市场监管局"] if command == "agenda" else []
    extra += ["--calendars", str(tmp_path)] if command == "changes" else []
    code, out, err = invoke(command, plan, "-f", fmt, *extra)
    assert code in (0, 1), err  # check exits 1 on findings
    if fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        assert "," in out.splitlines()[0]
        code, excel, _ = invoke(command, plan, "-f", fmt, "--excel-csv", *extra)
        assert code in (0, 1) and excel.startswith("\ufeff"), "--excel-csv on every CSV: a BOM for Excel"


@pytest.mark.parametrize("month", ["2024-05", "5", "05"])
def test_month_is_written_one_way_everywhere(month: str, plan: str) -> None:
    for command in (["events"], ["timeline"], ["overview"]):
        code, _, err = invoke(*command, plan, "--month", month)
        assert code == 0, (command, err)


def test_sector_matches_the_field_not_words_of_the_name(plan: str) -> None:
    """--sector 卫健 keeps 对商场的抽查 (led by 市卫健委); the word 旅 in a name is not a sector."""
    code, out, _ = invoke("--lang", "en", "events", plan, "--sector", "卫健", "-f", "csv")
    assert code == 0 and [line.split(",")[5] for line in out.splitlines()[1:]] == ["对商场的抽查"]
    for command in (["timeline"], ["overview", "--month", "5"], ["heatmap"], ["agenda", "--dept", "市市场监管局"]):
        code, out, err = invoke(*command, plan, "--sector", "卫健", "--width", "120")
        assert code == 0, (command, err)
        assert "对旅行社" not in out, command
    code, _, err = invoke("timeline", plan, "--sector", "旅行社")
    assert code == 2 and "no task of this field" in err


def test_version_and_short_help() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and re.fullmatch(r"planner \d+\.\d+\.\d+\n", out)
    code, out, _ = invoke("-h")
    assert code == 0 and "Usage:" in out
    code, out, _ = invoke("events", "-h")
    assert code == 0 and "--format" in out and "-f" in out


def test_overview_defaults_to_this_month_or_the_first_busy_one(plan: str) -> None:
    schedule = schedule_plan(load_plan(Path(plan)), Config())
    busy = sorted({e.start.month for e in schedule.events})
    assert default_month(schedule, date(2030, 1, 1)) == busy[0]
    assert default_month(schedule, date(2024, busy[-1], 15)) == busy[-1]
    idle = next(m for m in range(1, 13) if m not in busy)
    assert default_month(schedule, date(2024, idle, 1)) == busy[0]
    code, out, _ = invoke("overview", plan, "--width", "100")
    assert code == 0 and f"2024-{busy[0]:02d}" in out  # the title names the month it chose


def test_departments_lists_feed_path_and_load(plan: str) -> None:
    code, out, _ = invoke("departments", plan, "-f", "json")
    records = json.loads(out)
    market = next(r for r in records if r["department"] == "市市场监管局")
    assert market["feed"].startswith("taiyuan/") and market["feed"].endswith(".ics")
    assert (market["lead"], market["partner"]) == (0, 2) and market["peak"] >= 1
    code, _, err = invoke("agenda", plan, "--dept", "市财政局")
    assert code == 2 and "planner departments" in err


def test_no_color_is_honoured(plan: str) -> None:
    """NO_COLOR in the environment: styles may stay, colours go (https://no-color.org)."""
    script = (
        "import os, pty, sys\n"
        "pid, fd = pty.fork()\n"
        "if pid == 0:\n"
        f"    os.execv(sys.executable, [sys.executable, '-m', 'planner', 'heatmap', {plan!r}])\n"
        "out = b''\n"
        "while True:\n"
        "    try: data = os.read(fd, 65536)\n"
        "    except OSError: break\n"
        "    if not data: break\n"
        "    out += data\n"
        "os.waitpid(pid, 0)\n"
        "sys.stdout.write(out.decode('utf-8', 'replace'))\n"
    )
    colour = re.compile(r"\x1b\[[0-9;]*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert colour.search(shown.stdout), "a terminal gets colours by default"
    plain = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                           env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert "市市场监管局" in plain.stdout and not colour.search(plain.stdout)


def test_readme_config_example_works_when_copied(tmp_path: Path) -> None:
    """The README's config block, copied with the example holiday file beside it, is a valid config."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(year = .*?)```", readme, re.S)
    assert block and block.group(1) == (REPO / "examples" / "planner.toml").read_text(encoding="utf-8")
    (tmp_path / "planner.toml").write_text(block.group(1), encoding="utf-8")
    shutil.copy(REPO / "examples" / "holidays-2025.toml", tmp_path)
    code, _, err = invoke("check", "--config", str(tmp_path / "planner.toml"), "--fail-on", "never")
    assert code == 0, err


def test_holiday_file_example_is_documented_and_read(tmp_path: Path) -> None:
    from planner.workdays import read_holiday_file

    days = read_holiday_file(REPO / "examples" / "holidays-2025.toml")
    assert date(2025, 1, 28) in days.holidays and date(2025, 2, 8) in days.workdays
    config = tmp_path / "c.toml"
    config.write_text('year = 2025\n[holidays]\nfile = "h.toml"\n', encoding="utf-8")
    shutil.copy(REPO / "examples" / "holidays-2025.toml", tmp_path / "h.toml")
    code, _, err = invoke("overview", "--config", str(config), "--month", "2025-10", "--width", "120")
    assert code == 0, err


def test_build_summary_explains_the_busiest_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(write_plan(tmp_path, FIRST)), "--no-samples"], env={"COLUMNS": "200"})
    assert "the department with the fullest month before balancing" in result.stdout
