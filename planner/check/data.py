"""Data problems: rows and cells the schedule had to guess about, or that cannot be right."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from planner.check.common import lines_of, months_of, seqs_of
from planner.config import Config
from planner.model import Finding, Plan, Schedule, Task

# Repairs that only undo how the PDF was laid out (merged cells, line wraps) are not defects.
_ROUTINE_REPAIRS = frozenset({"merged-cell", "wrap-space"})
# Repairs that replaced what the row says with a guess: the schedule rests on an assumption.
_GUESSES = frozenset({"default-frequency", "clipped-window", "other-year-window"})


def data_problems(plan: Plan, schedule: Schedule, config: Config) -> list[Finding]:
    findings = [*_plan_level(plan, schedule, config)]
    for task in plan.tasks:
        findings += _lead_is_partner(task)
        findings += _guessed_fields(task)
        findings += _windows_outside_year(task)
        findings += _ambiguous_merges(task)
    findings += _unknown_departments(plan.tasks)
    return findings


def _plan_level(plan: Plan, schedule: Schedule, config: Config) -> list[Finding]:
    findings = [
        Finding("data", "error", "", f"第{p.line}行 未能读成任务：{p.message}", source_lines=(p.line,), details=_original_value(p.value))
        for p in plan.problems
    ]
    findings += [
        Finding("data", "error", _city_of(p.line, plan), f"第{p.line}行 未能排期：{p.message}", source_lines=(p.line,), details=_original_value(p.value))
        for p in schedule.unscheduled
    ]
    if config.year is not None and plan.year != config.year:
        findings.append(
            Finding("data", "error", "", f"计划年度 {plan.year} 与配置年度 {config.year} 不一致（{config.source}）")
        )
    return findings


def _ambiguous_merges(task: Task) -> list[Finding]:
    """A merged cell the reader could not place for sure (printed mid-block or not)."""
    label = {"name": "任务名称", "lead": "发起部门"}
    return [
        Finding(
            "data",
            "warning",
            task.city,
            f"序号 {task.number}：{label.get(r.field, r.field)}“{r.after}”可能应为“{r.before}”",
            departments=tuple(d.name for d in task.departments()),
            seqs=(task.seq,),
            source_lines=(task.source_line,),
            details=(r.reason,),
        )
        for r in task.repairs
        if r.kind == "ambiguous-merge"
    ]


def _lead_is_partner(task: Task) -> list[Finding]:
    if not task.lead:
        return [
            Finding("data", "warning", task.city, f"序号 {task.number}：没有发起部门", seqs=(task.seq,), source_lines=(task.source_line,))
        ]
    leads = {r.department for r in task.lead}
    both = tuple(dict.fromkeys(r.department.name for r in task.partners if r.department in leads))
    if not both:
        return []
    return [
        Finding(
            "data",
            "warning",
            task.city,
            f"序号 {task.number}：{'、'.join(both)} 既是发起部门又是配合部门",
            departments=both,
            months=months_of([task]),
            seqs=(task.seq,),
            source_lines=(task.source_line,),
            details=(f"发起：{_refs_text(task.lead)}；配合：{_refs_text(task.partners)}",),
        )
    ]


def _guessed_fields(task: Task) -> list[Finding]:
    """Frequencies and windows the reader defaulted (warning) or repaired (info)."""
    findings = []
    for repair in task.repairs:
        if repair.field not in ("frequency", "window") or repair.kind in _ROUTINE_REPAIRS:
            continue
        guessed = repair.kind in _GUESSES or repair.kind.startswith("default")
        label = "频次" if repair.field == "frequency" else "起止时间"
        what = "未写明，按推定" if guessed else "经修补"
        if repair.kind == "clipped-window":
            what = "超出计划年度，只排本年"
        findings.append(
            Finding(
                "data",
                "warning" if guessed else "info",
                task.city,
                f"序号 {task.number}：{label}{what}：“{repair.before}” → “{repair.after}”",
                departments=tuple(d.name for d in task.departments()),
                months=months_of([task]),
                seqs=(task.seq,),
                source_lines=tuple(sorted({task.source_line, repair.line})),
                details=(f"{repair.kind}：{repair.reason}",),
            )
        )
    return findings


def _windows_outside_year(task: Task) -> list[Finding]:
    # A task with no window at all is not scheduled; the unscheduled-round finding says so.
    bad = [w for w in task.windows if not 1 <= w.start <= w.end <= 12]
    if not bad:
        return []
    text = "; ".join(f"{w.start}月—{w.end}月" for w in bad)
    return [
        Finding(
            "data",
            "error",
            task.city,
            f"序号 {task.number}：起止时间 {text} 不在计划年度内",
            departments=tuple(d.name for d in task.departments()),
            seqs=(task.seq,),
            source_lines=(task.source_line,),
        )
    ]


def _unknown_departments(tasks: Sequence[Task]) -> list[Finding]:
    """One finding per (city, name) not in the alias table, listing every task that names it."""
    users: dict[tuple[str, str], list[Task]] = defaultdict(list)
    for task in tasks:
        for ref in task.lead + task.partners:
            if not ref.known and task not in users[task.city, ref.department.name]:
                users[task.city, ref.department.name].append(task)
    return [
        Finding(
            "data",
            "warning",
            city,
            f"部门“{name}”不在部门别名表中（{len(group)} 项任务），请核对名称",
            departments=(name,),
            seqs=seqs_of(group),
            source_lines=lines_of(group),
            details=tuple(f"{t.city}-{t.number} 第{t.source_line}行 写作“{_written_as(t, name)}”" for t in group),
        )
        for (city, name), group in users.items()
    ]


def _city_of(line: int, plan: Plan) -> str:
    return next((t.city for t in plan.tasks if t.source_line == line), "")


def _refs_text(refs: Iterable[object]) -> str:
    return "、".join(getattr(r, "written", "") for r in refs) or "无"


def _written_as(task: Task, name: str) -> str:
    return next(r.written for r in task.lead + task.partners if r.department.name == name)


def _original_value(value: str) -> tuple[str, ...]:
    return (f"原文：{value}",) if value else ()
