"""Which tables of a document make the plan, and which line above them is its title,
without the plan's vocabulary (the repair stage has that)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from planner.errors import PlanReadError
from planner.i18n import _
from planner.model import Repair
from planner.read.source import SourceRow

_TITLE_WORDS = re.compile(r"计划|清单|抽查|检查|任务|事项")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")
_PLAN_WORD = re.compile("计划")
_SENTENCE_END = "。，；：,;:"
_TITLE_MAX = 80  # characters: longer lines are body text, not a title


def title_row(lines: list[tuple[int, str]]) -> SourceRow | None:
    """The title row among the text lines above a table: the short lines right above it
    that end no sentence (a title often takes two lines; 附件 labels aside), else the last
    short line naming a plan. One cell, as the TSV's title line, so the repair stage finds year and province."""
    before = [(line, " ".join(text.split())) for line, text in lines]
    block: list[tuple[int, str]] = []
    for line, text in reversed(before):
        if not text:
            if block:
                break
            continue
        if len(text) > _TITLE_MAX or len(block) == 3 or text[-1] in _SENTENCE_END:
            break  # body text, not a title: too long, or the end of a sentence
        block.insert(0, (line, text))
    block = [(line, text) for line, text in block if not _ATTACHMENT.match(text)]
    if block and _TITLE_WORDS.search("".join(text for _, text in block)):
        return SourceRow(block[0][0], ("".join(text for _, text in block),))
    for line, text in reversed(before):
        if _PLAN_WORD.search(text) and len(text) <= _TITLE_MAX:
            return SourceRow(line, (text,))
    return None


def header_of(rows: Sequence[SourceRow]) -> tuple[str, ...]:
    """The first row with three or more filled cells, without spaces and in half-width
    punctuation: what a table's header looks like without knowing the plan's vocabulary
    (the repair stage knows that)."""
    for row in rows:
        cells = tuple(unicodedata.normalize("NFKC", "".join(c.split())) for c in row.cells)
        if sum(1 for c in cells if c) >= 3:
            return tuple(c for c in cells if c)
    return ()


def same_header(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two headers of one table: as many columns, most named alike (a header repeated on
    every page may spell a column differently: 抽查检查起止时间 / 抽查起止时间)."""
    return bool(a) and len(a) == len(b) and sum(x == y for x, y in zip(a, b)) * 5 >= len(a) * 3


def one_sheet(sheets: Sequence[tuple[str, Sequence[SourceRow]]], name: str) -> tuple[SourceRow, ...]:
    """The sheet with the most filled rows. Sheets sharing its header (a workbook of one
    sheet per city) cannot be joined under one set of row numbers: refused, not dropped."""
    filled = [(title, rows) for title, rows in sheets if any(any(c.strip() for c in r.cells) for r in rows)]
    if not filled:
        raise PlanReadError(_("工作簿是空的"), file=name)
    title, rows = max(filled, key=lambda sheet: sum(1 for r in sheet[1] if any(c.strip() for c in r.cells)))
    header = header_of(rows)
    alike = [t for t, r in filled if t != title and same_header(header, header_of(r))]
    if alike:
        listed = _("、").join([title, *alike][:5]) + (_("等") if len(alike) > 4 else "")
        raise PlanReadError(_("工作簿有 {count} 个表头相同的工作表（{sheets}）").format(count=len(alike) + 1, sheets=listed), file=name,
                             hint=_("请把它们复制到同一个工作表后再读"))
    return tuple(rows)


def skipped_table(line: int, rows: Sequence[SourceRow]) -> Repair:
    """The log entry for a table of the document that is not part of the plan."""
    header = " | ".join(header_of(rows) or next((r.cells for r in rows if any(r.cells)), ()))
    return Repair(line, "skipped-table", "", header[:80], "", _("表头与计划表不同（{rows} 行）：不是计划的一部分，未读").format(rows=len(rows)))
