"""Reading plan files: encodings, formats, and input that is not a plan."""

import pytest

from planner.errors import PlanReadError
from planner.plan import load_plan
from tests.plans import FIRST, HEADER, plan_text, row, write_plan

SECOND = row("", "2", "对商场的抽查", "商场卫生检查", "商场（超市）", "10%；1次/半年", "", "4月—10月", "市卫健委", "市市场监管局", "市抽市查")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_encodings_read_the_same(tmp_path, encoding):
    """A GBK, GB18030 or BOM-UTF-8 plan reads exactly like the UTF-8 one."""
    expected = load_plan(write_plan(tmp_path, FIRST, SECOND, name="u.tsv"))
    other = load_plan(write_plan(tmp_path, FIRST, SECOND, name="e.tsv", encoding=encoding))
    assert [(t.name, t.scope, t.lead) for t in other.tasks] == [(t.name, t.scope, t.lead) for t in expected.tasks]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_chinese_encodings(tmp_path, encoding):
    """A CSV saved by Excel (BOM) or by WPS in GBK reads like the UTF-8 TSV."""
    path = tmp_path / "plan.csv"
    lines = [HEADER, FIRST.split("\t"), SECOND.split("\t")]
    path.write_bytes(("\r\n".join(",".join(cells) for cells in lines) + "\r\n").encode(encoding))
    plan = load_plan(path)
    assert [(t.seq, t.name, t.lead[0].department.name, t.source_line) for t in plan.tasks] == [
        (1, "对旅行社的双随机抽查", "市文旅局", 2), (2, "对商场的抽查", "市卫健委", 3)]


def test_csv_with_same_headers(tmp_path):
    """A CSV export of the table gives the same tasks, with line numbers."""
    path = tmp_path / "plan.csv"
    lines = [HEADER, FIRST.split("\t"), SECOND.split("\t")]
    path.write_text("\n".join(",".join(f'"{c}"' for c in cells) for cells in lines) + "\n", encoding="utf-8")
    plan = load_plan(path)
    assert [(t.seq, t.source_line, t.frequency.per) for t in plan.tasks] == [(1, 2, "year"), (2, 3, "half-year")]


def test_xlsx_with_same_headers(tmp_path):
    """An XLSX workbook of the table gives the same tasks, sheet rows as lines."""
    import pandas as pd

    path = tmp_path / "plan.xlsx"
    frame = pd.DataFrame([HEADER, FIRST.split("\t"), SECOND.split("\t")])
    frame.to_excel(path, header=False, index=False)
    plan = load_plan(path)
    assert [(t.seq, t.source_line, t.lead[0].department.name) for t in plan.tasks] == [(1, 2, "市文旅局"), (2, 3, "市卫健委")]


def test_missing_file(tmp_path):
    """A missing file is named in the error."""
    with pytest.raises(PlanReadError, match="file not found"):
        load_plan(tmp_path / "nope.tsv")


def test_empty_file(tmp_path):
    """An empty file is an error, not an empty plan."""
    path = tmp_path / "empty.tsv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(PlanReadError, match="empty file"):
        load_plan(path)


def test_binary_file(tmp_path):
    """A binary file of no known format is refused with its name and line."""
    path = tmp_path / "plan.tsv"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00")
    with pytest.raises(PlanReadError) as caught:
        load_plan(path)
    assert str(caught.value) == f"{path}:1: a binary file, not a text plan table"


def test_image_is_not_a_plan(tmp_path):
    """A photo of the plan is refused as an image, whatever its name says."""
    path = tmp_path / "plan.tsv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PlanReadError, match="this is an image, not a plan table: OCR is not supported"):
        load_plan(path)


def test_not_a_plan(tmp_path):
    """A text file without the plan header is not a plan."""
    path = tmp_path / "notes.tsv"
    path.write_text("hello\tworld\n1\t2\n", encoding="utf-8")
    with pytest.raises(PlanReadError, match="not a plan: no header row"):
        load_plan(path)


def test_title_gives_plan_year(tmp_path):
    """The year in the title line is the plan year."""
    path = tmp_path / "p.tsv"
    path.write_text(plan_text(FIRST).replace("2024", "2025"), encoding="utf-8")
    assert load_plan(path).year == 2025
