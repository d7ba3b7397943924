"""Small hand-made values for tests of the stages after reading."""

from __future__ import annotations

from planner.model import Department, DepartmentRef, Frequency, Mode, Ratio, Task, Window


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
