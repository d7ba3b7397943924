"""The main job: read → schedule → check → calendars/ and sample_output/, in one call.

A Python caller gets everything `planner build` does; the CLI only adds the progress display
and prints the summary. Nothing here reads the clock, so building twice gives the same files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from rich.console import RenderableType

from planner import collector
from planner.check import check_plan
from planner.check.overload import overloaded_months
from planner.config import Config
from planner.errors import PlannerError
from planner.export.changes import DepartmentChanges, changes_since
from planner.export.feedstate import STATE_FILE, read_state
from planner.export.ical import write_feeds
from planner.export.report import report_html
from planner.export.xlsx import workbook_bytes
from planner.i18n import in_language, is_english
from planner.load import MonthlyLoad, monthly_load
from planner.model import Finding, Plan, Schedule
from planner.plan import load_plan
from planner.render.check_report import render_report
from planner.render.plan_tables import audit_view
from planner.render.save import save, save_as, write_atomically, write_bytes_atomically
from planner.render.views import heatmap_view, overview_view, timeline_view
from planner.schedule import peak_gaps, schedule_plan
from planner.select import resolve_city
from planner.workdays import calendar_for

T = TypeVar("T")


def year_warning(plan_year: int, year: int) -> str:
    return f"计划标题为 {plan_year} 年度，但按配置 year = {year} 排在 {year} 年；日历和标题写 {year} 年"

SAMPLE_WIDTH = 120
SAMPLE_MONTH = 5  # May: Labour Day holidays and two make-up Saturdays in one grid
REPORT, WORKBOOK = "report.html", "workbook.xlsx"
# A plan up to this many tasks (a province's is under 2,000) has its whole report and workbook
# among the samples; a larger one's cover the sample city, and say so (a 67,500-task workbook
# is no sample, and would be most of the build). `planner report` / `export --xlsx` write them whole.
SAMPLE_TASKS = 5000
STEPS = ("read", "schedule", "check", "calendars", "samples")


@dataclass(frozen=True)
class Peak:
    department: str  # "城市/名称"
    naive: int
    balanced: int
    bound: int


@dataclass(frozen=True)
class BuildSummary:
    source: str
    year: int
    tasks: int
    rows_skipped: int
    repairs: int
    events: int
    departments: int
    findings: tuple[tuple[str, int], ...]  # (kind, count) for the balanced schedule
    naive_overloads: int
    busiest: Peak  # the department whose naive peak is highest
    peak_naive: int  # highest monthly load of any department, naive
    peak_balanced: int
    over_bound: int  # departments whose balanced peak exceeds the lower bound by more than one
    above_bound: int  # departments whose balanced peak exceeds the lower bound at all
    joint_visits: int  # 一业一查 visits serving several tasks
    visits_saved: int  # visits those joint visits replace
    folded: int  # exact duplicates scheduled once, in the task they repeat
    split_events: int  # events whose working days straddle a weekend or holiday
    overlap_forced: int  # department-months whose workload forces events to run together
    overlap_avoidable: int  # department-months with events running together that could be avoided
    feeds: int
    feeds_changed: int
    samples: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # rows not loaded and rounds not placed, with their lines
    changes: tuple[DepartmentChanges, ...] = ()  # since the previous export of `calendars`
    first_export: bool = True  # no previous export to compare with


def build(
    plan_path: Path | None,
    config: Config,
    *,
    calendars: Path = Path("calendars"),
    samples: Path | None = Path("sample_output"),
    sample_city: str | None = None,
    aliases: Path | None = None,
    region: str | None = None,
    columns: Path | None = None,
    seed: int = 0,
    force: bool = False,
    on_step: Callable[[str], None] = lambda step: None,
) -> BuildSummary:
    """Run the whole pipeline; write feeds under `calendars` and views under `samples`."""
    # No step makes cycles worth collecting; the collector comes back once the plan and schedule
    # are gone, so its first collection walks only what survives the build (see planner.collector).
    with collector.paused():
        return _build(plan_path, config, calendars, samples, sample_city, aliases, region, columns, seed, force, on_step)


def _build(
    plan_path: Path | None, config: Config, calendars: Path, samples: Path | None, sample_city: str | None,
    aliases: Path | None, region: str | None, columns: Path | None, seed: int, force: bool,
    on_step: Callable[[str], None],
) -> BuildSummary:
    # Findings, repair reasons and problems end up in the bureau's documents (samples, report,
    # workbook), which are Chinese whatever language the run speaks: they are made in Chinese.
    on_step("read")
    plan = _in_chinese(lambda: load_plan(plan_path, aliases=aliases, region=region, columns=columns))
    on_step("schedule")
    schedule = _in_chinese(lambda: schedule_plan(plan, config, seed=seed))
    on_step("check")
    findings = _in_chinese(lambda: check_plan(plan, schedule, config))
    naive_load = monthly_load(schedule.naive)  # the summary's naive overloads and peaks
    naive_overloads = overloaded_months(schedule.naive, config, load=naive_load)  # all the summary needs of the naive check
    on_step("calendars")
    previous = read_state(calendars / STATE_FILE)
    changes = changes_since(previous, schedule.events) if previous.events else ()
    index = write_feeds(
        schedule, calendars, plan_name=plan.name_in(schedule.year), source=plan.label, force=force, previous=previous
    )
    on_step("samples")
    written: tuple[str, ...] = ()
    if samples is not None:
        city = resolve_city(plan.tasks, sample_city) if sample_city else (plan.tasks[0].city if plan.tasks else "")
        with in_language("zh"):  # the committed samples read the same whatever language the build runs in
            written = write_samples(plan, schedule, config, findings, samples, city)
    summary = _summary(plan, schedule, findings, naive_overloads, len(index.feeds), len(index.changed), written, naive_load)
    if is_english() and (plan.problems or schedule.unscheduled):
        # the run's own warnings in its language: read and schedule again (only a plan with problems pays)
        again = load_plan(plan_path, aliases=aliases, region=region, columns=columns)
        summary = replace(summary, warnings=_warnings(again, schedule_plan(again, config, seed=seed)))
    return replace(summary, changes=changes, first_export=not previous.events)


def _in_chinese(make: Callable[[], T]) -> T:
    """`make()` in Chinese; an error it raises is raised again in the run's own language."""
    try:
        with in_language("zh"):
            return make()
    except PlannerError:
        if is_english():
            make()  # the same error, said in English (the steps are deterministic)
        raise


def write_samples(
    plan: Plan, schedule: Schedule, config: Config, findings: tuple[Finding, ...], out: Path, city: str
) -> tuple[str, ...]:
    """The views a visitor of the repository sees without running anything: text and SVG."""
    working = calendar_for(config, schedule.year)
    # The views show one city: they are made from its share of the plan (the same tasks and events
    # they would pick from the whole plan, in the same order) instead of filtering the whole plan each.
    city_plan, city_schedule, city_findings = city_sample(plan, schedule, findings, city)
    views: dict[str, RenderableType] = {
        "timeline": timeline_view(city_plan, city_schedule, city=city),
        f"overview-{schedule.year}-{SAMPLE_MONTH:02d}": overview_view(
            city_plan, city_schedule, config, month=SAMPLE_MONTH, city=city, is_workday=working.is_working
        ),
        "heatmap": heatmap_view(city_plan, city_schedule, config, city=city),
        "check": render_report(city_findings, title=f"检查结果 · {city}"),
    }
    names = []
    for name, view in views.items():
        paths = (out / f"{name}.txt", out / f"{name}.svg")
        save_as(view, paths, width=SAMPLE_WIDTH, title=f"planner {name}")
        names += [path.name for path in paths]
    save(audit_view(plan, city=city), out / "audit.txt", width=SAMPLE_WIDTH)
    # the bureau's documents: the review report and the workbook, of the whole plan unless it is huge
    note = ""
    if len(plan.tasks) > SAMPLE_TASKS:
        note = sample_note(plan, schedule, city)
        plan, schedule, findings = city_plan, city_schedule, city_findings
    write_atomically(out / REPORT, report_html(plan, schedule, config, findings, note=note))
    write_bytes_atomically(out / WORKBOOK, workbook_bytes(plan, schedule, config, findings, note=note))
    return (*names, "audit.txt", REPORT, WORKBOOK)


def sample_note(plan: Plan, schedule: Schedule, city: str) -> str:
    cities = len({t.city for t in plan.tasks})
    return (
        f"示例只含{city}：全计划 {len(plan.tasks)} 项任务、{len(schedule.events)} 次检查、{cities} 个市，"
        f"超过 {SAMPLE_TASKS} 项任务的计划只取一个市作示例；跳过的行、修复记录和未排入的轮次仍是全计划的。"
        "全计划的报告和工作簿：planner report、planner export --xlsx。"
    )


def city_sample(
    plan: Plan, schedule: Schedule, findings: tuple[Finding, ...], city: str
) -> tuple[Plan, Schedule, tuple[Finding, ...]]:
    """The plan, schedule and findings of one city (departments, events and loads are per city)."""
    return (
        replace(plan, tasks=tuple(t for t in plan.tasks if t.city == city)),
        replace(
            schedule,
            events=tuple(e for e in schedule.events if e.city == city),
            naive=tuple(e for e in schedule.naive if e.city == city),
            lower_bounds=tuple(b for b in schedule.lower_bounds if b[0].city == city),
            folded=tuple(f for f in schedule.folded if f[0].city == city),
        ),
        tuple(f for f in findings if f.city == city),
    )


def _summary(
    plan: Plan, schedule: Schedule, findings: tuple[Finding, ...], naive_overloads: int,
    feeds: int, changed: int, samples: tuple[str, ...], naive_load: MonthlyLoad | None = None,
) -> BuildSummary:
    gaps = peak_gaps(schedule, naive_load=naive_load)
    busiest = max(gaps.items(), key=lambda item: (item[1][0], item[1][1], item[0].city, item[0].name), default=None)
    peak = Peak(f"{busiest[0].city}/{busiest[0].name}", *busiest[1]) if busiest else Peak("", 0, 0, 0)
    kinds = Counter(f.kind for f in findings)
    return BuildSummary(
        source=plan.source,
        year=schedule.year,
        tasks=len(plan.tasks),
        rows_skipped=len(plan.problems),
        repairs=sum(len(t.repairs) for t in plan.tasks),
        events=len(schedule.events),
        departments=len(gaps),
        findings=tuple(sorted(kinds.items())),
        naive_overloads=naive_overloads,
        busiest=peak,
        peak_naive=max((g[0] for g in gaps.values()), default=0),
        peak_balanced=max((g[1] for g in gaps.values()), default=0),
        over_bound=sum(1 for g in gaps.values() if g[1] > g[2] + 1),
        above_bound=sum(1 for g in gaps.values() if g[1] > g[2]),
        joint_visits=sum(1 for e in schedule.events if e.joined),
        visits_saved=sum(len(e.joined) for e in schedule.events),
        folded=len(schedule.folded),
        split_events=sum(1 for e in schedule.events if (e.end - e.start).days + 1 != len(e.days)),
        overlap_forced=sum(1 for f in findings if f.kind == "double-booking" and f.severity == "warning"),
        overlap_avoidable=sum(1 for f in findings if f.kind == "double-booking" and f.severity == "error"),
        feeds=feeds,
        feeds_changed=changed,
        samples=samples,
        warnings=_warnings(plan, schedule),
    )


def _warnings(plan: Plan, schedule: Schedule) -> tuple[str, ...]:
    """Rows not loaded and rounds not placed, with their lines; a year other than the plan's."""
    return tuple(
        f"{plan.label}:{p.line}: {p.message}" + (f" ({p.value})" if p.value and p.value not in p.message else "")
        for p in (*plan.problems, *schedule.unscheduled)
    ) + ((year_warning(plan.year, schedule.year),) if plan.year != schedule.year else ())
