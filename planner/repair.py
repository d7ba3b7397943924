"""Source rows → one clean row of text cells per task, with a log of every repair.

The extracted PDF table has: a title line and a header repeated on every page; merged cells
left blank (they carry the value above, within one city); last rows of a page whose city
cell and empty cells were dropped so the rest slid left; a 12th column; values one column
off; wrap spaces inside words. Cells are recognised by what they hold (fields.kind_of),
never by row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from planner.fields import clean, clean_departments, kind_of, mode_typo, ratio_typo
from planner.limits import MAX_CELL_CHARS
from planner.model import Problem, Repair
from planner.read import SourceTable

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
    "lead": "发起部门", "partners": "配合部门", "mode": "抽查检查模式", "extra column": "第12",
}  # fmt: skip
KIND_LABELS = {"window": "起止时间", "mode": "检查模式", "risk": "风险要求", "departments": "部门",
               "ratio": "比例频次", "text": "文字"}  # fmt: skip
HEADER_WORDS = ("地市", "序号", "抽查任务名称", "抽查事项")
_SEQ = re.compile(r"^\d{1,5}$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PROVINCE = re.compile(r"^(\w{2,7}?(?:省|自治区))(?=20\d\d)")


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


def repair_table(table: SourceTable) -> RepairedTable:
    """Every task row of the table, cells in their columns and merged cells filled."""
    year, province, rows, problems, skipped = None, "", [], [], []
    above: dict[str, str] = {}
    header_seen = False
    for source in table.rows:
        cells = [c.strip() for c in source.cells]
        if not any(cells):
            continue
        too_long = next((c for c in cells if len(c) > MAX_CELL_CHARS), None)
        if too_long is not None:  # a broken export, not plan text: report it, keep the rows below
            problems.append(Problem(source.line, f"a cell of {len(too_long)} characters, more than {MAX_CELL_CHARS}", too_long[:40] + "…"))
            continue
        if _is_header(cells):
            header_seen = True
            skipped.append(_skip(source.line, "header", "每页重复的表头"))
            continue
        seq_at = _seq_index(cells)
        if seq_at is None:
            year = year or _year_in(cells)
            province = province or _province_in(cells)
            if not header_seen and sum(1 for c in cells if c) == 1:
                skipped.append(_skip(source.line, "title", "标题行"))
            else:
                problems.append(Problem(source.line, "no 序号 (task number) in this row", " | ".join(c for c in cells if c)[:80]))
                if len(cells) > 2 and sum(1 for c in cells if c) >= 4:
                    # a task row with an unreadable 序号: the rows below still inherit its city and
                    # merged cells, rather than the city above it
                    above = dict(_repair_row(source.line, cells, 1, above).cells)
            continue
        row = _repair_row(source.line, cells, seq_at, above)
        above = dict(row.cells)
        rows.append(row)
    return RepairedTable(table.name, year, province, tuple(rows), tuple(problems), tuple(skipped))


def has_header(table: SourceTable) -> bool:
    return any(_is_header([c.strip() for c in row.cells]) for row in table.rows[:200])


def _is_header(cells: list[str]) -> bool:
    text = "".join(cells).replace(" ", "")
    return sum(word in text for word in HEADER_WORDS) >= 3


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


def _skip(line: int, what: str, reason: str) -> Repair:
    return Repair(line, "skipped-line", what, "", "", reason)


def _repair_row(line: int, cells: list[str], seq_at: int, above: dict[str, str]) -> RepairedRow:
    repairs: list[Repair] = []
    values = {"city": clean(cells[0]) if seq_at == 1 else "", "seq": cells[seq_at]}
    if seq_at == 0:
        repairs.append(Repair(line, "slid-row", "city", "", "", "行首是序号：提取时丢了地市格，其余各格左移"))
    front, tail = _front_and_tail(line, cells[seq_at + 1 :], repairs)
    values.update(_cleaned(line, dict(zip(FRONT, front)), repairs))
    values.update(_place_tail(line, tail, above.get("lead", ""), repairs))
    _item_in_name_column(line, values, above, repairs)
    _fill_merged(line, values, above, repairs)
    _fix_typos(line, values, repairs)
    return RepairedRow(line, values, tuple(repairs))


def _front_and_tail(line: int, cells: list[str], repairs: list[Repair]) -> tuple[list[str], list[str]]:
    """Name, item, scope and the rest. When the name is blank, the ratio column holds plain
    text and a ratio sits further right, the front cells were pushed one column right
    (the blank name cell came out twice): shift them back."""
    cells = cells + [""] * max(0, 3 - len(cells))
    front, tail = cells[:3], cells[3:]
    if not front[0] and tail and kind_of(tail[0]) == "text" and any(kind_of(t) == "ratio" for t in tail[1:] if t.strip()):
        repairs.append(Repair(line, "moved-cell", "name", f"抽查事项列: {front[1]}", front[1], "前几格右移了一列：移回"))
        return [front[1], front[2], tail[0]], tail[1:]
    return front, tail


def _cleaned(line: int, raw: dict[str, str], repairs: list[Repair]) -> dict[str, str]:
    result = {}
    for field, text in raw.items():
        result[field] = clean_departments(text) if field in ("lead", "partners") else clean(text)
        if result[field] != text.strip():
            repairs.append(Repair(line, "wrap-space", field, text, result[field], "删去PDF换行留下的空格"))
    return result


def _place_tail(line: int, tail: list[str], lead_above: str, repairs: list[Repair]) -> dict[str, str]:
    """Put every non-empty tail cell in the column its content belongs to."""
    cells = [(position, text, kind_of(text)) for position, text in enumerate(tail) if text.strip()]
    if all(p < len(TAIL) and kind in ACCEPTS[TAIL[p]] for p, _, kind in cells):
        placed = {TAIL[p]: text for p, text, _ in cells}
    else:
        placed = _realign(line, cells, lead_above, repairs)
    return _cleaned(line, {c: placed.get(c, "") for c in TAIL}, repairs)


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
            repairs.append(Repair(line, "moved-cell", TAIL[column], f"{COLUMN_LABELS.get(where, where)}列: {text}", text, "本行各格错位：按内容和顺序归列"))
    return placed


def _place_by_kind(line: int, cells: list[tuple[int, str, str]], repairs: list[Repair]) -> dict[str, str]:
    """No in-order placement fits: keep what sits well, send the rest to its kind's column."""
    placed: dict[str, str] = {}
    for position, text, kind in cells:
        where = TAIL[position] if position < len(TAIL) else "extra column"
        target = where if where in ACCEPTS and kind in ACCEPTS[where] and where not in placed else None
        target = target or next((c for c in TAIL if kind in ACCEPTS[c] and c not in placed), None)
        if target is None:
            repairs.append(Repair(line, "unplaced-cell", where, text, "", f"{KIND_LABELS[kind]}无处可放，未采用，请人工核对"))
            continue
        placed[target] = text
        if target != where:
            repairs.append(Repair(line, "moved-cell", target, f"{COLUMN_LABELS.get(where, where)}列: {text}", text, "按内容归列"))
    return placed


def _item_in_name_column(line: int, values: dict[str, str], above: dict[str, str], repairs: list[Repair]) -> None:
    # The item is never merged; a blank item under a filled name means the (merged, blank)
    # name cell was dropped and the item slid into the name column.
    if values["item"] or not values["name"]:
        return
    values["item"], values["name"] = values["name"], ""
    repairs.append(Repair(line, "moved-cell", "item", f"抽查任务名称列: {values['item']}", values["item"], "事项空而名称有字：事项左移到了名称列"))
    if not above.get("name"):
        values["name"] = values["item"]


def _fill_merged(line: int, values: dict[str, str], above: dict[str, str], repairs: list[Repair]) -> None:
    if not values["city"] and above.get("city"):
        values["city"] = above["city"]
        repairs.append(Repair(line, "merged-cell", "city", "", values["city"], "地市只写在每页第一行"))
    same_city = above.get("city") == values["city"]
    for field in MERGED:
        if not values[field] and same_city and above.get(field):
            values[field] = above[field]
            repairs.append(Repair(line, "merged-cell", field, "", values[field], "合并单元格留空：取上一行的值"))
    if not values["item"]:
        values["item"] = values["name"]
        repairs.append(Repair(line, "default-item", "item", "", values["item"], "未写抽查事项：以任务名称代替"))


def _fix_typos(line: int, values: dict[str, str], repairs: list[Repair]) -> None:
    for field, fix in (("mode", mode_typo), ("ratio", ratio_typo)):
        fixed = fix(values[field])
        if fixed is not None:
            repairs.append(Repair(line, "typo", field, values[field], fixed, "明显笔误，已更正"))
            values[field] = fixed
