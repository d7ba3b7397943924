"""planner.check: every kind of finding on small hand-made plans, and none on a clean one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from planner.check import at_or_above, check_plan, filter_findings, scope_core
from planner.config import Config, DepartmentLimits
from planner.model import Department, DepartmentRef, Event, Finding, Plan, Problem, Repair, Schedule, Task, Window
from tests.builders import make_task


def event(task: Task, day: date, *, window: tuple[date, date] | None = None, index: int = 1) -> Event:
    first, last = window or (date(2024, task.windows[0].start, 1), date(2024, task.windows[0].end, 28))
    days = tuple(day + timedelta(days=i) for i in range(3))
    return Event(f"2024-{task.city}-{task.seq}-{index}", task, index, 1, day, days[-1], days, first, last)


def check(
    tasks: list[Task], events: list[Event] = (), *, as_written: list[Event] = (), config: Config = Config(), **kw: bool
) -> tuple[Finding, ...]:
    plan = Plan(source="test.tsv", year=2024, tasks=tuple(tasks))
    schedule = Schedule(2024, tuple(events), tuple(as_written), ())
    return check_plan(plan, schedule, config, **kw)


def kinds(findings: tuple[Finding, ...]) -> list[str]:
    return [f.kind for f in findings]


def clean_tasks() -> list[Task]:
    return [
        make_task(1, name="对旅行社的双随机抽查", item="旅行社经营情况的检查", scope="旅行社", lead=("市文旅局",), partners=("市市场监管局",)),
        make_task(2, name="对养老机构的抽查", item="养老机构服务质量检查", scope="养老机构", lead=("市民政局",), partners=("市消防救援支队",)),
    ]


def test_clean_plan_has_no_findings() -> None:
    """A plan without conflicts, duplicates, shared targets or guesses yields no finding."""
    tasks = clean_tasks()
    events = [event(tasks[0], date(2024, 3, 4)), event(tasks[1], date(2024, 4, 8))]
    assert check(tasks, events, as_written=events) == ()


def test_overloaded_month_is_an_error_with_load_and_capacity() -> None:
    """Three rounds for one department in March against a capacity of 2 is one overload error."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2, 3)]
    events = [event(t, date(2024, 3, 4 + 2 * i)) for i, t in enumerate(tasks)]
    (finding,) = check(tasks, events, config=Config(monthly_capacity=2, daily_capacity=5))
    assert (finding.kind, finding.severity, finding.departments, finding.months) == ("overload", "error", ("市公安局",), (3,))
    assert "3 inspections" in finding.message and "monthly capacity of 2" in finding.message
    assert finding.seqs == (1, 2, 3) and finding.source_lines == (2, 3, 4)


def test_overload_names_lead_and_partner_events() -> None:
    """The events making up an overload say whether the department leads or assists."""
    tasks = [
        make_task(1, scope="甲", item="甲", lead=("市公安局",), partners=()),
        make_task(2, scope="乙", item="乙", lead=("市文旅局",), partners=("市公安局",)),
    ]
    events = [event(tasks[0], date(2024, 3, 4)), event(tasks[1], date(2024, 3, 11))]
    (finding,) = check(tasks, events, config=Config(monthly_capacity=1))
    assert any("(lead," in d and "太原市-1" in d for d in finding.details)
    assert any("(partner," in d and "太原市-2" in d for d in finding.details)


def test_overload_suggests_a_move_inside_the_window_with_resulting_load() -> None:
    """An event whose window allows another month is offered there, with the load that gives."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2)]
    events = [event(t, date(2024, 3, 4 + 7 * i)) for i, t in enumerate(tasks)]
    (finding,) = check(tasks, events, config=Config(monthly_capacity=1))
    moves = [d for d in finding.details if d.startswith("can move")]
    assert len(moves) == 1 and "then has 1/1 in month 4" in moves[0]
    assert "month 3 has 1/1" in finding.details[-1]


def test_overload_without_room_says_nothing_can_move() -> None:
    """Events whose window is the overloaded month alone cannot move, and the report says so."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", windows=((3, 3),), lead=("市公安局",), partners=()) for n in (1, 2)]
    events = [event(t, date(2024, 3, 4 + 7 * i)) for i, t in enumerate(tasks)]
    (finding,) = check(tasks, events, config=Config(monthly_capacity=1))
    assert not any(d.startswith("can move") for d in finding.details)
    assert "no inspection can move" in finding.details[-1]


def test_department_override_raises_its_capacity() -> None:
    """A per-department monthly capacity in the config replaces the default for that department."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2)]
    events = [event(t, date(2024, 3, 4 + 7 * i)) for i, t in enumerate(tasks)]
    config = Config(monthly_capacity=1, departments=(("太原市/市公安局", DepartmentLimits(monthly_capacity=2)),))
    assert check(tasks, events, config=config) == ()


def test_naive_checks_the_schedule_as_written() -> None:
    """--naive finds the overloads of schedule.naive, which the balanced schedule does not have."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2)]
    balanced = [event(tasks[0], date(2024, 3, 4)), event(tasks[1], date(2024, 4, 8))]
    naive = [event(tasks[0], date(2024, 3, 4)), event(tasks[1], date(2024, 3, 11))]
    config = Config(monthly_capacity=1)
    assert check(tasks, balanced, as_written=naive, config=config) == ()
    assert kinds(check(tasks, balanced, as_written=naive, config=config, naive=True)) == ["overload"]


def test_two_events_starting_the_same_day_are_a_double_booking() -> None:
    """Two 3-day events of one department from the same day run together 3 days: an avoidable error."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2)]
    events = [event(t, date(2024, 3, 4)) for t in tasks]
    (finding,) = check(tasks, events)
    assert (finding.kind, finding.severity, finding.seqs) == ("double-booking", "error", (1, 2))
    assert "3 days" in finding.message and "03-04" in finding.message and "can be staggered" in finding.details[-1]


def test_daily_capacity_allows_parallel_starts() -> None:
    """With a daily capacity of 2, two events on one day are fine."""
    tasks = [make_task(n, scope=f"对象{n}", item=f"事项{n}", lead=("市公安局",), partners=()) for n in (1, 2)]
    events = [event(t, date(2024, 3, 4)) for t in tasks]
    assert check(tasks, events, config=Config(daily_capacity=2)) == ()


def test_identical_rows_under_two_seqs_are_a_duplicate_error() -> None:
    """The same inspection listed twice in a city is a duplicate error naming both rows."""
    tasks = [make_task(24, source_line=36), make_task(27, source_line=39)]
    (finding,) = check(tasks)
    assert (finding.kind, finding.severity, finding.seqs, finding.source_lines) == ("duplicate", "error", (24, 27), (36, 39))


def test_width_spaces_and_punctuation_do_not_hide_a_duplicate() -> None:
    """Full-width brackets, wrap spaces and a changed semicolon still make the same row."""
    a = make_task(1, item="1. 商场（超市）卫生许可证的检查；2. 卫生管理", scope="商场（超市）")
    b = make_task(2, item="1.商场(超市)卫生 许可证的检查;2.卫生管理", scope="商场(超市)")
    assert kinds(check([a, b])) == ["duplicate"]


def test_near_duplicate_is_a_warning_that_says_what_differs() -> None:
    """Same item, scope and lead but another partner is a near-duplicate warning listing the field."""
    a = make_task(1, partners=("市市场监管局",))
    b = make_task(2, partners=("市交通局",))
    (finding,) = check([a, b])
    assert (finding.kind, finding.severity) == ("duplicate", "warning")
    assert any(d.startswith("differs: partner departments") and "市交通局" in d for d in finding.details)


def test_same_item_in_two_cities_is_not_a_duplicate() -> None:
    """Each city plans its own inspections: the same row in two cities is no duplicate."""
    assert check([make_task(1, city="太原市"), make_task(2, city="大同市")]) == ()


def test_same_target_under_two_leads_is_a_merge_opportunity() -> None:
    """旅行社 inspected by 文旅局 and by 交通局 with overlapping windows is one 一业一查 group."""
    a = make_task(1, item="旅行社取得许可证情况的检查", scope="旅行社", windows=((3, 12),), lead=("市文旅局",))
    b = make_task(2, item="旅行社经营情况的检查", scope="全市旅行社", windows=((5, 6),), lead=("市交通局",), partners=())
    (finding,) = check([a, b])
    assert (finding.kind, finding.severity, finding.seqs, finding.months) == ("merge", "info", (1, 2), (5,))
    assert set(finding.departments) == {"市文旅局", "市市场监管局", "市交通局"}
    assert "saving 1 visit" in finding.message


def test_merge_shows_when_each_task_is_scheduled() -> None:
    """Each task of a merge group shows the date it is scheduled on, so separate visits are visible."""
    a = make_task(1, item="旅行社取得许可证情况的检查", lead=("市文旅局",))
    b = make_task(2, item="旅行社经营情况的检查", lead=("市交通局",), partners=())
    events = [event(a, date(2024, 3, 4)), event(b, date(2024, 6, 3))]
    (finding,) = check([a, b], events)
    assert any("dates: 03-04" in d for d in finding.details) and any("dates: 06-03" in d for d in finding.details)


def test_windows_that_never_overlap_are_no_merge() -> None:
    """Tasks on the same target in March and in October cannot share a visit."""
    a = make_task(1, item="旅行社取得许可证情况的检查", windows=((3, 3),))
    b = make_task(2, item="旅行社经营情况的检查", windows=((10, 10),), lead=("市交通局",))
    assert check([a, b]) == ()


def test_near_same_scopes_share_a_core() -> None:
    """Where-words, qualifiers ending in 的, width and brackets do not change what is inspected."""
    assert scope_core("全市纳入监管范围的商场（超市）") == scope_core("商场(超市)") == scope_core("市辖区的商场、超市")
    assert scope_core("全市游泳场(馆)") == scope_core("游泳场馆")
    assert scope_core("本辖区旅行社") == scope_core("旅行社")


def test_generic_scopes_never_merge() -> None:
    """本辖区的生产经营主体 names no industry, so unrelated tasks with it are not grouped."""
    a = make_task(1, item="种畜禽生产经营许可证", scope="本辖区的生产经营主体", lead=("市农业农村局",))
    b = make_task(2, item="水生野生动物人工繁育许可证", scope="本辖区的生产经营主 体", lead=("市农业农村局",))
    c = make_task(3, item="民用爆破物仓储", scope="我市依法取得业务许可的企业", lead=("市公安局",))
    d = make_task(4, item="民用枪支配置使用", scope="我市依法取得业务许可的企业", lead=("市公安局",))
    assert check([a, b, c, d]) == ()


def test_lead_who_is_also_partner_is_a_data_warning() -> None:
    """A department named as both lead and partner of a task is reported."""
    (finding,) = check([make_task(5, lead=("市民政局",), partners=("市民政局", "市卫健委"))])
    assert (finding.kind, finding.severity, finding.departments, finding.seqs) == ("data", "warning", ("市民政局",), (5,))


def test_defaulted_frequency_is_a_warning_and_merged_cells_are_not_reported() -> None:
    """A frequency the reader defaulted is a warning; filling a merged cell is routine."""
    task = replace(
        make_task(3),
        repairs=(
            Repair(4, "default-frequency", "frequency", "", "1次/年", "no frequency given"),
            Repair(4, "merged-cell", "window", "", "3月—12月", "blank cell under a merged cell"),
        ),
    )
    (finding,) = check([task])
    assert (finding.kind, finding.severity, finding.source_lines) == ("data", "warning", (4,))
    assert "frequency not given" in finding.message


def test_repaired_window_is_info() -> None:
    """A window the reader moved back from another column is reported as information."""
    task = replace(make_task(3), repairs=(Repair(4, "moved-cell", "window", "", "3月—12月", "found under 频次"),))
    assert [(f.kind, f.severity) for f in check([task])] == [("data", "info")]


def test_unknown_department_is_a_data_warning_naming_every_task() -> None:
    """A department name missing from the alias table is reported once, with every task using it."""
    odd = DepartmentRef("市某某办", Department("太原市", "市某某办"), known=False)
    tasks = [replace(make_task(1, scope="甲", item="甲"), partners=(odd,)), replace(make_task(2, scope="乙", item="乙"), partners=(odd,))]
    (finding,) = check(tasks)
    assert (finding.kind, finding.severity, finding.departments, finding.seqs) == ("data", "warning", ("市某某办",), (1, 2))


def test_window_outside_the_year_is_a_data_error() -> None:
    """A window ending in a thirteenth month cannot be scheduled in the plan year."""
    task = replace(make_task(1), windows=(Window(11, 13),))
    assert [(f.kind, f.severity) for f in check([task])] == [("data", "error")]


def test_findings_are_sorted_most_severe_first_and_every_one_names_source_lines() -> None:
    """Errors come before warnings before information, and each finding points to its rows."""
    tasks = [
        make_task(1, item="旅行社取得许可证情况的检查", lead=("市文旅局",)),
        make_task(2, item="旅行社经营情况的检查", lead=("市交通局",), partners=("市交通局",)),
        make_task(3, scope="养老机构", item="养老", lead=("市民政局",)),
        make_task(4, scope="养老机构", item="养老", lead=("市民政局",)),
    ]
    findings = check(tasks)
    assert [f.severity for f in findings] == ["error", "warning", "info"]
    assert all(f.source_lines for f in findings)


def test_check_is_deterministic() -> None:
    """The same plan and schedule give the same findings in the same order."""
    tasks = [make_task(n, scope="旅行社", item=f"事项{n}", lead=(f"部门{n % 3}",)) for n in range(1, 9)]
    events = [event(t, date(2024, 3, 4)) for t in tasks]
    assert check(tasks, events) == check(list(tasks), list(events))


def test_filters_pick_city_department_and_kind() -> None:
    """Findings filter by city, by a department within its own city, and by kind."""
    tasks = [make_task(1), make_task(2), make_task(3, city="大同市", lead=("市民政局",), partners=("市民政局",))]
    findings = check(tasks)
    assert kinds(filter_findings(findings, cities=("太原市",))) == ["duplicate"]
    assert kinds(filter_findings(findings, departments=(Department("大同市", "市民政局"),))) == ["data"]
    assert filter_findings(findings, departments=(Department("太原市", "市民政局"),)) == ()
    assert kinds(filter_findings(findings, kind="data")) == ["data"]
    assert at_or_above(findings, "error") == filter_findings(findings, cities=("太原市",))


def test_a_negated_target_is_not_the_same_target() -> None:
    """煤矿 inspections are not grouped with 非煤矿山 inspections."""
    a = make_task(1, item="非煤矿山安全生产", scope="省属非煤矿山企业", lead=("市应急局",))
    b = make_task(2, item="煤矿雷电灾害防御", scope="市级监管的煤矿", lead=("市气象局",))
    assert check([a, b]) == ()


def test_any_organisation_is_a_generic_scope() -> None:
    """机关、团体、企业、事业等单位 and year-bounded 'all businesses' scopes name no industry."""
    a = make_task(1, item="消防安全检查甲", scope="机关、团体、企业、事业等单位", lead=("市消防救援支队",))
    b = make_task(2, item="消防安全检查乙", scope="机关、团体、企业、事业等单位（重点单位）", lead=("市消防救援支队",))
    c = make_task(3, item="涉煤商贸", scope="全市范围2021—2023年正常生产经营的企业", lead=("市税务局",))
    d = make_task(4, item="运输企业", scope="全市范围2021—2023年正常生产经营的企业", lead=("市市场监管局",), partners=())
    assert check([a, b, c, d]) == ()


def test_merge_month_avoids_the_busy_months_of_its_departments() -> None:
    """Among months fitting every window, the merge proposes one where its departments have least work."""
    a = make_task(1, item="旅行社取得许可证情况的检查", windows=((3, 4),), lead=("市文旅局",))
    b = make_task(2, item="旅行社经营情况的检查", windows=((3, 4),), lead=("市交通局",), partners=())
    busy = make_task(3, scope="甲", item="甲", windows=((3, 3),), lead=("市文旅局",), partners=())
    events = [event(a, date(2024, 4, 1)), event(b, date(2024, 4, 8)), event(busy, date(2024, 3, 4))]
    (merge,) = [f for f in check([a, b, busy], events) if f.kind == "merge"]
    assert merge.months == (4,)


def test_unreadable_rows_and_unscheduled_rounds_are_data_errors() -> None:
    """A row that never became a task, and a round the scheduler could not place, are errors naming their lines."""
    task = make_task(1, source_line=5)
    plan = Plan("test.tsv", 2024, (task,), problems=(Problem(9, "no 序号", "x"),))
    schedule = Schedule(2024, (), (), (), unscheduled=(Problem(5, "no working day left in 3月"),))
    findings = check_plan(plan, schedule, Config())
    assert [(f.kind, f.severity, f.city, f.source_lines) for f in findings] == [
        ("data", "error", "", (9,)),
        ("data", "error", "太原市", (5,)),
    ]


def test_task_without_window_is_reported_once_as_not_scheduled(tmp_path: Path) -> None:
    """A task with no window is one error saying it was not scheduled, not a claim it ran all year."""
    from planner.plan import load_plan
    from planner.schedule import schedule_plan
    from tests.plans import row, write_plan

    plan = load_plan(write_plan(tmp_path, row("太原市", "1", "检查", "检查事项", "企业", "5%；1次/年", "", "", "市商务局", "市市场监管局", "市抽市查")))
    findings = check_plan(plan, schedule_plan(plan, Config()), Config())
    windows = [f for f in findings if f.kind == "data" and (f.source_lines == (plan.tasks[0].source_line,))]
    assert [f.severity for f in windows] == ["error"]
    assert "not scheduled" in windows[0].message and "whole year" not in windows[0].message


def test_overload_moves_stay_inside_a_two_window_task(tmp_path: Path) -> None:
    """A task allowed in 2月 and 11月—12月 is never proposed to move into the gap between them."""
    from planner.plan import load_plan
    from planner.schedule import schedule_plan
    from tests.plans import row, write_plan

    rows = [row("太原市" if n == 1 else "", str(n), f"检查{n}", f"事项{n}", f"对象{n}", "5%；1次/年", "", "2月、11月—12月",
                "市商务局", "市市场监管局", "市抽市查") for n in range(1, 6)]
    plan = load_plan(write_plan(tmp_path, *rows))
    schedule = schedule_plan(plan, Config())
    assert all(e.months == (2, 11, 12) for e in schedule.naive)
    findings = check_plan(plan, schedule, Config(monthly_capacity=2), naive=True)
    moves = [d for f in findings if f.kind == "overload" for d in f.details if "→" in d]
    assert moves and all(any(f"→ month {m} " in d for m in (2, 11, 12)) for d in moves)


def test_a_narrower_population_is_not_the_same_visit() -> None:
    """Equipment checks at all 中小学校 and enrolment checks at 民办中小学校 draw different samples: no merge."""
    a = make_task(1, name="中小学教育装备产品检查", item="教育装备", scope="全市中小学校", lead=("市教育局",), partners=())
    b = make_task(2, name="民办学校招生检查", item="招生", scope="全市民办中小学校", lead=("市教育局",), partners=())
    c = make_task(3, name="气象灾害防御教育检查", item="气象", scope="各类学校", lead=("市气象局",), partners=())
    assert check([a, b, c]) == ()


def test_schools_of_different_places_are_not_one_visit() -> None:
    """市直 schools, 潞州区 schools and all schools of the city are three populations."""
    a = make_task(1, name="学校卫生", item="卫生", scope="潞州区中小学校", lead=("市卫健委",), partners=())
    b = make_task(2, name="教育装备", item="装备", scope="市直中小学校", lead=("市教育局",), partners=())
    c = make_task(3, name="学校消防", item="消防", scope="全市中小学校", lead=("市消防救援支队",), partners=())
    assert check([a, b, c]) == ()


def test_a_category_scope_needs_the_same_named_target() -> None:
    """防雷安全重点单位 of 矿区 and of 学校 are two visits; a listed kind (寄递企业 in 物流、寄递企业) is one."""
    a = make_task(1, name="对雷电易发区内的矿区防雷安全的监督检查", item="防雷", scope="防雷安全重点单位", lead=("市气象局",))
    b = make_task(2, name="对学校开展气象灾害防御教育的双随机检查", item="防雷", scope="防雷安全重点单位", lead=("市气象局",))
    c = make_task(3, name="物流寄递涉烟检查", item="涉烟甲", scope="各类物流、寄递企业", lead=("市烟草专卖局",), partners=())
    d = make_task(4, name="寄递涉烟检查", item="涉烟乙", scope="寄递企业", lead=("市烟草专卖局",), partners=())
    (finding,) = check([a, b, c, d])
    assert (finding.kind, finding.seqs) == ("merge", (3, 4))
