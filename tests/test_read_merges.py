"""Files that know their merged cells (Word vMerge, workbook merged ranges): a merged cell takes
the value above, the 抽查事项 too; a cell left empty stays empty. A plan in another template
published as .docx or .xlsx reads to its golden tasks and builds calendars end to end."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.plan import load_plan
from tests.documents import CJK_FONT, fixture_grid, grid_docx, grid_xlsx, write_docx, write_small_pdf
from tests.plans import FIRST, HEADER, TITLE, write_plan
from tests.test_fixture_plans import PLANS, as_golden, golden
from tests.test_read_formats import _docx

runner = CliRunner()
# The columns an item row (no 序号) keeps of its own in each fixture: 联查部门 and 抽查事项;
# every other cell of the row is merged with the block above on the published page.
OWN = {"bozhou-2024": (4, 5), "wuwei-2023": (3, 4)}
WRITERS = {"docx": grid_docx, "xlsx": grid_xlsx}


def merged(task) -> set[str]:
    return {r.field for r in task.repairs if r.kind == "merged-cell"}


@pytest.mark.parametrize("kind", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(OWN))
def test_fixture_as_word_or_excel_with_merges_reads_to_its_golden_tasks(tmp_path, name, kind):
    """The plan as published, item rows under a merged 序号 with the task's name, scope, ratio
    and window merged over them: the same tasks as written down by hand from the source page,
    the item rows' inherited cells logged as merged cells."""
    before, grid, merges = fixture_grid(PLANS / f"{name}.tsv", OWN[name])
    plan = load_plan(WRITERS[kind](tmp_path / f"{name}.{kind}", before, grid, merges))
    expected = golden(name)
    assert plan.problems == ()
    assert (plan.year, {t.city for t in plan.tasks}) == (expected["year"], {expected["region"]})
    assert [as_golden(t) for t in plan.tasks] == expected["tasks"]
    items = [t for t in plan.tasks if t.sub]
    assert items and all({"name", "scope", "ratio", "window"} <= merged(t) for t in items)
    assert not any(r.kind == "default-item" for t in plan.tasks for r in t.repairs)


def test_repeated_number_down_a_block_gives_item_rows(tmp_path):
    """A 序号 written again on each row of its block (not merged) numbers item rows 1.2, 1.3,
    not a duplicate task 1."""
    before, grid, merges = fixture_grid(PLANS / "bozhou-2024.tsv", OWN["bozhou-2024"])
    for r in range(2, len(grid)):
        grid[r][0] = grid[1][0]
    merges -= {(r, 0) for r in range(len(grid))}
    plan = load_plan(grid_xlsx(tmp_path / "p.xlsx", before, grid, merges))
    assert plan.problems == ()
    assert [as_golden(t) for t in plan.tasks] == golden("bozhou-2024")["tasks"]


def _shanxi_rows(second_partners: str) -> list[list[str]]:
    first = FIRST.split("\t")
    second = ["", "2", "对商场的抽查", "", "商场（超市）", "10%；1次/半年", "", "4月—10月", "市卫健委", second_partners, "市抽市查"]
    return [list(HEADER), first, second]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_empty_cell_stays_empty_and_merged_item_is_merged(tmp_path, kind):
    """In a Word or Excel plan, task 2 has no 配合部门 (an empty cell, not merged) and shares
    task 1's 抽查事项 (one merged cell over both rows): task 2 gets no partner and the item.
    The same rows as text, where merges are lost, take the partner from above as before."""
    grid = _shanxi_rows("")
    plan = load_plan(WRITERS[kind](tmp_path / f"p.{kind}", [TITLE], grid, {(2, 0), (2, 3)}))
    second = plan.tasks[1]
    assert second.partners == ()
    assert second.item == plan.tasks[0].item == "旅行社经营情况的检查"
    assert merged(second) == {"city", "item"}
    text = load_plan(write_plan(tmp_path, *("\t".join(cells) for cells in grid[1:])))
    assert [r.department.name for r in text.tasks[1].partners] == ["市市场监管局"]
    assert text.tasks[1].item == "对商场的抽查"  # no merges known: the name stands in for the item


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_other_template_keeps_empty_cells_empty(tmp_path, kind):
    """The same in a template without 地市 (a city's own plan): the empty 配合部门 stays empty,
    the merged 抽查事项 is the one above, and --region names the city."""
    grid = [row[1:] for row in _shanxi_rows("")]
    grid[0][0] = "序号"
    plan = load_plan(WRITERS[kind](tmp_path / f"p.{kind}", ["某市2024年度部门联合抽查计划"], grid, {(2, 2)}), region="某市")
    assert [t.number for t in plan.tasks] == ["1", "2"]
    first, second = plan.tasks
    assert (second.city, second.partners, second.item) == ("某市", (), first.item)
    assert merged(second) == {"item"}


def test_build_a_word_plan_of_another_template_end_to_end(tmp_path, monkeypatch):
    """`planner build PLAN.docx --region NAME` in a directory of its own: one feed per
    department the plan names (lead and partners of each item row), every feed holding the
    joint visit with its tasks' items, and the views showing the item rows."""
    before, grid, merges = fixture_grid(PLANS / "bozhou-2024.tsv", OWN["bozhou-2024"])
    path = grid_docx(tmp_path / "亳州计划.docx", before, grid, merges)
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["build", str(path), "--region", "谯城区"])
    assert result.exit_code == 0, result.output
    assert re.search(r"tasks +3\b", result.stdout), result.stdout
    index = json.loads((work / "calendars" / "index.json").read_text(encoding="utf-8"))
    departments = {f["department"]: f for f in index["feeds"] if f["kind"] == "department"}
    assert set(departments) == {"教育行政部门", "市场监管部门", "卫生健康部门"}
    assert {f["city"] for f in index["feeds"] if f["kind"] != "plan"} == {"谯城区"}
    for name, feed in departments.items():
        text = (work / "calendars" / feed["path"]).read_bytes().decode("utf-8").replace("\r\n ", "")
        assert feed["events"] == 1 and "BEGIN:VEVENT" in text
        assert "2024年度营利性民办学校部门联合抽查" in text and "学校卫生监督执法检查" in text, name
    timeline = (work / "sample_output" / "timeline.txt").read_text(encoding="utf-8")
    assert "谯城区" in timeline and all(f" {n} " in timeline for n in ("1", "1.2", "1.3"))
    audit = (work / "sample_output" / "audit.txt").read_text(encoding="utf-8")
    assert "merged-cell" in audit and "item-row" in audit


def test_columns_says_how_blank_cells_are_read(tmp_path):
    """`planner columns` on the Word copy of the embedded plan maps every column by its header
    and says merged cells come from the file; on the TSV it says every blank is taken as merged."""
    word = runner.invoke(app, ["columns", str(write_docx(tmp_path / "plan.docx"))])
    assert word.exit_code == 0, word.output
    fields = ("地市 (city)", "序号 (seq)", "抽查事项 (item)", "起止时间 (window)", "发起部门 (lead)", "配合部门 (partners)", "抽查检查模式 (mode)")
    assert all(f in word.stdout for f in fields)
    said = " ".join(word.stdout.split())
    assert "the cells the file marks as merged take the value above" in said and "other blanks stay empty" in said
    text = runner.invoke(app, ["columns"])
    assert text.exit_code == 0 and "a text table does not say which cells are merged" in " ".join(text.stdout.split())


def _cut_rows() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Two tasks: the second's 发起部门 is blank, as when its block began in the row above."""
    second = ["", "2", "对商场的抽查", "商场卫生检查", "商场（超市）", "10%；1次/半年", "", "4月—10月", "", "市市场监管局", "市抽市查"]
    return HEADER, tuple(FIRST.split("\t")), tuple(second)


def test_blank_cells_after_a_cut_in_a_word_table_are_read_as_merged(tmp_path):
    """A Word table continued in a second table: no cell can be merged across the two, so a
    blank in the second table's first row may be a block cut there and takes the value above,
    logged. In one table, the same unmerged blank is an empty cell."""
    header, first, second = _cut_rows()
    cut = load_plan(_docx(tmp_path / "cut.docx", TITLE, [header, first], [second]))
    assert [r.department.name for r in cut.tasks[1].lead] == ["市文旅局"]
    assert merged(cut.tasks[1]) == {"city", "lead", "risk"}
    whole = load_plan(_docx(tmp_path / "whole.docx", TITLE, [header, first, second]))
    assert (whole.tasks[1].lead, whole.tasks[1].risk_text) == ((), "")
    assert merged(whole.tasks[1]) == {"city"}


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs Debian's fonts-wqy-microhei (installed by .ci/run)")
def test_blank_cells_at_the_top_of_a_pdf_page_are_read_as_merged(tmp_path):
    """A PDF page that goes on with the table (no header repeated): its first row's blank
    cells may be a box the page break cut, so they take the value above."""
    header, first, second = _cut_rows()
    plan = load_plan(write_small_pdf(tmp_path / "p.pdf", [TITLE], [header, first], [second]))
    assert [r.department.name for r in plan.tasks[1].lead] == ["市文旅局"]
    assert "lead" in merged(plan.tasks[1])
