"""Repaired rows → Tasks: parse each field and record what was defaulted."""

from __future__ import annotations

import re
from pathlib import Path

from planner.config import DEFAULT_YEAR
from planner.departments import AliasTable, load_aliases
from planner.errors import PlanReadError, RowError
from planner.fields import (
    WindowError,
    parse_frequency,
    parse_mode,
    parse_ratio,
    parse_window,
    split_departments,
)
from planner.model import (
    Department,
    DepartmentRef,
    Frequency,
    Plan,
    Problem,
    Repair,
    Task,
    Window,
)
from planner.read import SourceTable, read_table
from planner.repair import RepairedRow, has_header, repair_table
from planner.titles import with_distinct_titles

_SECTOR_SUFFIX = re.compile(r"(专卖局|管理局|委员会|办公室|支队|局|委|办|部|厅|中心)$")


def load_plan(path: Path | None = None, *, strict: bool = False, aliases: Path | None = None) -> Plan:
    """Read, repair and parse a plan file into a Plan (the embedded plan when path is None)."""
    return build_plan(read_table(path), strict=strict, aliases=aliases)


def build_plan(table: SourceTable, *, strict: bool = False, aliases: Path | None = None) -> Plan:
    if not has_header(table):
        raise PlanReadError(
            "not a plan: no header row with 地市, 序号, 抽查任务名称, 抽查事项",
            file=table.name,
            line=1,
        )
    repaired = repair_table(table)
    alias_table = load_aliases(aliases)
    tasks: list[Task] = []
    problems = list(repaired.problems)
    seen: dict[tuple[str, int], int] = {}
    for row in repaired.rows:
        try:
            task = to_task(row, alias_table)
        except RowError as exc:
            if strict:
                exc.file = table.name
                raise
            problems.append(Problem(row.line, exc.message, exc.value or ""))
            continue
        if (task.city, task.seq) in seen:
            problems.append(Problem(row.line, f"序号 {task.seq} already used in {task.city} on line {seen[task.city, task.seq]}", str(task.seq)))
            continue
        seen[task.city, task.seq] = row.line
        tasks.append(task)
    if strict and problems:
        first = problems[0]
        raise RowError(first.message, file=table.name, line=first.line, value=first.value or None)
    if not tasks and not problems:
        raise PlanReadError("the plan has a header but no task rows", file=table.name)
    return Plan(
        source=table.name,
        year=repaired.year or DEFAULT_YEAR,
        tasks=with_distinct_titles(tasks),
        problems=tuple(sorted(problems, key=lambda p: p.line)),
        repairs=repaired.skipped,
        province=repaired.province,
    )


def to_task(row: RepairedRow, aliases: AliasTable) -> Task:
    cells, line = row.cells, row.line
    repairs = list(row.repairs)
    city = cells["city"]
    if not city:
        raise RowError("no city for this row and none above it", line=line)
    frequency = parse_frequency(cells["ratio"])
    if frequency is None:
        frequency = Frequency(1, "year")
        repairs.append(Repair(line, "default-frequency", "frequency", cells["ratio"], "1次/年", "未写频次：按每年1次"))
    windows: tuple[Window, ...] = ()
    if cells["window"]:
        try:
            windows, note = parse_window(cells["window"])
        except WindowError as exc:
            raise RowError(f"unreadable window: {exc}", line=line, value=cells["window"], hint="expected e.g. 3月—12月") from None
        if note:
            repairs.append(Repair(line, "clipped-window", "window", cells["window"], _months(windows), note))
    lead = _refs(city, cells["lead"], aliases)
    return Task(
        city=city,
        seq=int(cells["seq"]),
        name=cells["name"],
        item=cells["item"],
        scope=cells["scope"],
        ratio_text=cells["ratio"],
        ratio=parse_ratio(cells["ratio"], cells["risk"]),
        risk_text=cells["risk"],
        windows=windows,
        frequency=frequency,
        lead=lead,
        partners=_refs(city, cells["partners"], aliases),
        mode=parse_mode(cells["mode"]),
        source_line=line,
        repairs=tuple(repairs),
        sector=sector_of(lead[0].department.name) if lead else "",
    )


def _refs(city: str, text: str, aliases: AliasTable) -> tuple[DepartmentRef, ...]:
    refs = []
    for name, note, alternatives in split_departments(text):
        refs.append(
            DepartmentRef(
                written=name + (f"（{note}）" if note else ""),
                department=Department(city, aliases.canonical(city, name)),
                note=note,
                alternatives=tuple(Department(city, aliases.canonical(city, a)) for a in alternatives),
                known=aliases.is_known(city, name),
            )
        )
    return tuple(refs)


def sector_of(name: str) -> str:
    """A short label for the lead's field: 市生态环境局 → 生态环境."""
    if name.endswith("海关"):
        return "海关"
    short = re.sub(r"^市委?", "", name) if len(name) > 2 else name
    return _SECTOR_SUFFIX.sub("", short) or short


def _months(windows: tuple[Window, ...]) -> str:
    return "、".join(f"{w.start}月—{w.end}月" if w.start != w.end else f"{w.start}月" for w in windows)
