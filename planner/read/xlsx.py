"""XLSX workbooks: the plan's sheet, merged ranges taken from the sheet itself."""

from __future__ import annotations

import datetime as dt
import io
import warnings

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.grid import Merge, grid_rows, number_text
from planner.read.source import SourceRow
from planner.read.tables import one_sheet


def xlsx_rows(data: bytes, name: str) -> tuple[SourceRow, ...]:
    import openpyxl  # only XLSX plans need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            # Not read-only: only a fully loaded sheet knows its merged ranges.
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise PlanReadError(_("XLSX 工作簿已损坏，无法读取（{error}）").format(error=type(exc).__name__), file=name) from None
    sheets = [(sheet.title, _sheet_rows(sheet)) for sheet in book.worksheets if sheet.sheet_state == "visible"]
    return one_sheet(sheets, name)


def _sheet_rows(sheet: object) -> list[SourceRow]:
    grid = [[_text(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]
    ranges = sheet.merged_cells.ranges  # type: ignore[attr-defined]
    merges = [Merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1) for r in ranges]
    return grid_rows(grid, merges, range(1, len(grid) + 1))


def _text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number_text(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)
