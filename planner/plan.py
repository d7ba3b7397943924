"""Repaired rows → Tasks: parse each field and record what was defaulted."""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import chain
from operator import attrgetter
from pathlib import Path

from planner import collector
from planner.config import DEFAULT_YEAR
from planner.departments import AliasTable, load_aliases
from planner.errors import PlanReadError, RowError
from planner.fields import (
    WindowError,
    batch_count,
    is_group,
    parse_frequency,
    parse_mode,
    parse_ratio,
    parse_window,
    runs_into_next_year,
    split_departments,
    window_years,
)
from planner.i18n import _
from planner.limits import check_numbers, rounds_needed
from planner.model import (
    Department,
    DepartmentRef,
    Frequency,
    Plan,
    Problem,
    Ratio,
    Repair,
    Task,
    Window,
    evolve,
)
from planner.read import SourceTable, read_table
from planner.repair import RepairedRow, find_columns, repair_table
from planner.titles import with_distinct_titles

_DATED = re.compile(r"[0-9０-９]|[一二三四五六七八九十]+月|季度|半年|全年")
_SECTOR_SUFFIX = re.compile(r"(专卖局|管理局|委员会|办公室|支队|局|委|办|部|厅|中心)$")
# What a defaulted cell now reads, in the plan's own notation (the audit shows it as the cell's new text).
ONCE_A_YEAR = "1次/年"
TIMES_A_YEAR = "{count}次/年"
WHOLE_YEAR = "1月—12月"


def load_plan(
    path: Path | None = None,
    *,
    strict: bool = False,
    aliases: Path | None = None,
    region: str | None = None,
    columns: Path | None = None,
) -> Plan:
    """Read, repair and parse a plan file into a Plan (the embedded plan when path is None)."""
    with collector.paused():  # reading makes no cycles: see planner.collector
        return build_plan(read_table(path), strict=strict, aliases=aliases, region=region, columns=columns)


def build_plan(
    table: SourceTable,
    *,
    strict: bool = False,
    aliases: Path | None = None,
    region: str | None = None,
    columns: Path | None = None,
) -> Plan:
    header = find_columns(table)
    if header is None:
        raise PlanReadError(
            _("不是计划表：没有写明序号、抽查任务名称或抽查事项及另外两列的表头行"),
            file=table.name,
            line=1,
        )
    repaired = repair_table(table, region=region, columns=columns, header=header)
    name, read_repairs = table.name, table.repairs
    del table  # a big plan's source rows are no longer needed: their memory goes before the tasks are made
    alias_table = load_aliases(aliases)
    tasks: list[Task] = []
    problems = list(repaired.problems)
    seen: dict[tuple[str, int, int], int] = {}
    year = repaired.year or _year_of_windows(repaired.rows) or DEFAULT_YEAR
    memo = _Memo()
    rows = list(reversed(repaired.rows))  # taken from the end: each repaired row goes once its task is made
    skipped, province = repaired.skipped, repaired.province
    del repaired
    while rows:
        row = rows.pop()
        try:
            task = to_task(row, alias_table, year, memo)
        except RowError as exc:
            if strict:
                exc.file = name
                raise
            problems += _unread(row, exc.message, exc.value or "")
            continue
        key = (task.city, task.seq, task.sub)
        if key in seen:
            message = _("序号 {number} 在{city}已用于第{line}行").format(number=task.number, city=task.city, line=seen[key])
            problems += _unread(row, message, task.number)
            continue
        seen[key] = row.line
        tasks.append(task)
    if strict and problems:
        first = problems[0]
        raise RowError(first.message, file=name, line=first.line, value=first.value or None)
    if not tasks and not problems:
        raise PlanReadError(_("计划有表头，但没有任务行"), file=name)
    tasks = _as_their_city_writes(tasks)
    return Plan(
        source=name,
        year=year,
        tasks=with_distinct_titles(tasks),
        problems=tuple(sorted(problems, key=lambda p: p.line)),
        repairs=read_repairs + skipped,  # the reader's own (PDF rows cut by a page break), then skipped lines
        province=province,
    )


def _unread(row: RepairedRow, message: str, value: str) -> list[Problem]:
    """The row's problem, and one for every other line that was joined into it (an item line, a page-split rest):
    those lines are lost with the row, so they are reported too, never dropped silently."""
    joined = sorted({r.line for r in row.repairs} - {row.line})
    return [Problem(row.line, message, value)] + [
        Problem(line, _("已并入第{line}行，该行未能读成任务").format(line=row.line), value) for line in joined
    ]


class _Memo:
    """What one run has already worked out from a cell's text: a plan repeats its cells (merged
    blocks, a city's department lists, the same ratio and window on many rows), and these values
    are immutable, so each distinct text is worked out once per run."""

    def __init__(self) -> None:
        self.refs: dict[tuple[str, str], tuple[DepartmentRef, ...]] = {}
        self.departments: dict[tuple[str, str], tuple[Department, bool]] = {}
        self.ratios: dict[tuple[str, str, str, int, str, str], Ratio] = {}
        self.windows: dict[str, tuple[tuple[Window, ...], str, tuple[int, ...], int]] = {}


def to_task(row: RepairedRow, aliases: AliasTable, year: int | None = None, memo: _Memo | None = None) -> Task:
    memo = memo or _Memo()
    cells, line = row.cells, row.line
    repairs = list(row.repairs)
    city = cells["city"]
    if not city:
        raise RowError(_("本行没有地市，上面各行也没有"), line=line)
    for column in ("frequency", "ratio", "mode", "notes"):  # the first that names one
        frequency = parse_frequency(cells.get(column, ""))
        if frequency:
            break
    if frequency is None:
        frequency = Frequency(1, "year")
        repairs.append(Repair(line, "default-frequency", "frequency", cells["ratio"], ONCE_A_YEAR, _("未写频次：按每年1次")))
    windows: tuple[Window, ...] = ()
    window_text = cells["window"]
    if window_text:
        try:
            windows, note, years, batches = _window(window_text, memo)
        except WindowError as exc:
            if _DATED.search(window_text):
                raise RowError(_("起止时间无法读取：{error}").format(error=exc), line=line, value=window_text,
                               hint=_("应写成如 3月—12月")) from None
            # an occasion ("考试期间") names no date: the task loads for the whole year, flagged
            windows, note = (Window(1, 12),), ""
            years, batches = window_years(window_text), batch_count(window_text)
            repairs.append(Repair(line, "default-window", "window", window_text, WHOLE_YEAR, _("起止时间没有日期：按全年，请核对")))
        if note:
            kind = "clipped-window" if runs_into_next_year(window_text) else "deadline-window"
            repairs.append(Repair(line, kind, "window", window_text, _months(windows), note))
        other = [y for y in years if y != year] if years and year is not None else None  # most windows name no year
        if other:
            repairs.append(Repair(line, "other-year-window", "window", window_text, _months(windows),
                                  _("起止时间写的是{other}年，计划年度是{year}年：按月份排在计划年度，请核对").format(other=other[0], year=year)))
        if batches >= 2 and frequency != Frequency(batches, "year"):
            repairs = [r for r in repairs if r.kind != "default-frequency"]
            repairs.append(Repair(line, "batches", "frequency", window_text, TIMES_A_YEAR.format(count=batches),
                                  _("起止时间分{count}批：每批一轮").format(count=batches)))
            frequency = Frequency(batches, "year")
    ratio = _checked_ratio(cells, frequency, windows, line, memo)
    lead = _refs(city, cells["lead"], aliases, memo)
    seq = cells["seq"].split(".")
    # positional: a call with 17 keywords costs twice as much (1.0 µs against 0.44), on every task
    return Task(
        city,  # city
        int(seq[0]),  # seq
        cells["name"],  # name
        cells["item"],  # item
        cells["scope"],  # scope
        cells["ratio"],  # ratio_text
        ratio,  # ratio
        cells["risk"],  # risk_text
        windows,  # windows
        frequency,  # frequency
        lead,  # lead
        _refs(city, cells["partners"], aliases, memo),  # partners
        parse_mode(cells["mode"]),  # mode
        line,  # source_line
        tuple(repairs),  # repairs
        sector_of(lead[0].department.name) if lead else "",  # sector
        int(seq[1]) if len(seq) > 1 else 0,  # sub
    )


def _window(text: str, memo: _Memo) -> tuple[tuple[Window, ...], str, tuple[int, ...], int]:
    """parse_window's windows and note, the years the text names and its batches (WindowError as parse_window)."""
    found = memo.windows.get(text)
    if found is None:  # an unreadable window raises every time: only a read one is remembered
        windows, note = parse_window(text)
        found = memo.windows[text] = (windows, note, window_years(text), batch_count(text))
    return found


def _checked_ratio(cells: dict[str, str], frequency: Frequency, windows: tuple[Window, ...], line: int, memo: _Memo) -> Ratio:
    """The row's ratio, once its numbers are ones an inspection can follow (RowError otherwise)."""
    # the windows are those of the window cell's text (read, or the whole year when it names no date)
    key = (cells["ratio"], cells["risk"], cells.get("count", ""), frequency.count, frequency.per, cells["window"])
    ratio = memo.ratios.get(key)
    if ratio is None:  # a failed check raises every time: only a passed one is remembered
        ratio = parse_ratio(key[0], key[1], key[2])
        percents = [p for p in (ratio.min_percent, ratio.max_percent) if p is not None] + [t.value for t in ratio.tiers if t.unit == "%"]
        check_numbers(cells["ratio"], percents, *rounds_needed(frequency, windows), line=line)
        memo.ratios[key] = ratio
    return ratio


def _as_their_city_writes(tasks: list[Task]) -> list[Task]:
    """Aliases join names, but a department is shown as its own city writes it most often:
    忻州's plan writes 市城市管理局, so its calendar must not say 市城乡管理局."""
    # A run's tasks share the refs of a cell text (see _Memo): each distinct tuple of refs is
    # counted once, times its uses, in the order of its first use (the order ties are broken in).
    # lead, partners, lead, partners … in the tasks' order, each task read once (a big plan's are many cache misses apart)
    refs_in_order: list[tuple[DepartmentRef, ...]] = list(chain.from_iterable(map(_LEAD_AND_PARTNERS, tasks)))
    ids = list(map(id, refs_in_order))
    uses = Counter(ids)  # counted in C; its keys come in the order of first use
    by_id = dict(zip(ids, refs_in_order))
    tuples = [by_id[i] for i in uses]
    written: dict[Department, dict[str, int]] = {}
    for refs in tuples:
        times = uses[id(refs)]
        for ref in refs:
            names = written.get(ref.department)
            if names is None:
                names = written[ref.department] = {}
            name = ref.written.removesuffix(f"（{ref.note}）") if ref.note else ref.written
            names[name] = names.get(name, 0) + times
    display: dict[Department, Department] = {}
    for department, names in written.items():
        top = max(names.values())
        best = [n for n in names if names[n] == top]  # first written among the most frequent
        if department.name not in best:
            display[department] = Department(department.city, best[0])
    if not display:
        return tasks
    renamed: dict[int, tuple[DepartmentRef, ...]] = {}  # by id of a tuple of refs that has a renamed ref
    for refs in tuples:
        for ref in refs:
            if ref.department in display or (ref.alternatives and not display.keys().isdisjoint(ref.alternatives)):
                renamed[id(refs)] = tuple(
                    evolve(r, department=display.get(r.department, r.department), alternatives=tuple(display.get(a, a) for a in r.alternatives))
                    for r in refs
                )
                break
    if not renamed:
        return tasks
    result = []
    for task, lead_id, partners_id in zip(tasks, ids[0::2], ids[1::2]):
        if lead_id in renamed or partners_id in renamed:  # an untouched task would come out equal to itself
            lead, partners = renamed.get(lead_id, task.lead), renamed.get(partners_id, task.partners)
            task = evolve(task, lead=lead, partners=partners, sector=sector_of(lead[0].department.name) if lead else "")
        result.append(task)
    return result


_LEAD_AND_PARTNERS = attrgetter("lead", "partners")


def _refs(city: str, text: str, aliases: AliasTable, memo: _Memo) -> tuple[DepartmentRef, ...]:
    found = memo.refs.get((city, text))
    if found is None:
        found = memo.refs[city, text] = _read_refs(city, text, aliases, memo)
    return found


def _read_refs(city: str, text: str, aliases: AliasTable, memo: _Memo) -> tuple[DepartmentRef, ...]:
    refs = []
    for name, note, alternatives in split_departments(text):
        department, known = _department(city, name, aliases, memo)
        refs.append(
            DepartmentRef(  # positional (keywords cost twice as much): written, department, note, alternatives, known, group
                name + (f"（{note}）" if note else ""),
                department,
                note,
                tuple(_department(city, a, aliases, memo)[0] for a in alternatives) if alternatives else (),
                known,
                is_group(name),
            )
        )
    return tuple(refs)


def _department(city: str, name: str, aliases: AliasTable, memo: _Memo) -> tuple[Department, bool]:
    """The department a name written in the city's plan stands for, and whether the alias table knows it."""
    found = memo.departments.get((city, name))
    if found is None:
        own = _without_city(city, name, aliases)
        canonical, known = aliases.resolve(city, own)
        found = memo.departments[city, name] = (Department(city, canonical), known)
    return found


def _without_city(city: str, name: str, aliases: AliasTable) -> str:
    """"长治市住房和城乡建设局" in 长治's plan is its 市住房和城乡建设局, when the table knows that name."""
    if aliases.is_known(city, name):
        return name
    for prefix in dict.fromkeys((city, re.sub(r"(市|县|区|旗)$", "", city))):
        if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
            rest = name[len(prefix):]
            level = city[-1] if city[-1] in "市县区旗" else "市"
            for candidate in (rest, level + rest if not rest.startswith(level) else rest):
                if aliases.is_known(city, candidate):
                    return candidate
    return name


@functools.lru_cache(maxsize=4096)
def sector_of(name: str) -> str:
    """A short label for the lead's field: 市生态环境局 → 生态环境."""
    if name.endswith("海关"):
        return "海关"
    short = re.sub(r"^市委?", "", name) if len(name) > 2 else name
    return _SECTOR_SUFFIX.sub("", short) or short


def _months(windows: tuple[Window, ...]) -> str:
    return "、".join(f"{w.start}月—{w.end}月" if w.start != w.end else f"{w.start}月" for w in windows)


_WINDOW_YEAR = re.compile(r"(20\d\d)\s*年")


def _year_of_windows(rows: tuple[RepairedRow, ...]) -> int | None:
    """The plan year when the title gives none: the year the windows name most often."""
    years = [int(y) for row in rows for y in _WINDOW_YEAR.findall(row.cells.get("window", ""))]
    return max(set(years), key=lambda y: (years.count(y), -y)) if years else None
