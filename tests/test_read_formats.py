"""The files people have: the embedded plan as .docx, .xlsx and .pdf reads back to the same
tasks; merged cells, several tables, titles; and the files no reader takes."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import PlanReadError
from planner.model import Plan, Task
from planner.plan import load_plan
from planner.read import read_table
from tests.documents import CJK_FONT, merged_cells, tsv_lines, write_docx, write_pdf, write_small_pdf, write_xlsx
from tests.plans import FIRST, HEADER, TITLE

runner = CliRunner()
SECOND = ("", "2", "对商场的抽查", "商场卫生检查", "商场（超市）", "10%；1次/半年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")


@pytest.fixture(scope="module")
def embedded() -> Plan:
    return load_plan()


def fields(task: Task) -> dict[str, object]:
    """Everything a task says but where it was found and how it was repaired."""
    return {f.name: getattr(task, f.name) for f in dataclasses.fields(task) if f.name not in ("source_line", "repairs")}


def repair_counts(plan: Plan, *, without: tuple[str, ...] = ()) -> Counter[str]:
    return Counter(r.kind for t in plan.tasks for r in t.repairs if r.kind not in without)


def test_docx_round_trip(tmp_path, embedded):
    """The plan as a Word document (a table per page, real vMerge merged cells) reads back
    to the same tasks, lines and repairs, the title giving year and province."""
    plan = load_plan(write_docx(tmp_path / "plan.docx"))
    assert plan.tasks == embedded.tasks
    assert (plan.year, plan.province) == (embedded.year, embedded.province)
    assert Counter(r.reason for r in plan.repairs) == Counter(r.reason for r in embedded.repairs)


def test_tasks_command_reads_the_docx_and_xlsx_like_the_tsv(tmp_path):
    """`planner tasks FILE --format json` on the Word and Excel copies prints what it prints
    for the embedded TSV, repairs and lines included."""
    expected = runner.invoke(app, ["tasks", "--format", "json"])
    for path in (write_docx(tmp_path / "plan.docx"), write_xlsx(tmp_path / "plan.xlsx")):
        result = runner.invoke(app, ["tasks", str(path), "--format", "json"])
        assert result.exit_code == 0 and result.stderr == ""
        assert json.loads(result.stdout) == json.loads(expected.stdout)


def test_docx_merged_cells_are_marked(tmp_path):
    """Every cell Word merged into the one above arrives blank and marked, and only those."""
    table = read_table(write_docx(tmp_path / "plan.docx"))
    lines = tsv_lines()
    expected = {(index + 1, column) for index, column in merged_cells(lines)}
    marked = {(row.line, column) for row in table.rows for column in row.merged_above}
    assert marked == expected and len(marked) > 1000
    assert all(row.cells[column] == "" for row in table.rows for column in row.merged_above)


def test_xlsx_round_trip(tmp_path, embedded):
    """The plan as a workbook with merged ranges reads back to the same tasks, sheet rows as lines."""
    path = write_xlsx(tmp_path / "plan.xlsx")
    plan = load_plan(path)
    assert plan.tasks == embedded.tasks
    table = read_table(path)
    title = next(row for row in table.rows if any(row.cells))
    assert title.cells[0].startswith(TITLE[:6]) and not any(title.cells[1:])  # merged across: one cell
    assert sum(len(row.merged_above) for row in table.rows) == len(merged_cells(tsv_lines()))


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs Debian's fonts-wqy-microhei (installed by .ci/run)")
def test_pdf_round_trip(tmp_path, embedded):
    """The plan printed as a PDF (ruled table, header repeated on every page, merged blocks as
    one box, cells wrapped over several lines) reads back to the same 675 tasks and fields.
    Only the wrap-space repairs grow: the PDF wraps cells where the TSV's source did not."""
    plan = load_plan(write_pdf(tmp_path / "plan.pdf"))
    assert plan.problems == ()
    assert [fields(t) for t in plan.tasks] == [fields(t) for t in embedded.tasks]
    assert repair_counts(plan, without=("wrap-space",)) == repair_counts(embedded, without=("wrap-space",))
    assert (plan.year, plan.province) == (embedded.year, embedded.province)
    headers = [row for row in read_table(tmp_path / "plan.pdf").rows if row.cells[:2] == ("地市", "序号")]
    assert len(headers) > 40  # one per page, skipped by the repair stage
    shown = runner.invoke(app, ["columns", str(tmp_path / "plan.pdf")])
    assert shown.exit_code == 0 and "发起部门 (lead)" in shown.stdout and "other blanks stay empty" in " ".join(shown.stdout.split())


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs Debian's fonts-wqy-microhei (installed by .ci/run)")
def test_pdf_title_on_the_page_before_the_table(tmp_path):
    """A PDF whose first page is the notice and the title, the table on the next, takes the
    title's year and province; the body text is not mistaken for the title."""
    path = write_small_pdf(tmp_path / "p.pdf", ["关于印发2023年工作要点的通知，" * 4, "附件", "山西省2025年度部门联合双随机抽查工作计划"],
                           [HEADER, tuple(FIRST.split("\t")), SECOND], table_on_next_page=True)
    plan = load_plan(path)
    assert (plan.year, plan.province) == (2025, "山西省")
    assert [(t.seq, t.city, t.windows[0].start) for t in plan.tasks] == [(1, "太原市", 3), (2, "太原市", 4)]


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs Debian's fonts-wqy-microhei (installed by .ci/run)")
def test_pdf_row_cut_by_a_page_break(tmp_path):
    """A row whose top part ends one page and whose rest begins the next (after the repeated
    header, without its 序号) is one task again, its cells whole, and the join is in the audit."""
    top = ("", "2", "对商场的抽查", "商场卫生", "商场（超市）", "10%；1次/", "", "4月—", "市卫健委", "市市场", "市抽市查")
    rest = ("", "", "", "检查", "", "半年", "", "10月", "", "监管局", "")
    third = ("", "3", "对药店的抽查", "药店检查", "药店", "5%；1次/年", "", "5月—9月", "市药监局", "市市场监管局", "市抽市查")
    path = write_small_pdf(tmp_path / "p.pdf", [TITLE], [HEADER, tuple(FIRST.split("\t")), top], [HEADER, rest, third])
    plan = load_plan(path)
    assert plan.problems == ()
    second = plan.tasks[1]
    assert (second.seq, second.item, second.ratio_text, second.frequency.per, second.windows[0].end) == (2, "商场卫生检查", "10%；1次/半年", "half-year", 10)
    assert [ref.department.name for ref in second.partners] == ["市市场监管局"]
    assert [t.seq for t in plan.tasks] == [1, 2, 3]
    joins = [r for r in plan.repairs if r.kind == "page-split-row"]
    assert len(joins) == 1 and joins[0].after == f"line {second.source_line}" and "半年" in joins[0].before


def _docx(path: Path, *blocks: object) -> Path:
    """A Word file from paragraphs (str) and tables (lists of rows)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        rows = list(block)  # type: ignore[call-overload]
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.rows[r].cells[c].text = text
    document.save(str(path))
    return path


def test_docx_tables_joined_by_header_and_title_above(tmp_path):
    """Two tables with the plan's header are one plan; a contacts table is not part of it;
    the two-line title above the first table gives the year and province."""
    contacts = [("单位", "联系人", "电话"), ("市场监管局", "张三", "1234")]
    path = _docx(tmp_path / "p.docx", "附件1", "山西省2025年度部门联合", "双随机抽查工作计划", "",
                 [HEADER, FIRST.split("\t")], "", [HEADER, SECOND], "联系方式", contacts)
    plan = load_plan(path)
    assert [(t.seq, t.city, t.lead[0].department.name) for t in plan.tasks] == [(1, "太原市", "市文旅局"), (2, "太原市", "市卫健委")]
    assert (plan.year, plan.province) == (2025, "山西省")
    assert [(r.kind, r.before) for r in plan.repairs if r.kind == "skipped-table"] == [("skipped-table", "单位 | 联系人 | 电话")]
    title = read_table(path).rows[0]
    assert title.cells == ("山西省2025年度部门联合双随机抽查工作计划",) and title.line == 2


def test_docx_table_split_in_two_and_a_second_plan(tmp_path):
    """A table Word split in two (the second part starts with a task row) is one plan; a table
    of the same width right after it with a header of its own is another table, left out and
    logged."""
    other = ("编号", "任务", "事项", "范围", "方式", "部门", "日期", "备注", "甲", "乙", "丙")
    third = ("", "3", "对药店的抽查", "药店检查", "药店", "5%；1次/年", "", "5月—9月", "市药监局", "市市场监管局", "市抽市查")
    path = _docx(tmp_path / "p.docx", TITLE, [HEADER, FIRST.split("\t"), SECOND], "", [third], "", [other, third])
    plan = load_plan(path)
    assert [t.seq for t in plan.tasks] == [1, 2, 3]
    assert [r.before[:12] for r in plan.repairs if r.kind == "skipped-table"] == ["编号 | 任务 | 事项"]


def test_docx_grid_span_keeps_columns(tmp_path):
    """A cell spanning two grid columns holds its text in the first; the cells after it stay
    in their own columns; a row merged down from above arrives blank and marked."""
    path = _docx(tmp_path / "p.docx", TITLE, [HEADER, FIRST.split("\t"), SECOND])
    import docx

    document = docx.Document(str(path))
    table = document.tables[0]
    table.cell(1, 5).merge(table.cell(1, 6))  # ratio and risk as one cell on row 1
    table.cell(1, 8).merge(table.cell(2, 8))  # the lead merged down into row 2
    document.save(str(path))
    rows = read_table(path).rows
    first, second = rows[-2], rows[-1]
    assert first.cells[5].startswith("不低于5%") and first.cells[6] == "" and first.cells[7] == "3月—12月"
    assert second.merged_above == frozenset({8}) and second.cells[8] == "" and second.cells[9] == "市市场监管局"


def test_docx_text_as_word_shows_it(tmp_path):
    """Tracked changes read as Word shows them (insertions in, deletions out), and a table
    inside a content control is still found."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = _docx(tmp_path / "p.docx", TITLE, [HEADER, FIRST.split("\t"), SECOND])
    document = docx.Document(str(path))
    lead = document.tables[0].cell(2, 8).paragraphs[0]._p
    lead.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>、市教育局</w:delText></w:r></w:del>'))
    lead.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>、市公安局</w:t></w:r></w:ins>'))
    table = document.tables[0]._tbl
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    table.addprevious(control)
    control[0].append(table)
    document.save(str(path))
    plan = load_plan(path)
    assert [ref.department.name for ref in plan.tasks[1].lead] == ["市卫健委", "市公安局"]


def test_xls_with_merged_cells(tmp_path):
    """An Excel 97 workbook reads like the TSV; its merged cells arrive blank and marked."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("计划")
    sheet.write_merge(0, 0, 0, 10, TITLE)
    for c, text in enumerate(HEADER):
        sheet.write(1, c, text)
    for r, cells in enumerate((FIRST.split("\t"), SECOND), 2):
        for c, text in enumerate(cells):
            if text and not (r == 3 and c in (0, 9, 10)):
                sheet.write(r, c, int(text) if text.isdigit() else text)
    sheet.merge(2, 3, 0, 0)
    sheet.merge(2, 3, 10, 10)
    path = tmp_path / "plan.xls"
    book.save(str(path))
    plan = load_plan(path)
    assert [(t.seq, t.source_line, t.city, t.mode.text) for t in plan.tasks] == [(1, 3, "太原市", "市抽市查"), (2, 4, "太原市", "市抽市查")]
    assert read_table(path).rows[3].merged_above == frozenset({0, 10})


def _workbook(path: Path, sheets: dict[str, list[tuple[str, ...]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_xlsx_plan_sheet_after_a_notes_sheet(tmp_path):
    """A workbook whose first sheet is a note reads the sheet that holds the plan."""
    path = _workbook(tmp_path / "p.xlsx", {"说明": [("本表由市场监管局汇总",)],
                                           "计划": [(TITLE,), HEADER, tuple(FIRST.split("\t")), SECOND]})
    assert [t.seq for t in load_plan(path).tasks] == [1, 2]


def test_xlsx_numbers_as_the_sheet_shows_them(tmp_path):
    """序号 typed as numbers read as 1 and 2, not 1.0; a ratio typed as 5% (0.05 in a
    percentage format) reads as 5%."""
    import openpyxl

    path = _workbook(tmp_path / "p.xlsx", {"计划": [HEADER, tuple(FIRST.split("\t")), SECOND]})
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["B2"], sheet["B3"] = 1, 2.0
    sheet["F3"] = 0.05
    sheet["F3"].number_format = "0%"
    book.save(path)
    plan = load_plan(path)
    assert [(t.seq, t.ratio_text, t.ratio.min_percent) for t in plan.tasks] == [(1, "不低于5%；1次/年", 5.0), (2, "5%", 5.0)]


def test_xlsx_one_sheet_per_city_is_refused(tmp_path):
    """Sheets that share the plan's header would share row numbers: refused, naming them."""
    path = _workbook(tmp_path / "p.xlsx", {"太原市": [HEADER, tuple(FIRST.split("\t"))],
                                           "大同市": [HEADER, SECOND, SECOND]})
    with pytest.raises(PlanReadError, match=r"the workbook has 2 sheets with the same header \(大同市, 太原市\); copy them into one sheet and read that"):
        load_plan(path)


def _html_row(cells: tuple[str, ...], spans: dict[int, str] | None = None) -> str:
    spans = spans or {}
    return "<tr>" + "".join(f"<td{spans.get(i, '')}>{text}</td>" for i, text in enumerate(cells) if text is not None) + "</tr>"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_table_named_xls(tmp_path, encoding):
    """A web system's "Excel" export, an HTML table named .xls: the title row spans the width
    (colspan), the city and the mode span two rows (rowspan) and arrive blank and marked."""
    first = tuple(FIRST.split("\t"))
    second = tuple(c if i not in (0, 10) else None for i, c in enumerate(SECOND))
    html = (f'<html><head><meta charset="{encoding}"><style>td {{border: 1px}}</style></head><body><table>'
            + _html_row((TITLE,), {0: ' colspan="11"'}) + _html_row(HEADER)
            + _html_row(first, {0: ' rowspan="2"', 10: ' rowspan="2"'}) + _html_row(second)  # type: ignore[arg-type]
            + "</table></body></html>")
    path = tmp_path / "plan.xls"
    path.write_bytes(html.encode(encoding))
    plan = load_plan(path)
    assert [(t.seq, t.source_line, t.city, t.lead[0].department.name, t.mode.text) for t in plan.tasks] == [
        (1, 3, "太原市", "市文旅局", "市抽市查"), (2, 4, "太原市", "市卫健委", "市抽市查")]
    rows = read_table(path).rows
    assert rows[0].cells[0] == TITLE and not any(rows[0].cells[1:])
    assert rows[3].merged_above == frozenset({0, 10}) and rows[3].cells[1:3] == ("2", "对商场的抽查")


@pytest.mark.parametrize("name", ["plan.txt", "plan.csv"])
def test_utf16_text_export(tmp_path, name):
    """Excel's "Unicode text" (UTF-16 with BOM, TAB-separated) reads like the UTF-8 TSV, even
    when it was named .csv."""
    path = tmp_path / name
    path.write_bytes("\r\n".join("\t".join(cells) for cells in (HEADER, FIRST.split("\t"), SECOND)).encode("utf-16"))
    assert [(t.seq, t.name) for t in load_plan(path).tasks] == [(1, "对旅行社的双随机抽查"), (2, "对商场的抽查")]


def test_format_comes_from_content(tmp_path):
    """A workbook saved with a .tsv name still reads as a workbook."""
    path = write_xlsx(tmp_path / "plan.xlsx")
    renamed = tmp_path / "plan.tsv"
    renamed.write_bytes(path.read_bytes())
    assert len(load_plan(renamed).tasks) == 675


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("plan.doc", OLE + "WordDocument".encode("utf-16-le"), "this is a Word 97-2003 (.doc) file, which cannot be read directly; save it as .docx (or .xlsx) in Word or WPS and read that"),
    ("plan.wps", OLE + "WordDocument".encode("utf-16-le"), "this is a WPS Writer (.wps) file, which cannot be read directly; save it as .docx (or .xlsx) in Word or WPS and read that"),
    ("plan.docx", OLE + "WordDocument".encode("utf-16-le"), "this is a Word 97-2003 (.doc) file, which cannot be read directly"),
    ("plan.docx", b"PK\x03\x04broken", "damaged file: not a complete .docx/.xlsx archive"),
    ("plan.rtf", b"{\\rtf1\\ansi plan}", "this is an RTF document, which cannot be read directly"),
    ("plan.doc", "关于开展双随机抽查的通知".encode(), "not a Word document that can be read (.doc)"),
    ("plan.xls", '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Table/></Workbook>'.encode(),
     "this is an Excel 2003 XML spreadsheet, which cannot be read directly"),
])
def test_files_no_reader_takes(tmp_path, name, data, message):
    """Old Word and WPS files, broken archives and RTF: one Chinese line, exit 2, no traceback."""
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["tasks", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: {message}")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs Debian's fonts-wqy-microhei (installed by .ci/run)")
@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx"])
def test_damaged_files(tmp_path, kind):
    """A file cut short or with damaged bytes (a failed download): one line naming it, exit 2."""
    good = tmp_path / f"good.{kind}"
    if kind == "pdf":
        write_small_pdf(good, [TITLE], [HEADER, tuple(FIRST.split("\t")), SECOND])
    elif kind == "docx":
        _docx(good, TITLE, [HEADER, FIRST.split("\t"), SECOND])
    else:
        _workbook(good, {"计划": [HEADER, tuple(FIRST.split("\t")), SECOND]})
    data = good.read_bytes()
    for number, damaged in enumerate([data[: len(data) // 2], data[: len(data) // 2] + bytes(len(data) // 2)]):
        path = tmp_path / f"bad{number}.{kind}"
        path.write_bytes(damaged)
        result = runner.invoke(app, ["tasks", str(path)])
        assert result.exit_code == 2, result.stdout
        assert result.stderr.startswith(f"error: {path}") and len(result.stderr.strip().splitlines()) == 1


def test_scanned_pdf_is_refused(tmp_path):
    """A PDF of page images has no table text: refused, naming the scan and OCR."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    image = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(image)
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(str(image), 50, 500, 400, 200)
    pdf.showPage()
    pdf.save()
    result = runner.invoke(app, ["tasks", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: the PDF has no table text: it is a scan, and OCR is not supported; give a PDF whose text can be copied, or the Word/Excel original"


def test_documents_without_a_plan_table(tmp_path):
    """A Word file with no table, or with a table that is not a plan, is one error line."""
    with pytest.raises(PlanReadError, match="the document has no table: no plan table found"):
        load_plan(_docx(tmp_path / "a.docx", "关于开展双随机抽查的通知", "各单位："))
    with pytest.raises(PlanReadError, match="not a plan"):
        load_plan(_docx(tmp_path / "b.docx", "通讯录", [("单位", "联系人"), ("市场监管局", "张三")]))
