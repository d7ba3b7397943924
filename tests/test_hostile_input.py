"""Malformed and hostile input: nothing lost silently, nothing unbounded, one-line errors (exit 2)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import ConfigError, PlanReadError
from planner.limits import MAX_CELL_CHARS, read_regular_file
from planner.model import Plan
from planner.plan import load_plan
from planner.read import embedded_plan_path
from tests.plans import FIRST, HEADER, plan_text, row, write_plan

runner = CliRunner()


def accounted(plan: Plan) -> set[int]:
    """Lines that ended in a task, a repair (skipped title/header) or a reported problem."""
    return {t.source_line for t in plan.tasks} | {r.line for r in plan.repairs} | {p.line for p in plan.problems}


def text_lines(path: Path) -> set[int]:
    """Non-blank physical lines, counted from the raw bytes, not by the reader."""
    lines = path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
    return {n for n, line in enumerate(lines, 1) if line.strip()}


def test_every_line_of_the_embedded_plan_is_a_task_a_repair_or_a_problem() -> None:
    plan = load_plan()
    assert text_lines(embedded_plan_path()) == accounted(plan)
    assert len(plan.tasks) == 675


def task_row(city: str, seq: str, name: str, ratio: str = "不低于5%；1次/年", window: str = "3月—12月") -> str:
    return row(city, seq, name, name + "检查", "企业", ratio, "", window, "市文旅局", "市市场监管局", "市抽市查")


# --- point 2: silent loss ---------------------------------------------------------------------------


def test_unreadable_seq_is_reported_and_rows_below_keep_its_city(tmp_path: Path) -> None:
    """The first row of a city with a broken 序号 is a problem; the rows below stay in that city."""
    path = write_plan(tmp_path, task_row("太原市", "1", "对旅行社的抽查"), task_row("大同市", "1a", "对商场的抽查"),
                      row("", "2", "", "商场检查2", "", "", "", "", "", "", ""), row("", "3", "", "商场检查3", "", "", "", "", "", "", ""))
    plan = load_plan(path)
    assert [(t.city, t.seq) for t in plan.tasks] == [("太原市", 1), ("大同市", 2), ("大同市", 3)]
    assert [p.line for p in plan.problems] == [5]
    assert text_lines(path) == accounted(plan)


def write_csv(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in cells) for cells in rows) + "\n", encoding="utf-8")
    return path


def csv_rows(count: int) -> list[list[str]]:
    return [list(HEADER)] + [task_row("太原市" if n == 1 else "", str(n), f"对第{n}类企业的抽查").split("\t") for n in range(1, count + 1)]


def test_csv_with_an_unclosed_quote_is_an_error_naming_its_line(tmp_path: Path) -> None:
    rows = csv_rows(20)
    path = write_csv(tmp_path, rows)
    text = path.read_text(encoding="utf-8").split("\n")
    text[8] = text[8].replace('"对第8类', '"对"第8类', 1).replace('企业的抽查","对"第8', '企业的抽查",对"第8')
    text[8] = '"' + text[8].split('"', 1)[1].replace('"', "", 1)  # one quote too few on line 9
    path.write_text("\n".join(text), encoding="utf-8")
    result = runner.invoke(app, ["tasks", str(path)])
    assert result.exit_code == 2
    assert f"{path}:9: CSV:" in result.stderr and "Traceback" not in result.output


def test_csv_stray_quote_closed_rows_later_is_an_error(tmp_path: Path) -> None:
    rows = csv_rows(20)
    rows[5][3] = 'x"'  # written without quoting below: an opening quote in the middle of a cell
    lines = [",".join(f'"{c}"' for c in cells) for cells in rows]
    lines[5] = lines[5].replace('"x""', '"x', 1)
    lines[12] = lines[12].replace('"', '""', 1)
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PlanReadError) as caught:
        load_plan(path)
    assert caught.value.line == 6


def test_nul_byte_past_the_first_8_kib_is_an_error_with_its_line(tmp_path: Path) -> None:
    rows = [task_row("太原市" if n == 1 else "", str(n), f"对第{n}类企业的抽查") for n in range(1, 80)]
    text = plan_text(*rows)
    assert len(text.encode()) > 9000
    lines = text.split("\n")
    lines[60] = lines[60].replace("检查", "检\x00查", 1)
    path = tmp_path / "plan.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PlanReadError, match="NUL") as caught:
        load_plan(path)
    assert caught.value.line == 61


def test_terminal_escape_sequences_in_cells_are_an_error(tmp_path: Path) -> None:
    path = write_plan(tmp_path, task_row("太原市", "1", "对旅行社\x1b]8;;http://evil/\x1b\\的抽查"))
    result = runner.invoke(app, ["tasks", str(path)])
    assert result.exit_code == 2 and "U+001B" in result.stderr and ":4:" in result.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_c1_control_in_a_text_table_is_an_error_beside_other_latin_1_signs(tmp_path: Path, encoding: str) -> None:
    # UTF-8 writes C1 controls and signs like ² with the same lead byte: the first must be found, the second kept
    path = write_plan(tmp_path, task_row("太原市", "1", "面积200m²以上的场所"), task_row("太原市", "2", "对旅行社\x9b2J的抽查"),
                      encoding=encoding)
    result = runner.invoke(app, ["tasks", str(path)])
    assert result.exit_code == 2 and "U+009B" in result.stderr and ":5:" in result.stderr
    plain = write_plan(tmp_path, task_row("太原市", "1", "面积200m²以上的场所"), name="ok.tsv", encoding=encoding)
    assert [t.name for t in load_plan(plain).tasks] == ["面积200m²以上的场所"]


# --- point 3: unbounded input -----------------------------------------------------------------------


@pytest.mark.parametrize(("ratio", "message"), [
    ("-2次/年", "negative frequency"),
    ("不低于-5%；1次/年", "negative percentage"),
    ("999%；1次/年", "more than 100%"),
    ("A类2%，B类150%；1次/年", "more than 100%"),
    ("99999次/年", "more than the 10 months of the window have working days"),
    ("100000000000000000000000次/年", "working days"),
    ("300次/月", "working days"),
])  # fmt: skip
def test_impossible_numbers_are_data_problems(tmp_path: Path, ratio: str, message: str) -> None:
    """The row is reported with its line and value; the plan loads in well under a second."""
    path = write_plan(tmp_path, FIRST, task_row("", "2", "对商场的抽查", ratio))
    started = time.monotonic()
    plan = load_plan(path)
    assert time.monotonic() - started < 5
    assert [t.seq for t in plan.tasks] == [1]
    assert [(p.line, p.value) for p in plan.problems] == [(5, ratio)]
    assert message in plan.problems[0].message


def test_possible_numbers_still_load(tmp_path: Path) -> None:
    path = write_plan(tmp_path, task_row("太原市", "1", "甲", "5%-10%；2次/年"), task_row("", "2", "乙", "100%；1次/月"),
                      task_row("", "3", "丙", "不低于5%；20次/年", "3月"))
    assert [t.seq for t in load_plan(path).tasks] == [1, 2, 3]


def test_an_overlong_cell_is_a_problem_and_stays_out_of_the_feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_plan(tmp_path, FIRST, task_row("", "2", "对" + "商" * (MAX_CELL_CHARS + 1) + "场的抽查"))
    plan = load_plan(path)
    assert [t.seq for t in plan.tasks] == [1]
    assert plan.problems[0].line == 5 and "more than 4000" in plan.problems[0].message
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["ical", str(path), "--out", "feeds"]).exit_code == 0
    assert sum(f.stat().st_size for f in (tmp_path / "feeds").rglob("*")) < 100_000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.tsv"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["tasks", str(fifo)])
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_devices_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tasks", "/dev/zero"])
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    config = tmp_path / "c.toml"
    config.write_text('[holidays]\nfile = "/dev/zero"\n', encoding="utf-8")
    result = runner.invoke(app, ["events", "--config", str(config)])
    assert result.exit_code == 2 and "/dev/zero: not a regular file" in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "plan.tsv"
    with big.open("wb") as handle:
        handle.truncate(129 * 1024 * 1024)  # sparse: no disk used, no time spent
    with pytest.raises(PlanReadError, match="too large: 135.3 MB, the limit is 134 MB"):
        load_plan(big)
    small = tmp_path / "small.toml"
    small.write_bytes(b"x" * 2000)
    with pytest.raises(ConfigError, match="too large"):
        read_regular_file(small, name="small.toml", limit=1000, error=ConfigError)


# --- point 4: config gaps ---------------------------------------------------------------------------


@pytest.mark.parametrize(("toml", "message"), [
    ('[departments."太原市/市市场监管局"]\nblackout = [2024-05-06T00:00:00]\n', "departments.太原市/市市场监管局.blackout takes dates as YYYY-MM-DD, not a date and time"),
    ("[holidays]\nextra = [2024-05-06 09:00:00]\n", "holidays.extra takes dates as YYYY-MM-DD, not a date and time"),
    ("year = 9999\n", "year must be between 2000 and 2100"),
    ("year = 1\n", "year must be between 2000 and 2100"),
])  # fmt: skip
def test_config_mistakes_are_one_line_errors(tmp_path: Path, toml: str, message: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["events", "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("toml", [
    '[departmets]\n"市市场监管局" = ["市场监管"]\n',
    '[departments]\n"市市场监管局" = "市场监管"\n',
    '[city."太原市".departmnts]\n"市文旅局" = ["文旅"]\n',
])  # fmt: skip
def test_alias_file_mistakes_are_one_line_errors(tmp_path: Path, toml: str) -> None:
    aliases = tmp_path / "a.toml"
    aliases.write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["tasks", "--aliases", str(aliases)])
    assert result.exit_code == 2, result.output
    assert str(aliases) in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_escape_sequences_in_a_workbook_cell_are_an_error_too(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "plan.xlsx"
    cells = task_row("太原市", "1", "对旅行社\x9b2J的抽查").split("\t")
    pd.DataFrame([list(HEADER), cells]).to_excel(path, header=False, index=False)
    with pytest.raises(PlanReadError, match="U\\+009B") as caught:
        load_plan(path)
    assert caught.value.line == 2
