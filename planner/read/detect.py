"""Which reader a file needs, from its first bytes as well as its name.

A plan saved as .xls but named .xlsx, a PDF without an extension, a Word 97 file renamed
.docx: the content decides. The extension only chooses between text layouts (TSV or CSV)
and names the old binary Office formats, which share one container."""

from __future__ import annotations

import io
import re
import zipfile

from planner.errors import PlanReadError
from planner.i18n import N_, _

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97 .doc, WPS .wps/.et, Excel 97 .xls
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_RTF = re.compile(rb"\s*\{\\rtf")  # after any whitespace bytes.lstrip takes (without copying the file)
SAVE_AS_DOCX = N_("请在 Word 或 WPS 中另存为 .docx（或 .xlsx）后再读")


def detect_format(data: bytes, suffix: str, name: str) -> str:
    """One of tsv, csv, html, xlsx, xls, docx, pdf; a PlanReadError for what no reader takes."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if head == _OLE:
        return _ole_format(data, suffix, name)
    if _RTF.match(data):
        raise PlanReadError(_("这是 RTF 文档，不能直接读取"), file=name, hint=_(SAVE_AS_DOCX))
    if _is_spreadsheet_xml(data):
        raise PlanReadError(_("这是 Excel 2003 XML 表格，不能直接读取"), file=name, hint=_("请在 Excel 或 WPS 中另存为 .xlsx 后再读"))
    if _is_html(data):
        return "html"
    if suffix in (".doc", ".wps"):  # not the binary format: Word's "web page" or text saved under the old name
        raise PlanReadError(_("不是能读取的 Word 文档（{suffix}）").format(suffix=suffix), file=name, hint=_(SAVE_AS_DOCX))
    if head.startswith(_IMAGES):
        raise PlanReadError(_("这是图片，不是计划表：不支持 OCR 识别"), file=name, hint=_("请提供 Word、Excel、PDF（文字版）或 TSV/CSV 文件"))
    # Text: the separator the file uses, whatever it is called (Excel's "Unicode text" is
    # TAB-separated, and people name such files .csv).
    sample = data[:65536]
    tabs, commas = sample.count(b"\t"), sample.count(b",")
    if tabs != commas:
        return "tsv" if tabs > commas else "csv"
    return "csv" if suffix == ".csv" else "tsv"


def _zip_format(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        raise PlanReadError(_("文件已损坏：不是完整的 .docx/.xlsx 压缩包"), file=name) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        raise PlanReadError(_("这是 OpenDocument（.odt/.ods）文件，不能直接读取"), file=name, hint=_(SAVE_AS_DOCX))
    raise PlanReadError(_("是压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件"), file=name)


def _ole_format(data: bytes, suffix: str, name: str) -> str:
    # The container's directory holds stream names in UTF-16: Word files have a
    # "WordDocument" stream, Excel 97 workbooks a "Workbook" (or older "Book") one.
    if suffix in (".doc", ".wps") or "WordDocument".encode("utf-16-le") in data:
        what = _("WPS 文字（.wps）") if suffix == ".wps" else _("Word 97-2003（.doc）")
        raise PlanReadError(_("这是{what}文件，不能直接读取").format(what=what), file=name, hint=_(SAVE_AS_DOCX))
    if any(stream.encode("utf-16-le") in data for stream in ("Workbook", "Book")):
        return "xls"
    raise PlanReadError(_("是 Office 97-2003 格式的文件，但不是 Excel 工作簿"), file=name, hint=_(SAVE_AS_DOCX))


def _start(data: bytes) -> bytes:
    return data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip().lower()


def _is_html(data: bytes) -> bool:
    # An "Excel" export that is a web page, or Word's "save as web page" under .doc
    start = _start(data)
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")) and b"<table" in data[:4_000_000].lower()


def _is_spreadsheet_xml(data: bytes) -> bool:
    return _start(data).startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096]
