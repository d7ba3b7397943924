"""Which column of a plan table holds which field: by the header's words, else by the cells.

Every province, city and county writes its own header. The vocabulary below was built from
real plans (Shanxi's 地市 template, Changzhi's 市直 table, Anhui's 一业一查 tables from
Wuwei and Bozhou, Jiangxi's Shanggao, Guangdong's Yangjiang and Doumen). A header cell is
compared without spaces, line breaks and bracketed notes, in simplified characters, so
`抽查比例 及频次` and `智慧监管（信用风险分类）要求` still match. A column whose header is new is
judged by what its cells hold; a `--columns MAP.toml` overrides both.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from planner.errors import ConfigError
from planner.i18n import _

# Fields a task is built from, in the order of the Shanxi template.
FIELDS = ("city", "seq", "name", "item", "scope", "ratio", "risk", "window", "lead", "partners", "mode", "frequency", "count", "notes")
FIELD_LABELS = {
    "city": "地市", "seq": "序号", "name": "抽查任务名称", "item": "抽查事项", "scope": "抽查对象范围",
    "ratio": "抽查比例", "risk": "信用风险分类要求", "window": "起止时间", "lead": "发起部门",
    "partners": "配合部门", "mode": "抽查检查模式", "frequency": "抽查频次", "count": "抽查数量",
    "notes": "备注",
}  # fmt: skip
# Header words per field, best first: an earlier word wins a contested field.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "city": ("地市", "设区市", "市州", "城市", "地区"),
    "seq": ("序号", "抽查计划编号", "计划编号", "编号"),
    "name": ("抽查任务名称", "任务名称", "年度计划名称", "计划名称", "抽查任务", "抽查领域"),
    "item": ("抽查事项", "检查事项", "检查内容", "抽查内容"),
    "scope": ("抽查对象范围", "抽查对象", "检查对象", "联查对象", "抽查范围", "对象范围"),
    "ratio": ("抽查比例及频次", "抽查比例及频率", "抽查比例", "比例"),
    "frequency": ("抽查频次", "抽查频率", "频次"),
    "count": ("抽查数量", "大约抽取的检查对象数量", "抽查对象数量", "抽取数量"),
    "risk": ("智慧监管要求", "信用风险分类要求", "智慧监管", "信用风险分类"),
    "window": ("抽查检查起止时间", "起止时间", "实施时间", "时间安排", "计划开展时间", "抽查时间",
               "检查时间", "实施抽查时间段", "抽取日期", "完成时限", "抽查时限"),
    "lead": ("发起部门", "牵头部门", "发起单位", "牵头单位", "实施单位"),
    "partners": ("配合部门", "参与部门", "联查部门", "配合单位", "参与单位", "联合部门"),
    "mode": ("抽查检查模式", "实施层级", "抽查层级", "检查模式", "抽查模式"),
    "notes": ("备注", "说明"),  # read for a frequency ("每季度开展一次"), nothing else
}  # fmt: skip
_BRACKETS = re.compile(r"\([^()]*\)")
# Traditional spellings some pages are served in (mirrors convert whole sites).
_TRADITIONAL = str.maketrans("務稱發對範圍檢查項時間門頻層級實點聯參與組單號編計劃類備註區縣", "务称发对范围检查项时间门频层级实点联参与组单号编计划类备注区县")


@dataclass(frozen=True)
class ColumnMap:
    """field → column index (0-based), the header line, and what each column was matched by."""

    fields: dict[str, int]
    header_line: int
    headers: tuple[str, ...]
    how: dict[str, str]  # field → what matched it (header, cell contents, --columns), in the run's language

    def unused(self) -> tuple[int, ...]:
        used = set(self.fields.values())
        return tuple(i for i, h in enumerate(self.headers) if i not in used and h.strip())


def header_key(text: str) -> str:
    """A header cell as compared: NFKC, simplified, without spaces and bracketed notes."""
    key = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    key = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\)", "", key)  # pinyin a mirror printed after each character
    key = re.sub(r"\s+", "", key)
    while _BRACKETS.search(key):
        key = _BRACKETS.sub("", key)
    return key


def field_of(header: str) -> tuple[str, int] | None:
    """(field, rank) of a header cell: exact word first, then the longest word it contains."""
    key = header_key(header)
    if not key or len(key) > 16:  # a header is a few words; longer cells are data
        return None
    best: tuple[int, int, str, int] | None = None  # (exact, length, field, rank)
    for field, words in VOCABULARY.items():
        for rank, word in enumerate(words):
            if key == word or (word in key and len(word) >= 2):
                score = (1 if key == word else 0, len(word), field, -rank)
                if best is None or score[:2] > best[:2]:
                    best = score
    return (best[2], -best[3]) if best else None


def is_header(cells: list[str] | tuple[str, ...]) -> bool:
    found = {f[0] for f in (field_of(c) for c in cells if c.strip()) if f}
    return len(found) >= 3 and bool(found & {"seq", "name", "item"})


def map_header(cells: tuple[str, ...], line: int) -> ColumnMap:
    """Each field to the column whose header names it best; a field only once."""
    claims: list[tuple[int, int, int, str]] = []  # (exactness, -rank, column, field)
    for index, text in enumerate(cells):
        found = field_of(text)
        if found:
            exact = 1 if header_key(text) in VOCABULARY[found[0]] else 0
            claims.append((exact, -found[1], index, found[0]))
    fields: dict[str, int] = {}
    for _exact, _rank, index, field in sorted(claims, key=lambda c: (-c[0], -c[1], c[2])):
        if field not in fields and index not in fields.values():
            fields[field] = index
    return ColumnMap(fields, line, tuple(cells), dict.fromkeys(fields, _("表头")))


def by_content(columns: ColumnMap, rows: list[tuple[str, ...]], kind_of: object) -> ColumnMap:
    """Fields the header did not name, from unused columns whose cells mostly hold that kind.

    A column of department lists becomes the lead when there is none, else the partners;
    windows, ratios and modes go to their fields. When the header names partners but no
    lead, the partners column is the plan's only department column: it is the lead.
    """
    classify = kind_of if callable(kind_of) else None
    fields, how = dict(columns.fields), dict(columns.how)
    if "lead" not in fields and "partners" in fields:
        fields["lead"] = fields.pop("partners")
        how["lead"] = _("表头（唯一的部门列作发起部门）")
        how.pop("partners", None)
    for index in columns.unused():
        cells = [r[index] for r in rows if index < len(r) and r[index].strip()]
        if not cells or classify is None:
            continue
        kind, n = Counter(classify(c) for c in cells).most_common(1)[0]
        if n * 2 <= len(cells):
            continue
        field = {"window": "window", "ratio": "ratio", "mode": "mode", "risk": "risk"}.get(kind)
        if kind == "departments":
            field = "lead" if "lead" not in fields else "partners"
        if field and field not in fields:
            fields[field] = index
            how[field] = _("内容")
    return ColumnMap(fields, columns.header_line, columns.headers, how)


_SCORED_KINDS = {"window": "window", "lead": "departments", "partners": "departments", "ratio": "ratio", "mode": "mode"}


def fit_width(columns: ColumnMap, rows: list[tuple[str, ...]], kind_of: object) -> ColumnMap:
    """When the data rows are wider than the header (a header cell spanning two columns, as
    `是否跨部门联合抽查` over 是 | 否), the columns after the spanning cell sit further right:
    choose the cell after which the header shifts so that the cells fit their fields best."""
    classify = kind_of if callable(kind_of) else None
    widths = Counter(len(r) for r in rows if sum(1 for c in r if c.strip()) >= 3)
    if not widths or classify is None:
        return columns
    width = widths.most_common(1)[0][0]
    extra = width - len(columns.headers)
    if extra <= 0:
        return columns
    data = [r for r in rows if len(r) == width]

    def score(split: int) -> int:
        total = 0
        for name, index in columns.fields.items():
            at = index if index < split else index + extra
            for cells in data:
                cell = cells[at].strip()
                if name == "seq":
                    total += cell.isdigit()
                elif name in _SCORED_KINDS:
                    total += bool(cell) and classify(cell) == _SCORED_KINDS[name]
                elif name in ("name", "item", "scope"):
                    total += len(cell) >= 2
        return total

    split = max(range(len(columns.headers) + 1), key=lambda p: (score(p), p))  # ties: no shift, else latest
    if split == len(columns.headers):
        return columns
    fields = {name: (i if i < split else i + extra) for name, i in columns.fields.items()}
    headers = (*columns.headers[:split], *("",) * extra, *columns.headers[split:])
    shifted = _("{how}，右移{count}列（按内容对齐）")
    how = {name: (shifted.format(how=h, count=extra) if fields[name] != columns.fields[name] else h) for name, h in columns.how.items()}
    return ColumnMap(fields, columns.header_line, headers, how)


def load_override(path: Path, columns: ColumnMap) -> ColumnMap:
    """`--columns MAP.toml`: `field = "header text"` or `field = 3` (1-based column)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(_("找不到列映射文件"), file=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_("不是有效的 TOML 列映射：{error}").format(error=exc), file=str(path)) from None
    table = data.get("columns", data)
    fields, how = dict(columns.fields), dict(columns.how)
    keys = [header_key(h) for h in columns.headers]
    for field, where in table.items():
        if field not in FIELDS:
            raise ConfigError(_("未知字段 {field}").format(field=repr(field)), file=str(path),
                              hint=_("可用字段：{fields}").format(fields=", ".join(FIELDS)))
        if isinstance(where, int) and not isinstance(where, bool):
            index = where - 1
        elif isinstance(where, str) and header_key(where) in keys:
            index = keys.index(header_key(where))
        elif where == "" or where is False:
            fields.pop(field, None)
            how.pop(field, None)
            continue
        else:
            raise ConfigError(_("{field}：表头里没有 {where} 列").format(field=field, where=repr(where)), file=str(path))
        if not 0 <= index < len(columns.headers):
            raise ConfigError(_("{field}：第 {where} 列超出表头").format(field=field, where=where), file=str(path))
        for other in [f for f, i in fields.items() if i == index]:
            fields.pop(other)
            how.pop(other, None)
        fields[field] = index
        how[field] = "--columns"
    return ColumnMap(fields, columns.header_line, columns.headers, how)
