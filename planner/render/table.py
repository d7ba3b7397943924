"""Tables of plain text cells, drawn line by line as rich draws its Table, many times faster.

rich's Table passes every cell through its general machinery (a Padding around a Text, measured,
wrapped, split into segments, cropped and padded again): 0.3 s for the 675 tasks of the embedded
plan, more than reading the plan takes. The lists here need a small part of it: a box without
verticals, columns of fixed or ratio width, cells of plain text (folded, or cut with …) or of
names (Listing). This module computes the column widths as rich.table does and draws each cell's
lines straight away; tests/test_render_table.py holds it to rich's output, line for line (the layout
follows rich 15's table.py, _ratio.py and text.py; pyproject keeps rich below 16 for that).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import TYPE_CHECKING, Literal, Union

from rich import box as boxes
from rich.cells import cell_len, chop_cells, set_cell_size
from rich.segment import Segment
from rich.text import Text

from planner.render.cells import Listing

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Cell = Union[str, Listing]


@dataclass(frozen=True)
class Column:
    """As rich.table.Column: `width` fixes the width (with a ratio, it is the least width)."""

    header: str
    justify: Literal["left", "right"] = "left"
    width: int | None = None
    min_width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False
    overflow: Literal["fold", "ellipsis"] = "ellipsis"


class TextTable:
    """A rich renderable: a title, a header row, a rule under it and one row per entry."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        title: str | None = None,
        box: boxes.Box = boxes.SIMPLE_HEAD,
        expand: bool = False,
        collapse_padding: bool = False,
        pad_edge: bool = True,
    ) -> None:
        self.columns = tuple(columns)
        self.rows = [tuple(row) for row in rows]
        self.title = title
        self.box = box
        self.expand = expand
        self.collapse_padding = collapse_padding
        self.pad_edge = pad_edge

    # -- widths, as rich.table.Table._calculate_column_widths with padding (0, 1) ----------------

    def _padding(self, index: int) -> tuple[int, int]:
        """(left, right) padding of a column's cells."""
        left, right = 1, 1
        if self.collapse_padding and index > 0:
            left = 0
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        return left, right

    def _padding_width(self, index: int) -> int:
        """The padding rich reserves for a column when it sizes the table (a little unlike _padding)."""
        left, right = (0, 1) if self.collapse_padding else (1, 1)
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        return left + right

    def _measure(self, index: int, max_width: int) -> tuple[int, int]:
        if max_width < 1:
            return 0, 0
        column = self.columns[index]
        pad = self._padding_width(index)
        if column.width is not None:
            return min(column.width + pad, max_width), min(column.width + pad, max_width)
        extra = sum(self._padding(index))
        lows, highs = [], []
        for cell in (column.header, *(row[index] for row in self.rows)):
            if max_width - extra < 1:
                low, high = max_width, max_width
            else:
                low, high = _measure_cell(cell, max_width)
                low, high = min(low + extra, max_width), min(high + extra, max_width)
            lows.append(low)
            highs.append(high)
        low, high = min(max(lows), max_width), min(max(highs), max_width)
        if column.min_width is not None:
            least = max(0, column.min_width + pad)
            low, high = max(low, least), max(high, least)
        return low, high

    def _widths(self, max_width: int) -> list[int]:
        columns = self.columns
        ranges = [self._measure(i, max_width) for i in range(len(columns))]
        widths = [high or 1 for _, high in ranges]
        flexible = [c.ratio is not None for c in columns]
        if self.expand:
            ratios = [c.ratio or 0 for c, flex in zip(columns, flexible) if flex]
            if any(ratios):
                fixed = [0 if flex else high for (_, high), flex in zip(ranges, flexible)]
                least = [(c.width or 1) + self._padding_width(i) for i, c in enumerate(columns) if flexible[i]]
                shares = iter(_ratio_distribute(max_width - sum(fixed), ratios, least))
                widths = [fixed[i] + next(shares) if flex else w for i, (w, flex) in enumerate(zip(widths, flexible))]
        table_width = sum(widths)
        if table_width > max_width:
            widths = _collapse_widths(widths, [c.width is None and not c.no_wrap for c in columns], max_width)
            table_width = sum(widths)
            if table_width > max_width:
                widths = _ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
                table_width = sum(widths)
            widths = [self._measure(i, width)[1] or 0 for i, width in enumerate(widths)]
        if table_width < max_width and self.expand:
            widths = [w + pad for w, pad in zip(widths, _ratio_distribute(max_width - table_width, widths))]
        return widths

    # -- drawing ---------------------------------------------------------------------------------

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.columns:
            yield Segment("\n")
            return
        extra_width = 2 + len(self.columns) - 1  # the box's edges and the dividers between columns
        widths = self._widths(options.max_width - extra_width)
        table_width = sum(widths) + extra_width
        if self.title:
            title = Text(self.title, style="table.title", justify="left")
            yield from console.render(title, options.update(width=table_width, highlight=False, height=None))
        box = self.box.substitute(options, safe=console.safe_box)
        header_style = console.get_style("table.header")
        new_line = Segment.line()
        yield Segment(box.get_top(widths))
        yield new_line
        header = [self._cell_lines(i, column.header, width) for i, (column, width) in enumerate(zip(self.columns, widths))]
        height = max(len(lines) for lines in header)
        header = [[" " * width] * (height - len(lines)) + lines for lines, width in zip(header, widths)]  # bottom-aligned
        for n in range(height):
            yield Segment(box.head_left)
            for i, lines in enumerate(header):
                if i:
                    yield Segment(box.head_vertical)
                yield Segment(lines[n], header_style)
            yield Segment(box.head_right)
            yield new_line
        yield Segment(box.get_row(widths, "head", edge=True))
        yield new_line
        last = len(self.rows) - 1
        for r, row in enumerate(self.rows):
            left, vertical, right = (box.foot_left, box.foot_vertical, box.foot_right) if r == last else (box.mid_left, box.mid_vertical, box.mid_right)
            cells = [self._cell_lines(i, cell, width) for i, (cell, width) in enumerate(zip(row, widths))]
            height = max(len(lines) for lines in cells)
            for n in range(height):
                line = vertical.join(lines[n] if n < len(lines) else " " * width for lines, width in zip(cells, widths))
                yield Segment(left + line + right)
                yield new_line
        yield Segment(box.get_bottom(widths))
        yield new_line

    def _cell_lines(self, index: int, cell: Cell, width: int) -> list[str]:
        """A cell's lines, each exactly `width` cells with the padding (as rich pads a Text)."""
        column = self.columns[index]
        left, right = self._padding(index)
        inner = width - left - right
        if inner < 1:  # rich draws nothing of the text in a column narrower than its padding
            return [" " * width]
        if isinstance(cell, Listing):  # the listing wraps itself, between names
            text, overflow = "\n".join(cell.lines(inner)), "fold"
        else:
            text, overflow = cell, column.overflow
        lines = _text_lines(text, inner, column.justify, overflow, column.no_wrap)
        return [" " * left + line + " " * right for line in lines]


# -- rich's Text: measure, wrap, justify -------------------------------------------------------------

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def _measure_cell(cell: Cell, max_width: int) -> tuple[int, int]:
    """(least, most) cells a cell needs, as rich measures it, at most `max_width`."""
    if isinstance(cell, Listing):
        pieces = [str(p) for p in cell._pieces()]
        widest = max((cell_len(p) for p in pieces), default=1)
        low, high = min(widest, max_width), min(sum(cell_len(p) for p in pieces) or 1, max_width)
    else:
        lines = cell.splitlines()
        high = max((cell_len(line) for line in lines), default=0)
        words = cell.split()
        low = max((cell_len(word) for word in words), default=high)
    low = min(max(0, low), high)
    high = max(0, max(low, high))
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else (low, high)


def _text_lines(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> list[str]:
    """`text` drawn in `width` cells as rich draws a Text: wrapped at spaces, long words folded or cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if "\t" in paragraph:
            paragraph = paragraph.expandtabs(8)
        if no_wrap:
            pieces = [paragraph]
        else:
            pieces = []
            start = 0
            for cut in _divide_line(paragraph, width, fold=overflow == "fold"):
                pieces.append(paragraph[start:cut])
                start = cut
            pieces.append(paragraph[start:])
            pieces = [_rstrip_end(piece, width) for piece in pieces]
        for piece in pieces:
            if justify == "right":
                piece = _truncate(piece.rstrip(), width, overflow)
                piece = " " * (width - cell_len(piece)) + piece
            else:
                piece = _truncate(piece, width, overflow)
                piece += " " * (width - cell_len(piece))
            lines.append(piece)
    return lines


def _truncate(text: str, width: int, overflow: str) -> str:
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(text, width)


def _rstrip_end(text: str, size: int) -> str:
    """Trailing whitespace beyond `size` characters dropped (rich counts characters here, not cells)."""
    if len(text) > size:
        space = _TRAILING_SPACE.search(text)
        if space is not None:
            return text[: len(text) - min(len(space.group(0)), len(text) - size)]
    return text


def _divide_line(text: str, width: int, *, fold: bool) -> list[int]:
    """Where rich breaks a line of text to fit `width` cells: between words, folding words wider than a line."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            if fold:
                folded = chop_cells(word, width)
                for k, piece in enumerate(folded):
                    if start:
                        breaks.append(start)
                    if k == len(folded) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


# -- rich._ratio -----------------------------------------------------------------------------------


def _ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    if minimums:
        ratios = [ratio if least else 0 for ratio, least in zip(ratios, minimums)]
    total_ratio = sum(ratios)
    remaining = total
    shares = []
    for ratio, least in zip(ratios, minimums or [0] * len(ratios)):
        share = max(least, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        shares.append(share)
        total_ratio -= ratio
        remaining -= share
    return shares


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            cut = min(most, round(ratio * remaining / total_ratio))
            result.append(value - cut)
            remaining -= cut
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable) if ok)
            second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrapable))
            ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable)]
            if not any(ratios) or not widest - second:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths

