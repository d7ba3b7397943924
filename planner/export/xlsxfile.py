"""A small .xlsx writer: the bytes openpyxl 3.1 writes in write-only mode, written directly.

openpyxl makes a cell object for every value, binds, styles and serialises it through lxml one
element at a time, and importing it pulls in numpy: for the embedded plan that was about half
of what `build` spends on its samples, and a 100× plan's workbook took over half a minute. The
workbook we write is simple (inline strings, numbers, dates, four cell styles, frozen filtered
headers, column widths, two conditional formats), so it is written here as text, sheet by sheet.

The bytes are those openpyxl wrote for the same workbook (the committed sample_output/workbook.xlsx
is checked by tests/test_build.py): the same members in the same order, the same XML (non-ASCII
text as decimal character references, as lxml writes it), styles numbered in order of first use.
Text cells behave as openpyxl made them: a text starting with "=" is a formula, an Excel error
code is an error value, text over 32,767 characters is cut, control characters are refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.resources import files
from typing import Any

MAX_TEXT = 32767  # characters in an Excel cell
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")
_EPOCH = datetime(1899, 12, 30)

# cell styles: the <xf> each writes in styles.xml; numbered 1, 2, ... in the order first used
DEFAULT, HEADER, WRAP, DATE = "default", "header", "wrap", "date"
_XF = {
    DEFAULT: '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>',
    HEADER: '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="center" wrapText="1"/></xf>',
    WRAP: '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="top" wrapText="1"/></xf>',
    DATE: '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>',
}
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDEBF7"


@dataclass(frozen=True)
class Highlight:
    """A conditional format: cells of `area` whose formula holds get a solid `fill` (RRGGBB)."""

    area: str
    formula: str
    fill: str


@dataclass
class Workbook:
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (title, worksheet XML)
    filters: list[str] = field(default_factory=list)  # per sheet: the autoFilter range
    styles: list[str] = field(default_factory=lambda: [DEFAULT])
    highlights: list[str] = field(default_factory=list)  # fills of the conditional formats, in order

    def add_sheet(
        self,
        title: str,
        headers: tuple[str, ...],
        rows: list[list[Any]],
        *,
        widths: list[float],
        styles: dict[int, str],
        frozen: str = "A2",
        highlights: tuple[Highlight, ...] = (),
    ) -> None:
        """One sheet: a styled header row, then `rows`; `styles` gives a column's cell style."""
        title = self._title(title)
        last = f"{column_letter(len(headers))}{max(len(rows) + 1, 2)}"
        header = self._style(HEADER)
        parts = [_sheet_head(frozen, widths), '<sheetData><row r="1">']
        parts += [_cell(f"{column_letter(n)}1", text, header) for n, text in enumerate(headers, 1)]
        parts.append("</row>")
        letters = [column_letter(n) for n in range(1, len(headers) + 1)]
        ids = {column: self._style(style) for column, style in sorted(styles.items())} if rows else {}
        for number, row in enumerate(rows, 2):
            parts.append(f'<row r="{number}">')
            parts += [_cell(f"{letters[n]}{number}", value, ids.get(n, 0)) for n, value in enumerate(row)]
            parts.append("</row>")
        parts.append(f'</sheetData><autoFilter ref="A1:{last}"/>')
        if highlights:
            parts.append(self._conditional(highlights))
        parts.append(_PAGE_MARGINS)
        self.sheets.append((title, "".join(parts)))
        self.filters.append(last)

    def _style(self, style: str) -> int:
        """A style's number: openpyxl numbers styles in the order cells first use them."""
        if style not in self.styles:
            self.styles.append(style)
        return self.styles.index(style)

    def _title(self, title: str) -> str:
        if not title:
            raise ValueError("Title must have at least one character")
        found = _INVALID_TITLE.search(title)
        if found:
            raise ValueError(f"Invalid character {found.group(0)} found in sheet title")
        return _distinct(title, [name for name, _xml in self.sheets])

    def _conditional(self, highlights: tuple[Highlight, ...]) -> str:
        rules = []
        for highlight in highlights:
            self.highlights.append(highlight.fill)
            number = len(self.highlights)
            rules.append(
                f'<cfRule type="expression" priority="{number}" dxfId="{number - 1}" stopIfTrue="1">'
                f"<formula>{_escape(highlight.formula)}</formula></cfRule>"
            )
        return f'<conditionalFormatting sqref="{highlights[0].area}">{"".join(rules)}</conditionalFormatting>'

    def xlsx(self, created: datetime, creator: str) -> bytes:
        """The workbook file; every member dated `created`, so the bytes depend on the content only."""
        count = len(self.sheets)
        members = [
            ("docProps/app.xml", _APP),
            ("docProps/core.xml", _core(created, creator)),
            ("xl/theme/theme1.xml", files("planner.data").joinpath("xlsx-theme.xml").read_text(encoding="utf-8")),
            *((f"xl/worksheets/sheet{n}.xml", xml) for n, (_title, xml) in enumerate(self.sheets, 1)),
            ("xl/styles.xml", self._styles_xml()),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", self._workbook_xml()),
            ("xl/_rels/workbook.xml.rels", _workbook_rels(count)),
            ("[Content_Types].xml", _content_types(count)),
        ]
        out = io.BytesIO()
        stamp = (created.year, created.month, created.day, 0, 0, 0)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, text in members:
                member = zipfile.ZipInfo(name, date_time=stamp)
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = 0o644 << 16
                # lxml wrote the sheets in ASCII (anything else as &#N;), the other parts in UTF-8
                data = text.encode("ascii", "xmlcharrefreplace") if name.startswith("xl/worksheets/") else text.encode()
                target.writestr(member, data)
        return out.getvalue()

    def _styles_xml(self) -> str:
        formats = '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' if DATE in self.styles else '<numFmts count="0"/>'
        xfs = "".join(_XF[style] for style in self.styles)
        dxfs = "".join(f'<dxf><fill><patternFill patternType="solid"><fgColor rgb="00{fill}"/></patternFill></fill></dxf>' for fill in self.highlights)
        return (
            f'<styleSheet xmlns="{_MAIN}">{formats}<fonts count="2"><font><name val="Calibri"/><family val="2"/>'
            '<color theme="1"/><sz val="11"/><scheme val="minor"/></font><font><b val="1"/></font></fonts>'
            '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="00{HEADER_FILL}"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(self.styles)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
            + (f'<dxfs count="{len(self.highlights)}">{dxfs}</dxfs>' if dxfs else "")
            + '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
            f"<colors><indexedColors>{_INDEXED_COLOURS}</indexedColors></colors></styleSheet>"
        )

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet xmlns:r="{_RELATIONSHIPS}" name="{_attribute(title)}" sheetId="{n}" state="visible" r:id="rId{n}"/>'
            for n, (title, _xml) in enumerate(self.sheets, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{_escape(_quoted(title))}!{_absolute(last)}</definedName>"
            for n, ((title, _xml), last) in enumerate(zip(self.sheets, self.filters))
        )
        return (
            f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/><bookViews><workbookView visibility="visible" '
            'minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" tabRatio="600" '
            f'firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )


def column_letter(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any, style: int) -> str:
    styled = f' s="{style}"' if style else ""
    if isinstance(value, str):
        value = value[:MAX_TEXT]
        if _ILLEGAL.search(value):
            raise ValueError(f"cannot be used in a worksheet: {value!r}")
        if not value:
            return f'<c r="{ref}"{styled} t="inlineStr"></c>'
        if len(value) > 1 and value.startswith("="):
            return f'<c r="{ref}"{styled}><f>{_escape(value[1:])}</f><v></v></c>'
        if value in ERROR_CODES:
            return f'<c r="{ref}"{styled} t="e"><v>{_escape(value)}</v></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if value is None:
        return f'<c r="{ref}"{styled} t="n"></c>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{styled} t="b"><v>{value:d}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{styled} t="n"><v>{"%.16g" % value}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{styled} t="n"><v>{"%.16g" % _serial(value)}</v></c>'
    raise TypeError(f"no worksheet cell for {type(value).__name__}")


def _serial(day: date) -> float:
    """An Excel serial date, as openpyxl reckons it (the 1900 leap-year bug included)."""
    moment = day if isinstance(day, datetime) else datetime.combine(day, datetime.min.time())
    if moment.tzinfo is not None:
        raise TypeError("Excel does not support timezones in datetimes")
    days = (moment - _EPOCH).days
    if 0 < days <= 60:
        days -= 1
    return days + (moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6) / 86400


def _escape(text: str) -> str:
    """Text content as lxml writes it (ASCII output: the rest becomes &#N; when encoded)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(last: str) -> str:
    found = re.fullmatch(r"([A-Z]+)(\d+)", last)
    assert found, last
    return f"$A$1:${found.group(1)}${found.group(2)}"


def _distinct(title: str, titles: list[str]) -> str:
    """openpyxl's rule for a repeated sheet title (case-insensitive): the next free number after it."""
    if not any(name.lower() == title.lower() for name in titles):
        return title
    pattern = re.compile(f"(?P<title>{re.escape(title)})(?P<count>\\d*),?", re.I)
    counts = [int(count) for _name, count in pattern.findall(",".join(titles)) if count.isdigit()]
    return f"{title}{max(counts, default=0) + 1}"


def _sheet_head(frozen: str, widths: list[float]) -> str:
    found = re.fullmatch(r"([A-Z]+)(\d+)", frozen)
    assert found and found.group(2) == "2", frozen  # a frozen header row, and maybe columns
    columns = sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(found.group(1)))) - 1
    if columns:
        pane = (
            f'<pane xSplit="{columns}" ySplit="1" topLeftCell="{frozen}" activePane="bottomRight" state="frozen"/>'
            '<selection pane="topRight"/><selection pane="bottomLeft"/>'
            '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>'
        )
    else:
        pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
    cols = "".join(f'<col width="{"%.16g" % width}" customWidth="1" min="{n}" max="{n}"/>' for n, width in enumerate(widths, 1))
    return (
        f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
        f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols>'
    )


def _core(created: datetime, creator: str) -> str:
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    terms = 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF"'
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
        f'<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">{_escape(creator)}</dc:creator>'
        f"<dcterms:created {terms}>{when}</dcterms:created><dcterms:modified {terms}>{when}</dcterms:modified>"
        "</cp:coreProperties>"
    )


def _workbook_rels(sheets: int) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [f'<Relationship Type="{kind}/worksheet" Target="/xl/worksheets/sheet{n}.xml" Id="rId{n}"/>' for n in range(1, sheets + 1)]
    rels.append(f'<Relationship Type="{kind}/styles" Target="styles.xml" Id="rId{sheets + 1}"/>')
    rels.append(f'<Relationship Type="{kind}/theme" Target="theme/theme1.xml" Id="rId{sheets + 2}"/>')
    return f'<Relationships xmlns="{_PACKAGE_RELS}">{"".join(rels)}</Relationships>'


def _content_types(sheets: int) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    overrides = [
        ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
        ("/xl/theme/theme1.xml", f"{office}.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", f"{office}.spreadsheetml.worksheet+xml") for n in range(1, sheets + 1)),
        ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
    ]
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
        + "</Types>"
    )


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PAGE_MARGINS = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application><AppVersion>3.1</AppVersion></Properties>"
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
    f'<Relationship Type="{_PACKAGE_RELS}/metadata/core-properties" Target="docProps/core.xml" Id="rId2"/>'
    f'<Relationship Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
    "</Relationships>"
)
_INDEXED_COLOURS = "".join(
    f'<rgbColor rgb="00{colour}"/>'
    for colour in (
        "000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF "
        "00FFFF 800000 008000 000080 808000 800080 008080 C0C0C0 808080 9999FF 993366 FFFFCC CCFFFF 660066 FF8080 "
        "0066CC CCCCFF 000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF "
        "FF99CC CC99FF FFCC99 3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 "
        "993300 993366 333399 333333"
    ).split()
)
