"""HTML tables: the "Excel" files many web systems export (an HTML page named .xls) and
Word documents saved as a web page. rowspan/colspan are merged cells, read as in a workbook."""

from __future__ import annotations

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.grid import Merge, grid_rows
from planner.read.source import SourceRow, SourceTable
from planner.read.tables import header_of, same_header, skipped_table, title_row

_NOT_TEXT = ("script", "style", "head", "title")


def html_table(text: str, name: str) -> SourceTable:
    import lxml.html  # only HTML plans need it

    try:
        document = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises several types for what is not HTML at all
        raise PlanReadError(_("无法读取的网页表格（{error}）").format(error=type(exc).__name__), file=name) from None
    tables = [t for t in document.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
    grids = [_grid(table) for table in tables]
    grids = [g for g in grids if g[0]]
    if not grids:
        raise PlanReadError(_("网页里没有表格：找不到计划表"), file=name)
    largest = max(range(len(grids)), key=lambda i: len(grids[i][0]))
    header = header_of(grid_rows(grids[largest][0], [], range(len(grids[largest][0]))))
    chosen = [i for i, (grid, _) in enumerate(grids) if i == largest or same_header(header, header_of(grid_rows(grid, [], range(len(grid)))))]
    before = _text_lines_before(tables[chosen[0]])
    rows: list[SourceRow] = [title] if (title := title_row(list(enumerate(before, 1)))) else []
    line, left_out = len(before), []
    for index, (grid, merges) in enumerate(grids):
        table_rows = grid_rows(grid, merges, range(line + 1, line + 1 + len(grid)))
        if index in chosen:
            rows += table_rows
        else:
            left_out.append(skipped_table(line + 1, table_rows))
        line += len(grid)
    return SourceTable(name, tuple(rows), tuple(left_out), merges_known=True)


def _grid(table: object) -> tuple[list[list[str]], list[Merge]]:
    """The table's cells on a grid, the HTML table model: a cell with rowspan or colspan
    takes the next free positions of its rows."""
    trs = [tr for tr in table.iter("tr") if _owner(tr) is table]  # type: ignore[attr-defined]
    taken: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], str] = {}
    merges: list[Merge] = []
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            down, across = _span(cell.get("rowspan"), len(trs) - r), _span(cell.get("colspan"), 1000)
            cells[r, c] = _cell_text(cell)
            taken.update((r + i, c + j) for i in range(down) for j in range(across))
            if down > 1 or across > 1:
                merges.append(Merge(r, r + down - 1, c, c + across - 1))
            c += across
    width = max((c for _, c in taken), default=-1) + 1
    grid = [[cells.get((r, c), "") for c in range(width)] for r in range(len(trs))]
    return grid, merges


def _owner(tr: object) -> object:
    return next(a for a in tr.iterancestors() if a.tag == "table")  # type: ignore[attr-defined]


def _span(value: str | None, limit: int) -> int:
    try:
        return max(1, min(int(value or 1), limit))
    except ValueError:
        return 1


def _cell_text(cell: object) -> str:
    # <br> and block children are line breaks inside the cell, as in a Word cell.
    for br in cell.iter("br"):  # type: ignore[attr-defined]
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in cell.text_content().splitlines() if line.strip())  # type: ignore[attr-defined]


def _text_lines_before(table: object) -> list[str]:
    nodes = table.xpath("preceding::text()")  # type: ignore[attr-defined]
    lines = []
    for node in nodes:
        parent = node.getparent()
        if parent is not None and (parent.tag in _NOT_TEXT or any(a.tag in _NOT_TEXT for a in parent.iterancestors())):
            continue
        lines += [line.strip() for line in str(node).splitlines() if line.strip()]
    return lines
