"""Small hand-made values for tests of the stages after reading."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from io import StringIO

from rich.console import Console, RenderableType

from planner.model import Department, DepartmentRef, Event, Frequency, Mode, Ratio, Task, Window


def dept(name: str, city: str = "太原市") -> DepartmentRef:
    return DepartmentRef(written=name, department=Department(city, name))


def make_task(
    seq: int = 1,
    *,
    city: str = "太原市",
    name: str = "对旅行社的双随机抽查",
    item: str = "旅行社经营情况的检查",
    scope: str = "旅行社",
    windows: tuple[tuple[int, int], ...] = ((3, 12),),
    count: int = 1,
    per: str = "year",
    lead: tuple[str, ...] = ("市文旅局",),
    partners: tuple[str, ...] = ("市市场监管局",),
    source_line: int | None = None,
) -> Task:
    return Task(
        city=city,
        seq=seq,
        name=name,
        item=item,
        scope=scope,
        ratio_text="10%",
        ratio=Ratio(text="10%", min_percent=10.0),
        risk_text="",
        windows=tuple(Window(a, b) for a, b in windows),
        frequency=Frequency(count, per),
        lead=tuple(dept(n, city) for n in lead),
        partners=tuple(dept(n, city) for n in partners),
        mode=Mode("市抽市查", "市", "市"),
        source_line=source_line if source_line is not None else seq + 1,
    )


def make_event(task: Task, start: date, *, index: int = 1, rounds: int = 1, length: int = 3) -> Event:
    """An event of `length` consecutive days from `start`, inside the task's windows."""
    days = tuple(start + timedelta(days=i) for i in range(length))
    first, last = task.windows[0].start, task.windows[-1].end
    return Event(
        f"2024-{task.seq}-{index}-{start}", task, index, rounds, start, days[-1], days,
        date(start.year, first, 1), date(start.year, last, monthrange(start.year, last)[1]),
    )


def render_text(view: RenderableType, width: int) -> str:
    """What a view prints on a colourless terminal `width` columns wide."""
    console = Console(width=width, file=StringIO(), color_system=None)
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined]
