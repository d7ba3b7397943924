"""一业一查 merges: tasks of one city inspecting the same kind of target that could share one visit.

Scopes are compared by a *core*: the 抽查对象范围 cleaned of width, spaces and punctuation, of
where-words (全市, 本辖区, 市直 ...) and of a qualifier ending in 的 ("全市纳入监管范围的商场（超市）"
→ 商场超市). One visit serves two tasks only when they draw from the same population
(`same_population`):

- the cores are equal, or one scope lists the other's core as one of its items (物流、寄递企业 and
  寄递企业): a core that merely contains the other narrows it (民办中小学校 is not 中小学校, 中小学校 is
  not 各类学校, 煤矿 is not 非煤矿山), and a sample of the narrower population misses the wider one;
- they name the same place: 市直 / 直属 schools are not 潞州区 schools nor all schools of the city
  (全市, 本辖区, 我市 and no place word all mean the whole city);
- a scope that is a category rather than a kind of business (防雷安全重点单位, 保安行业相关单位) says
  nothing about the target: then the task names must name the same target (矿区 / 油库 / 学校 are
  three visits; 保安从业单位 and 保安培训单位 are two).

Generic cores built only of words for "any organisation" (生产经营主体, 企业, 单位, 依法取得业务许可的
企业, 机关、团体、企业、事业等单位, 2021—2023年正常生产经营的企业 ...) never match anything: grouping
"every business in the district" would merge unrelated inspections.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
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

def merges(tasks: Sequence[Task], events: Sequence[Event] = (), *, merging: bool = True) -> list[Finding]:
    """Per group of tasks in one city inspecting the same target: the joint visits scheduled, or
    the visit they could share and why it is not scheduled (merging off, windows apart, pins)."""
    scheduled: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for task in event.tasks:
            scheduled[task.key].append(event)
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
            why = "合并已关闭（--no-merge 或 merge = false）" if not merging else "未能同日：固定日期或共同工作日不足"
            findings.append(_merge(month, group, component, scheduled, why if events else ""))
    return findings


def _realised(component: list[Task], joint: list[Event], scheduled: dict[str, list[Event]]) -> Finding:
    saved = sum(len(e.joined) for e in joint)
    together = {t.key for e in joint for t in e.tasks}
    details = [f"{e.start:%m-%d}—{e.end:%m-%d} 联合检查：" + "＋".join(f"{t.city}-{t.seq}" for t in e.tasks) for e in joint]
    details += [_merge_line(t, scheduled.get(t.key, [])) for t in component]
    details += [f"{t.city}-{t.seq} 未并入：时间窗与其他任务不重合" for t in component if t.key not in together]
    kinds = "、".join(dict.fromkeys(short(t.scope, 16) for t in component))
    return Finding(
        kind="merge",
        severity="info",
        city=component[0].city,
        message=f"一业一查已合并：{kinds} 的 {len(together)} 项任务合为 {len(joint)} 次联合检查，少 {saved} 次上门",
        departments=tuple(dict.fromkeys(d.name for t in component for d in t.departments())),
        months=tuple(sorted({e.start.month for e in joint})),
        seqs=seqs_of(component),
        source_lines=lines_of(component),
        details=tuple(details),
    )


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
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


# Where-words that narrow a scope to part of the city; every other where-word means the whole city.
_NARROW_PLACE = re.compile(r"^(?:市直管|市直属|市直|直属)|^([\u4e00-\u9fff]{2,3}[区县])(?=[\u4e00-\u9fff]{2})")
_CITY_WIDE = {"城区", "市辖区", "城矿区"}  # read as the whole city in these plans
# Scopes naming a category of units by what is checked there, not what they are.
_CATEGORY = re.compile(r"(重点|相关|有关)(单位|企业|场所|主体)$")
NAME_SIMILARITY = 0.8


def same_population(a: Task, b: Task) -> bool:
    """True when one visit can serve both tasks: same kind of target, same place, same named target (module doc)."""
    core_a, core_b = scope_core(a.scope), scope_core(b.scope)
    # cheapest test first: most pairs of a city's tasks differ in what they inspect
    if core_a != core_b and core_b not in scope_items(a.scope) and core_a not in scope_items(b.scope):
        return False
    if is_generic(core_a) or is_generic(core_b) or scope_place(a.scope) != scope_place(b.scope):
        return False
    if _CATEGORY.search(core_a):
        return difflib.SequenceMatcher(None, _normalised(a.name), _normalised(b.name)).ratio() >= NAME_SIMILARITY
    return True


_normalised = functools.lru_cache(maxsize=4096)(normalise)


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
def scope_place(scope: str) -> str:
    """The part of the city a scope is limited to: 市直, a district (潞州区), or "" for the whole city."""
    text = re.sub(r"^(全市范围内|全市范围|全市|本辖区内|本辖区|辖区内|我市|各类|全省)+的?", "", normalise(scope))
    found = _NARROW_PLACE.match(text)
    if not found or found.group(1) in _CITY_WIDE:
        return ""
    return "市直" if found.group(1) is None else found.group(1)


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
def scope_items(scope: str) -> tuple[str, ...]:
    """The kinds a scope lists (物流、寄递企业 → 物流企业, 寄递企业), as cores."""
    text = _PLACE.sub("", unicodedata.normalize("NFKC", scope).strip())
    parts = [p for p in re.split(r"[、,，;；和及与]", text) if p.strip()]
    if len(parts) < 2:
        return ()
    tail = re.search(r"(企业|单位|机构|场所|经营者|学校)$", normalise(parts[-1]))
    suffix = tail.group(1) if tail else ""
    items = [scope_core(p) for p in parts]
    return tuple(i if not suffix or i.endswith(suffix) else i + suffix for i in items)


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

        for i in range(len(city_tasks)):
            for j in range(i + 1, len(city_tasks)):
                if same_population(city_tasks[i], city_tasks[j]) and not same_inspection(city_tasks[i], city_tasks[j]):
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


def _merge(month: int, group: list[Task], component: list[Task], scheduled: dict[str, list[Event]], why: str = "") -> Finding:
    departments = tuple(dict.fromkeys(d.name for t in group for d in t.departments()))
    leads = {ref.department for t in group for ref in t.lead}
    saved = len(group) - 1
    details = [_merge_line(t, scheduled.get(t.key, [])) for t in group]
    details += [f"{t.city}-{t.seq} 时间窗与 {month}月 不重合，未计入：{short(t.name or t.item)}" for t in component if t not in group]
    if why:
        details.append(f"未排为一次上门：{why}")
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
