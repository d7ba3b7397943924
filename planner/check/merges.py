"""一业一查 merges: tasks of one city inspecting the same kind of target that could share one visit.

Scopes are compared by a *core*: the 抽查对象范围 cleaned of width, spaces and punctuation, of
where-words (全市, 本辖区, 市直 ...) and of a qualifier ending in 的 ("全市纳入监管范围的商场（超市）"
→ 商场超市). Two tasks inspect the same kind of target when their cores are equal or one contains
the other (旅行社 ⊂ 城矿区旅行社), except after 非 (煤矿 is not 非煤矿山). Generic cores built only of
words for "any organisation" (生产经营主体, 企业, 单位, 依法取得业务许可的企业, 机关、团体、企业、事业等
单位, 2021—2023年正常生产经营的企业 ...) never match anything: grouping "every business in the
district" would merge unrelated inspections.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence

from planner.check.common import lines_of, normalise, seqs_of, short
from planner.check.duplicates import same_inspection
from planner.load import MonthlyLoad, monthly_load
from planner.model import Event, Finding, Task

# Where-words in front of a scope: they say where, not what.
_PLACE = re.compile(r"^(全市范围内|全市范围|全市|本辖区内|本辖区|辖区内|我市|市直管|市直|市辖区|城区|城矿区|各类|全省)+的?")
# Scopes that name no industry: made only of words for "any business, unit or licence holder".
_GENERIC = re.compile(
    r"^(各类|依法|取得|业务|许可|的|正常|生产|经营|相关|重点|其他|和|及|与|或|等|主体|企业|单位|经营者|机构|分支"
    r"|从业|人员|社会组织|用人|法人|门店|场所|检查|机关|团体|事业|范围|\d|年)+$"
)

def merges(tasks: Sequence[Task], events: Sequence[Event] = ()) -> list[Finding]:
    """Groups of tasks in one city inspecting the same kind of target that could share one visit."""
    scheduled: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        scheduled[event.task.key].append(event)
    load = monthly_load(events)
    findings = []
    for component in scope_components(tasks):
        # the group's own rounds move to the merged visit, so they do not count as other work;
        # subtracted per key looked up, not by copying the whole plan's load for every component
        own = monthly_load(e for t in component for e in scheduled.get(t.key, []))
        best = _common_month(component, load, own)
        if best is not None:
            month, group = best
            findings.append(_merge(month, group, component, scheduled))
    return findings


def scope_core(scope: str) -> str:
    """What a scope inspects, without where-words, qualifiers, width or punctuation (see module doc)."""
    text = _PLACE.sub("", normalise(scope))
    _, _, tail = text.rpartition("的")
    if len(tail) >= 2 and not is_generic(tail):
        text = tail
    return _PLACE.sub("", text)


@functools.lru_cache(maxsize=16384)  # asked for every pair of a city's tasks: once per distinct core
def is_generic(core: str) -> bool:
    return len(core) < 2 or bool(_GENERIC.match(core))


def _same_target(a: str, b: str) -> bool:
    if is_generic(a) or is_generic(b):
        return False
    short, long = sorted((a, b), key=len)
    # 非煤矿山 is every mine but a coal mine: containment after 非 is a negation, not a match.
    return short in long and f"非{short}" not in long


def scope_components(tasks: Sequence[Task]) -> list[list[Task]]:
    """Connected groups of same-target tasks per city; exact duplicates count once (they are reported as such)."""
    by_city: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_city[task.city].append(task)
    components = []
    for city_tasks in by_city.values():
        cores = [scope_core(t.scope) for t in city_tasks]
        parent = list(range(len(city_tasks)))

        def root(i: int) -> int:  # called only within this city's loop: `parent` is current
            while parent[i] != i:  # noqa: B023
                i = parent[i]  # noqa: B023
            return i

        for i in range(len(city_tasks)):
            for j in range(i + 1, len(city_tasks)):
                if _same_target(cores[i], cores[j]) and not same_inspection(city_tasks[i], city_tasks[j]):
                    parent[root(j)] = root(i)
        members: dict[int, list[Task]] = defaultdict(list)
        for i, task in enumerate(city_tasks):
            members[root(i)].append(task)
        components += [_without_duplicates(m) for m in members.values() if len(m) > 1]
    return [c for c in components if len(c) > 1]


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


def _merge(month: int, group: list[Task], component: list[Task], scheduled: dict[str, list[Event]]) -> Finding:
    departments = tuple(dict.fromkeys(d.name for t in group for d in t.departments()))
    leads = {ref.department for t in group for ref in t.lead}
    saved = len(group) - 1
    details = [_merge_line(t, scheduled.get(t.key, [])) for t in group]
    details += [f"{t.city}-{t.seq} 时间窗与 {month}月 不重合，未计入：{short(t.name or t.item)}" for t in component if t not in group]
    kinds = "、".join(dict.fromkeys(short(t.scope, 16) for t in group))
    return Finding(
        kind="merge",
        severity="info",
        city=group[0].city,
        message=(
            f"一业一查：{kinds} 由 {len(group)} 项任务（{len(leads)} 个发起部门）分别抽查，"
            f"可在 {month}月 合并为一次联合检查，少 {saved} 次上门"
        ),
        departments=departments,
        months=(month,),
        seqs=seqs_of(group),
        source_lines=lines_of(group),
        details=tuple(details),
    )


def _merge_line(task: Task, events: list[Event]) -> str:
    lead = "、".join(r.department.name for r in task.lead) or "无发起部门"
    when = "、".join(f"{e.start:%m-%d}" for e in sorted(events, key=lambda e: e.start)) or "未排期"
    windows = "; ".join(f"{w.start}月—{w.end}月" for w in task.windows)
    return f"{task.city}-{task.seq} 第{task.source_line}行 {short(task.name or task.item)}（{lead}，窗口 {windows}，已排 {when}）"
