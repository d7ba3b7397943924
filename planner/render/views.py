"""The four views built straight from a plan and its schedule, filters resolved, titles written.

`planner timeline|overview|heatmap|agenda` and `planner build` (sample_output/) both call these,
so a Python caller gets exactly what the command line shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from planner.config import Config
from planner.errors import PlannerError
from planner.i18n import _
from planner.model import Department, Plan, Schedule
from planner.render.agenda import Entry, agenda_entries
from planner.render.cells import Look
from planner.render.heatmap import Heatmap, heatmap
from planner.render.overview import Overview, overview
from planner.render.timeline import Timeline, timeline
from planner.select import Selection, events_for, resolve_city, resolve_departments


def _scope(plan: Plan, city: str | None, dept: str | None) -> tuple[tuple[str, ...], tuple[Department, ...]]:
    cities = (resolve_city(plan.tasks, city),) if city else ()
    departments = resolve_departments(plan.tasks, dept, cities[0] if cities else None) if dept else ()
    return cities, departments


def _heading(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p)


def _name(departments: tuple[Department, ...], cities: tuple[str, ...] = ()) -> str:
    """The department, with its city unless the title names the city already."""
    if not departments:
        return ""
    if cities:
        return departments[0].name
    if len({d.city for d in departments}) == 1:
        return f"{departments[0].city}{departments[0].name}"
    return _("{department}（{count}个城市）").format(department=departments[0].name, count=len(departments))


def timeline_view(
    plan: Plan, schedule: Schedule, *, city: str | None = None, dept: str | None = None, sector: str | None = None,
    month: int | None = None, by: str = "task", naive: bool = False, look: Look = Look(),
) -> Timeline:
    """The Gantt year of the tasks the filters keep, with balanced (or naive) rounds marked."""
    cities, departments = _scope(plan, city, dept)
    wanted = Selection(cities, departments, (sector or "").strip(), month)
    tasks = tuple(t for t in plan.tasks if wanted.keeps(t))
    if not tasks:
        raise PlannerError(_("没有符合这些条件的任务"), hint=_("去掉 --sector、--month 或 --dept 可看到更多"))
    events = events_for(schedule.naive if naive else schedule.events, tasks)
    title = _heading(_("{year}年抽查时间线").format(year=schedule.year), _("、").join(cities), _name(departments, cities), sector,
                     month and _("{month}月可查").format(month=month), _("未均衡") if naive else "",
                     _("{tasks} 项任务 {events} 次检查").format(tasks=len(tasks), events=len(events)))
    return timeline(tasks, events, year=schedule.year, by=by, departments=departments, month=month,
                    title=title, look=look)


def overview_view(
    plan: Plan, schedule: Schedule, config: Config, *, month: int, is_workday: Callable[[date], bool],
    city: str | None = None, dept: str | None = None, sector: str = "", look: Look = Look(),
) -> Overview:
    """One month's calendar for a city (or all), with one department's starts when `dept` is given."""
    cities, departments = _scope(plan, city, dept)
    tasks = tuple(t for t in plan.tasks if Selection(cities, sector=sector).keeps(t))
    title = _heading(_("{year}年{month}月").format(year=schedule.year, month=month), _("、").join(cities), _name(departments, cities), sector)
    return overview(events_for(schedule.events, tasks), year=schedule.year, month=month, is_workday=is_workday,
                    config=config, focus=departments, title=title, look=look)


def heatmap_view(
    plan: Plan, schedule: Schedule, config: Config, *, city: str | None = None, dept: str | None = None,
    sector: str = "", show: str = "both", look: Look = Look(),
) -> Heatmap:
    """Monthly load per department, naive beside balanced (or one of them)."""
    cities, departments = _scope(plan, city, dept)
    tasks = tuple(t for t in plan.tasks if Selection(cities, departments, sector).keeps(t))
    title = _heading(_("{year}年各部门每月检查数").format(year=schedule.year), _("、").join(cities), _name(departments, cities), sector)
    return heatmap(events_for(schedule.events, tasks), events_for(schedule.naive, tasks), config=config,
                   departments=departments or None, show=show, title=title, look=look)


def agenda_view(
    plan: Plan, schedule: Schedule, *, dept: str, city: str | None = None, sector: str = "",
    start: date | None = None, end: date | None = None,
) -> tuple[tuple[Entry, ...], str]:
    """A department's entries between start and end, and a title naming it."""
    cities, departments = _scope(plan, city, dept)
    events = schedule.events if not sector else events_for(schedule.events, tuple(t for t in plan.tasks if Selection(sector=sector).keeps(t)))
    entries = agenda_entries(events, departments, start=start, end=end)
    title = _heading(_("{year}年检查日程").format(year=schedule.year), _("、").join(cities), _name(departments, cities), sector,
                     _("{count} 次检查").format(count=len(entries)))
    return entries, title
