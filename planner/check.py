"""Conflicts in a plan and its schedule: what a coordinator must fix or may improve before publishing.

`check_plan` is pure: plan + schedule + config in, findings out, most severe first. Five kinds:

- overload        a department takes part in more rounds in a month than its monthly capacity
- double-booking  a department starts more events on one day than its daily capacity
- duplicate       the same inspection listed twice in a city (same item, scope and lead)
- merge           一业一查: tasks of one city inspecting the same kind of target in a common month
- data            rows and cells the schedule had to guess about, or that cannot be right

Scopes are compared by a *core*: the 抽查对象范围 cleaned of width, spaces and punctuation, of
where-words (全市, 本辖区, 市直 ...) and of a qualifier ending in 的 ("全市纳入监管范围的商场（超市）"
→ 商场超市). Two tasks inspect the same kind of target when their cores are equal or one contains
the other (旅行社 ⊂ 城矿区旅行社), except after 非 (煤矿 is not 非煤矿山). Generic cores built only of
words for "any organisation" (生产经营主体, 企业, 单位, 依法取得业务许可的企业, 机关、团体、企业、事业等
单位, 2021—2023年正常生产经营的企业 ...) never match anything: grouping "every business in the
district" would merge unrelated inspections.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from planner.config import Config
from planner.load import MonthlyLoad, monthly_load
from planner.model import Department, Event, Finding, Plan, Schedule, Task

KINDS = ("overload", "double-booking", "duplicate", "merge", "data")
SEVERITIES = ("error", "warning", "info")

# Items (and names) this similar (difflib ratio of normalised text) are one inspection worded differently.
ITEM_SIMILARITY = 0.9

# Where-words in front of a scope: they say where, not what.
_PLACE = re.compile(r"^(全市范围内|全市范围|全市|本辖区内|本辖区|辖区内|我市|市直管|市直|市辖区|城区|城矿区|各类|全省)+的?")
# Scopes that name no industry: made only of words for "any business, unit or licence holder".
_GENERIC = re.compile(
    r"^(各类|依法|取得|业务|许可|的|正常|生产|经营|相关|重点|其他|和|及|与|或|等|主体|企业|单位|经营者|机构|分支"
    r"|从业|人员|社会组织|用人|法人|门店|场所|检查|机关|团体|事业|范围|\d|年)+$"
)
# Repairs that only undo how the PDF was laid out (merged cells, line wraps) are not defects.
_ROUTINE_REPAIRS = frozenset({"merged-cell", "wrap-space"})
# Repairs that replaced what the row says with a guess: the schedule rests on an assumption.
_GUESSES = frozenset({"default-frequency", "clipped-window"})


def check_plan(plan: Plan, schedule: Schedule, config: Config, *, naive: bool = False) -> tuple[Finding, ...]:
    """Every finding for the plan and its balanced (or, with naive, as-written) schedule, most severe first."""
    events = schedule.naive if naive else schedule.events
    findings = [
        *overloads(events, config),
        *double_bookings(events, config),
        *duplicates(plan.tasks),
        *merges(plan.tasks, events),
        *data_problems(plan, schedule, config),
    ]
    cities = _city_order(plan.tasks)
    return tuple(sorted(findings, key=lambda f: _rank(f, cities)))


def filter_findings(
    findings: Iterable[Finding],
    *,
    cities: Sequence[str] = (),
    departments: Sequence[Department] = (),
    kind: str | None = None,
) -> tuple[Finding, ...]:
    """Findings of these cities, naming one of these departments (in its city), of this kind.

    Names are resolved before they get here (planner.select), so a typo is an error, never an
    empty report that lets a publishing gate pass.
    """
    return tuple(
        f
        for f in findings
        if (not cities or f.city in cities)
        and (not departments or any(d.city == f.city and d.name in f.departments for d in departments))
        and (kind is None or f.kind == kind)
    )


def at_or_above(findings: Iterable[Finding], severity: str) -> tuple[Finding, ...]:
    """Findings at least as severe as `severity` (error > warning > info)."""
    limit = SEVERITIES.index(severity)
    return tuple(f for f in findings if SEVERITIES.index(f.severity) <= limit)


def counts_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for f in findings:
        counts[f.kind] += 1
    return counts


# --- overloads ---------------------------------------------------------------------------------


def overloads(events: Sequence[Event], config: Config) -> list[Finding]:
    """One finding per (department, month) above the department's monthly capacity."""
    load = monthly_load(events)
    by_slot: dict[tuple[Department, int], list[Event]] = defaultdict(list)
    for event in events:
        for department in event.task.departments():
            by_slot[department, event.start.month].append(event)
    findings = []
    for (department, month), members in by_slot.items():
        capacity = config.monthly_capacity_for(department)
        if load[department, month] > capacity:
            findings.append(_overload(department, month, members, load, config))
    return findings


def _overload(department: Department, month: int, members: list[Event], load: MonthlyLoad, config: Config) -> Finding:
    capacity = config.monthly_capacity_for(department)
    moves = _moves(department, month, members, load, config)
    after = load[department, month] - len(moves)
    details = [_event_line(e, department) for e in members]
    details += [
        f"可移：{e.task.city}-{e.seq} → {target}月（{department.name} {target}月 变为 {then}/{capacity}）"
        for e, target, then in moves
    ]
    if moves:
        details.append(f"移动以上 {len(moves)} 项后 {month}月 为 {after}/{capacity}")
    else:
        details.append("没有可在其时间窗内移到未满月份的活动")
    return Finding(
        kind="overload",
        severity="error",
        city=department.city,
        message=f"{department.name} {month}月 参与 {load[department, month]} 项抽查，超出月容量 {capacity}",
        departments=(department.name,),
        months=(month,),
        seqs=_seqs(e.task for e in members),
        source_lines=_lines(e.task for e in members),
        details=tuple(details),
    )


def _moves(
    department: Department, month: int, members: list[Event], load: MonthlyLoad, config: Config
) -> list[tuple[Event, int, int]]:
    """Greedy: events that can move inside their window to a month where all their departments have room.

    Each move comes with the department's load in the target month once it (and the moves before it) is made.
    """
    trial = load.copy()
    moves: list[tuple[Event, int, int]] = []
    # Events with the widest windows first: they are the easiest to place elsewhere.
    for event in sorted(members, key=lambda e: (-len(_window_months(e)), e.start, e.uid)):
        if trial[department, month] <= config.monthly_capacity_for(department):
            break
        target = _best_month(event, month, trial, config)
        if target is not None:
            for d in event.task.departments():
                trial[d, month] -= 1
                trial[d, target] += 1
            moves.append((event, target, trial[department, target]))
    return moves


def _best_month(event: Event, month: int, load: MonthlyLoad, config: Config) -> int | None:
    """The month in the event's window with the most spare room for all its departments, if any."""
    best: tuple[int, int] | None = None
    for candidate in _window_months(event):
        if candidate == month:
            continue
        room = min(config.monthly_capacity_for(d) - load[d, candidate] for d in event.task.departments())
        if room >= 1 and (best is None or room > best[0]):
            best = (room, candidate)
    return best[1] if best else None


def _window_months(event: Event) -> tuple[int, ...]:
    if event.months:
        return event.months
    start, end = event.window_start, event.window_end
    if start.year != end.year:  # a window across the year end: stay in the event's own year
        start, end = max(start, date(event.start.year, 1, 1)), min(end, date(event.start.year, 12, 31))
    return tuple(range(start.month, end.month + 1))


def _months_text(months: tuple[int, ...]) -> str:
    """3、4、5、11、12 → 3月—5月、11月—12月."""
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return "、".join(f"{r[0]}月—{r[-1]}月" if len(r) > 1 else f"{r[0]}月" for r in runs)


def _event_line(event: Event, department: Department) -> str:
    role = "发起" if any(r.department == department for r in event.task.lead) else "配合"
    window = _months_text(_window_months(event))
    return f"{event.task.city}-{event.seq} {event.title}（{role}，{event.start:%m-%d}，窗口 {window}，第{event.task.source_line}行）"


# --- double bookings ---------------------------------------------------------------------------


def double_bookings(events: Sequence[Event], config: Config) -> list[Finding]:
    """One finding per (department, day) on which it starts more events than its daily capacity."""
    starts: dict[tuple[Department, date], list[Event]] = defaultdict(list)
    for event in events:
        for department in event.task.departments():
            starts[department, event.start].append(event)
    findings = []
    for (department, day), members in starts.items():
        capacity = config.daily_capacity_for(department)
        if len(members) > capacity:
            findings.append(
                Finding(
                    kind="double-booking",
                    severity="error",
                    city=department.city,
                    message=f"{department.name} {day:%Y-%m-%d} 同日开始 {len(members)} 项抽查，超出日容量 {capacity}",
                    departments=(department.name,),
                    months=(day.month,),
                    seqs=_seqs(e.task for e in members),
                    source_lines=_lines(e.task for e in members),
                    details=tuple(_event_line(e, department) for e in members),
                )
            )
    return findings


# --- duplicates --------------------------------------------------------------------------------

# Fields compared between two rows of the same inspection, with their Chinese labels.
_COMPARED = (
    ("name", "抽查任务名称"),
    ("item", "抽查事项"),
    ("scope", "抽查对象范围"),
    ("ratio_text", "抽查比例"),
    ("windows", "起止时间"),
    ("frequency", "频次"),
    ("partners", "配合部门"),
    ("mode", "抽查检查模式"),
)


def duplicates(tasks: Sequence[Task]) -> list[Finding]:
    """Groups of tasks in one city with the same lead, scope and (nearly) the same item."""
    findings = []
    for group in _duplicate_groups(tasks):
        differences = sorted({label for other in group[1:] for label in _differences(group[0], other)})
        exact = not differences
        first = group[0]
        what = "重复列出" if exact else "疑似重复（仅措辞或个别字段不同）"
        details = [f"{t.city}-{t.seq} 第{t.source_line}行：{t.name or t.item}" for t in group]
        details += [f"不同：{label}：" + " / ".join(_field_text(t, label) for t in group) for label in differences]
        findings.append(
            Finding(
                kind="duplicate",
                severity="error" if exact else "warning",
                city=first.city,
                message=f"{_short(first.scope)}：序号 {'、'.join(str(t.seq) for t in group)} {what}",
                departments=tuple(d.name for d in first.departments()),
                months=_months(group),
                seqs=_seqs(group),
                source_lines=_lines(group),
                details=tuple(details),
            )
        )
    return findings


def _duplicate_groups(tasks: Sequence[Task]) -> list[list[Task]]:
    groups: list[list[Task]] = []
    for task in tasks:
        for group in groups:
            if _same_inspection(group[0], task):
                group.append(task)
                break
        else:
            groups.append([task])
    return [g for g in groups if len(g) > 1]


def _same_inspection(a: Task, b: Task) -> bool:
    if a.city != b.city or _leads(a) != _leads(b) or normalise(a.scope) != normalise(b.scope):
        return False
    # The name often carries the target when item and scope are generic (防雷安全监督检查 of 矿区 / 学校).
    return _similar(a.item, b.item) and (not a.name or not b.name or _similar(a.name, b.name))


def _similar(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= ITEM_SIMILARITY


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
        return "、".join(r.department.name for r in value) or "无"
    if attr == "windows":
        return "; ".join(f"{w.start}月—{w.end}月" for w in value) or "无"
    if attr == "frequency":
        return f"{value.count}次/{value.per}"
    if attr == "mode":
        return value.text or "无"
    return _short(value) or "无"


# --- 一业一查 merges ---------------------------------------------------------------------------


def merges(tasks: Sequence[Task], events: Sequence[Event] = ()) -> list[Finding]:
    """Groups of tasks in one city inspecting the same kind of target that could share one visit."""
    scheduled: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        scheduled[event.task.key].append(event)
    load = monthly_load(events)
    findings = []
    for component in _scope_components(tasks):
        # the group's own rounds move to the merged visit, so they do not count as other work
        others = load - monthly_load(e for t in component for e in scheduled.get(t.key, []))
        best = _common_month(component, others)
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


def is_generic(core: str) -> bool:
    return len(core) < 2 or bool(_GENERIC.match(core))


def _same_target(a: str, b: str) -> bool:
    if is_generic(a) or is_generic(b):
        return False
    short, long = sorted((a, b), key=len)
    # 非煤矿山 is every mine but a coal mine: containment after 非 is a negation, not a match.
    return short in long and f"非{short}" not in long


def _scope_components(tasks: Sequence[Task]) -> list[list[Task]]:
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
                if _same_target(cores[i], cores[j]) and not _same_inspection(city_tasks[i], city_tasks[j]):
                    parent[root(j)] = root(i)
        members: dict[int, list[Task]] = defaultdict(list)
        for i, task in enumerate(city_tasks):
            members[root(i)].append(task)
        components += [_without_duplicates(m) for m in members.values() if len(m) > 1]
    return [c for c in components if len(c) > 1]


def _without_duplicates(tasks: list[Task]) -> list[Task]:
    kept: list[Task] = []
    for task in tasks:
        if not any(_same_inspection(k, task) for k in kept):
            kept.append(task)
    return kept


def _common_month(tasks: list[Task], load: MonthlyLoad) -> tuple[int, list[Task]] | None:
    """The month inside the most windows and the tasks it fits, if two or more.

    Among equally good months, the one where the group's departments are least busy in the schedule
    (then the earliest): the joint visit should land where there is room for it.
    """
    best: tuple[tuple[int, int, int], int, list[Task]] | None = None
    for month in range(1, 13):
        fits = [t for t in tasks if any(w.start <= month <= w.end for w in t.windows)]
        departments = {d for t in fits for d in t.departments()}
        score = (-len(fits), sum(load[d, month] for d in departments), month)
        if len(fits) >= 2 and (best is None or score < best[0]):
            best = (score, month, fits)
    return (best[1], best[2]) if best else None


def _merge(month: int, group: list[Task], component: list[Task], scheduled: dict[str, list[Event]]) -> Finding:
    departments = tuple(dict.fromkeys(d.name for t in group for d in t.departments()))
    leads = {ref.department for t in group for ref in t.lead}
    saved = len(group) - 1
    details = [_merge_line(t, scheduled.get(t.key, [])) for t in group]
    details += [f"{t.city}-{t.seq} 时间窗与 {month}月 不重合，未计入：{_short(t.name or t.item)}" for t in component if t not in group]
    kinds = "、".join(dict.fromkeys(_short(t.scope, 16) for t in group))
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
        seqs=_seqs(group),
        source_lines=_lines(group),
        details=tuple(details),
    )


def _merge_line(task: Task, events: list[Event]) -> str:
    lead = "、".join(r.department.name for r in task.lead) or "无发起部门"
    when = "、".join(f"{e.start:%m-%d}" for e in sorted(events, key=lambda e: e.start)) or "未排期"
    windows = "; ".join(f"{w.start}月—{w.end}月" for w in task.windows)
    return f"{task.city}-{task.seq} 第{task.source_line}行 {_short(task.name or task.item)}（{lead}，窗口 {windows}，已排 {when}）"


# --- data problems -----------------------------------------------------------------------------


def data_problems(plan: Plan, schedule: Schedule, config: Config) -> list[Finding]:
    findings = [*_plan_level(plan, schedule, config)]
    for task in plan.tasks:
        findings += _lead_is_partner(task)
        findings += _guessed_fields(task)
        findings += _windows_outside_year(task)
    findings += _unknown_departments(plan.tasks)
    return findings


def _plan_level(plan: Plan, schedule: Schedule, config: Config) -> list[Finding]:
    findings = [
        Finding("data", "error", "", f"第{p.line}行 未能读成任务：{p.message}", source_lines=(p.line,), details=_value(p.value))
        for p in plan.problems
    ]
    findings += [
        Finding("data", "error", _city_of(p.line, plan), f"第{p.line}行 未能排期：{p.message}", source_lines=(p.line,), details=_value(p.value))
        for p in schedule.unscheduled
    ]
    if config.year is not None and plan.year != config.year:
        findings.append(
            Finding("data", "error", "", f"计划年度 {plan.year} 与配置年度 {config.year} 不一致（{config.source}）")
        )
    return findings


def _lead_is_partner(task: Task) -> list[Finding]:
    if not task.lead:
        return [
            Finding("data", "warning", task.city, f"序号 {task.seq}：没有发起部门", seqs=(task.seq,), source_lines=(task.source_line,))
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
            f"序号 {task.seq}：{'、'.join(both)} 既是发起部门又是配合部门",
            departments=both,
            months=_months([task]),
            seqs=(task.seq,),
            source_lines=(task.source_line,),
            details=(f"发起：{_refs(task.lead)}；配合：{_refs(task.partners)}",),
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
                f"序号 {task.seq}：{label}{what}：“{repair.before}” → “{repair.after}”",
                departments=tuple(d.name for d in task.departments()),
                months=_months([task]),
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
            f"序号 {task.seq}：起止时间 {text} 不在计划年度内",
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
            seqs=_seqs(group),
            source_lines=_lines(group),
            details=tuple(f"{t.city}-{t.seq} 第{t.source_line}行 写作“{_written(t, name)}”" for t in group),
        )
        for (city, name), group in users.items()
    ]


# --- helpers -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Comparable text: half width, no spaces, punctuation or symbols ("商场（超市）" == "商场(超市)" → 商场超市)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZSC")


def _rank(finding: Finding, cities: dict[str, int]) -> tuple[object, ...]:
    """Severity, kind, city; then department and month for load findings, row order for the others."""
    head = (SEVERITIES.index(finding.severity), KINDS.index(finding.kind), cities.get(finding.city, -1))
    if finding.kind in ("overload", "double-booking"):
        # the message starts with the department and, for a double booking, the day
        return (*head, finding.departments, finding.months, finding.message)
    return (*head, finding.seqs, finding.source_lines, finding.months, finding.departments, finding.message)


def _city_order(tasks: Sequence[Task]) -> dict[str, int]:
    return {city: i for i, city in enumerate(dict.fromkeys(t.city for t in tasks))}



def _city_of(line: int, plan: Plan) -> str:
    return next((t.city for t in plan.tasks if t.source_line == line), "")


def _leads(task: Task) -> frozenset[Department]:
    return frozenset(r.department for r in task.lead)


def _seqs(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({t.seq for t in tasks}))


def _lines(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({t.source_line for t in tasks}))


def _months(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({m for t in tasks for w in t.windows for m in w.months() if 1 <= m <= 12}))


def _refs(refs: Iterable[object]) -> str:
    return "、".join(getattr(r, "written", "") for r in refs) or "无"


def _written(task: Task, name: str) -> str:
    return next(r.written for r in task.lead + task.partners if r.department.name == name)


def _value(value: str) -> tuple[str, ...]:
    return (f"原文：{value}",) if value else ()


def _short(text: str, width: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
