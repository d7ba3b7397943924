"""`planner build`: the main job, its summary, and outputs that do not drift."""

from pathlib import Path

from typer.testing import CliRunner

from planner.build import build
from planner.cli import app
from planner.config import Config
from tests.plans import FIRST, row, write_plan

REPO = Path(__file__).resolve().parent.parent
SECOND = row("", "2", "对商场的抽查", "商场卫生检查", "商场（超市）", "10%；1次/半年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_calendars_and_samples(tmp_path):
    """A small plan gives feeds, an index and every sample view."""
    summary = build(write_plan(tmp_path, FIRST, SECOND), Config(), calendars=tmp_path / "cal", samples=tmp_path / "s")
    assert (summary.tasks, summary.events) == (2, 3)
    assert (tmp_path / "cal" / "index.json").exists()
    assert {"timeline.txt", "timeline.svg", "heatmap.txt", "check.txt", "audit.txt", "report.html", "workbook.xlsx"} <= set(files(tmp_path / "s"))
    assert "对旅行社的双随机抽查" in (tmp_path / "s" / "timeline.txt").read_text(encoding="utf-8")


def test_build_twice_is_byte_identical(tmp_path):
    """Same plan, same files, byte for byte, and the second run changes no feed."""
    plan = write_plan(tmp_path, FIRST, SECOND)
    build(plan, Config(), calendars=tmp_path / "cal", samples=tmp_path / "s")
    first = files(tmp_path / "cal") | {f"s/{k}": v for k, v in files(tmp_path / "s").items()}
    again = build(plan, Config(), calendars=tmp_path / "cal", samples=tmp_path / "s")
    assert files(tmp_path / "cal") | {f"s/{k}": v for k, v in files(tmp_path / "s").items()} == first
    assert again.feeds_changed == 0


def test_build_command_prints_summary(tmp_path, monkeypatch):
    """The CLI runs in the current directory and ends with the summary."""
    plan = write_plan(tmp_path, FIRST, SECOND)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", str(plan)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "tasks" in result.stdout and "2 (" in result.stdout
    assert (tmp_path / "calendars" / "all.ics").exists()
    assert (tmp_path / "sample_output" / "heatmap.svg").exists()


def test_build_bad_plan_is_one_line_exit_2(tmp_path, monkeypatch):
    """A missing plan stops the build before anything is written."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "nope.tsv"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: nope.tsv: file not found"
    assert not (tmp_path / "calendars").exists()


def test_committed_outputs_are_what_the_main_job_writes(tmp_path):
    """calendars/ and sample_output/ in the repository are exactly what `planner build` writes now."""
    build(None, Config(), calendars=tmp_path / "calendars", samples=tmp_path / "sample_output")
    for folder in ("calendars", "sample_output"):
        assert files(tmp_path / folder) == files(REPO / folder), f"{folder}/ is stale: run `make build`"


def test_ical_command_writes_the_feeds_build_writes(tmp_path):
    """`planner ical` and `planner build` give byte-identical feeds: no calendar is renamed between them."""
    plan = write_plan(tmp_path, FIRST, SECOND)
    build(plan, Config(), calendars=tmp_path / "built", samples=None)
    result = CliRunner().invoke(app, ["ical", str(plan), "--out", str(tmp_path / "ical")])
    assert result.exit_code == 0, result.output
    assert files(tmp_path / "ical") == files(tmp_path / "built")


def test_a_plan_above_the_sample_size_has_one_citys_report_and_workbook_that_say_so(tmp_path, monkeypatch):
    """Above SAMPLE_TASKS the samples' report and workbook cover the sample city and name what they leave out."""
    import openpyxl

    import planner.build

    monkeypatch.setattr(planner.build, "SAMPLE_TASKS", 2)
    other = row("大同市", "1", "对药店的抽查", "药品经营检查", "药店", "5%；1次/年", "", "3月—6月", "市市场监管局", "", "市抽市查")
    summary = build(write_plan(tmp_path, FIRST, SECOND, other), Config(), calendars=tmp_path / "cal", samples=tmp_path / "s")
    assert summary.tasks == 3
    report = (tmp_path / "s" / "report.html").read_text(encoding="utf-8")
    assert "示例只含太原市：全计划 3 项任务" in report and "对商场的抽查" in report and "对药店的抽查" not in report
    book = openpyxl.load_workbook(tmp_path / "s" / "workbook.xlsx")
    assert str(book["说明"]["A2"].value).startswith("示例只含太原市")
    assert [r[2] for r in book["任务清单"].iter_rows(min_row=2, values_only=True)] == ["对旅行社的双随机抽查", "对商场的抽查"]
    assert "大同" in (tmp_path / "cal" / "all.ics").read_text(encoding="utf-8")  # the feeds stay whole


def test_summary_peaks_are_the_department_loads_maxima():
    """The summary's peak gaps (one pass over each load) say what the department load table says."""
    from planner.plan import load_plan
    from planner.schedule import department_loads, peak_gaps, schedule_plan

    schedule = schedule_plan(load_plan(None), Config())
    rows = department_loads(schedule)
    assert len(rows) > 300
    assert peak_gaps(schedule) == {r.department: (max(r.naive), max(r.balanced), r.bound) for r in rows}


def test_audit_sample_of_a_city_lists_that_city_with_the_whole_plans_counts():
    """A city's audit lists the same rows, in the same order, as filtering the whole plan's list."""
    from planner.plan import load_plan
    from planner.render.plan_tables import audit_entries

    plan = load_plan(None)
    city = plan.tasks[-1].city
    whole = audit_entries(plan)
    assert [e for e in audit_entries(plan, city) if e[1] == city] == [e for e in whole if e[1] == city] != []
