"""Word (.docx) plans: the plan's tables joined, merged cells as blanks, the title above.

Lines count the document's body in order, one per paragraph and one per table row, so a
message's line number is where a reader of the document finds it. Horizontally merged
cells (gridSpan) keep their text in their first grid column; vertically merged ones
(vMerge) are blank below their first row and marked merged_above, as the repair stage
expects of merged cells.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.source import SourceRow, SourceTable
from planner.read.tables import header_of, same_header, skipped_table, title_row

_NUMBER = re.compile(r"^\d{1,5}\.?$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class _Table:
    first_line: int
    rows: tuple[SourceRow, ...]
    width: int
    follows_table: bool  # only empty paragraphs between it and the table before


def docx_table(data: bytes, name: str) -> SourceTable:
    import docx  # only .docx plans need it

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx and lxml raise many types for a broken file
        raise PlanReadError(_("Word 文档已损坏，无法读取（{error}）").format(error=type(exc).__name__), file=name) from None
    paragraphs: list[tuple[int, str]] = []
    tables: list[_Table] = []
    line, since_table = 0, None
    for element in _blocks(body):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line += 1
            text = _text(element)
            paragraphs.append((line, text))
            if text.strip():
                since_table = None
        elif tag == "tbl":
            rows = _table_rows(element, line + 1)
            line += len(rows)
            if rows:
                width = max(len(r.cells) for r in rows)
                tables.append(_Table(rows[0].line, tuple(rows), width, since_table is not None))
            since_table = line
    plan = _plan_tables(tables)
    if not plan:
        raise PlanReadError(_("文档里没有表格：找不到计划表"), file=name, hint=_("计划应是 Word 表格，而不是文字或图片"))
    title = title_row([(line, text) for line, text in paragraphs if line < plan[0].first_line])
    rows = ([title] if title else []) + [row for table in plan for row in _after_cut(table, plan)]
    left_out = [skipped_table(t.first_line, t.rows) for t in tables if t not in plan]
    return SourceTable(name, tuple(rows), tuple(left_out), merges_known=True)


def _blocks(parent: Any) -> Iterator[Any]:
    """Body paragraphs and tables in order, those inside content controls (w:sdt) included."""
    for child in parent.iterchildren():
        if child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (_W + "p", _W + "tbl"):
            yield child


def _text(paragraph: Any) -> str:
    """What Word shows of a paragraph: its text with tabs and line breaks, tracked
    insertions, smart tags and fields' results included, deleted text not."""
    parts = []
    for element in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if element.tag == _W + "t":
            parts.append(element.text or "")
        elif element.getparent().tag != _W + "tabs":  # a tab stop's definition is no text
            parts.append("\t" if element.tag == _W + "tab" else "\n")
    return "".join(parts)


def _table_rows(table: Any, first_line: int) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for offset, tr in enumerate(table.tr_lst):
        cells: list[str] = [""] * tr.grid_before
        merged: set[int] = set()
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                merged.update(range(len(cells), len(cells) + span))
                cells.extend([""] * span)
            else:
                cells.append("\n".join(_text(p) for p in tc.iter(_W + "p")).strip())
                cells.extend([""] * (span - 1))
        rows.append(SourceRow(first_line + offset, tuple(cells), frozenset(merged)))
    return rows


def _plan_tables(tables: list[_Table]) -> list[_Table]:
    """The largest table and every table with the same header (its first row of three or more
    cells, so a title row inside the table does not count; spelling variants allowed). A table of the same width right
    after one of them, with nothing but empty paragraphs between, continues it when it starts
    with a numbered row rather than a header of its own."""
    if not tables:
        return []
    largest = max(tables, key=lambda t: len(t.rows))
    header = header_of(largest.rows)
    plan: list[_Table] = []
    for index, table in enumerate(tables):
        continues = bool(plan) and plan[-1] is tables[index - 1] and table.follows_table and table.width == plan[-1].width
        if table is largest or same_header(header, header_of(table.rows)) or (continues and _numbered(table.rows[0])):
            plan.append(table)
    return plan


def _after_cut(table: _Table, plan: list[_Table]) -> tuple[SourceRow, ...]:
    """A table's rows; the first of a table that continues the one before is marked: Word cannot
    merge a cell across two tables, so a block cut there may have left its cells blank."""
    if table is plan[0]:
        return table.rows
    return (replace(table.rows[0], cut_above=True), *table.rows[1:])


def _numbered(row: SourceRow) -> bool:
    return any(_NUMBER.match(cell.strip()) for cell in row.cells)
