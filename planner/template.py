"""Rows of any plan template → clean task rows, by the column map (see columns.py).

The Shanxi 地市 template keeps its own repair (repair.py); every other template comes here.
Besides merged cells (a blank cell carries the value above), many plans number their
抽查事项 inside one 序号: the later item rows lost their merged cells and slid left. Such a
row's cells are recognised by what they hold (fields.kind_of). An item row with its own
scope, ratio, window, mode or departments becomes its own task (序号 `1.2`, the parent's
name); one that only adds a line of 抽查事项 joins the task above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.columns import FIELD_LABELS, ColumnMap, is_header
from planner.fields import clean, clean_departments, kind_of, mode_typo, ratio_typo
from planner.i18n import _
from planner.limits import MAX_CELL_CHARS
from planner.model import Problem, Repair

_SEQ = re.compile(r"^(\d{1,15})(?:[.．](\d{1,3}))?$")
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.．、]")
# Fields whose blank cell is a merged cell (the item never is: each row has its own).
MERGED = ("name", "scope", "ratio", "risk", "window", "lead", "partners", "mode", "frequency", "count")
# Fields an item row may bring of its own that make it a task rather than a line of the item.
OWN = ("scope", "ratio", "risk", "window", "lead", "partners", "mode", "frequency", "count")
TEXT_FIELDS = ("city", "name", "item", "scope", "ratio", "risk", "window", "lead", "partners", "mode", "frequency", "count", "notes")
_KIND_FIELD = {"window": "window", "ratio": "ratio", "mode": "mode", "risk": "risk"}


@dataclass
class _Row:
    line: int
    cells: dict[str, str]
    repairs: list[Repair] = field(default_factory=list)
    subs: int = 1  # item rows numbered under this task so far
    root: _Row | None = None  # for an item row: the numbered row it belongs to
    merged: frozenset[str] | None = None  # fields the file merged into the row above; None: any blank may be


def template_rows(
    rows: list[tuple[int, list[str]]], columns: ColumnMap, region: str, *, merged: dict[int, frozenset[int] | None] | None = None
) -> tuple[list[tuple[int, dict[str, str], tuple[Repair, ...]]], list[Problem], list[Repair]]:
    """Task rows (line, cells, repairs), problems, and skipped lines, for rows after the header.

    A text table lost its merged cells: a blank cell takes the value above. A file that knows
    its merges (Word, workbooks, HTML, ruled PDF) gives `merged`, line → the columns it merged
    into the row above: those take the value above (the 抽查事项 too), other blanks stay empty.
    The first row under a repeated header or a cut in the table (None in `merged`) keeps the
    text rule (no merge crosses it, but a merged block may be cut there), and so does an item
    row whose cells slid."""
    tasks: list[_Row] = []
    problems: list[Problem] = []
    skipped: list[Repair] = []
    width = len(columns.headers)
    page_top = False
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        too_long = next((c for c in cells if len(c) > MAX_CELL_CHARS), None)
        if too_long is not None:  # a broken export, not plan text: report it, keep the rows below
            problems.append(Problem(line, _("某格有 {chars} 个字符，超过 {limit}").format(chars=len(too_long), limit=MAX_CELL_CHARS),
                                    too_long[:40] + "…"))
            continue
        if is_header(cells):
            skipped.append(Repair(line, "skipped-line", "header", "", "", _("重复的表头")))
            page_top = True
            continue
        marks = frozenset() if merged is None else merged.get(line, frozenset())
        known = None if merged is None or marks is None or page_top else _fields_of(marks, columns)
        page_top = False
        seq = _cell(cells, columns, "seq")
        numbered = "seq" not in columns.fields and any(_cell(cells, columns, f) for f in ("name", "item"))
        if numbered:
            seq = str(sum(1 for t in tasks if t.root is None) + 1)
        repeated = bool(tasks) and seq == _root(tasks[-1]).cells["seq"] and _cell(cells, columns, "city") in ("", tasks[-1].cells["city"])
        if repeated:  # a merged 序号 written on every row of its block (as a reader fills merges)
            cells = [("" if i == columns.fields["seq"] else c) for i, c in enumerate(cells)]
            seq = ""
        if _SEQ.match(seq):
            row = _Row(line, _positional(cells, columns), merged=known)
            row.cells["seq"] = seq
            if numbered:
                row.repairs.append(Repair(line, "default-seq", "seq", "", seq, _("计划没有序号列：按行序编号")))
            tasks.append(row)
        elif not tasks and all(len(_PINYIN.sub("", c.strip())) <= 12 for c in cells):
            skipped.append(Repair(line, "skipped-line", "header", "", "", _("表头的第二行")))
            continue
        elif not tasks:
            problems.append(Problem(line, _("本行没有序号"), " | ".join(c for c in cells if c)[:80]))
            continue
        else:
            item_row = _item_row(line, cells, columns, width, tasks[-1], known)
            if item_row is None:
                continue
            row = item_row
            tasks.append(row)
        _clean(row)
        _fill_merged(row, tasks[-2] if len(tasks) > 1 else None, region)
        _fix_typos(row)
    return [(r.line, r.cells, tuple(r.repairs)) for r in tasks], problems, skipped


def _cell(cells: list[str], columns: ColumnMap, name: str) -> str:
    index = columns.fields.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _positional(cells: list[str], columns: ColumnMap) -> dict[str, str]:
    return {name: _cell(cells, columns, name) for name in TEXT_FIELDS}


def _item_row(line: int, cells: list[str], columns: ColumnMap, width: int, parent: _Row, known: frozenset[str] | None) -> _Row | None:
    """A row without 序号 under a task: its own task, or a line joining the item above."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(cells) >= width and not cells[columns.fields.get("seq", 0)].strip():
        values = _positional(cells, columns)  # the 序号 cell is merged; the rest are in place
        how = _("序号为合并单元格")
    else:
        values = _by_kind(filled, columns)
        how = _("合并单元格被略去、各格左移：按内容归列")
        known = None  # the cells left the columns the file's merges name
    repairs = []
    if any(values.get(f) for f in OWN) or not parent.cells.get("item"):
        number = _ITEM_NUMBER.match(values.get("item", ""))
        parent_root = _root(parent)
        parent_root.subs += 1
        sub = int(number.group(1)) if number and int(number.group(1)) >= parent_root.subs else parent_root.subs
        parent_root.subs = sub
        values["seq"] = f"{parent_root.cells['seq'].split('.')[0]}.{sub}"
        repairs.append(Repair(line, "item-row", "seq", "", values["seq"],
                              _("序号内的分项自带对象、比例或部门：作为任务 {seq}（{how}）").format(seq=values["seq"], how=how)))
        return _Row(line, values, repairs, root=parent_root, merged=known)
    item = values.get("item") or " ".join(filled)
    parent.cells["item"] = f"{parent.cells['item']}；{clean(item)}"
    parent.repairs.append(Repair(line, "item-row", "item", item, parent.cells["item"], _("分项只多一行抽查事项：并入上一任务")))
    return None


def _root(row: _Row) -> _Row:
    return row.root or row


def _by_kind(cells: list[str], columns: ColumnMap) -> dict[str, str]:
    """Cells of a slid row, each put where its content belongs, keeping their order."""
    values = dict.fromkeys(TEXT_FIELDS, "")
    departments = [f for f in ("lead", "partners") if f in columns.fields]
    for text in cells:
        kind = kind_of(text)
        target: str
        if kind == "departments" and departments:
            target = departments[-1] if not values[departments[-1]] else departments[0]
        elif kind in _KIND_FIELD and _KIND_FIELD[kind] in columns.fields:
            target = _KIND_FIELD[kind]
        else:
            target = next((f for f in ("item", "scope") if not values[f]), "item")
        values[target] = f"{values[target]} {text}".strip() if values[target] else text
    return values


# Some mirrors of government pages print pinyin after each character: 區(qū)市場監(jiān)管局.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\)")


def _clean(row: _Row) -> None:
    for name in TEXT_FIELDS:
        text = row.cells.get(name, "")
        bare = _PINYIN.sub("", text)
        if bare != text:
            row.repairs.append(Repair(row.line, "pinyin-gloss", name, text, bare, _("删去网页在汉字后加注的拼音")))
            text = bare
        cleaned = clean_departments(text) if name in ("lead", "partners") else clean(text)
        if cleaned != text.strip():
            row.repairs.append(Repair(row.line, "wrap-space", name, text, cleaned, _("删去换行留下的空格")))
        row.cells[name] = cleaned


def _fields_of(merged: frozenset[int], columns: ColumnMap) -> frozenset[str]:
    return frozenset(name for name, index in columns.fields.items() if index in merged)


def _fill_merged(row: _Row, above: _Row | None, region: str) -> None:
    """Blank cells take the value above: every blank of a text table, only the merged ones of
    a file that knows its merges (the 抽查事项 among them). A task never lacks a city."""
    if region:
        row.cells["city"] = region
    elif not row.cells["city"] and above is not None and above.cells["city"]:
        row.cells["city"] = above.cells["city"]
        row.repairs.append(Repair(row.line, "merged-cell", "city", "", row.cells["city"], _("合并单元格留空：取上一行的地市")))
    if above is not None and above.cells["city"] == row.cells["city"]:
        for name in MERGED if row.merged is None else (*MERGED, "item"):
            if row.merged is not None and name not in row.merged:
                continue
            if not row.cells[name] and above.cells.get(name):
                row.cells[name] = above.cells[name]
                row.repairs.append(Repair(row.line, "merged-cell", name, "", row.cells[name], _("合并单元格留空：取上一行的值")))
    if not row.cells["item"]:
        row.cells["item"] = row.cells["name"]
        row.repairs.append(Repair(row.line, "default-item", "item", "", row.cells["item"], _("未写抽查事项：以任务名称代替")))
    if not row.cells["name"]:
        row.cells["name"] = row.cells["item"]


def _fix_typos(row: _Row) -> None:
    for name, fix in (("mode", mode_typo), ("ratio", ratio_typo)):
        fixed = fix(row.cells[name])
        if fixed is not None:
            row.repairs.append(Repair(row.line, "typo", name, row.cells[name], fixed, _("明显笔误，已更正")))
            row.cells[name] = fixed


def describe(columns: ColumnMap) -> list[tuple[str, str, str]]:
    """(field label, header as written, how matched) for every mapped field, in column order."""
    return [
        (FIELD_LABELS[name], columns.headers[index], columns.how.get(name, ""))
        for name, index in sorted(columns.fields.items(), key=lambda kv: kv[1])
    ]
