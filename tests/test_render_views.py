"""planner.render.views: the views built from a plan and its schedule, as the commands and build use them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from planner.config import Config
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.plan import load_plan
from planner.render.save import save
from planner.render.views import agenda_view, heatmap_view, overview_view, timeline_view
from planner.schedule import schedule_plan
from planner.workdays import calendar_for
from tests.plans import FIRST, row, write_plan

ROWS = (
    FIRST,
    row("", "2", "对食品生产企业的双随机抽查", "食品生产企业检查", "食品生产企业", "5%；2次/年", "", "4月—10月",
        "市市场监管局", "市卫健委", "市抽市查"),
    row("大同市", "3", "对加油站的检查", "加油站经营检查", "加油站", "5%；1次/年", "", "5月", "市商务局", "市市场监管局", "市抽市查"),
)


@pytest.fixture()
def chinese() -> None:
    """Titles as the default (Chinese) run writes them."""
    set_language("zh")


@pytest.fixture()
def scheduled(tmp_path: Path):  # type: ignore[no-untyped-def]
    plan = load_plan(write_plan(tmp_path, *ROWS))
    return plan, schedule_plan(plan, Config())


def text(view: RenderableType) -> str:
    console = Console(width=100, file=StringIO(), color_system=None)
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.usefixtures("chinese")
def test_timeline_view_names_city_department_and_counts(scheduled) -> None:  # type: ignore[no-untyped-def]
    """The title says what was filtered and how many tasks and rounds remain."""
    plan, schedule = scheduled
    view = timeline_view(plan, schedule, city="太原", dept="市场监管")
    assert view.title == "2024年抽查时间线 · 太原市 · 市市场监管局 · 2 项任务 3 次检查"


def test_timeline_view_refuses_filters_that_leave_nothing(scheduled) -> None:  # type: ignore[no-untyped-def]
    """An empty selection is an error, not an empty chart."""
    plan, schedule = scheduled
    with pytest.raises(PlannerError, match="no task matches"):
        timeline_view(plan, schedule, city="大同", month=9)


def test_city_filter_keeps_other_cities_out_of_every_view(scheduled) -> None:  # type: ignore[no-untyped-def]
    """--city 太原: 大同's 加油站 task and its departments appear nowhere."""
    plan, schedule = scheduled
    working = calendar_for(Config(), 2024)
    views = [timeline_view(plan, schedule, city="太原"), heatmap_view(plan, schedule, Config(), city="太原"),
             overview_view(plan, schedule, Config(), month=5, is_workday=working.is_working, city="太原")]
    assert all("加油站" not in text(v) and "市商务局" not in text(v) for v in views)


@pytest.mark.usefixtures("chinese")
def test_agenda_view_lists_one_city_department(scheduled) -> None:  # type: ignore[no-untyped-def]
    """市市场监管局 of 太原 has three rounds; 大同's namesake is left out by --city."""
    plan, schedule = scheduled
    entries, title = agenda_view(plan, schedule, dept="市市场监管局", city="太原")
    assert len(entries) == 3 and title.endswith("3 次检查")
    assert len(agenda_view(plan, schedule, dept="市市场监管局")[0]) == 4


def test_saved_views_are_byte_for_byte_reproducible(scheduled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rendering the same schedule twice writes identical SVG and text: sample_output stays clean in git."""
    plan, schedule = scheduled
    for name in ("a", "b"):
        save(heatmap_view(plan, schedule, Config()), tmp_path / f"{name}.svg")
        save(timeline_view(plan, schedule), tmp_path / f"{name}.txt")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes()
