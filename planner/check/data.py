"""Data problems: rows and cells the schedule had to guess about, or that cannot be right."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from planner.check.common import lines_of, months_of, seqs_of, span_text
from planner.config import Config
from planner.i18n import N_, _
from planner.model import Finding, Plan, Schedule, Task

# Repairs that only undo how the PDF was laid out (merged cells, line wraps) are not defects.
_ROUTINE_REPAIRS = frozenset({"merged-cell", "wrap-space"})
# Repairs that replaced what the row says with a guess: the schedule rests on an assumption.
_GUESSES = frozenset({"default-frequency", "clipped-window", "other-year-window"})
# The finding's message per field, for a guessed and for a repaired value (one whole sentence each).
_GUESSED = {
    "frequency": N_("序号 {number}：频次未写明，按推定：“{before}” → “{after}”"),
    "window": N_("序号 {number}：起止时间未写明，按推定：“{before}” → “{after}”"),
}
_REPAIRED = {
    "frequency": N_("序号 {number}：频次经修补：“{before}” → “{after}”"),
    "window": N_("序号 {number}：起止时间经修补：“{before}” → “{after}”"),
}
_CLIPPED = N_("序号 {number}：起止时间超出计划年度，只排本年：“{before}” → “{after}”")


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
        Finding("data", "error", "", _("第{line}行 未能读成任务：{message}").format(line=p.line, message=p.message),
                source_lines=(p.line,), details=_original_value(p.value))
        for p in plan.problems
    ]
    city_of = {t.source_line: t.city for t in reversed(plan.tasks)} if schedule.unscheduled else {}  # first task of a line wins
    findings += [
        Finding("data", "error", city_of.get(p.line, ""), _("第{line}行：{message}").format(line=p.line, message=p.message),
                source_lines=(p.line,), details=_original_value(p.value))
        for p in schedule.unscheduled
    ]
    if config.year is not None and plan.year != config.year:
        findings.append(
            Finding("data", "error", "", _("计划年度 {plan} 与配置年度 {config} 不一致（{source}）").format(
                plan=plan.year, config=config.year, source=config.source))
        )
    return findings


def _ambiguous_merges(task: Task) -> list[Finding]:
    """A merged cell the reader could not place for sure (printed mid-block or not)."""
    label = {"name": N_("任务名称"), "lead": N_("发起部门")}
    return [
        Finding(
            "data",
            "warning",
            task.city,
            _("序号 {number}：{field}“{after}”可能应为“{before}”").format(
                number=task.number, field=_(label[r.field]) if r.field in label else r.field, after=r.after, before=r.before),
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
            Finding("data", "warning", task.city, _("序号 {number}：没有发起部门").format(number=task.number),
                    seqs=(task.seq,), source_lines=(task.source_line,))
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
            _("序号 {number}：{departments} 既是发起部门又是配合部门").format(number=task.number, departments=_("、").join(both)),
            departments=both,
            months=months_of([task]),
            seqs=(task.seq,),
            source_lines=(task.source_line,),
            details=(_("发起：{lead}；配合：{partners}").format(lead=_refs_text(task.lead), partners=_refs_text(task.partners)),),
        )
    ]


def _guessed_fields(task: Task) -> list[Finding]:
    """Frequencies and windows the reader defaulted (warning) or repaired (info)."""
    findings = []
    for repair in task.repairs:
        if repair.field not in ("frequency", "window") or repair.kind in _ROUTINE_REPAIRS:
            continue
        guessed = repair.kind in _GUESSES or repair.kind.startswith("default")
        what = _GUESSED[repair.field] if guessed else _REPAIRED[repair.field]
        if repair.kind == "clipped-window":
            what = _CLIPPED
        findings.append(
            Finding(
                "data",
                "warning" if guessed else "info",
                task.city,
                _(what).format(number=task.number, before=repair.before, after=repair.after),
                departments=tuple(d.name for d in task.departments()),
                months=months_of([task]),
                seqs=(task.seq,),
                source_lines=tuple(sorted({task.source_line, repair.line})),
                details=(_("{kind}：{reason}").format(kind=repair.kind, reason=repair.reason),),
            )
        )
    return findings


def _windows_outside_year(task: Task) -> list[Finding]:
    # A task with no window at all is not scheduled; the unscheduled-round finding says so.
    bad = [w for w in task.windows if not 1 <= w.start <= w.end <= 12]
    if not bad:
        return []
    text = "; ".join(span_text(w.start, w.end) for w in bad)
    return [
        Finding(
            "data",
            "error",
            task.city,
            _("序号 {number}：起止时间 {window} 不在计划年度内").format(number=task.number, window=text),
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
            _("部门“{name}”不在部门别名表中（{count} 项任务），请核对名称").format(name=name, count=len(group)),
            departments=(name,),
            seqs=seqs_of(group),
            source_lines=lines_of(group),
            details=tuple(
                _("{city}-{number} 第{line}行 写作“{written}”").format(
                    city=t.city, number=t.number, line=t.source_line, written=_written_as(t, name))
                for t in group
            ),
        )
        for (city, name), group in users.items()
    ]



def _refs_text(refs: Iterable[object]) -> str:
    return _("、").join(getattr(r, "written", "") for r in refs) or _("无")


def _written_as(task: Task, name: str) -> str:
    return next(r.written for r in task.lead + task.partners if r.department.name == name)


def _original_value(value: str) -> tuple[str, ...]:
    return (_("原文：{value}").format(value=value),) if value else ()
