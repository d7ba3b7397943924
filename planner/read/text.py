"""TSV and CSV text in UTF-8 (with or without BOM), GBK/GB18030, or UTF-16 with its BOM."""

from __future__ import annotations

import csv
import io

from planner.errors import PlanReadError
from planner.i18n import _
from planner.read.source import SourceRow


def _decode(data: bytes, name: str) -> str:
    return _decode_utf8_or(data, name)[0]


def _decode_utf8_or(data: bytes, name: str) -> tuple[str, bool]:
    """The text, and whether it was UTF-8."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _utf16(data, name), False  # Excel's and WPS's "Unicode 文本" export
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:
        raise PlanReadError(_("二进制文件，不是文本计划表"), file=name, line=1)
    if nul >= 0:  # further on: a damaged text file; a NUL is never plan text
        raise PlanReadError(_("文本中有 NUL 字节：文件已损坏"), file=name, line=data[:nul].count(b"\n") + 1)
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), False
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanReadError(
            _("不是 UTF-8 或 GBK/GB18030 编码的文本"), file=name, line=line, hint=_("请将计划另存为 UTF-8")
        ) from None


# The C0 controls but TAB, LF, VT, FF and CR, and DEL, as bytes: the same in UTF-8 and GB18030 (whose
# multi-byte sequences never use a byte below 0x40), which write the plain ASCII range as it is.
_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


def has_no_control_characters(data: bytes, utf8: bool) -> bool:
    """True when the text read from `data` surely holds none of limits' control characters (a
    byte scan, a few times faster than a search of the text); False: it may, search it."""
    if not utf8 or len(data.translate(None, _C0_BYTES)) != len(data):
        return False
    # C1 controls (U+0080–U+009F) are \xc2\x80–\xc2\x9f in UTF-8; \xc2 also leads "²", "°", "·"…
    at = data.find(b"\xc2")
    for _looked in range(1000):
        if at < 0:
            return True
        if 0x80 <= data[at + 1] <= 0x9F:  # the data is valid UTF-8: a lead byte has its next byte
            return False
        at = data.find(b"\xc2", at + 2)
    return False  # too many to look at one by one: the text is searched


def _utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise PlanReadError(_("UTF-16 文本有损坏的字节"), file=name, line=line, hint=_("请将计划另存为 UTF-8")) from None


def _tsv_rows(text: str) -> tuple[SourceRow, ...]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(SourceRow(n, tuple(line.split("\t"))) for n, line in enumerate(lines, 1))


def _csv_rows(text: str, name: str) -> tuple[SourceRow, ...]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    start = 1
    try:
        for cells in reader:
            _check_quoted_rows(cells, start, reader.line_num, name)
            rows.append(SourceRow(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise PlanReadError(f"CSV: {exc}", file=name, line=start,
                            hint=_("这一行开始的引号没有闭合") if "end of data" in str(exc) else None) from None
    return tuple(rows)


def _check_quoted_rows(cells: list[str], start: int, end: int, name: str) -> None:
    """A cell may hold line breaks, but not whole rows: that is a stray quote eating the table."""
    for cell in cells:
        inner = cell.split("\n")[1:]
        if any(line.count(",") >= 5 for line in inner):
            raise PlanReadError(_("CSV：引号内的单元格从第{start}行延续到第{end}行，吞掉了整行").format(start=start, end=end),
                                file=name, line=start, hint=_("这一行开始的引号很久之后才闭合"))
