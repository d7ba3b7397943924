"""TSV and CSV text in UTF-8 (with or without BOM), GBK/GB18030, or UTF-16 with its BOM."""

from __future__ import annotations

import csv
import io

from planner.errors import PlanReadError
from planner.read.source import SourceRow


def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _utf16(data, name)  # Excel's and WPS's "Unicode 文本" export
    if b"\x00" in data[:8192]:
        raise PlanReadError("二进制文件，不是文本计划表", file=name, line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanReadError(
            "不是 UTF-8 或 GBK/GB18030 编码的文本", file=name, line=line, hint="请将计划另存为 UTF-8"
        ) from None


def _utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise PlanReadError("UTF-16 文本有损坏的字节", file=name, line=line, hint="请将计划另存为 UTF-8") from None


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
