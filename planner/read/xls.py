"""Excel 97-2003 (.xls) workbooks through xlrd, with the sheet's merged ranges."""

from __future__ import annotations

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.grid import Merge, grid_rows, number_text
from planner.read.source import SourceRow
from planner.read.tables import one_sheet


def xls_rows(data: bytes, name: str) -> tuple[SourceRow, ...]:
    import xlrd  # only .xls plans need it

    try:
        # formatting_info: without it xlrd reports no merged cells
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Silent())
    except Exception as exc:  # xlrd raises many types for a broken workbook
        raise PlanReadError(_("XLS 工作簿已损坏，无法读取（{error}）").format(error=type(exc).__name__), file=name) from None
    sheets = [book.sheet_by_index(i) for i in range(book.nsheets)]
    return one_sheet([(sheet.name, _sheet_rows(book, sheet)) for sheet in sheets if sheet.visibility == 0], name)


def _sheet_rows(book: object, sheet: object) -> list[SourceRow]:
    grid = [[_text(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]  # type: ignore[attr-defined]
    merges = [Merge(rlo, rhi - 1, clo, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]  # type: ignore[attr-defined]
    return grid_rows(grid, merges, range(1, len(grid) + 1))


def _text(book: object, sheet: object, row: int, column: int) -> str:
    import xlrd

    cell = sheet.cell(row, column)  # type: ignore[attr-defined]
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index]  # type: ignore[attr-defined]
        return number_text(cell.value, book.format_map[xf.format_key].format_str)  # type: ignore[attr-defined]
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, book.datemode).date().isoformat()  # type: ignore[attr-defined]
    return str(cell.value)


class _Silent:
    """xlrd writes warnings about odd records to a log file; a plan reader has no use for them."""

    def write(self, text: str) -> None:
        pass
