"""Duplicates: the same inspection listed twice in a city (same lead and scope, nearly the same item)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from planner.check.common import leads_of, lines_of, months_of, normalise, ratio_at_least, seqs_of, short, span_text
from planner.i18n import N_, _
from planner.model import Event, Finding, Task

ITEM_SIMILARITY = 0.9


# Fields compared between two rows of the same inspection, with their labels (translated where shown).
_COMPARED = (
    ("name", N_("抽查任务名称")),
    ("item", N_("抽查事项")),
    ("scope", N_("抽查对象范围")),
    ("ratio_text", N_("抽查比例")),
    ("windows", N_("起止时间")),
    ("frequency", N_("频次")),
    ("partners", N_("配合部门")),
    ("mode", N_("抽查检查模式")),
)


_PERIODS = {"year": N_("年"), "half-year": N_("半年"), "quarter": N_("季度"), "month": N_("月")}


def duplicates(tasks: Sequence[Task], events: Sequence[Event] = (), folded: Sequence[tuple[Task, Task]] = ()) -> list[Finding]:
    """Groups of tasks in one city with the same lead, scope and (nearly) the same item; for an
    exact duplicate the scheduler folded, where its inspection went."""
    went = {id(dup): kept for dup, kept in folded}
    # the events of each task that kept a folded duplicate, found in one pass (not one pass per duplicate)
    kept_ids = set(map(id, went.values()))
    visits: dict[int, list[Event]] = {}
    for event in events:
        for task in event.tasks:
            if id(task) in kept_ids:
                visits.setdefault(id(task), []).append(event)
    findings = []
    for group in _duplicate_groups(tasks):
        differences = sorted({label for other in group[1:] for label in _differences(group[0], other)})
        exact = not differences
        first = group[0]
        message = _("{scope}：序号 {seqs} 重复列出") if exact else _("{scope}：序号 {seqs} 疑似重复（仅措辞或个别字段不同）")
        details = [
            _("{city}-{seq} 第{line}行：{name}").format(city=t.city, seq=t.seq, line=t.source_line, name=t.name or t.item)
            for t in group
        ]
        details += [
            _("不同：{field}：{values}").format(field=_(label), values=" / ".join(_field_text(t, label) for t in group))
            for label in differences
        ]
        details += [_where(t, went[id(t)], visits.get(id(went[id(t)]), [])) for t in group if id(t) in went]
        findings.append(
            Finding(
                kind="duplicate",
                severity="error" if exact else "warning",
                city=first.city,
                message=message.format(scope=short(first.scope), seqs=_("、").join(str(t.seq) for t in group)),
                departments=tuple(d.name for d in first.departments()),
                months=months_of(group),
                seqs=seqs_of(group),
                source_lines=lines_of(group),
                details=tuple(details),
            )
        )
    return findings


def exact_duplicates(tasks: Sequence[Task]) -> list[list[Task]]:
    """Groups of tasks listed twice word for word (no field differs), in plan order: the first is kept."""
    return [g for g in _duplicate_groups(tasks) if not any(_differences(g[0], other) for other in g[1:])]


def _where(dup: Task, kept: Task, visits: Sequence[Event]) -> str:
    dates = _("、").join(f"{e.start:%m-%d}" for e in visits) or _("未排期")
    return _(
        "{city}-{seq} 不单独排期：其检查并入 {kept_city}-{kept_seq} 的活动（{dates}）；要两次都排，在配置中写 keep_duplicates = true"
    ).format(city=dup.city, seq=dup.seq, kept_city=kept.city, kept_seq=kept.seq, dates=dates)


def _duplicate_groups(tasks: Sequence[Task]) -> list[list[Task]]:
    """Each task joins the first earlier group it is the same inspection as, else starts one.

    Only tasks with equal `inspection_key`s can be the same inspection, so a task is compared with
    the groups of its own bucket only: linear in the plan, not quadratic.
    """
    groups: list[list[Task]] = []
    buckets: dict[tuple[object, ...], list[list[Task]]] = defaultdict(list)
    for task in tasks:
        bucket = buckets[inspection_key(task)]
        for group in bucket:
            if _same_in_bucket(group[0], task):
                group.append(task)
                break
        else:
            group = [task]
            bucket.append(group)
            groups.append(group)
    return [g for g in groups if len(g) > 1]


def inspection_key(task: Task) -> tuple[object, ...]:
    """What two tasks must share to be the same inspection: city, lead departments, scope."""
    return (task.city, leads_of(task), normalise(task.scope))


def same_inspection(a: Task, b: Task) -> bool:
    # inspection_key(a) == inspection_key(b), cheapest part first: most pairs asked about differ
    # in city or scope already, and comparing the leads builds two frozensets
    return (
        a.city == b.city and normalise(a.scope) == normalise(b.scope) and leads_of(a) == leads_of(b) and _same_in_bucket(a, b)
    )


def _same_in_bucket(a: Task, b: Task) -> bool:
    # The name often carries the target when item and scope are generic (防雷安全监督检查 of 矿区 / 学校).
    return _similar(a.item, b.item) and (not a.name or not b.name or _similar(a.name, b.name))


def _similar(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    return a == b or ratio_at_least(a, b, ITEM_SIMILARITY)


def _differences(a: Task, b: Task) -> list[str]:
    return [label for attr, label in _COMPARED if _comparable(a, attr) != _comparable(b, attr)]


def _comparable(task: Task, attr: str) -> object:
    value = getattr(task, attr)
    if attr == "partners":
        return frozenset(r.department for r in value)
    if attr == "mode":
        return normalise(value.text)
    if isinstance(value, str):
        return normalise(value)
    return value


def _field_text(task: Task, label: str) -> str:
    attr = next(a for a, lab in _COMPARED if lab == label)
    value = getattr(task, attr)
    if attr == "partners":
        return _("、").join(r.department.name for r in value) or _("无")
    if attr == "windows":
        return "; ".join(span_text(w.start, w.end) for w in value) or _("无")
    if attr == "frequency":
        return _("{count}次/{per}").format(count=value.count, per=_(_PERIODS[value.per]) if value.per in _PERIODS else value.per)
    if attr == "mode":
        return value.text or _("无")
    return short(value) or _("无")
