"""一业一查 merges: tasks of one city inspecting the same kind of target that could share one visit.

Which tasks draw from the same population is planner.check.scopes' job (it reads the plan's words);
this module groups them per city and reports the joint visits scheduled or the visit they could share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain
from operator import attrgetter

from planner.check.common import lines_of, seqs_of, short, span_text
from planner.check.duplicates import same_inspection
from planner.check.scopes import is_generic, same_population, scope_core, scope_items
from planner.i18n import _
from planner.load import MonthlyLoad, monthly_load
from planner.model import Event, Finding, Task


def merges(
    tasks: Sequence[Task], events: Sequence[Event] = (), *, merging: bool = True, load: MonthlyLoad | None = None
) -> list[Finding]:
    """Per group of tasks in one city inspecting the same target: the joint visits scheduled, or
    the visit they could share and why it is not scheduled (merging off, windows apart, pins).

    `load` is monthly_load(events) when the caller has it already."""
    scheduled: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for task in event.tasks:
            scheduled[task.key].append(event)
    if load is None:
        load = monthly_load(events)
    findings = []
    for component in scope_components(tasks):
        keys = {t.key for t in component}
        joint = sorted({e.uid: e for t in component for e in scheduled.get(t.key, []) if e.joined and keys >= {x.key for x in e.tasks}}.values(), key=lambda e: e.start)
        if joint:
            findings.append(_realised(component, joint, scheduled))
            continue
        # the group's own rounds move to the merged visit, so they do not count as other work;
        # subtracted per key looked up, not by copying the whole plan's load for every component
        own = monthly_load({e.uid: e for t in component for e in scheduled.get(t.key, [])}.values())
        best = _common_month(component, load, own)
        if best is not None:
            month, group = best
            why = _("合并已关闭（--no-merge 或 merge = false）") if not merging else _("未能同日：固定日期或共同工作日不足")
            findings.append(_merge(month, group, component, scheduled, why if events else ""))
    return findings


def _realised(component: list[Task], joint: list[Event], scheduled: dict[str, list[Event]]) -> Finding:
    saved = sum(len(e.joined) for e in joint)
    together = {t.key for e in joint for t in e.tasks}
    details = [
        _("{start}—{end} 联合检查：{tasks}").format(
            start=f"{e.start:%m-%d}", end=f"{e.end:%m-%d}", tasks=_("＋").join(f"{t.city}-{t.seq}" for t in e.tasks))
        for e in joint
    ]
    details += [_merge_line(t, scheduled.get(t.key, [])) for t in component]
    details += [
        _("{city}-{seq} 未并入：时间窗与其他任务不重合").format(city=t.city, seq=t.seq) for t in component if t.key not in together
    ]
    kinds = _("、").join(dict.fromkeys(short(t.scope, 16) for t in component))
    return Finding(
        kind="merge",
        severity="info",
        city=component[0].city,
        message=_("一业一查已合并：{kinds} 的 {tasks} 项任务合为 {visits} 次联合检查，少 {saved} 次上门").format(
            kinds=kinds, tasks=len(together), visits=len(joint), saved=saved),
        departments=tuple(dict.fromkeys(d.name for t in component for d in t.departments())),
        months=tuple(sorted({e.start.month for e in joint})),
        seqs=seqs_of(component),
        source_lines=lines_of(component),
        details=tuple(details),
    )


def scope_components(tasks: Sequence[Task]) -> list[list[Task]]:
    """Connected groups of same-target tasks per city; exact duplicates count once (they are reported as such)."""
    by_city: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_city[task.city].append(task)
    components = []
    for city_tasks in by_city.values():
        parent = list(range(len(city_tasks)))

        def root(i: int) -> int:  # called only within this city's loop: `parent` is current
            while parent[i] != i:  # noqa: B023
                i = parent[i]  # noqa: B023
            return i

        joined: set[int] = set()
        for i, j in _candidate_pairs(city_tasks):
            if same_population(city_tasks[i], city_tasks[j]) and not same_inspection(city_tasks[i], city_tasks[j]):
                parent[root(j)] = root(i)
                joined.update((i, j))
        members: dict[int, list[Task]] = defaultdict(list)
        for i in sorted(joined):  # every other task is a group of its own, and one is no group
            members[root(i)].append(city_tasks[i])
        components += [_without_duplicates(m) for m in members.values() if len(m) > 1]
    return [c for c in components if len(c) > 1]


def _candidate_pairs(tasks: Sequence[Task]) -> list[tuple[int, int]]:
    """The pairs (i < j) same_population can accept: same scope core, or one's core among the other's
    items, neither core generic.

    Every other pair fails its first tests, so comparing only these finds the same groups without
    comparing every pair of a city's tasks (a city's many tasks on 企业 or 单位 would be pairs by the hundred).
    """
    scopes = list(map(attrgetter("scope"), tasks))
    cores = list(map(scope_core, scopes))
    generic = list(map(is_generic, cores))  # same_population never accepts a generic core
    items = [() if skip else scope_items(scope) for skip, scope in zip(generic, scopes, strict=True)]
    # a task whose core no other task has, with no items, and whose core no task lists pairs with none
    # (most tasks): left out before any dictionary is built
    counts = Counter(cores)
    listed = set(chain.from_iterable(items))
    by_core: dict[str, list[int]] = defaultdict(list)
    by_item: dict[str, list[int]] = defaultdict(list)
    for i, core in enumerate(cores):
        if not generic[i] and (counts[core] > 1 or items[i] or core in listed):
            by_core[core].append(i)
            for item in items[i]:
                by_item[item].append(i)
    pairs = []
    for core, same in by_core.items():
        for i in same:
            if len(same) == 1 and not items[i] and core not in by_item:
                continue  # nothing to pair with after all (the other tasks were generic)
            found = {*same, *by_item.get(core, ())}
            for item in items[i]:
                found.update(by_core.get(item, ()))
            pairs += [(i, j) for j in sorted(found) if j > i]
    return sorted(pairs)


def _without_duplicates(tasks: list[Task]) -> list[Task]:
    kept: list[Task] = []
    for task in tasks:
        if not any(same_inspection(k, task) for k in kept):
            kept.append(task)
    return kept


def _common_month(tasks: list[Task], load: MonthlyLoad, own: MonthlyLoad) -> tuple[int, list[Task]] | None:
    """The month inside the most windows and the tasks it fits, if two or more.

    Among equally good months, the one where the group's departments are least busy in the schedule
    (then the earliest): the joint visit should land where there is room for it. `own` is the
    group's share of `load` (never more than it), left out of "busy".
    """
    best: tuple[tuple[int, int, int], int, list[Task]] | None = None
    for month in range(1, 13):
        fits = [t for t in tasks if any(w.start <= month <= w.end for w in t.windows)]
        departments = {d for t in fits for d in t.departments()}
        score = (-len(fits), sum(load[d, month] - own[d, month] for d in departments), month)
        if len(fits) >= 2 and (best is None or score < best[0]):
            best = (score, month, fits)
    return (best[1], best[2]) if best else None


def _merge(month: int, group: list[Task], component: list[Task], scheduled: dict[str, list[Event]], why: str = "") -> Finding:
    departments = tuple(dict.fromkeys(d.name for t in group for d in t.departments()))
    leads = {ref.department for t in group for ref in t.lead}
    saved = len(group) - 1
    details = [_merge_line(t, scheduled.get(t.key, [])) for t in group]
    details += [
        _("{city}-{seq} 时间窗与 {month}月 不重合，未计入：{name}").format(city=t.city, seq=t.seq, month=month, name=short(t.name or t.item))
        for t in component
        if t not in group
    ]
    if why:
        details.append(_("未排为一次上门：{why}").format(why=why))
    kinds = _("、").join(dict.fromkeys(short(t.scope, 16) for t in group))
    return Finding(
        kind="merge",
        severity="info",
        city=group[0].city,
        message=_("一业一查：{kinds} 由 {tasks} 项任务（{leads} 个发起部门）分别抽查，可在 {month}月 合并为一次联合检查，少 {saved} 次上门").format(
            kinds=kinds, tasks=len(group), leads=len(leads), month=month, saved=saved),
        departments=departments,
        months=(month,),
        seqs=seqs_of(group),
        source_lines=lines_of(group),
        details=tuple(details),
    )


def _merge_line(task: Task, events: list[Event]) -> str:
    lead = _("、").join(r.department.name for r in task.lead) or _("无发起部门")
    when = _("、").join(f"{e.start:%m-%d}" for e in sorted(events, key=lambda e: e.start)) or _("未排期")
    windows = "; ".join(span_text(w.start, w.end) for w in task.windows)
    return _("{city}-{seq} 第{line}行 {name}（{lead}，窗口 {windows}，已排 {when}）").format(
        city=task.city, seq=task.seq, line=task.source_line, name=short(task.name or task.item), lead=lead, windows=windows, when=when)
