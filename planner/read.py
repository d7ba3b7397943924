"""Bytes → table rows with their source line numbers; and `load_plan`, the front door.

Reads TSV (the extracted PDF table), CSV and XLSX, in UTF-8 or GBK/GB18030.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from planner.errors import PlanReadError

EMBEDDED_PLAN = "shanxi-2024-joint-spot-checks.tsv"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SourceRow:
    line: int  # 1-based line (TSV/CSV) or sheet row (XLSX)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class SourceTable:
    name: str  # how messages name the file
    rows: tuple[SourceRow, ...]


def embedded_plan_path() -> Path:
    return Path(str(resources.files("planner") / "data" / EMBEDDED_PLAN))


def read_table(path: Path | None) -> SourceTable:
    """The rows of a plan file; None reads the embedded Shanxi 2024 plan."""
    name = str(path) if path else f"{EMBEDDED_PLAN} (embedded)"
    path = path or embedded_plan_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanReadError("file not found", file=name) from None
    except IsADirectoryError:
        raise PlanReadError("is a directory, not a plan file", file=name) from None
    except OSError as exc:
        raise PlanReadError(f"cannot read: {exc.strerror}", file=name) from None
    if not data.strip():
        raise PlanReadError("empty file", file=name, hint="expected a plan table with a 地市/序号 header")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return SourceTable(name, _excel_rows(data, name))
    text = _decode(data, name)
    if path.suffix.lower() == ".csv":
        return SourceTable(name, _csv_rows(text))
    return SourceTable(name, _tsv_rows(text))


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise PlanReadError("binary file, not a text plan", file=name, line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanReadError(
            "not UTF-8 or GBK/GB18030 text", file=name, line=line, hint="save the plan as UTF-8"
        ) from None


def _tsv_rows(text: str) -> tuple[SourceRow, ...]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(SourceRow(n, tuple(line.split("\t"))) for n, line in enumerate(lines, 1))


def _csv_rows(text: str) -> tuple[SourceRow, ...]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    for cells in reader:
        rows.append(SourceRow(start, tuple(cells)))
        start = reader.line_num + 1
    return tuple(rows)


def _excel_rows(data: bytes, name: str) -> tuple[SourceRow, ...]:
    import pandas as pd  # only the XLSX path needs it; keeps `planner tasks` on TSV fast

    try:
        frame = pd.read_excel(io.BytesIO(data), header=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise PlanReadError(f"not a readable XLSX workbook ({type(exc).__name__})", file=name) from None
    frame = frame.fillna("")
    return tuple(
        SourceRow(int(index) + 1, tuple(str(v) for v in values))
        for index, values in zip(frame.index, frame.itertuples(index=False, name=None))
    )
