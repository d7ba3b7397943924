"""Which tasks and events a view shows: the --city / --dept / --sector / --month filters.

Names are matched the way a coordinator types them: "太原" finds 太原市, "市场监管" finds
市市场监管局, and "太原市/市市场监管局" names one body exactly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.errors import PlannerError
from planner.i18n import _
from planner.model import Department, Event, Task


@dataclass(frozen=True)
class Selection:
    """Filters as given on the command line, already resolved to real names."""

    cities: tuple[str, ...] = ()  # empty: every city
    departments: tuple[Department, ...] = ()  # empty: every department
    sector: str = ""
    month: int | None = None

    def keeps(self, task: Task) -> bool:
        if self.cities and task.city not in self.cities:
            return False
        if self.departments and not set(self.departments) & set(task.departments()):
            return False
        if self.sector and self.sector not in task.sector:  # the field of the lead, never words of the name
            return False
        if self.month is not None and not any(w.start <= self.month <= w.end for w in task.windows):
            return False
        return True


def resolve_city(tasks: Iterable[Task], query: str) -> str:
    """The plan's city that `query` names ("太原" or "太原市")."""
    cities = sorted({task.city for task in tasks})
    query = query.strip()
    matches = [c for c in cities if c == query] or [c for c in cities if c.startswith(query) or query in c]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise PlannerError(_("计划中没有城市 {query!r}").format(query=query), hint=_("可选：{names}").format(names=" ".join(cities)))
    raise PlannerError(_("{query!r} 对应多个城市").format(query=query), hint=_("可选：{names}").format(names=" ".join(matches)))


def resolve_departments(tasks: Iterable[Task], query: str, city: str | None = None) -> tuple[Department, ...]:
    """The departments `query` names, one per city unless `city` or "城市/部门" narrows it."""
    query = query.strip()
    if "/" in query:
        city_part, query = query.split("/", 1)
        city = resolve_city(tasks, city_part)
    known = sorted({d for task in tasks for d in task.departments() if city is None or d.city == city},
                   key=lambda d: (d.city, d.name))
    names = sorted({d.name for d in known})
    chosen = [n for n in names if n == query] or [n for n in names if query in n]
    where = _("（{city}）").format(city=city) if city else ""
    if not chosen:
        close = difflib.get_close_matches(query, names, n=5, cutoff=0.3)
        listing = _("`{command}` 列出全部部门").format(command="planner departments" + (f" --city {city}" if city else ""))
        hint = _("是否要找：{names}；{listing}").format(names=" ".join(close), listing=listing) if close else listing
        raise PlannerError(_("没有部门 {query!r}{where}").format(query=query, where=where), hint=hint)
    if len(chosen) > 1:
        raise PlannerError(_("{query!r} 对应多个部门{where}").format(query=query, where=where), hint=_("可选：{names}").format(names=" ".join(chosen[:8])))
    return tuple(d for d in known if d.name == chosen[0])


def events_for(events: Iterable[Event], tasks: Sequence[Task]) -> tuple[Event, ...]:
    """The events of the given tasks, in their original (chronological) order."""
    keys = {task.key for task in tasks}
    cities = {task.city for task in tasks}  # a key starts with its city: most events are ruled out by that alone
    return tuple(e for e in events if any(t.city in cities and t.key in keys for t in e.tasks))


def events_matching(
    events: Iterable[Event], *, cities: Iterable[str] = (), departments: Iterable[Department] = (), month: int | None = None
) -> tuple[Event, ...]:
    """Events in these cities, with one of these departments, starting in this month (empty: all)."""
    cities, departments = set(cities), set(departments)
    if not cities and not departments and month is None:
        return tuple(events)  # all of them, as listings mostly ask
    return tuple(
        e for e in events
        if (not cities or e.city in cities)
        and (not departments or departments & set(e.departments()))
        and (month is None or e.start.month == month)
    )  # fmt: skip
