"""What every reader yields: rows of text cells with the line a person finds them at."""

from __future__ import annotations

from dataclasses import dataclass

from planner.model import Repair, quick_init


@quick_init
@dataclass(frozen=True)
class SourceRow:
    line: int  # 1-based: text line (TSV/CSV), sheet row (XLSX/XLS), paragraph-or-row (DOCX), table row (PDF)
    cells: tuple[str, ...]
    # Cells covered by a merged cell that starts in a row above. Their text is blank, as the
    # repair stage expects of a merged cell; the marker says the file itself merged them.
    merged_above: frozenset[int] = frozenset()
    # The table was cut right above this row (a new page of a PDF, a Word table continued in
    # another table): no merge reaches across the cut, yet a merged block may have been cut
    # there, so the repair stage reads this row's blanks as in a text table.
    cut_above: bool = False


@dataclass(frozen=True)
class SourceTable:
    name: str  # how messages name the file
    rows: tuple[SourceRow, ...]
    repairs: tuple[Repair, ...] = ()  # what the reader itself did: a row cut by a page break joined, a table left out
    # True when the file itself says which cells are merged (Word, workbooks, HTML, ruled PDF
    # boxes): a blank cell not marked merged_above is then empty, not a merged cell. Text
    # tables (TSV/CSV) lost their merges, so there every blank may be one.
    merges_known: bool = False
