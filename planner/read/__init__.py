"""Bytes → table rows with their source line numbers, whatever file the plan came in.

TSV (the extracted PDF table), CSV, XLSX, XLS, DOCX, PDF and HTML tables (web exports named
.xls), one module per format; every
reader yields the same SourceTable, so the repair stage treats a table alike whatever file
it came in. Merged cells reach it as blank cells (marked `merged_above`), which it fills
and logs as merged-cell repairs; a reader that knows the file's merges says so
(`merges_known`), and then an unmarked blank cell stays empty.
"""

from __future__ import annotations

from importlib import resources
from operator import attrgetter
from pathlib import Path

from planner.errors import PlanReadError
from planner.i18n import _
from planner.limits import check_control_characters, read_regular_file
from planner.read.detect import detect_format
from planner.read.source import SourceRow, SourceTable
from planner.read.text import _csv_rows, _decode, _decode_utf8_or, _tsv_rows, has_no_control_characters

__all__ = ["EMBEDDED_PLAN", "SourceRow", "SourceTable", "embedded_plan_path", "read_table"]

EMBEDDED_PLAN = "shanxi-2024-joint-spot-checks.tsv"


def embedded_plan_path() -> Path:
    return Path(str(resources.files("planner") / "data" / EMBEDDED_PLAN))


def read_table(path: Path | None) -> SourceTable:
    """The rows of a plan file; None reads the embedded Shanxi 2024 plan."""
    name = str(path) if path else f"{EMBEDDED_PLAN} (embedded)"
    return _table(path or embedded_plan_path(), name)


def _checked(table: SourceTable) -> SourceTable:
    """The table, once no cell holds a control character (one rule for every format: it would reach
    a terminal as an escape sequence)."""
    check_control_characters(zip(map(attrgetter("line"), table.rows), map(attrgetter("cells"), table.rows)), table.name)
    return table


def _table(path: Path, name: str) -> SourceTable:
    data = read_regular_file(path, name=name, missing=_("文件不存在"))  # regular files only, at most 128 MB
    if not data or data.isspace():  # (data.strip() would copy the file)
        raise PlanReadError(_("空文件"), file=name, hint=_("应为带“地市、序号”表头的计划表"))
    kind = detect_format(data, path.suffix.lower(), name)
    # Each format's library is imported only when such a file comes: reading the embedded
    # TSV stays fast. Documents also log what they left out or put together.
    if kind == "pdf":
        from planner.read.pdf import pdf_table

        return _checked(pdf_table(data, name))
    if kind == "docx":
        from planner.read.docx import docx_table

        return _checked(docx_table(data, name))
    if kind == "html":
        from planner.read.html import html_table

        return _checked(html_table(_decode(data, name), name))
    if kind == "xlsx":
        from planner.read.xlsx import xlsx_rows

        return _checked(SourceTable(name, xlsx_rows(data, name), merges_known=True))
    if kind == "xls":
        from planner.read.xls import xls_rows

        return _checked(SourceTable(name, xls_rows(data, name), merges_known=True))
    text, utf8 = _decode_utf8_or(data, name)
    table = SourceTable(name, _csv_rows(text, name) if kind == "csv" else _tsv_rows(text))
    # every character of a text table is in a cell but its tabs, commas, quotes and line breaks
    return table if has_no_control_characters(data, utf8) else _checked(table)
