"""The review meeting's document: one self-contained HTML page that prints on A4 landscape.

Summary, department × month heatmap, per-city timelines, findings and a per-department table.
Everything is inline (CSS, no scripts, no images, no web fonts): the page renders offline and
asks nothing of the network, and fonts come from the system (CJK families first). The same
input gives the same bytes: nothing reads the clock.
"""

from __future__ import annotations

import calendar
import html
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from planner.config import Config
from planner.export.ical import role_of
from planner.export.xlsx import KIND_LABELS, SEVERITY_LABELS
from planner.model import Department, Event, Finding, Plan, Schedule
from planner.schedule import DepartmentLoad, department_loads

T = TypeVar("T")

FONTS = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"

CSS = f"""
@page {{ size: A4 landscape; margin: 10mm 10mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONTS}; font-size: 10.5pt; color: #1f2328; margin: 0 auto; max-width: 277mm; line-height: 1.45; }}
h1 {{ font-size: 18pt; margin: 0 0 2mm; }}
h2 {{ font-size: 14pt; border-bottom: 2px solid #2f5597; padding-bottom: 1mm; margin: 8mm 0 3mm; break-after: avoid; }}
h3 {{ font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }}
section {{ break-before: page; }}
section.first {{ break-before: auto; }}
.meta {{ color: #57606a; margin: 0 0 4mm; }}
.figures {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 0; }}
.figures div {{ border: 1px solid #d0d7de; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }}
.figures dt {{ color: #57606a; font-size: 9pt; }}
.figures dd {{ margin: 0; font-size: 14pt; font-weight: bold; }}
.figures dd small {{ font-size: 9pt; font-weight: normal; color: #57606a; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 3mm; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 1px solid #d0d7de; padding: 0.6mm 1.5mm; vertical-align: top; text-align: left; }}
th {{ background: #dde6f3; font-weight: bold; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.heat td.m {{ text-align: center; white-space: nowrap; }}
.heat small {{ color: #57606a; }}
.key {{ display: inline-block; width: 6mm; height: 3mm; vertical-align: middle; }}
.l0 {{ color: #b0b7bf; }}
.l1 {{ background: #e2efda; }}
.l2 {{ background: #c6e0b4; }}
.full {{ background: #ffe699; }}
.over {{ background: #f8cbad; font-weight: bold; }}
.legend span {{ display: inline-block; padding: 0 2mm; margin-right: 2mm; border: 1px solid #d0d7de; }}
.gantt {{ width: 100%; }}
.gantt .row {{ display: flex; align-items: center; height: 5.2mm; border-bottom: 1px solid #eef1f4; break-inside: avoid; }}
.gantt .label {{ flex: 0 0 78mm; width: 78mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 8.5pt; padding-right: 2mm; }}
.gantt .track {{ position: relative; flex: 1 1 auto; height: 3.6mm; background: repeating-linear-gradient(90deg, transparent 0, transparent calc(100%/12 - 1px), #d0d7de calc(100%/12 - 1px), #d0d7de calc(100%/12)); }}
.gantt .months {{ font-size: 8pt; color: #57606a; height: auto; border-bottom: 1px solid #d0d7de; }}
.gantt .months .track {{ display: flex; background: none; height: auto; }}
.gantt .months .track span {{ flex: 1 1 0; text-align: center; }}
.win {{ position: absolute; top: 0.9mm; height: 1.8mm; background: #dde6f3; }}
.ev {{ position: absolute; top: 0; height: 3.6mm; min-width: 1mm; background: #2f5597; }}
.sev-error {{ color: #b42318; font-weight: bold; }}
.sev-warning {{ color: #9a6700; font-weight: bold; }}
.sev-info {{ color: #0b6e99; }}
.details {{ color: #57606a; font-size: 9pt; margin: 0; padding-left: 4mm; }}
"""


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    leads: int  # events it leads
    partners: int  # events it joins
    working_days: int  # working days of all its events
    peak_month: int
    peak: int
    capacity: int


def report_html(plan: Plan, schedule: Schedule, config: Config, findings: Sequence[Finding], *, note: str = "") -> str:
    """The whole report as one HTML document; `note` (what a sample leaves out) goes under the title."""
    loads = department_loads(schedule)
    title = f"{plan.name} · 审核报告"
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        f"<h1>{_e(title)}</h1>\n",
        f'<p class="meta">来源：{_e(plan.label)} · {schedule.year}年 · {len(plan.tasks)}项任务 · {len(schedule.events)}次检查</p>\n',
        f'<p class="meta">{_e(note)}</p>\n' if note else "",
        _summary(plan, schedule, findings, loads),
        _heatmap(_in_plan_order(loads, plan), config),
        _timelines(plan, schedule),
        _findings(findings),
        _departments(department_rows(schedule, config, _in_plan_order(loads, plan))),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def _in_plan_order(loads: Sequence[DepartmentLoad], plan: Plan) -> list[DepartmentLoad]:
    """Cities in the plan's order (as the province lists them), departments by name within a city."""
    cities = {city: n for n, city in enumerate(dict.fromkeys(t.city for t in plan.tasks))}
    return sorted(loads, key=lambda row: (cities.get(row.department.city, len(cities)), row.department.name))


def department_rows(schedule: Schedule, config: Config, loads: Sequence[DepartmentLoad]) -> list[DepartmentRow]:
    """Per department: events led and joined, working days, and its busiest balanced month."""
    leads: Counter[Department] = Counter()
    joins: Counter[Department] = Counter()
    days: Counter[Department] = Counter()
    for event in schedule.events:
        for department in event.departments():  # a joint visit: every member task's departments
            led = any(role_of(task, department) == "牵头" for task in event.tasks)
            (leads if led else joins)[department] += 1
            days[department] += event.working_days
    rows = []
    for load in loads:
        d = load.department
        peak_month = max(range(12), key=lambda m: (load.balanced[m], -m)) + 1
        rows.append(DepartmentRow(d, leads[d], joins[d], days[d], peak_month, load.peak, config.monthly_capacity_for(d)))
    return rows


def _summary(plan: Plan, schedule: Schedule, findings: Sequence[Finding], loads: Sequence[DepartmentLoad]) -> str:

    kinds = Counter(f.kind for f in findings)
    severities = Counter(f.severity for f in findings)
    naive_peak = max((row.naive_peak for row in loads), default=0)
    peak = max((row.peak for row in loads), default=0)
    above = sum(1 for row in loads if row.above_bound > 1)
    repairs = sum(len(t.repairs) for t in plan.tasks)
    figures = [
        ("任务", f"{len(plan.tasks)}", f"修复 {repairs} 处，跳过 {len(plan.problems)} 行"),
        ("检查", f"{len(schedule.events)}", f"{schedule.year}年，{len({e.city for e in schedule.events})}个市"),
        ("部门", f"{len(loads)}", "参加检查的部门"),
        ("问题", f"{len(findings)}", "、".join(f"{SEVERITY_LABELS[s]} {severities[s]}" for s in SEVERITY_LABELS if severities[s]) or "无"),
        ("部门月度峰值", f"{naive_peak} → {peak}", "原计划 → 均衡后（一个部门一个月参加的检查）"),
        ("高于下界+1的部门", f"{above}", "均衡后峰值比理论下界高出1以上"),
        ("一业一查合并机会", f"{kinds['merge']}", "同一市同类对象、可同月合并检查"),
        ("超负荷", f"{kinds['overload']}", "均衡后仍超过月容量的部门月"),
    ]
    cells = "".join(f"<div><dt>{_e(a)}</dt><dd>{_e(b)} <small>{_e(c)}</small></dd></div>" for a, b, c in figures)
    return f'<section class="first" id="summary">\n<h2>一、概况</h2>\n<dl class="figures">{cells}</dl>\n</section>\n'


def _level(load: int, capacity: int) -> str:
    if load == 0:
        return "l0"
    if load > capacity:
        return "over"
    if load == capacity:
        return "full"
    return "l2" if load * 2 > capacity else "l1"


def _heatmap(loads: Sequence[DepartmentLoad], config: Config) -> str:
    out = ['<section id="heatmap">\n<h2>二、部门月度负荷（均衡后；括号内为原计划）</h2>\n']
    out.append('<p class="legend">颜色对照月容量：<span class="l1">低于一半</span><span class="l2">一半以上</span>'
               '<span class="full">满额</span><span class="over">超出</span></p>\n')
    head = "".join(f'<th class="n">{m}月</th>' for m in range(1, 13))
    for city, rows in _by_city(loads, lambda r: r.department.city).items():
        out.append(f"<h3>{_e(city)}</h3>\n<table class=\"heat\"><thead><tr><th>部门</th>{head}"
                   '<th class="n">峰值</th><th class="n">下界</th><th class="n">月容量</th></tr></thead><tbody>\n')
        for row in rows:
            capacity = config.monthly_capacity_for(row.department)
            cells = "".join(
                f'<td class="m {_level(b, capacity)}">{b}' + (f" <small>({n})</small>" if n != b else "") + "</td>"
                for b, n in zip(row.balanced, row.naive)
            )
            out.append(f"<tr><td>{_e(row.department.name)}</td>{cells}<td class=\"n {_level(row.peak, capacity)}\">{row.peak}</td>"
                       f'<td class="n">{row.bound}</td><td class="n">{capacity}</td></tr>\n')
        out.append("</tbody></table>\n")
    out.append("</section>\n")
    return "".join(out)


def _timelines(plan: Plan, schedule: Schedule) -> str:
    year = schedule.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    span = (last - first).days + 1
    by_task: dict[str, list[Event]] = defaultdict(list)
    for event in schedule.events:
        by_task[event.task.key].append(event)
    months = "".join(f"<span>{m}月</span>" for m in range(1, 13))
    out = ['<section id="timelines">\n<h2>三、各市检查时间轴</h2>\n'
           '<p class="legend"><span class="key" style="background:#dde6f3"></span> 计划时段 <span class="key" style="background:#2f5597"></span> 排定的检查</p>\n']
    for city, tasks in _by_city(plan.tasks, lambda t: t.city).items():
        out.append(f'<h3>{_e(city)}</h3>\n<div class="gantt"><div class="row months"><span class="label">序号 任务</span>'
                   f'<div class="track">{months}</div></div>\n')
        for task in tasks:
            bars = [_bar("win", date(year, w.start, 1), _month_end(year, w.end), first, span) for w in task.windows]
            bars += [_bar("ev", e.start, e.end, first, span, f"{e.start:%m-%d}–{e.end:%m-%d}") for e in by_task.get(task.key, [])]
            label = f"{task.seq} {task.label}"
            out.append(f'<div class="row"><span class="label" title="{_e(label)}">{_e(label)}</span>'
                       f'<div class="track">{"".join(bars)}</div></div>\n')
        out.append("</div>\n")
    out.append("</section>\n")
    return "".join(out)


def _bar(kind: str, start: date, end: date, first: date, span: int, title: str = "") -> str:
    left = (start - first).days / span * 100
    width = ((end - start).days + 1) / span * 100
    tip = f' title="{_e(title)}"' if title else ""
    return f'<i class="{kind}" style="left:{left:.2f}%;width:{width:.2f}%"{tip}></i>'


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _findings(findings: Sequence[Finding]) -> str:

    out = ['<section id="findings">\n<h2>四、检查发现</h2>\n']
    if not findings:
        out.append("<p>未发现问题。</p>\n")
    for kind in dict.fromkeys(f.kind for f in findings):
        members = [f for f in findings if f.kind == kind]
        out.append(f"<h3>{_e(KIND_LABELS.get(kind, kind))}（{len(members)}）</h3>\n"
                   '<table><thead><tr><th>级别</th><th>地市</th><th>说明</th><th>序号</th><th>源文件行</th></tr></thead><tbody>\n')
        for f in members:
            details = "".join(f"<li>{_e(d)}</li>" for d in f.details[:12])
            more = f"<li>…另有 {len(f.details) - 12} 条</li>" if len(f.details) > 12 else ""
            listed = f'<ul class="details">{details}{more}</ul>' if details else ""
            out.append(f'<tr><td class="sev-{f.severity}">{_e(SEVERITY_LABELS.get(f.severity, f.severity))}</td>'
                       f"<td>{_e(f.city or '全部')}</td><td>{_e(f.message)}{listed}</td>"
                       f"<td>{_e('、'.join(str(s) for s in f.seqs))}</td><td>{_e('、'.join(str(n) for n in f.source_lines))}</td></tr>\n")
        out.append("</tbody></table>\n")
    out.append("</section>\n")
    return "".join(out)


def _departments(rows: Sequence[DepartmentRow]) -> str:
    out = ['<section id="departments">\n<h2>五、各部门任务</h2>\n<table><thead><tr><th>地市</th><th>部门</th>'
           '<th class="n">牵头</th><th class="n">配合</th><th class="n">工作日</th><th class="n">峰值月</th>'
           '<th class="n">月容量</th></tr></thead><tbody>\n']
    for r in rows:
        level = _level(r.peak, r.capacity)
        out.append(f"<tr><td>{_e(r.department.city)}</td><td>{_e(r.department.name)}</td><td class=\"n\">{r.leads}</td>"
                   f'<td class="n">{r.partners}</td><td class="n">{r.working_days}</td>'
                   f'<td class="n {level}">{r.peak_month}月（{r.peak}）</td><td class="n">{r.capacity}</td></tr>\n')
    out.append("</tbody></table>\n</section>\n")
    return "".join(out)


def _by_city(items: Iterable[T], city_of: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for item in items:
        grouped[city_of(item)].append(item)
    return dict(grouped)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
