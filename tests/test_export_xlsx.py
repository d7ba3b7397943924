"""`planner export --xlsx`: the workbook a bureau forwards, read back as Excel and LibreOffice see it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len
from typer.testing import CliRunner

from planner.check import check_plan
from planner.cli import app
from planner.config import Config
from planner.export.xlsx import workbook_bytes
from planner.plan import load_plan
from planner.schedule import schedule_plan
from tests.plans import FIRST, row, write_plan

SECOND = row("", "2", "对商场的抽查", "商场卫生检查", "商场（超市）", "10%；1次/半年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")
THIRD = row("大同市", "1", "对旅行社的双随机抽查", "旅行社经营情况的检查", "旅行社", "不低于5%；1次/年", "", "3月—12月", "市文旅局", "市市场监管局", "市抽市查")


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xlsx")
    plan = write_plan(folder, FIRST, SECOND, THIRD)
    out = folder / "plan.xlsx"
    result = CliRunner().invoke(app, ["export", str(plan), "--xlsx", str(out), "--by-city"])
    assert result.exit_code == 0, result.output
    return out


def test_workbook_has_the_bureau_sheets_with_chinese_headers(workbook_file: Path) -> None:
    book = load_workbook(workbook_file)
    assert book.sheetnames == ["任务清单", "检查安排", "部门月度负荷", "问题清单", "太原市", "大同市"]
    tasks = book["任务清单"]
    header = [c.value for c in tasks[1]]
    assert header[:5] == ["地市", "序号", "抽查任务名称", "抽查事项", "抽查对象范围"]
    assert {"抽查比例及频次", "抽查频次", "发起部门", "配合部门", "抽查检查模式"} <= set(header)
    rows = [[c.value for c in r] for r in tasks.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2]) for r in rows] == [("太原市", 1, "对旅行社的双随机抽查"), ("太原市", 2, "对商场的抽查"), ("大同市", 1, "对旅行社的双随机抽查")]
    assert rows[1][header.index("抽查频次")] == "1次/半年"
    assert rows[0][header.index("抽查比例及频次")] == "不低于5%；1次/年"


def test_every_sheet_has_a_frozen_filtered_header_and_cjk_wide_columns(workbook_file: Path) -> None:
    book = load_workbook(workbook_file)
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A2", "D2"), sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        for column in sheet.iter_cols(min_row=1, max_row=1):
            letter = column[0].column_letter
            texts = [str(c.value) for c in sheet[letter] if c.value is not None and not isinstance(c.value, datetime)]
            widest = max(cell_len(line) for t in texts for line in t.split("\n"))
            width = sheet.column_dimensions[letter].width
            wrapped = any(c.alignment.wrap_text for c in sheet[letter][1:])
            # a column fits its widest text counted in double-width cells, or wraps it
            assert width >= min(widest, 60) or wrapped or sheet.title == "部门月度负荷", (sheet.title, letter, width, widest)


def test_event_dates_are_real_excel_dates(workbook_file: Path) -> None:
    sheet = load_workbook(workbook_file)["检查安排"]
    header = [c.value for c in sheet[1]]
    first = [c for c in sheet[2]]
    start, end = first[header.index("开始日期")], first[header.index("结束日期")]
    assert isinstance(start.value, datetime) and isinstance(end.value, datetime)
    assert start.number_format == "yyyy-mm-dd" and start.value <= end.value
    assert first[header.index("轮次")].value == "第1/1轮"
    rounds = [r[header.index("轮次")].value for r in sheet.iter_rows(min_row=2)]
    assert sorted(rounds) == ["第1/1轮", "第1/1轮", "第1/2轮", "第2/2轮"]


def test_load_sheet_colours_months_against_capacity() -> None:
    """Conditional formats compare each month with the capacity column, so edits in Excel recolour."""
    plan = load_plan(None)
    config = Config(monthly_capacity=3)
    schedule = schedule_plan(plan, config)
    data = workbook_bytes(plan, schedule, config, check_plan(plan, schedule, config))
    from io import BytesIO

    sheet = load_workbook(BytesIO(data))["部门月度负荷"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["地市", "部门", "排期"] and header[3] == "1月" and header[-3:] == ["峰值", "下界", "月容量"]
    rules = [(str(area), rule.formula[0]) for area in sheet.conditional_formatting for rule in area.rules]
    assert any(">$R2" in formula for _, formula in rules) and any("=$R2" in formula for _, formula in rules)
    naive = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "原计划"]
    over = [r for r in naive if max(r[3:15]) > r[-1]]
    assert over, "the embedded plan overloads some department-month when capacity is 3"
    assert all(r[-1] == 3 for r in naive)


def test_same_plan_same_bytes(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, FIRST, SECOND))
    schedule = schedule_plan(plan, Config())
    findings = check_plan(plan, schedule, Config())
    assert workbook_bytes(plan, schedule, Config(), findings) == workbook_bytes(plan, schedule, Config(), findings)


def test_export_refuses_other_suffixes(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--xlsx", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "xlsx" in result.stderr
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_prints_it(workbook_file: Path, tmp_path: Path) -> None:
    """LibreOffice headless converts it to PDF, and to CSV with the Chinese cells intact."""
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76"):
        done = subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(tmp_path), str(workbook_file)],
                              capture_output=True, text=True, timeout=180, env=env)
        assert done.returncode == 0, done.stderr
    pdf = (tmp_path / "plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 1
    text = (tmp_path / "plan.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("地市,序号,抽查任务名称") and "对商场的抽查" in text


def test_csv_headers_follow_the_language_and_excel_gets_a_bom(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path, FIRST))
    zh = CliRunner().invoke(app, ["--lang", "zh", "tasks", plan, "-f", "csv"])
    en = CliRunner().invoke(app, ["--lang", "en", "tasks", plan, "-f", "csv"])
    excel = CliRunner().invoke(app, ["--lang", "zh", "events", plan, "--format", "csv", "--excel-csv"])
    assert zh.stdout.startswith("地市,序号,抽查任务名称,抽查事项,抽查对象范围")
    assert en.stdout.startswith("city,seq,name,item")
    assert excel.stdout_bytes.startswith("\ufeff".encode()) and b"\r\n" in excel.stdout_bytes
    assert excel.stdout.lstrip("\ufeff").startswith("UID,地市,序号")


def test_cells_read_back_as_excel_reads_what_openpyxl_writes(tmp_path: Path) -> None:
    """Text as written (spaces, line breaks, markup, emoji); '=' text a formula and error codes errors, as openpyxl made them."""
    import io
    from datetime import date

    from planner.export.xlsxfile import DATE, WRAP, Workbook

    texts = [" lead space", "two\nlines", "a\r\nb", "<&>\"'", "😀 astral", "", "=", "x" * 40000]
    book = Workbook()
    rows: list[list[object]] = [[t, n, date(2024, 5, n + 1)] for n, t in enumerate(texts)]
    rows += [["=SUM(B2:B3)", 99, date(1900, 2, 1)], ["#N/A", 100, date(2024, 12, 31)]]
    book.add_sheet("第一", ("文字", "数", "日期"), rows, widths=[10, 8, 12], styles={0: WRAP, 2: DATE})
    book.add_sheet("第一", ("x",), [], widths=[8], styles={})  # a repeated title gets a number, as in openpyxl
    loaded = load_workbook(io.BytesIO(book.xlsx(datetime(2024, 1, 1), "planner")))
    assert loaded.sheetnames == ["第一", "第一1"]
    sheet = loaded["第一"]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [v[0] for v in values[: len(texts)]] == [" lead space", "two\nlines", "a\r\nb", "<&>\"'", "😀 astral", None, "=", "x" * 32767]
    assert [v[1] for v in values] == [*range(len(texts)), 99, 100]
    assert values[0][2] == datetime(2024, 5, 1) and values[-1][2] == datetime(2024, 12, 31) and values[-2][2] == datetime(1900, 2, 1)
    assert values[-2][0] == "=SUM(B2:B3)" and values[-1][0] == "#N/A"
    assert sheet["A2"].alignment.wrap_text and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:C{len(rows) + 1}"
    with pytest.raises(ValueError):
        Workbook().add_sheet("坏", ("x",), [["\x01"]], widths=[8], styles={})
