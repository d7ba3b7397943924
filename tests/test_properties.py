"""Property tests (Hypothesis): the small grammars and the repair stage on generated input.

Whatever a cell or a table holds, reading it raises nothing but the project's own errors, and
every non-blank line of a table ends in a task, a repair or a reported problem. `make test` runs
a few hundred cases per property; `make fuzz` runs PLANNER_FUZZ_EXAMPLES per property.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.fields import (
    WindowError,
    clean_departments,
    kind_of,
    parse_frequency,
    parse_mode,
    parse_ratio,
    parse_window,
    split_departments,
)
from planner.limits import MAX_CELL_CHARS
from planner.plan import build_plan
from planner.read import SourceRow, SourceTable
from tests.plans import HEADER, TITLE

EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "400"))
settings.register_profile(
    "planner", max_examples=EXAMPLES, deadline=None, derandomize="PLANNER_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.load_profile("planner")

# Pieces real cells are made of, hostile ones included.
FRAGMENTS = [
    "3月—12月", "4月-10月", "3月", "2月、11月—12月", "3月—6月; 7月—10月", "12月至次年2月", "13月", "0月", "12月—3月",
    "不低于5%；1次/年", "1次/半年", "2次/季度", "1次/月", "抽查1次", "不低抽查比例20%", "不低60%", "5%-10%", "A类2%，B类10%",
    "三级50%、二级30%", "不少于3家", "低风险、一般风险、较高风险、高风险企业分别按5%、10%、20%、30%", "99999次/年", "-2次/年",
    "999%", "-5%", "100000000000000000000000次/年", "1 次/ 年", "市市场监管局", "市卫健委（游泳场所）", "市公安局或市应急局",
    "狩猎场由市规自局配合", "市文旅局、市商务局 市应急局", "市抽市查", "市抽市抽", "省抽市查", "县抽县查", "市县联查",
    "根据企业信用风险分类结果", "参考信用风险", "序号", "地市", "抽查任务名称", "抽查事项", "[/b]", "[link=http://x]y[/link]",
    ":smile:", "<script>", "（", "）", "(", ")", "、", ";", "；", "—", "至", "次年", " ", "\u3000", "１２", "１次/年", "%", "次",
]  # fmt: skip
GRAMMAR_CHARS = "0123456789０１２月—–-~至次年半季度每%％、,，;；()（）或和及市县省级抽查局委办队 \u3000.ABCD类一二三四五六七八九十两风险低高"

fragment = st.sampled_from(FRAGMENTS)
grammar_text = st.text(alphabet=GRAMMAR_CHARS, max_size=40)
cell_text = st.one_of(
    fragment,
    st.lists(fragment, min_size=1, max_size=4).map("".join),
    grammar_text,
    st.text(max_size=30),
    st.just(""),
)


# --- the small grammars ------------------------------------------------------------------------------


@given(st.one_of(grammar_text, cell_text))
def test_window_is_months_in_order_or_a_window_error(text: str) -> None:
    try:
        windows, note = parse_window(text)
    except WindowError:
        return
    assert windows and all(1 <= w.start <= w.end <= 12 for w in windows)
    assert list(windows) == sorted(set(windows), key=lambda w: (w.start, w.end))
    assert isinstance(note, str)


@given(st.integers(1, 12), st.integers(1, 12), st.sampled_from(["—", "-", "–", "~", "至"]))
def test_a_written_month_range_reads_back(a: int, b: int, dash: str) -> None:
    start, end = min(a, b), max(a, b)
    text = f"{start}月" if start == end else f"{start}月{dash}{end}月"
    windows, _ = parse_window(text)
    assert [(w.start, w.end) for w in windows] == [(start, end)]


@given(st.one_of(grammar_text, cell_text))
def test_frequency_is_a_count_per_period_or_none(text: str) -> None:
    frequency = parse_frequency(text)
    assert frequency is None or (frequency.count >= 0 and frequency.per in ("year", "half-year", "quarter", "month"))


@given(st.integers(1, 999), st.sampled_from([("年", "year"), ("半年", "half-year"), ("季度", "quarter"), ("月", "month")]))
def test_a_written_frequency_reads_back(count: int, period: tuple[str, str]) -> None:
    frequency = parse_frequency(f"不低于5%；{count}次/{period[0]}")
    assert frequency is not None and (frequency.count, frequency.per) == (count, period[1])


@given(st.one_of(grammar_text, cell_text), st.one_of(grammar_text, cell_text))
def test_ratio_never_fails_and_keeps_its_text(text: str, risk: str) -> None:
    ratio = parse_ratio(text, risk)
    assert ratio.min_percent is None or ratio.min_percent >= 0
    assert all(t.value >= 0 for t in ratio.tiers)
    assert ratio.min_count is None or ratio.min_count >= 0


@given(st.decimals(0, 100, places=1, allow_nan=False))
def test_a_written_minimum_percentage_reads_back(value: object) -> None:
    assert parse_ratio(f"不低于{value}%").min_percent == float(str(value))


@given(st.one_of(grammar_text, cell_text))
def test_departments_are_non_empty_names(text: str) -> None:
    for name, note, alternatives in split_departments(text):
        assert name and isinstance(note, str) and all(alternatives)


@given(st.lists(st.text(alphabet="市县文旅卫健商务应急公安市场监管", min_size=1, max_size=6).map(lambda s: s + "局"), min_size=1, max_size=6),
       st.sampled_from(["、", ",", "；", " ", "\n"]))
def test_a_written_department_list_reads_back(names: list[str], separator: str) -> None:
    # as the repair stage hands it over: a space after a department name separates two names
    assert [name for name, _, _ in split_departments(clean_departments(separator.join(names)))] == names


@given(st.one_of(grammar_text, cell_text))
def test_mode_names_only_known_levels(text: str) -> None:
    mode = parse_mode(text)
    for levels in (mode.draw, mode.inspect):
        assert levels is None or set(levels.split("/")) <= {"省", "市", "县"}


@given(st.sampled_from("省市县"), st.sampled_from("省市县"))
def test_a_written_mode_reads_back(draw: str, inspect: str) -> None:
    mode = parse_mode(f"{draw}抽{inspect}查")
    assert (mode.draw, mode.inspect) == (draw, inspect)


@given(cell_text)
def test_every_cell_has_a_kind(text: str) -> None:
    assert kind_of(text) in ("window", "mode", "risk", "departments", "ratio", "text")


# --- the repair stage on generated tables -----------------------------------------------------------

city = st.sampled_from(["太原市", "大同市", "", "", "朔州", "序号"])
seq = st.one_of(st.integers(1, 40).map(str), st.sampled_from(["", "1a", "一", "１２", "0", "99999", "-3"]))


@st.composite
def task_rows(draw: st.DrawFn) -> list[str]:
    cells = [draw(city), draw(seq)] + [draw(cell_text) for _ in range(9)]
    shape = draw(st.sampled_from(["whole", "whole", "slid", "extra", "short"]))
    if shape == "slid":  # the city cell was lost and the rest slid left
        cells = cells[1:]
    elif shape == "extra":  # a 12th column
        cells.append(draw(cell_text))
    elif shape == "short":
        cells = cells[: draw(st.integers(0, 10))]
    return cells


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    rows: list[list[str]] = [[TITLE]] if draw(st.booleans()) else []
    rows.append(list(HEADER))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["task"] * 8 + ["header", "blank", "title", "long"]))
        if kind == "header":
            rows.append(list(HEADER))
        elif kind == "blank":
            rows.append(["", " ", ""])
        elif kind == "title":
            rows.append([draw(cell_text)])
        elif kind == "long":
            rows.append(["太原市", "7", "对" + "商" * (MAX_CELL_CHARS + 1)] + [""] * 8)
        else:
            rows.append(draw(task_rows()))
    return rows


@given(tables())
def test_repair_raises_only_planner_errors_and_accounts_for_every_line(rows: list[list[str]]) -> None:
    table = SourceTable("generated.tsv", tuple(SourceRow(n, tuple(cells)) for n, cells in enumerate(rows, 1)))
    try:
        plan = build_plan(table)
    except PlannerError:
        return
    lines = {n for n, cells in enumerate(rows, 1) if any(c.strip() for c in cells)}
    # a line ends in a task, a repair (of the plan, or of the task it joined) or a reported problem
    task_repairs = {r.line for t in plan.tasks for r in t.repairs}
    accounted = {t.source_line for t in plan.tasks} | task_repairs | {r.line for r in plan.repairs} | {p.line for p in plan.problems}
    assert lines == accounted
    for task in plan.tasks:
        assert task.city and task.seq >= 0 and task.frequency.count >= 1
        assert all(1 <= w.start <= w.end <= 12 for w in task.windows)
        assert all(len(text) <= MAX_CELL_CHARS for text in (task.name, task.item, task.scope, task.ratio_text))
        assert not re.search(r"(?<![\d%])[-−－]\s*\d+\s*次", task.ratio_text)
