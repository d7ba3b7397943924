"""PDF rows that a page break cut in two, put together again, and a cell's wrapped lines.

Word and WPS let a tall table row break across pages: its top part ends one page, the rest
begins the next (after the repeated header), and the short 序号 cell stays on the first
page. The table's number column is the one where most rows hold a whole number; a page's
first row that has text but an empty number cell, not covered by a merged cell, continues
the last row of the page before. A plan whose rows carry no number (sub-items without
序号) has no such column for most of its rows, and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import zip_longest

from planner.i18n import _
from planner.model import Repair
from planner.read.source import SourceRow

_NUMBER = re.compile(r"^\d{1,5}\.?$")
_HEADER_ROWS = 3  # a repeated header is at most this many rows


def join_split_rows(rows: Sequence[SourceRow], page_starts: Sequence[int]) -> tuple[list[SourceRow], list[Repair]]:
    column = _number_column(rows)
    if column is None:
        return list(rows), []
    first = next((i for i, row in enumerate(rows) if len(row.cells) > 1), 0)
    headers = {_key(row) for row in rows[first : first + _HEADER_ROWS] if not _numbered(row, column)}
    joined: dict[int, SourceRow] = {}  # index of the row above → the two put together
    dropped: set[int] = set()
    repairs = []
    for start in page_starts:
        at = start
        while at < len(rows) and _key(rows[at]) in headers:
            at += 1
        above = start - 1
        while above >= 0 and _key(rows[above]) in headers:
            above -= 1
        if at >= len(rows) or above < 0 or not _continues(rows[at], rows[above], column):
            continue
        top, rest = joined.get(above, rows[above]), rows[at]
        cells = tuple(unwrap(f"{a}\n{b}") for a, b in zip_longest(top.cells, rest.cells, fillvalue=""))
        joined[above] = SourceRow(top.line, cells, top.merged_above, top.cut_above)
        dropped.add(at)
        text = " | ".join(c for c in rest.cells if c.strip())[:80]
        repairs.append(Repair(rest.line, "page-split-row", "", text, _("第{line}行").format(line=top.line), _("表格行被分页截断：下一页的续行并入上一页的最后一行")))
    result = [joined.get(i, row) for i, row in enumerate(rows) if i not in dropped]
    return result, repairs


def _number_column(rows: Sequence[SourceRow]) -> int | None:
    full = [row for row in rows if sum(1 for c in row.cells if c.strip()) >= 3]
    counts = Counter(i for row in full for i, c in enumerate(row.cells) if _NUMBER.match(c.strip()))
    if not counts:
        return None
    column, count = counts.most_common(1)[0]
    repeated = Counter(_key(row) for row in full)  # the header on every page is not a row of the plan
    return column if count * 2 >= sum(1 for row in full if repeated[_key(row)] == 1) else None


def _numbered(row: SourceRow, column: int) -> bool:
    return column < len(row.cells) and bool(_NUMBER.match(row.cells[column].strip()))


def _continues(row: SourceRow, above: SourceRow, column: int) -> bool:
    blank_number = column >= len(row.cells) or not row.cells[column].strip()
    return blank_number and column not in row.merged_above and any(c.strip() for c in row.cells) and _numbered(above, column)


def _key(row: SourceRow) -> tuple[str, ...]:
    return tuple("".join(c.split()) for c in row.cells)


def unwrap(text: str) -> str:
    """A cell's text on one line. A wrap inside a number (`10` / `0%`, `300` / `m²`) is
    dropped; any other becomes a space: between Latin words or after punctuation it was
    one, next to Chinese it is the wrap space the TSV extraction also has, which the repair
    stage removes and logs."""
    lines = [line.strip() for line in text.split("\n")]
    joined = ""
    for line in lines:
        if not line:
            continue
        a, b = joined[-1:], line[0]
        glue = "" if _in_number(a) and _in_number(b) and not (a.isalpha() and b.isalpha()) else " "
        joined = f"{joined}{glue}{line}" if joined else line
    return joined


def _in_number(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "%.")
