"""Overloads: a department taking part in more rounds in a month than its monthly capacity, with moves that would fix it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from planner.check.common import event_line, lines_of, seqs_of, window_months
from planner.config import Config
from planner.i18n import _
from planner.load import MonthlyLoad, monthly_load, running_months
from planner.model import Department, Event, Finding


def overloads(events: Sequence[Event], config: Config, *, load: MonthlyLoad | None = None) -> list[Finding]:
    """One finding per (department, month) above the department's monthly capacity.

    `load` is monthly_load(events) when the caller has it already."""
    if load is None:
        load = monthly_load(events)
    over = {key for key, count in load.items() if count > config.monthly_capacity_for(key[0])}
    if not over:
        return []
    # the events starting in each overloaded month: lists for those months only, not for every one
    by_slot: dict[tuple[Department, int], list[Event]] = defaultdict(list)
    for event in events:
        month = event.start.month
        for department in event.departments():
            if (department, month) in over:
                by_slot[department, month].append(event)
    return [_overload(department, month, members, load, config) for (department, month), members in by_slot.items()]


def overloaded_months(events: Sequence[Event], config: Config, *, load: MonthlyLoad | None = None) -> int:
    """How many findings `overloads` gives, without working out the moves that would fix them."""
    load = monthly_load(events) if load is None else load
    return sum(1 for (department, _month), n in load.items() if n > config.monthly_capacity_for(department))


def _overload(department: Department, month: int, members: list[Event], load: MonthlyLoad, config: Config) -> Finding:
    capacity = config.monthly_capacity_for(department)
    moves = _moves(department, month, members, load, config)
    after = load[department, month] - len(moves)
    details = [event_line(e, department) for e in members]
    details += [
        _("可移：{city}-{seq} → {month}月（{department} {month}月 变为 {load}/{capacity}）").format(
            city=e.task.city, seq=e.seq, month=target, department=department.name, load=then, capacity=capacity)
        for e, target, then in moves
    ]
    if moves:
        details.append(_("移动以上 {count} 项后 {month}月 为 {load}/{capacity}").format(
            count=len(moves), month=month, load=after, capacity=capacity))
    else:
        details.append(_("没有可在其时间窗内移到未满月份的活动"))
    return Finding(
        kind="overload",
        severity="error",
        city=department.city,
        message=_("{department} {month}月 参与 {count} 项抽查，超出月容量 {capacity}").format(
            department=department.name, month=month, count=load[department, month], capacity=capacity),
        departments=(department.name,),
        months=(month,),
        seqs=seqs_of(e.task for e in members),
        source_lines=lines_of(e.task for e in members),
        details=tuple(details),
    )


class _Trial:
    """The schedule's load with trial moves on top, without copying the whole plan's load per overload."""

    def __init__(self, load: MonthlyLoad) -> None:
        self._load = load
        self._moved: dict[tuple[Department, int], int] = {}

    def __getitem__(self, key: tuple[Department, int]) -> int:
        return self._load[key] + self._moved.get(key, 0)

    def __setitem__(self, key: tuple[Department, int], value: int) -> None:
        self._moved[key] = value - self._load[key]


def _moves(
    department: Department, month: int, members: list[Event], load: MonthlyLoad, config: Config
) -> list[tuple[Event, int, int]]:
    """Greedy: events that can move inside their window to a month where all their departments have room.

    Each move comes with the department's load in the target month once it (and the moves before it) is made.
    """
    trial = _Trial(load)
    moves: list[tuple[Event, int, int]] = []
    # Events with the widest windows first: they are the easiest to place elsewhere.
    for event in sorted(members, key=lambda e: (-len(window_months(e)), e.start, e.uid)):
        if trial[department, month] <= config.monthly_capacity_for(department):
            break
        target = _best_month(event, month, trial, config)
        if target is not None:
            for d in event.departments():
                trial[d, month] -= 1
                trial[d, target] += 1
            moves.append((event, target, trial[department, target]))
    return moves


def _best_month(event: Event, month: int, load: _Trial, config: Config) -> int | None:
    """The month in the event's window with the most spare room for all its departments, if any."""
    best: tuple[int, int] | None = None
    for candidate in window_months(event):
        if candidate == month:
            continue
        room = min(config.monthly_capacity_for(d) - load[d, candidate] for d in event.departments())
        if room >= 1 and (best is None or room > best[0]):
            best = (room, candidate)
    return best[1] if best else None


def pinned_above_bound(events: Sequence[Event], bounds: Sequence[tuple[Department, int]]) -> list[Finding]:
    """Departments whose busiest month exceeds their lower bound with a pinned event in it: the pin's
    price, reported so a coordinator sees it rather than the balancer quietly absorbing it."""
    if not any(e.pinned for e in events):
        return []
    load = monthly_load(events)
    running: dict[tuple[Department, int], list[Event]] = defaultdict(list)  # one pass, not one per department
    for event in events:
        for month in running_months(event):
            for department in event.departments():
                running[department, month].append(event)
    findings = []
    for department, bound in bounds:
        for month in range(1, 13):
            members = running.get((department, month), [])
            if load[department, month] > bound and any(e.pinned for e in members):
                findings.append(Finding(
                    kind="overload",
                    severity="warning",
                    city=department.city,
                    message=_("{department} {month}月 参与 {count} 项，高于下限 {bound}：含固定日期的检查").format(
                        department=department.name, month=month, count=load[department, month], bound=bound),
                    departments=(department.name,),
                    months=(month,),
                    seqs=seqs_of(t for e in members for t in e.tasks),
                    source_lines=lines_of(t for e in members for t in e.tasks),
                    details=(*(event_line(e, department) + (_("（固定日期）") if e.pinned else "") for e in members),
                             _("不固定时该部门最忙月份可降到 {bound} 项").format(bound=bound)),
                ))
    return findings
