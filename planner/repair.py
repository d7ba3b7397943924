"""Source rows → one clean row of text cells per task, with a log of every repair.

The extracted PDF table has: a title line and a header repeated on every page; merged cells
left blank (they carry the value above, within one city); last rows of a page whose city
cell and empty cells were dropped so the rest slid left; a 12th column; values one column
off; wrap spaces inside words. Cells are recognised by what they hold (fields.kind_of),
never by row number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, compress
from operator import itemgetter, not_
from pathlib import Path, PurePath

from planner.columns import ColumnMap, by_content, fit_width, is_header, load_override, map_header
from planner.fields import clean, clean_departments, kind_of, mode_typo, ratio_typo
from planner.i18n import N_, _
from planner.limits import MAX_CELL_CHARS
from planner.model import Problem, Repair, quick_init
from planner.read import SourceTable
from planner.template import template_rows

FRONT = ("name", "item", "scope")
TAIL = ("ratio", "risk", "window", "lead", "partners", "mode")
# What each tail column may hold; anything else there sits in the wrong column.
ACCEPTS = {
    "ratio": {"ratio", "text"},
    "risk": {"risk", "text", "ratio"},
    "window": {"window", "text"},  # text here is a window we cannot read: reported, not moved
    "lead": {"departments", "text"},
    "partners": {"departments", "text"},
    "mode": {"mode", "text"},
}
# A blank cell in these columns is a merged cell: it carries the value above (same city).
MERGED = ("name", "scope", "ratio", "risk", "window", "lead", "partners", "mode")
COLUMN_LABELS = {
    "city": "地市", "name": "抽查任务名称", "item": "抽查事项", "scope": "抽查对象范围",
    "ratio": "抽查比例及频次", "risk": "信用风险分类要求", "window": "起止时间",
    "lead": "发起部门", "partners": "配合部门", "mode": "抽查检查模式", "extra column": N_("第12"),
}  # fmt: skip
# What a cell holds (fields.kind_of), as a repair reason names it.
KIND_LABELS = {"window": N_("起止时间"), "mode": N_("检查模式"), "risk": N_("风险要求"), "departments": N_("部门"),
               "ratio": N_("比例频次"), "text": N_("文字")}  # fmt: skip
HEADER_WORDS = ("地市", "序号", "抽查任务名称", "抽查事项")
# Any three of the header words include the first or the second: a row without the first
# character of either (spaces or not) is no header.
_HEADER_KEYS = (HEADER_WORDS[0][0], HEADER_WORDS[1][0])
_SEQ = re.compile(r"^\d{1,5}$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PROVINCE = re.compile(r"^(\w{2,7}?(?:省|自治区))(?=20\d\d)")
# The places a plan's title opens with (after its year, if the year comes first):
# 长治市2024年度…, 亳州市市场监管领域2024年度…, 2023年度上海市嘉定区市场监管领域…计划
_TITLE_YEAR = re.compile(r"^[\W]*20\d\d\s*年度?")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:自治区|省|市|区|县|旗)")
# The bureau that issued its own plan, as a title or 计划名称 cell opens:
# 广东省市场监督管理局2020年度双随机抽查工作计划1, …局关于印发2020年度…计划的通知
_ISSUER = re.compile(r"^[\W\d]*?([\u4e00-\u9fff]{2,30}?(?:局|厅|委员会|办公室))(?:关于印发)?\s*20\d\d\s*年")
_PERCENT = re.compile(r"\d\s*[%％]")
# A plan without a window column: its tasks run all year, as the plan would write it.
WHOLE_YEAR = "全年"
_PROVINCE_LEVEL = ("省", "自治区")  # a region that is a whole province
_PLAN_WORDS = ("计划", "計劃")  # a plan's name, simplified or traditional
# The Shanxi layout: 地市 序号 then FRONT and TAIL in this order (repaired by the rules below).
SHANXI = ("city", "seq", *FRONT, *TAIL)


@quick_init
@dataclass(frozen=True)
class RepairedRow:
    line: int
    cells: dict[str, str]  # city, seq and every FRONT/TAIL column, cleaned
    repairs: tuple[Repair, ...]


@dataclass(frozen=True)
class RepairedTable:
    name: str
    year: int | None
    province: str  # from the title line; "" when there is none
    rows: tuple[RepairedRow, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[Repair, ...]  # title and repeated headers, so the audit can show them
    columns: ColumnMap | None = None  # which column holds which field
    region: str = ""  # a single-region plan's city, district or county ("" with a 地市 column)
    region_source: str = ""  # where the region was taken from: --region, a title or the file name


def find_columns(table: SourceTable, override: Path | None = None) -> ColumnMap | None:
    """The column map of the table's first header row; None when it has none."""
    for index, source in enumerate(table.rows[:200]):
        cells = tuple(c.strip() for c in source.cells)
        if is_header(cells):
            columns = map_header(cells, source.line)
            sample = [tuple(r.cells) for r in table.rows[index + 1 : index + 201]]
            columns = by_content(fit_width(columns, sample, kind_of), sample, kind_of)
            return load_override(override, columns) if override else columns
    return None


def repair_table(table: SourceTable, *, region: str | None = None, columns: Path | None = None,
                 header: ColumnMap | None = None) -> RepairedTable:
    """Every task row of the table, cells in their columns and merged cells filled. `header`:
    the table's column map as find_columns gives it without `columns`, when the caller has it."""
    if header is None:
        found = find_columns(table, columns)
    else:
        found = load_override(columns, header) if columns else header
    if found is not None and not _is_shanxi(found):
        return _repair_template(table, found, region)
    repaired = _repair_shanxi(table)
    return RepairedTable(repaired.name, repaired.year, repaired.province, repaired.rows, repaired.problems, repaired.skipped, found)


def _is_shanxi(columns: ColumnMap) -> bool:
    return all(columns.fields.get(name) == index for index, name in enumerate(SHANXI))


def _repair_template(table: SourceTable, columns: ColumnMap, region: str | None) -> RepairedTable:
    """A plan in another template: rows by the column map, one region unless it has 地市."""
    before = [s for s in table.rows if s.line < columns.header_line]
    after = [(s.line, list(s.cells)) for s in table.rows if s.line > columns.header_line]
    titles = [" ".join(c.strip() for c in s.cells if c.strip()) for s in before]
    year = next((y for y in (_year_in([t]) for t in titles) if y), None)
    province = next((p for p in (_province_in([t]) for t in titles) if p), "")
    skipped = [_skip(s.line, "title", _("表头之前的标题和说明")) for s in before if any(c.strip() for c in s.cells)]
    skipped.append(_skip(columns.header_line, "header", _("表头")))
    chosen, source = _region(table.name, titles, region)
    if "city" in columns.fields:
        chosen = ""
    else:
        skipped.append(Repair(columns.header_line, "region", "city", "", chosen,
                              _("没有地市列：全表属于一个地区，取自{source}").format(source=source)))
    merged = {s.line: None if s.cut_above else s.merged_above for s in table.rows if s.line > columns.header_line} if table.merges_known else None
    rows, problems, more = template_rows(after, columns, chosen, merged=merged)
    raw = dict(after)
    repaired = []
    for line, cells, repairs in rows:
        extra = list(repairs)
        if "window" not in columns.fields:
            cells["window"] = WHOLE_YEAR
            extra.append(Repair(line, "default-window", "window", "", WHOLE_YEAR, _("计划没有起止时间列：全年")))
        unused = [c for i, c in enumerate(raw.get(line, [])) if i not in columns.fields.values()]
        extra.extend(_missing_columns(line, cells, columns, unused, titles))
        repaired.append(RepairedRow(line, cells, tuple(extra)))
    return RepairedTable(table.name, year, province or (chosen if chosen.endswith(_PROVINCE_LEVEL) else "") or chosen,
                         tuple(repaired), tuple(problems), tuple(skipped + more), columns, chosen, "" if "city" in columns.fields else source)


def _missing_columns(line: int, cells: dict[str, str], columns: ColumnMap, unused: list[str], titles: list[str]) -> list[Repair]:
    """A bureau's own plan often has no 发起部门 or 抽查比例 column: the lead is the bureau that
    issued the plan (named in the row's 计划名称 or a title), a ratio written in the scope is read."""
    repairs = []
    if "lead" not in columns.fields and not cells["lead"]:
        found = next(((m.group(1), t) for t in [*unused, *titles] if any(word in t for word in _PLAN_WORDS) and (m := _ISSUER.match(clean(t)))), None)
        if found:
            cells["lead"] = found[0]
            repairs.append(Repair(line, "default-lead", "lead", "", found[0],
                                  _("计划没有发起部门列：取发布计划的机关（“{title}…”）").format(title=found[1][:20])))
    if "ratio" not in columns.fields and not cells["ratio"] and _PERCENT.search(cells["scope"]):
        cells["ratio"] = cells["scope"]
        repairs.append(Repair(line, "ratio-in-scope", "ratio", "", cells["scope"], _("计划没有抽查比例列：比例写在抽查对象范围里")))
    return repairs


def _region(name: str, titles: list[str], given: str | None) -> tuple[str, str]:
    if given:
        return given, "--region"
    for title in titles:
        place = _place_in_title(title)
        if place:
            return place, _("标题“{title}…”").format(title=title[:16])
    return PurePath(name.removesuffix(" (embedded)")).stem, _("文件名")


def _place_in_title(title: str) -> str:
    """The most specific place a plan title opens with ("上海市嘉定区" → 嘉定区); "" if none.
    Only a title that names a year and a plan (…年…计划) counts."""
    if "计划" not in title or not _YEAR.search(title):
        return ""
    text = re.sub(r"^[\W]+", "", _TITLE_YEAR.sub("", title.strip()))
    places = []
    while match := _PLACE.match(text):
        if match.group(0).startswith(("市场", "区域")):
            break
        places.append(match.group(0))
        text = text[match.end() :]
    return places[-1] if places and (_YEAR.match(text) or text.startswith(("市场监管", "市场监督", "部门联合", "本级", "市直", "年度"))) else ""


def _repair_shanxi(table: SourceTable) -> RepairedTable:
    """The Shanxi 地市 template, repaired by the rules this module describes."""
    year, province, rows, problems, skipped = None, "", [], [], []
    taken: list[frozenset[str]] = []  # the fields each row took from the row above (its merged-cell repairs)
    above: dict[str, str] = {}
    header_seen = page_top = False
    for source in table.rows:
        cells = list(map(str.strip, source.cells))
        if not any(cells):
            continue
        if max(map(len, cells)) > MAX_CELL_CHARS:  # a broken export, not plan text: report it, keep the rows below
            too_long = next(c for c in cells if len(c) > MAX_CELL_CHARS)
            problems.append(Problem(source.line, _("某格有 {chars} 个字符，超过 {limit}").format(chars=len(too_long), limit=MAX_CELL_CHARS),
                                    too_long[:40] + "…"))
            continue
        if _is_header(cells):
            header_seen = page_top = True
            skipped.append(_skip(source.line, "header", _("每页重复的表头")))
            continue
        seq_at = _seq_index(cells)
        if seq_at is None:
            year = year or _year_in(cells)
            province = province or _province_in(cells)
            if not header_seen and sum(1 for c in cells if c) == 1:
                skipped.append(_skip(source.line, "title", _("标题行")))
            else:
                problems.append(Problem(source.line, _("本行没有序号"), " | ".join(c for c in cells if c)[:80]))
                if len(cells) > 2 and sum(1 for c in cells if c) >= 4:
                    # a task row with an unreadable 序号: the rows below still inherit its city and
                    # merged cells, rather than the city above it
                    above = dict(_repair_row(source.line, cells, 1, above)[0].cells)
            continue
        merged = _merged_fields(source.merged_above, page_top or source.cut_above) if table.merges_known else None
        row, took = _repair_row(source.line, cells, seq_at, above, merged)
        above = row.cells  # read, never changed: a row's cells are a new dict
        page_top = False
        rows.append(row)
        taken.append(took)
    return RepairedTable(table.name, year, province, tuple(_unsupported_names(*_printed_mid_block(rows, taken))), tuple(problems), tuple(skipped))


# Fields whose merged text the PDF may print in the middle of its block rather than its first row.
MID_BLOCK = ("name", "lead")
# Two-character pieces too common in task texts to tell two tasks apart.
_COMMON = frozenset("检查 抽查 随机 双随 的检 机抽 情况 况的 的双 查检 对全 全市 市对 监督 督检 企业 单位 经营 营情 辖区 区内".split())


def _printed_mid_block(rows: list[RepairedRow], merged: list[frozenset[str]]) -> tuple[list[RepairedRow], list[frozenset[str]]]:
    """A blank name or lead took the value above, but the next row has its own value which the
    row after it carries on: that value may be its block's text printed mid-block, with this
    row the block's first. The row's own words decide: it joins the block below when its own
    name, item and scope share clearly more with the rows below than with the row above, or
    when its partners are those of the block below and not of the row above. When its words
    only lean below, it keeps the value above and is flagged (ambiguous-merge), never guessed.
    `merged`, and what it returns beside the rows: the fields each row took from above (its merged-cell repairs)."""
    result = list(rows)
    merged_after = list(merged)
    for i in range(1, len(rows) - 2):
        if _MID_OR_NAME.isdisjoint(merged[i]):
            continue  # neither name nor lead took the value above: nothing printed mid-block here
        row, before, after, beyond = rows[i], rows[i - 1], rows[i + 1], rows[i + 2]
        city = row.cells["city"]
        if not before.cells["city"] == city == after.cells["city"] == beyond.cells["city"]:
            continue
        shares: tuple[float, float] | None = None  # the row's words shared above and below: the same for name and lead
        for name in MID_BLOCK:
            if not (name in merged[i] and name not in merged[i + 1] and name in merged[i + 2]):
                continue
            if after.cells[name] == row.cells[name]:
                continue
            if shares is None:
                own = _pairs("".join(row.cells[f] for f in FRONT if f not in merged[i]))
                shares = _shared(own, before), max(_shared(own, after), _shared(own, beyond))
            above, below = shares
            partners = (
                "partners" not in merged[i] and "partners" not in merged[i + 1]
                and row.cells["partners"] == after.cells["partners"] == beyond.cells["partners"] != before.cells["partners"]
            )  # fmt: skip
            current = result[i]
            if below > above + 0.15 or (partners and below >= above):
                cells = {**current.cells, name: after.cells[name]}
                repair = Repair(row.line, "merged-cell-below", name, current.cells[name], after.cells[name],
                                _("合并单元格的字印在块中间：本行内容属于下一块，取下一行的值"))
                kept = tuple(r for r in current.repairs if not (r.kind == "merged-cell" and r.field == name))
                result[i] = RepairedRow(current.line, cells, (*kept, repair))
                merged_after[i] = _merged_names(result[i])
            elif below > above:
                repair = Repair(row.line, "ambiguous-merge", name, after.cells[name], current.cells[name],
                                _("合并单元格可能属于下一块（第{line}行“{text}”）：暂按上一行，请核对").format(
                                    line=after.line, text=after.cells[name][:16]))
                result[i] = RepairedRow(current.line, current.cells, (*current.repairs, repair))
    return result, merged_after


def _unsupported_names(rows: list[RepairedRow], merged: list[frozenset[str]]) -> list[RepairedRow]:
    """A blank name took the block's name above, yet the row's own item and scope share no word
    with that name nor with any row of the block: the name may belong to another task (the PDF
    printed it elsewhere). Nothing says which, so the row keeps it and is flagged (ambiguous-merge)."""
    result = list(rows)
    for i, row in enumerate(rows):
        if "name" not in merged[i] or any(r.kind == "ambiguous-merge" and r.field == "name" for r in row.repairs):
            continue
        own = _pairs(row.cells["item"] + row.cells["scope"])
        if not own or own & _pairs(row.cells["name"]) or any(own & _pairs(r.cells["item"] + r.cells["scope"]) for r in _block_above(rows, i, "name")):
            continue
        repair = Repair(row.line, "ambiguous-merge", "name", "", row.cells["name"],
                        _("合并单元格沿用了上面的任务名称，但本行的事项和对象与它及同块各行都没有共同的词：名称可能属于别的任务，请核对"))
        result[i] = RepairedRow(row.line, row.cells, (*row.repairs, repair))
    return result


def _block_above(rows: list[RepairedRow], i: int, name: str) -> Iterator[RepairedRow]:
    """The rows above row i of its city that carry the same value of `name` (its merged block), nearest first."""
    city, value = rows[i].cells["city"], rows[i].cells[name]
    for j in range(i - 1, -1, -1):
        above = rows[j]
        if above.cells["city"] != city or above.cells[name] != value:
            break
        yield above


_MID_OR_NAME = frozenset(MID_BLOCK)


def _merged_names(row: RepairedRow) -> frozenset[str]:
    """The fields of the row that took the value above (merged-cell repairs)."""
    return frozenset(r.field for r in row.repairs if r.kind == "merged-cell")


def _shared(own: frozenset[str], other: RepairedRow) -> float:
    """The share of a row's own words (`own`: the pairs of the name, item and scope it wrote itself)
    that the other row also has."""
    cells = other.cells
    return len(own & _pairs("".join(map(cells.__getitem__, FRONT)))) / max(1, len(own))


@functools.lru_cache(maxsize=4096)  # a merged block's texts are compared with each of its rows
def _pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) - _COMMON


def has_header(table: SourceTable) -> bool:
    return find_columns(table) is not None


def _is_header(cells: list[str]) -> bool:
    text = "".join(cells)
    if _HEADER_KEYS[0] not in text and _HEADER_KEYS[1] not in text:
        return False
    text = text.replace(" ", "")
    return sum([word in text for word in HEADER_WORDS]) >= 3


def _seq_index(cells: list[str]) -> int | None:
    for index in (1, 0):
        if index < len(cells) and _SEQ.match(cells[index]):
            if index == 0 or not cells[0] or not _SEQ.match(cells[0]):
                return index
    return None


def _year_in(cells: list[str]) -> int | None:
    match = _YEAR.search("".join(cells))
    return int(match.group(1)) if match else None


def _province_in(cells: list[str]) -> str:
    match = _PROVINCE.match("".join(cells).strip())
    return match.group(1) if match else ""


def _in_column(where: str, text: str) -> str:
    """A moved cell's text as it was, with the column it sat in: its header name (the plan's own
    word, never translated), or the 12th column the template does not have."""
    label = _(COLUMN_LABELS[where]) if where == "extra column" else COLUMN_LABELS.get(where, where)
    return _("{column}列: {text}").format(column=label, text=text)


def _skip(line: int, what: str, reason: str) -> Repair:
    return Repair(line, "skipped-line", what, "", "", reason)


def _merged_fields(columns: frozenset[int], cut: bool) -> frozenset[str] | None:
    """The fields a file that knows its merges merged into the row above; None: any blank
    may be merged. The first row under a repeated header or a cut in the table is such a row:
    no merge crosses it, but a merged block may have been cut there (its text printed once)."""
    return None if cut else frozenset(SHANXI[c] for c in columns if c < len(SHANXI))


def _repair_row(line: int, cells: list[str], seq_at: int, above: dict[str, str],
                merged: frozenset[str] | None = None) -> tuple[RepairedRow, frozenset[str]]:
    """The row (its cells stripped) repaired, and the fields it took from the row above."""
    repairs: list[Repair] = []
    values = {"city": clean(cells[0]) if seq_at == 1 else "", "seq": cells[seq_at]}
    if seq_at == 0:
        repairs.append(Repair(line, "slid-row", "city", "", "", _("行首是序号：提取时丢了地市格，其余各格左移")))
    front, tail = _front_and_tail(line, cells[seq_at + 1 :], repairs)
    _clean_into(line, values, FRONT, front, _FRONT_CLEANERS, repairs)
    _place_tail(line, values, tail, above.get("lead", ""), repairs)
    if merged is None or "item" not in merged:  # a merged 抽查事项 is blank where it belongs
        _item_in_name_column(line, values, above, repairs)
    if repairs and any(r.kind in ("slid-row", "moved-cell") for r in repairs):
        merged = None  # the file's merges name its columns; these cells left theirs
    took = _fill_merged(line, values, above, repairs, merged)
    _fix_typos(line, values, repairs)
    return RepairedRow(line, values, tuple(repairs)), took


def _front_and_tail(line: int, cells: list[str], repairs: list[Repair]) -> tuple[list[str], list[str]]:
    """Name, item, scope and the rest. When the name is blank, the ratio column holds plain
    text and a ratio sits further right, the front cells were pushed one column right
    (the blank name cell came out twice): shift them back."""
    if len(cells) < 3:
        cells = cells + [""] * (3 - len(cells))
    front, tail = cells[:3], cells[3:]
    if not front[0] and tail and kind_of(tail[0]) == "text" and any(kind_of(t) == "ratio" for t in tail[1:] if t.strip()):
        repairs.append(Repair(line, "moved-cell", "name", _in_column("item", front[1]), front[1], _("前几格右移了一列：移回")))
        return [front[1], front[2], tail[0]], tail[1:]
    return front, tail


_FRONT_CLEANERS = tuple(clean for _field in FRONT)
_TAIL_CLEANERS = tuple(clean_departments if c in ("lead", "partners") else clean for c in TAIL)


def _clean_into(line: int, values: dict[str, str], fields: Sequence[str], texts: Sequence[str],
                cleaners: Sequence[Callable[[str], str]], repairs: list[Repair]) -> None:
    """Each field's text cleaned into values by the field's cleaner; a cleaning that changed the
    text is a wrap-space repair."""
    for field, text, cleaner in zip(fields, texts, cleaners):
        value = values[field] = cleaner(text)
        if value != text and value != text.strip():
            repairs.append(Repair(line, "wrap-space", field, text, value, _("删去PDF换行留下的空格")))


def _place_tail(line: int, values: dict[str, str], tail: list[str], lead_above: str, repairs: list[Repair]) -> None:
    """Put every non-empty tail cell (cells come stripped) in the column its content belongs to."""
    texts = tail[:_TAIL_WIDTH]
    # every column accepts "text", the kind of a blank cell, so blank cells pass as they are
    if any(tail[_TAIL_WIDTH:]) or not all(map(frozenset.__contains__, _TAIL_ACCEPTS, map(kind_of, texts))):
        cells = [(position, text, kind_of(text)) for position, text in enumerate(tail) if text]
        placed = _realign(line, cells, lead_above, repairs)
        texts = [placed.get(c, "") for c in TAIL]
    elif len(texts) < _TAIL_WIDTH:  # every cell sits in its column
        texts += [""] * (_TAIL_WIDTH - len(texts))
    _clean_into(line, values, TAIL, texts, _TAIL_CLEANERS, repairs)


_TAIL_WIDTH = len(TAIL)
_TAIL_ACCEPTS = tuple(frozenset(ACCEPTS[c]) for c in TAIL)


def _realign(line: int, cells: list[tuple[int, str, str]], lead_above: str, repairs: list[Repair]) -> dict[str, str]:
    """Cells that slid keep their order: choose the in-order placement that fits every cell's
    kind and moves cells least. A lone department list is the partners (its blank lead is a
    merged cell), unless it repeats the lead above, which makes it the lead."""
    departments = [text for _, text, kind in cells if kind == "departments"]
    lone_column = None
    if len(departments) == 1:
        lone_column = "lead" if clean(departments[0]) == clean(lead_above) else "partners"
    best: tuple[int, tuple[int, ...]] | None = None
    for columns in combinations(range(len(TAIL)), len(cells)):
        if not all(kind in ACCEPTS[TAIL[c]] for c, (_, _, kind) in zip(columns, cells)):
            continue
        cost = sum(abs(c - p) for c, (p, _, _) in zip(columns, cells))
        cost += sum(10 for c, (_, _, kind) in zip(columns, cells) if kind == "departments" and lone_column and TAIL[c] != lone_column)
        if best is None or cost < best[0]:
            best = (cost, columns)
    if best is None:
        return _place_by_kind(line, cells, repairs)
    placed = {}
    for column, (position, text, _kind) in zip(best[1], cells):
        placed[TAIL[column]] = text
        if column != position:
            where = TAIL[position] if position < len(TAIL) else "extra column"
            repairs.append(Repair(line, "moved-cell", TAIL[column], _in_column(where, text), text,
                                  _("本行各格错位：按内容和顺序归列")))
    return placed


def _place_by_kind(line: int, cells: list[tuple[int, str, str]], repairs: list[Repair]) -> dict[str, str]:
    """No in-order placement fits: keep what sits well, send the rest to its kind's column."""
    placed: dict[str, str] = {}
    for position, text, kind in cells:
        where = TAIL[position] if position < len(TAIL) else "extra column"
        target = where if where in ACCEPTS and kind in ACCEPTS[where] and where not in placed else None
        target = target or next((c for c in TAIL if kind in ACCEPTS[c] and c not in placed), None)
        if target is None:
            repairs.append(Repair(line, "unplaced-cell", where, text, "",
                                  _("{kind}无处可放，未采用，请人工核对").format(kind=_(KIND_LABELS[kind]))))
            continue
        placed[target] = text
        if target != where:
            repairs.append(Repair(line, "moved-cell", target, _in_column(where, text), text, _("按内容归列")))
    return placed


def _item_in_name_column(line: int, values: dict[str, str], above: dict[str, str], repairs: list[Repair]) -> None:
    # The item is never merged; a blank item under a filled name means the (merged, blank)
    # name cell was dropped and the item slid into the name column.
    if values["item"] or not values["name"]:
        return
    values["item"], values["name"] = values["name"], ""
    repairs.append(Repair(line, "moved-cell", "item", _in_column("name", values["item"]), values["item"],
                          _("事项空而名称有字：事项左移到了名称列")))
    if not above.get("name"):
        values["name"] = values["item"]


def _fill_merged(line: int, values: dict[str, str], above: dict[str, str], repairs: list[Repair],
                 merged: frozenset[str] | None = None) -> frozenset[str]:
    """Blank cells take the value above: every blank of a text table (its merges are lost),
    only the cells the file merged when it knows (`merged`), the 抽查事项 among them. A task
    never lacks a city: a blank one is the city above, merged or not. Returns the fields filled."""
    took = []
    if not values["city"] and above.get("city"):
        values["city"] = above["city"]
        took.append("city")
        repairs.append(Repair(line, "merged-cell", "city", "", values["city"], _("地市只写在每页第一行")))
    if above.get("city") == values["city"]:  # no merged cell crosses into another city
        fields = MERGED if merged is None else tuple(f for f in (*MERGED, "item") if f in merged)
        reason = ""
        blank = map(not_, _MERGED_VALUES(values) if merged is None else [values[f] for f in fields])
        for field in compress(fields, blank):  # the blank ones, picked in C
            value = above.get(field)
            if value:
                values[field] = value
                took.append(field)
                reason = reason or _("合并单元格留空：取上一行的值")
                repairs.append(Repair(line, "merged-cell", field, "", value, reason))
    if not values["item"]:
        values["item"] = values["name"]
        repairs.append(Repair(line, "default-item", "item", "", values["item"], _("未写抽查事项：以任务名称代替")))
    return frozenset(took) if took else _NONE_TAKEN


_MERGED_VALUES = itemgetter(*MERGED)
_NONE_TAKEN: frozenset[str] = frozenset()


def _fix_typos(line: int, values: dict[str, str], repairs: list[Repair]) -> None:
    for field, fix in _TYPO_FIXES:
        fixed = fix(values[field])
        if fixed is not None:
            repairs.append(Repair(line, "typo", field, values[field], fixed, _("明显笔误，已更正")))
            values[field] = fixed


_TYPO_FIXES = (("mode", mode_typo), ("ratio", ratio_typo))
