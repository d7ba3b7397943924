"""`planner report`: the review meeting's page, checked as HTML (the browser test looks at it rendered)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from planner.check import check_plan
from planner.cli import app
from planner.config import Config
from planner.export.report import department_rows, report_html
from planner.plan import load_plan
from planner.schedule import department_loads, schedule_plan
from tests.plans import FIRST, row, write_plan

SHOP = row("", "2", "对商场的抽查", "商场卫生检查", "商场", "10%；2次/年", "", "3月—10月", "市卫健委", "市市场监管局", "市抽市查")


def test_report_has_every_section_and_nothing_to_fetch(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, FIRST, SHOP))
    schedule = schedule_plan(plan, Config())
    page = report_html(plan, schedule, Config(), check_plan(plan, schedule, Config()))
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">') and f"<title>{plan.name} · 审核报告</title>" in page
    for heading in ("一、概况", "二、部门月度负荷", "三、各市检查时间轴", "四、检查发现", "五、各部门任务"):
        assert heading in page
    assert "@page { size: A4 landscape" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)|url\(|@import|<script|<link""", page)
    assert page == report_html(plan, schedule, Config(), check_plan(plan, schedule, Config()))  # no clock


def test_department_rows_count_lead_and_partner_events_and_working_days(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, FIRST, SHOP))
    schedule = schedule_plan(plan, Config())
    rows = {r.department.name: r for r in department_rows(schedule, Config(), department_loads(schedule))}
    market = rows["市市场监管局"]  # partner of one yearly and one half-yearly task
    assert (market.leads, market.partners) == (0, 3)
    assert market.working_days == sum(e.working_days for e in schedule.events)
    assert (rows["市卫健委"].leads, rows["市卫健委"].partners) == (2, 0)
    starts = [e.start.month for e in schedule.events]  # every event involves 市市场监管局
    assert market.peak == max(starts.count(m) for m in range(1, 13))
    assert starts.count(market.peak_month) == market.peak and market.peak_month == min(m for m in starts if starts.count(m) == market.peak)


def test_report_command_refuses_other_suffixes_and_writes_html(tmp_path: Path) -> None:
    bad = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "r.txt")])
    assert bad.exit_code == 2 and not (tmp_path / "r.txt").exists()
    plan = write_plan(tmp_path, FIRST)
    good = CliRunner().invoke(app, ["report", str(plan), "--out", str(tmp_path / "r.html")])
    assert good.exit_code == 0, good.output
    assert "对旅行社的双随机抽查" in (tmp_path / "r.html").read_text(encoding="utf-8")
