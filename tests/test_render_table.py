"""TextTable draws what rich's Table draws with the same columns, line for line, only faster."""

from __future__ import annotations

import io

import pytest
from rich import box
from rich.console import Console
from rich.table import Table

from planner.plan import load_plan
from planner.render.cells import Listing
from planner.render.table import Column, TextTable

WIDTHS = (24, 41, 60, 79, 100, 133, 200)


def render(renderable: object, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False, markup=False, emoji=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def both(columns: list[Column], rows: list[tuple[object, ...]], **options: object) -> tuple[Table, TextTable]:
    """The same table as rich.Table (the reference) and as TextTable."""
    title = options.get("title")
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", expand=bool(options.get("expand")),  # type: ignore[arg-type]
                  collapse_padding=bool(options.get("collapse_padding")), pad_edge=options.get("pad_edge", True))  # type: ignore[arg-type]
    for c in columns:
        table.add_column(c.header, justify=c.justify, width=c.width, min_width=c.min_width, ratio=c.ratio,
                         no_wrap=c.no_wrap, overflow=c.overflow)
    for row in rows:
        table.add_row(*row)  # type: ignore[arg-type]
    return table, TextTable(columns, rows, **options)  # type: ignore[arg-type]


MIXED = [
    Column("序号", justify="right", width=4, no_wrap=True),
    Column("任务", overflow="fold", ratio=3, width=10),
    Column("frequency", no_wrap=True, min_width=6),
    Column("部门", ratio=2),
    Column("note"),
]
MIXED_ROWS = [
    ("1", "对物流、寄递企业运输烟草制品情况的双随机抽查", "1次/年", Listing(["市烟草专卖局", "市公安局", "市邮政管理局"]), "short"),
    ("12", "a few words that wrap at spaces, and averyveryverylongwordthatmustbefolded", "2次/半年",
     Listing(["市市场监管局"]), "tab\there  and trailing   "),
    ("123", "", "", Listing([]), "多行\n第二行"),
    ("9999", "混合 text 与中文 words 交替出现的一个长标题，看它在哪里断开", "1次/季度", Listing(["市消防救援支队", "市卫健委"]), "…"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("options", [
    {"expand": True},
    {"expand": True, "collapse_padding": True, "pad_edge": False, "title": "太原市"},
    {"title": "一个比表格还要宽的标题，会在表格的宽度内折行显示出来"},
], ids=["expand", "collapsed", "natural"])
def test_cells_of_every_kind_are_drawn_as_rich_draws_them(width: int, options: dict[str, object]) -> None:
    reference, table = both(MIXED, MIXED_ROWS, **options)
    assert render(table, width) == render(reference, width)


@pytest.mark.parametrize("width", (50, 100, 160))
def test_the_embedded_plan_as_rich_draws_it(width: int) -> None:
    tasks = [t for t in load_plan(None).tasks if t.city == "太原市"]
    columns = [
        Column("序号", justify="right", width=4, no_wrap=True),
        Column("任务", overflow="fold", ratio=3, width=14),
        Column("窗口", ratio=1, width=7),
        Column("发起", ratio=2, width=12),
        Column("配合", ratio=2, width=12),
    ]
    rows = [(t.number, t.label, Listing([f"{w.start}–{w.end}月" for w in t.windows]),
             Listing([r.department.name for r in t.lead]), Listing([r.department.name for r in t.partners])) for t in tasks]
    reference, table = both(columns, rows, expand=True, collapse_padding=True, pad_edge=False)
    drawn = render(table, width)
    assert drawn == render(reference, width)
    assert all(t.label[:4] in drawn for t in tasks)


def test_the_header_is_bold_on_a_terminal_and_the_rows_are_not() -> None:
    reference, table = both(MIXED, MIXED_ROWS, expand=True)
    console = Console(width=80, file=io.StringIO(), force_terminal=True, color_system="standard", markup=False)
    console.print(table)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert "\x1b[1m" in lines[1] and "序号" in lines[1]
    assert not any("\x1b[" in line for line in lines[3:])
