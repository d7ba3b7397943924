"""The domain: plain, frozen values that every stage passes along.

Nothing here does I/O or knows about pandas, rich, typer or icalendar.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePath
from typing import Any, TypeVar

PERIODS = ("year", "half-year", "quarter", "month")

_T = TypeVar("_T")


def quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an __init__ that fills the instance's __dict__ directly.

    The __init__ dataclasses writes for a frozen class sets each field through
    object.__setattr__ (plain assignment is forbidden): about 3 µs for a Task, paid for every
    task, repair and round of a plan. This one takes the same parameters with the same
    defaults and leaves the same fields; the class stays frozen, compared and hashed as before."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__") or any(
        f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only for f in fields
    ):
        raise TypeError(f"quick_init cannot stand in for the __init__ of {cls.__name__}")
    defaults: dict[str, Any] = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}" for f in fields)
    body = "".join(f"\n    d[{f.name!r}] = {f.name}" for f in fields)
    namespace: dict[str, Any] = {}
    exec(f"def __init__(self, {params}):\n    d = self.__dict__{body}", defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    setattr(cls, "__init__", init)  # noqa: B010
    _FIELDS[cls] = dict.fromkeys(f.name for f in fields)
    return cls


_FIELDS: dict[type, dict[str, None]] = {}  # a quick_init class's fields, in order (for evolve)


def evolve(instance: _T, **changes: Any) -> _T:
    """dataclasses.replace for a class made with quick_init, without running __init__ again.

    replace reads every field and calls __init__ with all of them: a task retitled or renamed
    paid that for its 18 fields. quick_init's __init__ only stores its parameters, so a copy of
    the fields with the changes is the same instance (a cached_property's value is not carried
    over: it may depend on what changed)."""
    names = _FIELDS.get(type(instance))
    if names is None:
        raise TypeError(f"evolve needs a class made with quick_init, not {type(instance).__name__}")
    if not changes.keys() <= names.keys():
        raise TypeError(f"{type(instance).__name__} has no field {sorted(changes.keys() - names.keys())[0]!r}")
    state = instance.__dict__
    fields = {name: state[name] for name in names}
    fields.update(changes)
    copy = object.__new__(type(instance))
    copy.__dict__.update(fields)
    return copy


@quick_init
@dataclass(frozen=True)
class Repair:
    """One change the reader made to the source so a coordinator can check it."""

    line: int  # 1-based line in the source file
    kind: str  # e.g. "merged-cell", "moved-cell", "typo", "default-frequency"
    field: str  # the task field it concerns, e.g. "window", "lead"
    before: str
    after: str
    reason: str


@quick_init
@dataclass(frozen=True)
class Window:
    """Months (1-12, inclusive) in which a task may be inspected."""

    start: int
    end: int

    def months(self) -> tuple[int, ...]:
        return tuple(range(self.start, self.end + 1))


@quick_init
@dataclass(frozen=True)
class Frequency:
    count: int
    per: str  # one of PERIODS


@quick_init
@dataclass(frozen=True)
class Tier:
    """A credit-risk (or hospital-grade) tier and its sampling value."""

    tier: str
    value: float
    unit: str  # "%" or "家"


@quick_init
@dataclass(frozen=True)
class Ratio:
    text: str
    min_percent: float | None = None
    max_percent: float | None = None
    min_count: int | None = None
    tiers: tuple[Tier, ...] = ()
    max_count: int | None = None  # "20-30家"


@dataclass(frozen=True)
class Department:
    """A municipal body: identity is (city, canonical name)."""

    city: str
    name: str  # canonical

    # Departments key the dicts of every stage (loads, slots, feeds: ~100,000 look-ups in an
    # events run at 10x), and the hash dataclasses writes is a Python call that builds and hashes
    # a tuple each time. So there is one object per (city, name), made once and handed out again,
    # and it is hashed by identity, in C. Equality is still by value (the dataclass's __eq__); equal
    # departments are the same object, so the hash agrees with it. The table holds only what was
    # named, is never read for anything but this, and its values never change.
    def __new__(cls, city: str, name: str) -> Department:
        made = _DEPARTMENTS.get((city, name))
        if made is None:
            new = object.__new__(cls)
            new.__dict__.update(city=city, name=name)
            made = _DEPARTMENTS.setdefault((city, name), new)  # one C call: two threads get one object
        return made

    def __init__(self, city: str, name: str) -> None:
        """The fields are set once, by __new__."""

    __hash__ = object.__hash__

    def __reduce__(self) -> tuple[type[Department], tuple[str, str]]:
        # a copy or an unpickled one is the same object, through __new__
        return (Department, (self.city, self.name))


_DEPARTMENTS: dict[tuple[str, str], Department] = {}


@quick_init
@dataclass(frozen=True)
class DepartmentRef:
    """A department as a task cell names it."""

    written: str  # as written in the plan, cleaned of wrap spaces
    department: Department
    note: str = ""  # bracketed note, e.g. 游泳场所
    alternatives: tuple[Department, ...] = ()  # "A或B": the others besides `department`
    known: bool = True  # False when the canonical name is not in the alias table
    group: bool = False  # a collective name ("…成员单位"): shown as written, no calendar of its own


@quick_init
@dataclass(frozen=True)
class Mode:
    text: str
    draw: str | None = None  # who draws targets: 省 / 市 / 县
    inspect: str | None = None  # who inspects


@quick_init
@dataclass(frozen=True)
class Task:
    city: str
    seq: int
    name: str
    item: str
    scope: str
    ratio_text: str
    ratio: Ratio
    risk_text: str
    windows: tuple[Window, ...]
    frequency: Frequency
    lead: tuple[DepartmentRef, ...]
    partners: tuple[DepartmentRef, ...]
    mode: Mode
    source_line: int
    repairs: tuple[Repair, ...] = ()
    sector: str = ""  # short label of the lead's field, e.g. 生态环境
    sub: int = 0  # an item numbered inside its 序号 (1.2 → seq 1, sub 2); 0 for the 序号 itself
    title: str = ""  # the name, made unique in its city where names repeat (planner.titles); "" = the name

    @property
    def number(self) -> str:
        """The 序号 as people read it: "7", or "1.2" for an item row of 序号 1."""
        return f"{self.seq}.{self.sub}" if self.sub else str(self.seq)

    @property
    def label(self) -> str:
        """What calendars and views call the task: its name, or its distinct title where names repeat."""
        return self.title or self.name

    @property
    def key(self) -> str:
        return f"{self.city}-{self.number}"

    def departments(self) -> tuple[Department, ...]:
        """Every department taking part, lead first, each once (collective names are not one)."""
        return self._departments

    @cached_property
    def _departments(self) -> tuple[Department, ...]:
        # asked for in every load count and check; a frozen task's departments never change
        seen: dict[Department, None] = {}
        for ref in self.lead + self.partners:
            if not ref.group:
                seen.setdefault(ref.department, None)
        return tuple(seen)


@quick_init
@dataclass(frozen=True)
class Problem:
    """A source row that could not become a task (reported, never dropped silently)."""

    line: int
    message: str
    value: str = ""


@dataclass(frozen=True)
class Plan:
    source: str  # file name shown in messages
    year: int
    tasks: tuple[Task, ...]
    problems: tuple[Problem, ...] = ()
    repairs: tuple[Repair, ...] = field(default=())  # file-level repairs (headers skipped ...)
    province: str = ""  # from the title line, e.g. 山西省; part of every event's identity

    @property
    def name(self) -> str:
        """The plan as calendars show it: 山西省2024年度部门联合双随机抽查."""
        return self.name_in(self.year)

    def name_in(self, year: int) -> str:
        """The plan's name for the year its events are in (a config may move it to another year)."""
        return f"{self.province}{year}年度部门联合双随机抽查"

    @property
    def label(self) -> str:
        """The file as feeds and reports quote it: its name, without directories."""
        return PurePath(self.source).name


@quick_init
@dataclass(frozen=True)
class Round:
    """One occurrence of a task: it must happen in months first..last."""

    task: Task
    index: int  # 1-based
    count: int  # rounds of this task in the year
    first_month: int
    last_month: int


@quick_init
@dataclass(frozen=True)
class Joined:
    """Another task's round held in the same visit as an event's own (一业一查)."""

    task: Task
    round: int
    rounds: int


@quick_init
@dataclass(frozen=True)
class Event:
    """A dated joint inspection: one round placed on working days, with the rounds of other tasks
    on the same target held in the same visit (一业一查) in `joined`."""

    uid: str
    task: Task
    round: int
    rounds: int
    start: date
    end: date  # inclusive
    days: tuple[date, ...]  # the working days it occupies, start..end
    window_start: date  # first day of the round's first allowed month
    window_end: date  # last day of its last allowed month
    months: tuple[int, ...] = ()  # the months it may start in (a gap between two windows is not one)
    joined: tuple[Joined, ...] = ()  # other tasks' rounds in this visit; () for a task's own event
    pinned: bool = False  # dated by hand ([pins] / --pin)

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Every task this visit serves, its own first."""
        return (self.task, *(j.task for j in self.joined))

    def departments(self) -> tuple[Department, ...]:
        """Every department taking part in the visit, each once, in the tasks' order."""
        return self._departments

    @cached_property
    def _departments(self) -> tuple[Department, ...]:
        # asked for by every finder of the check, every feed and the load counts: made once per event
        if not self.joined:
            return self.task.departments()
        return tuple(dict.fromkeys(d for task in self.tasks for d in task.departments()))

    @property
    def city(self) -> str:
        return self.task.city

    @property
    def seq(self) -> int:
        return self.task.seq

    @property
    def working_days(self) -> int:
        return len(self.days)

    @property
    def title(self) -> str:
        own = _round_title(self.task, self.round, self.rounds)
        if not self.joined:
            return own
        names = dict.fromkeys((own, *(_round_title(j.task, j.round, j.rounds) for j in self.joined)))
        numbers = "、".join(t.number for t in self.tasks)
        return f"一业一查（{numbers}号）：" + "＋".join(names)


def _round_title(task: Task, index: int, count: int) -> str:
    # the label tells apart tasks whose names repeat (item rows of one 序号 included)
    suffix = f"（第{index}/{count}轮）" if count > 1 else ""
    return f"{task.label}{suffix}"


@dataclass(frozen=True)
class Finding:
    kind: str  # overload | double-booking | duplicate | merge | data
    severity: str  # error | warning | info
    city: str
    message: str
    departments: tuple[str, ...] = ()
    months: tuple[int, ...] = ()
    seqs: tuple[int, ...] = ()
    source_lines: tuple[int, ...] = ()
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """The year's events, balanced, beside the naive schedule they improve on."""

    year: int
    events: tuple[Event, ...]  # balanced; sorted by (start, city, seq, round)
    naive: tuple[Event, ...]  # every round at its earliest working days
    lower_bounds: tuple[tuple[Department, int], ...]  # per department: no schedule peaks lower
    unscheduled: tuple[Problem, ...] = ()  # tasks or rounds that could not be placed, with why
    plan: str = "plan"  # ASCII key of the plan (its province), in UIDs and CalDAV calendar ids
    folded: tuple[tuple[Task, Task], ...] = ()  # (exact duplicate, the task whose events it shares)
    merging: bool = True  # 一业一查 groups were scheduled as joint visits
