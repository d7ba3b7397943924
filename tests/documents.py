"""The embedded plan written out as the files people have: .docx, .xlsx and .pdf.

Each keeps the TSV's text cell for cell. A blank cell that continues a block (below a
filled or merged cell of the same column, in consecutive task rows, never 序号 or 抽查事项)
becomes a real merged cell of the format: vMerge in Word, a merged range in Excel, one
spanning box in the PDF. Lines are kept where the format allows it (a Word paragraph or
table row, an Excel row per TSV line), so .docx and .xlsx read back with the TSV's lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from planner.read import embedded_plan_path

WIDTH = 12  # the TSV's widest rows carry a 12th column
WIDTHS = [34, 26, 70, 110, 70, 70, 60, 50, 60, 90, 40, 20]  # points, landscape A4
MERGEABLE = (0, 2, 4, 5, 6, 7, 8, 9, 10)  # every column but 序号 and 抽查事项
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei
_SEQ = re.compile(r"^\d+$")


def tsv_lines() -> list[list[str]]:
    text = embedded_plan_path().read_text(encoding="utf-8")
    return [line.split("\t") if line else [] for line in text.split("\n")]


def _is_task_row(cells: list[str]) -> bool:
    return len(cells) >= 11 and bool(_SEQ.match(cells[1]))


def merged_cells(lines: list[list[str]]) -> set[tuple[int, int]]:
    """(index, column) of every blank cell that continues the block above it."""
    merged: set[tuple[int, int]] = set()
    for index in range(1, len(lines)):
        above, cells = lines[index - 1], lines[index]
        if not (_is_task_row(above) and _is_task_row(cells)):
            continue
        for column in MERGEABLE:
            if not cells[column].strip() and (above[column].strip() or (index - 1, column) in merged):
                merged.add((index, column))
    return merged


def runs(merged: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(column, first index, last index) of each merged block, the first index holding its text."""
    blocks = []
    for index, column in sorted(merged, key=lambda ic: (ic[1], ic[0])):
        if blocks and blocks[-1][0] == column and blocks[-1][2] == index - 1:
            blocks[-1][2] = index
        else:
            blocks.append([column, index - 1, index])
    return [(c, a, b) for c, a, b in blocks]


def first_header(lines: list[list[str]]) -> int:
    return next(i for i, cells in enumerate(lines) if cells[:2] == ["地市", "序号"])


def write_docx(path: Path) -> Path:
    """One paragraph per line above the first header and per blank line; each page's rows
    (header included) a table of its own, so the reader must join them by their header."""
    import docx

    lines = tsv_lines()
    merged = merged_cells(lines)
    document = docx.Document()
    start = first_header(lines)
    index = 0
    while index < len(lines):
        if index < start or not lines[index]:
            document.add_paragraph(" ".join(lines[index]))
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end]:
            end += 1
        table = document.add_table(rows=end - index, cols=WIDTH)
        for offset, cells in enumerate(lines[index:end]):
            row = table.rows[offset]
            for column, text in enumerate(cells):
                if text:
                    row.cells[column].text = text
        for column, first, last in runs({(i, c) for i, c in merged if index <= i < end}):
            table.rows[first - index].cells[column]._tc.vMerge = "restart"
            for i in range(first + 1, last + 1):
                table.rows[i - index].cells[column]._tc.vMerge = "continue"
        index = end
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    """Sheet row n is TSV line n; the title spans the table's width; merged blocks are ranges."""
    import openpyxl

    lines = tsv_lines()
    book = openpyxl.Workbook()
    sheet = book.active
    for index, cells in enumerate(lines):
        for column, text in enumerate(cells):
            if text:
                sheet.cell(index + 1, column + 1, text)
    title = next(i for i, cells in enumerate(lines) if cells)
    sheet.merge_cells(start_row=title + 1, start_column=1, end_row=title + 1, end_column=11)
    for column, first, last in runs(merged_cells(lines)):
        sheet.merge_cells(start_row=first + 1, start_column=column + 1, end_row=last + 1, end_column=column + 1)
    book.save(path)
    return path


def write_pdf(path: Path, copies: int = 1) -> Path:
    """A landscape A4 PDF as an office suite prints the plan: the title, then one ruled table
    whose header repeats on every page, merged blocks drawn as one box with the text in it
    once. The TSV's own page breaks (blank line, header) are dropped; `copies` repeats the
    task rows to make a longer document."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("wqy", str(CJK_FONT), subfontIndex=0))
    cell = ParagraphStyle("cell", fontName="wqy", fontSize=6, leading=7.5, wordWrap="CJK")
    heading = ParagraphStyle("title", fontName="wqy", fontSize=12, leading=16, wordWrap="CJK")
    lines = tsv_lines()
    start = first_header(lines)
    keep = [i for i in range(start + 1, len(lines)) if _is_task_row(lines[i]) or (lines[i] and lines[i][:2] != ["地市", "序号"])]
    # Without the TSV's page breaks a block cut by one is whole again: one box over both parts.
    merged = {(keep[k], c) for k, c in merged_cells([lines[i] for i in keep])}
    rows = [lines[start] + [""] * (WIDTH - len(lines[start]))]
    open_below: set[tuple[int, int]] = set()  # (row, column) whose box goes on into the next row
    for _ in range(copies):
        at = {index: len(rows) + k for k, index in enumerate(keep)}
        for index in keep:
            rows.append(lines[index] + [""] * (WIDTH - len(lines[index])))
        open_below |= {(at[i] - 1, c) for i, c in merged}
    data = [[Paragraph(_escape(text), cell) if text else "" for text in cells] for cells in rows]
    title = Paragraph(_escape(" ".join(next(cells for cells in lines if cells))), heading)
    page_width, page_height = landscape(A4)
    margin = 24
    story: list[Flowable] = [title]
    room = page_height - 2 * margin - title.wrap(page_width - 2 * margin, page_height)[1] - 12
    start_row = 1
    while start_row < len(rows):
        # As many rows as fit, the header first, every box closed at the page's foot:
        # reportlab's own table splitting leaves boxes open across a page break.
        end = start_row + 1
        while end < len(rows) and _page(data, start_row, end + 1, open_below).wrap(page_width, page_height)[1] <= room:
            end += 1
        story += [_page(data, start_row, end, open_below), PageBreak()]
        start_row, room = end, page_height - 2 * margin - 12
    document = SimpleDocTemplate(str(path), pagesize=(page_width, page_height), leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin)
    document.build(story[:-1])
    return path


def _page(data: list[list[Any]], start: int, end: int, open_below: set[tuple[int, int]]) -> Any:
    """One page of the table: the header row, then rows start..end-1. A merged block is one
    box, as an office suite draws it: no rule between its rows."""
    from reportlab.platypus import Table, TableStyle

    rows = [data[0], *data[start:end]]
    style: list[tuple[Any, ...]] = [("BOX", (0, 0), (-1, -1), 0.5, "black"), ("LINEBEFORE", (0, 0), (-1, -1), 0.5, "black"),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black")]
    for r in range(start, end - 1):
        closed = [c for c in range(WIDTH) if (r, c) not in open_below]
        style += [("LINEBELOW", (first, r - start + 1), (last, r - start + 1), 0.5, "black") for first, last in _ranges(closed)]
    table = Table(rows, colWidths=WIDTHS)
    table.setStyle(TableStyle(style))
    return table


def _ranges(columns: list[int]) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for column in columns:
        if spans and spans[-1][1] == column - 1:
            spans[-1][1] = column
        else:
            spans.append([column, column])
    return [(a, b) for a, b in spans]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_small_pdf(path: Path, before: list[str], *tables: list[tuple[str, ...]], table_on_next_page: bool = False) -> Path:
    """A PDF of a few paragraphs and ruled tables, each table on a page of its own (the
    first one on the next page when asked)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("wqy", str(CJK_FONT), subfontIndex=0))
    style = ParagraphStyle("p", fontName="wqy", fontSize=7, leading=9, wordWrap="CJK")
    story: list[Flowable] = [Paragraph(_escape(text), style) for text in before]
    for index, rows in enumerate(tables):
        if index or table_on_next_page:
            story.append(PageBreak())
        table = Table([[Paragraph(_escape(c), style) for c in row] for row in rows], colWidths=WIDTHS[: len(rows[0])])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


def fixture_grid(path: Path, own: tuple[int, ...]) -> tuple[list[str], list[list[str]], set[tuple[int, int]]]:
    """A fixture plan as the table it was published as: the lines above its header, the grid
    (header first) and its merged cells (row, column).

    The fixture is page text whose item rows (no 序号) lost their merged cells: only the cells
    of the `own` columns are left, in order. In the grid those cells go back to their columns
    and every other cell of the row is merged into the row above, as on the page."""
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    at = next(i for i, cells in enumerate(lines) if len(cells) >= 5)
    width = len(lines[at])
    grid, merged = [lines[at]], set()
    for cells in lines[at + 1 :]:
        if _SEQ.match(cells[0].strip()):
            grid.append(cells + [""] * (width - len(cells)))
            continue
        values = dict(zip(own, cells))
        grid.append([values.get(column, "") for column in range(width)])
        merged |= {(len(grid) - 1, column) for column in range(width) if column not in own}
    return [" ".join(cells) for cells in lines[:at]], grid, merged


def grid_docx(path: Path, before: list[str], grid: list[list[str]], merged: set[tuple[int, int]]) -> Path:
    """A Word file: the lines above as paragraphs, then one table whose merged cells are vMerge."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    for r, cells in enumerate(grid):
        for c, text in enumerate(cells):
            if (r, c) in merged:
                table.rows[r].cells[c]._tc.vMerge = "continue"
                if (r - 1, c) not in merged:
                    table.rows[r - 1].cells[c]._tc.vMerge = "restart"
            elif text:
                table.rows[r].cells[c].text = text
    document.save(str(path))
    return path


def grid_xlsx(path: Path, before: list[str], grid: list[list[str]], merged: set[tuple[int, int]]) -> Path:
    """A workbook: the lines above one a row, then the grid, merged cells as merged ranges."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r, text in enumerate(before, 1):
        sheet.cell(r, 1, text)
    top = len(before) + 1
    for r, cells in enumerate(grid):
        for c, text in enumerate(cells):
            if text and (r, c) not in merged:
                sheet.cell(top + r, c + 1, text)
    for column, first, last in runs({(r, c) for r, c in merged}):
        sheet.merge_cells(start_row=top + first, start_column=column + 1, end_row=top + last, end_column=column + 1)
    book.save(path)
    return path
