"""Shared helpers for the views: display-cell arithmetic and the two looks (Unicode / ASCII).

Terminals draw CJK characters two cells wide, so every width here is counted in cells
(rich.cells.cell_len), never in characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rich import box
from rich.box import Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from planner.model import Department

ELLIPSIS = "…"

# rich.box.SIMPLE_HEAD drawn with "-": a rule under the header, no verticals.
ASCII_SIMPLE_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` display cells, ending in … when something was cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` fitted and padded with spaces to exactly `width` cells."""
    text = fit(text, width)
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


@dataclass(frozen=True)
class Look:
    """The characters a view draws with; `ascii` keeps to plain ASCII for boxes and bars."""

    ascii: bool = False

    @property
    def box(self) -> Box:
        return box.ASCII if self.ascii else box.SQUARE

    @property
    def head_box(self) -> Box:
        """A lighter box: a rule under the header only."""
        return ASCII_SIMPLE_HEAD if self.ascii else box.SIMPLE_HEAD

    @property
    def window(self) -> str:  # months a task may be inspected in
        return "-" if self.ascii else "░"

    @property
    def event(self) -> str:  # a scheduled round
        return "#" if self.ascii else "█"

    @property
    def empty(self) -> str:
        return "." if self.ascii else "·"


def department_label(department: Department, *, with_city: bool) -> str:
    """A department as a reader names it: with its city only when several cities are shown."""
    city = department.city.removesuffix("市") or department.city  # 大同 市市场监管局: the name keeps its 市
    return f"{city} {department.name}" if with_city else department.name


_NAME_AFFIXES = ("的双随机抽查检查", "的双随机抽查", "的双随机检查", "的抽查检查", "双随机抽查", "的检查", "的抽查")


def short_name(name: str) -> str:
    """A task name without the words every row shares ("对…的双随机抽查"), for tight cells."""
    short = name[1:] if name.startswith("对") and len(name) > 5 else name
    for suffix in _NAME_AFFIXES:
        if short.endswith(suffix) and len(short) - len(suffix) >= 2:
            return short[: -len(suffix)]
    return short


def date_range(start: date, end: date, *, year: bool = False) -> str:
    """The one way every view writes a span of days: 03-01–05, 03-28–04-02, or 03-01 alone."""
    first = f"{start:%Y-%m-%d}" if year else f"{start:%m-%d}"
    if end == start:
        return first
    return f"{first}–{end:%d}" if (end.year, end.month) == (start.year, start.month) else f"{first}–{end:%m-%d}"


class Listing:
    """Names joined by 、 that wrap only between names: never inside one, never a line starting with 、.

    rich wraps Chinese text at any character, which splits department names across lines; a
    table cell holding a Listing breaks after a separator instead (a name wider than the whole
    column is the one thing still folded).
    """

    def __init__(self, items: Sequence[str], separator: str = "、", style: str = "") -> None:
        self.items = [item for item in items if item]
        self.separator = separator
        self.style = style

    def _pieces(self) -> list[str]:
        last = len(self.items) - 1
        return [item + (self.separator if k < last else "") for k, item in enumerate(self.items)]

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        for piece in self._pieces():
            if lines and cell_len(lines[-1] + piece) <= width:
                lines[-1] += piece
            else:
                lines.extend(self._fold(piece, width))
        return lines

    def _fold(self, piece: str, width: int) -> list[str]:
        """A name wider than the column, folded so that its 、 never starts a line: it takes the last character along."""
        folded, line = [], ""
        for char in piece:
            if line and cell_len(line + char) > width:
                if char == self.separator and len(line) > 1:
                    folded.append(line[:-1])
                    line = line[-1]
                elif char != self.separator:
                    folded.append(line)
                    line = ""
            line += char
        return [*folded, line]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = self._pieces()
        widest = max((cell_len(p) for p in pieces), default=1)
        return Measurement(min(widest, options.max_width), min(sum(cell_len(p) for p in pieces) or 1, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(self.lines(options.max_width)), style=self.style, overflow="fold")

    def __str__(self) -> str:
        return "".join(self._pieces())


NAME_CELLS = 12  # a list column is at least as wide as its longest name and a 、, up to this


def names_width(names: Iterable[str]) -> int:
    """The width a column of name lists needs so that no name breaks: its longest name and a 、."""
    return min(max((cell_len(n) for n in names), default=2) + 2, NAME_CELLS)


class Pieces:
    """Text written piece by piece, each piece with its style, drawn as written: lines are never
    wrapped or re-flowed (print it with soft_wrap=True, and a narrow terminal wraps the lines itself).

    The same as appending to a rich Text, which re-divides its thousands of styled spans line by
    line when drawn (70 ms for `planner load`); this yields each piece as it is.
    """

    def __init__(self, text: str = "") -> None:
        self.pieces: list[tuple[str, str]] = []
        self.append(text)

    def append(self, text: str, style: str = "") -> None:
        if text:
            self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for text, style in self.pieces:
            look = console.get_style(style) if style else None
            first = True
            for part in text.split("\n"):
                if not first:
                    yield new_line
                first = False
                if part:
                    yield Segment(part, look)
        yield new_line
