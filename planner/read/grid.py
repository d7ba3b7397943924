"""Cells on a grid whose merged blocks are known (workbooks, HTML tables), and cell values
as a spreadsheet shows them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.read.source import SourceRow


@dataclass(frozen=True)
class Merge:
    """A merged block of a grid: rows first..last and columns left..right, inclusive."""

    first: int
    last: int
    left: int
    right: int


def grid_rows(grid: Sequence[Sequence[str]], merges: Iterable[Merge], lines: Sequence[int]) -> list[SourceRow]:
    """Rows of a grid whose merged blocks keep their text in the top-left cell only.

    Every other cell of a block is blank; those below the block's first row are marked
    `merged_above`, those beside it on its first row are not (a title spanning the width
    stays one cell, as in the TSV)."""
    cells = [[text.strip() for text in row] for row in grid]
    covered: dict[int, set[int]] = {}
    for merge in merges:
        for r in range(merge.first, min(merge.last, len(cells) - 1) + 1):
            for c in range(merge.left, merge.right + 1):
                if (r, c) == (merge.first, merge.left) or c >= len(cells[r]):
                    continue
                cells[r][c] = ""
                if r > merge.first:
                    covered.setdefault(r, set()).add(c)
    return [
        SourceRow(line, tuple(row), frozenset(covered.get(index, ())))
        for index, (line, row) in enumerate(zip(lines, cells))
    ]


def number_text(value: float, number_format: str = "") -> str:
    """A number as the sheet shows it: 3 not 3.0, 0.05 formatted as a percentage as 5%."""
    if "%" in number_format:
        return f"{value * 100:g}%"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
