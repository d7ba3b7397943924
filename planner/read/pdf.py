"""PDF plans with a ruled table (as Word, WPS and Excel print them), through pdfplumber.

Cells are found from the ruling lines, page by page; every page's table rows follow each
other, the header repeated on each page included (the repair stage skips it, as in the
TSV). A merged cell is one ruled box: the grid positions it covers have no cell of their
own and reach the repair stage blank, those below its first row marked merged_above. The
text lines ahead of the first table, pages before it included, are searched for the
title. Lines number those text lines, then the table rows through the whole document.

A row that a page break cut in two is joined again (pages.py), and the join is logged.
Not handled: tables drawn without ruling lines.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import Any

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.pages import join_split_rows, unwrap
from planner.read.source import SourceRow, SourceTable
from planner.read.tables import title_row

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SLACK = 1.0  # points: a box reaches into the next row when its bottom lies this far below its top


def pdf_table(data: bytes, name: str) -> SourceTable:
    import pdfplumber  # only PDF plans need it

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about odd fonts are no news to a user
    pages = _Pages()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.read(page)
                page.flush_cache()  # a long plan's pages each hold thousands of characters
    except Exception as exc:  # pdfminer raises many types for a broken file, at open or on any page
        where = _("（第 {page} 页）").format(page=pages.count) if pages.count else ""
        raise PlanReadError(_("PDF 文件已损坏，无法读取{where}：{error}").format(where=where, error=type(exc).__name__), file=name) from None
    if not pages.has_text:
        if pages.has_images:
            raise PlanReadError(_("PDF 里没有表格文字：这是扫描件，不支持 OCR 识别"), file=name, hint=_("请提供可复制文字的 PDF，或 Word/Excel 原文件"))
        raise PlanReadError(_("PDF 里没有文字"), file=name)
    if not pages.rows:
        raise PlanReadError(_("PDF 里找不到带表格线的表格"), file=name, hint=_("请提供 Word/Excel 原文件"))
    joined, repairs = join_split_rows(pages.rows, pages.starts)
    return SourceTable(name, tuple(joined), tuple(repairs), merges_known=True)


class _Pages:
    """The table rows of the pages read so far, and what the pages held."""

    def __init__(self) -> None:
        self.rows: list[SourceRow] = []
        self.starts: list[int] = []  # index in rows of each page's first table row
        self.before: list[str] = []  # text lines ahead of the first table, where the title is
        self.line = 0
        self.count = 0
        self.has_text = self.has_images = False
        self.tables = 0  # tables read so far

    def read(self, page: Any) -> None:
        self.count += 1
        self.has_text = self.has_text or bool(page.chars)
        self.has_images = self.has_images or bool(page.images)
        tables = page.find_tables(_LINES)
        if not self.rows and not tables:
            self.before += (page.extract_text() or "").splitlines()  # a cover page or notice before the table
        if tables and self.rows:
            self.starts.append(len(self.rows))
        for table in tables:
            if not self.rows:
                lines = list(enumerate(self.before + _lines_above(page, table.bbox[1]), 1))
                self.rows.extend([title] if (title := title_row(lines)) else [])
                self.line = len(lines)
            table_rows = _table_rows(table, self.line + 1)
            if self.tables and table_rows:  # a page break or a gap cut the table: no box reaches across
                table_rows[0] = replace(table_rows[0], cut_above=True)
            self.tables += 1
            self.rows.extend(table_rows)
            self.line += len(table_rows)


def _lines_above(page: object, table_top: float) -> list[str]:
    above = page.crop((0, 0, page.width, table_top)).extract_text() or ""  # type: ignore[attr-defined]
    return above.splitlines()


def _table_rows(table: object, first_line: int) -> list[SourceRow]:
    texts = table.extract()  # type: ignore[attr-defined]
    rows: list[SourceRow] = []
    reach: dict[int, float] = {}  # column → bottom of the box that last covered it
    for index, (row, cells) in enumerate(zip(table.rows, texts)):  # type: ignore[attr-defined]
        top = row.bbox[1]
        merged: set[int] = set()
        for column, box in enumerate(row.cells):
            if box is not None:
                reach[column] = box[3]
            elif reach.get(column, top) > top + _SLACK:
                merged.add(column)  # a box from a row above reaches down here
            elif column:
                reach[column] = reach.get(column - 1, top)  # the box to the left spans this column
        line_cells = tuple(unwrap(text or "") for text in cells)
        rows.append(SourceRow(first_line + index, line_cells, frozenset(merged)))
    return rows

