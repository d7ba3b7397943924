"""The small grammars: windows, frequencies, ratios, departments, modes."""

import pytest

from planner.fields import (
    WindowError,
    clean,
    is_group,
    kind_of,
    mode_typo,
    parse_frequency,
    parse_mode,
    parse_ratio,
    parse_window,
    ratio_typo,
    split_departments,
)
from planner.model import Frequency, Window


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3月—12月", [(3, 12)]),
        ("4月-10月", [(4, 10)]),
        ("3月", [(3, 3)]),
        ("2月、11月—12月", [(2, 2), (11, 12)]),
        ("3月—6月; 7月—10月", [(3, 6), (7, 10)]),
        ("3月—6月；7月—10月", [(3, 6), (7, 10)]),
        ("1月—3月 或10月—12月", [(1, 3), (10, 12)]),
        ("3月 —12月", [(3, 12)]),
    ],
)
def test_window_forms(text, months):
    """Every window spelling in the plan reads as month ranges."""
    windows, note = parse_window(text)
    assert windows == tuple(Window(a, b) for a, b in months)
    assert note == ""


def test_window_into_next_year_keeps_this_years_part():
    """'12月至次年2月' keeps December and says why."""
    windows, note = parse_window("12月至次年2月")
    assert windows == (Window(12, 12),)
    assert "next year" in note


@pytest.mark.parametrize("text", ["13月", "5月—3月", "三月", ""])
def test_unreadable_windows_raise(text):
    """Text that is not a month range is refused, not guessed."""
    with pytest.raises(WindowError):
        parse_window(text)


@pytest.mark.parametrize(
    ("text", "count", "per"),
    [
        ("1次/年", 1, "year"), ("4次/年", 4, "year"), ("12次/年", 12, "year"),
        ("1次/半年", 1, "half-year"), ("1次/季度", 1, "quarter"), ("1次/月", 1, "month"),
        ("抽查1次", 1, "year"), ("抽查一次", 1, "year"), ("1次/ 年", 1, "year"),
        ("1次年", 1, "year"), ("1次/每年", 1, "year"), ("不低于5%；抽查2次", 2, "year"),
        ("抽查比例不低于10%；频次1次/年", 1, "year"), ("不少于10家；抽查1次/年", 1, "year"),
    ],
)
def test_frequency_forms(text, count, per):
    """Every frequency spelling gives a count and a period."""
    assert parse_frequency(text) == Frequency(count, per)


def test_no_frequency_is_none():
    """A ratio without a frequency says so, for the reader to default and record."""
    assert parse_frequency("不少于3家") is None


def test_ratio_minimum_percent_and_count():
    """'不低于企业总数的5%并不低于3个' is at least 5% and at least 3."""
    ratio = parse_ratio("不低于企业总数的5%并不低于3个；抽查1次")
    assert (ratio.min_percent, ratio.min_count) == (5.0, 3)


@pytest.mark.parametrize(("text", "count"), [("不少于5家", 5), ("抽取3家；1次/年", 3), ("20家；1次/年", 20), ("计划抽查15家", 15)])
def test_ratio_counts(text, count):
    """Minimum counts are read from every spelling."""
    assert parse_ratio(text).min_count == count


def test_ratio_range():
    """'3%—5%' is a range."""
    ratio = parse_ratio("抽查比例3%—5%； 1次/年")
    assert (ratio.min_percent, ratio.max_percent) == (3.0, 5.0)


def test_ratio_credit_tiers():
    """A/B/C/D tiers come out as (tier, value) pairs in order."""
    ratio = parse_ratio("A类企业2%，B类企业10%，C类企业30%，D类企业100%；1次/年")
    assert [(t.tier, t.value) for t in ratio.tiers] == [("A类", 2), ("B类", 10), ("C类", 30), ("D类", 100)]


def test_ratio_hospital_grades():
    """三级/二级/一级 grades are tiers too."""
    ratio = parse_ratio("三级50%、 二级30%、 一级10%、 药店3%; 1次/年")
    assert [(t.tier, t.value) for t in ratio.tiers] == [("三级", 50), ("二级", 30), ("一级", 10), ("药店", 3)]


def test_ratio_risk_tiers_from_risk_rule():
    """Risk classes paired with percentages in the risk rule become tiers."""
    risk = "对低风险、一般风险、较高风险、高风险企业分别按5%、10%、15%、20%比例抽查"
    ratio = parse_ratio("抽查比例不低于10%；频次1次/年", risk)
    assert [(t.tier, t.value) for t in ratio.tiers] == [("低风险", 5), ("一般风险", 10), ("较高风险", 15), ("高风险", 20)]
    assert ratio.min_percent == 10.0


def test_ratio_typo_fixed():
    """'不低抽查比例20%' and '不低60%' both mean 不低于."""
    assert ratio_typo("抽查比例不低抽查比例20%; 1次/年") == "抽查比例不低于20%; 1次/年"
    assert ratio_typo("抽查比例不低60%") == "抽查比例不低于60%"
    assert ratio_typo("抽查比例不低于60%") is None


def test_departments_split_with_notes():
    """Names split on 、 and commas; bracketed notes kept apart."""
    assert split_departments("市卫健委（游泳场所）、市市场监管局,市消防救援支队（室内场所）") == [
        ("市卫健委", "游泳场所", ()), ("市市场监管局", "", ()), ("市消防救援支队", "室内场所", ()),
    ]


def test_departments_alternatives():
    """'A或B' keeps B as an alternative of A."""
    assert split_departments("市卫健委或市文旅局") == [("市卫健委", "", ("市文旅局",))]


def test_departments_duty_phrase():
    """'甲由乙配合' names 乙 with the note 甲."""
    assert split_departments("狩猎场由市规自局配合;体育运动学校由市体育局、市市场监管局配合") == [
        ("市规自局", "狩猎场", ()), ("市体育局", "体育运动学校", ()), ("市市场监管局", "体育运动学校", ()),
    ]


def test_mode_typo_and_levels():
    """'市抽市抽' is 市抽市查; modes say who draws and who inspects."""
    assert mode_typo("市抽市抽") == "市抽市查"
    mode = parse_mode("市抽县（区、市）查")
    assert (mode.text, mode.draw, mode.inspect) == ("市抽县(区、市)查", "市", "县")


def test_wrap_spaces_removed_inside_chinese():
    """PDF wrap spaces inside words and numbers go; spaces between ASCII words stay."""
    assert clean("抽查比例不低于 10%;1次/ 年") == "抽查比例不低于10%;1次/年"
    assert clean("HCFCs and ODS") == "HCFCs and ODS"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("3月—12月", "window"), ("市抽县(区、市)查", "mode"), ("市市场监管局、市税务局", "departments"),
     ("不低于5%；1次/年", "ratio"), ("根据企业信用风险分类结果，对低风险企业", "risk"), ("按照海关抽取计划开展", "text")],
)
def test_cell_kinds(text, kind):
    """A cell's kind is told by what it holds."""
    assert kind_of(text) == kind


# --- forms of other plans (issue 9) -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("4-11月", [(4, 11)]),
        ("4—11月", [(4, 11)]),
        ("2025年3-11月", [(3, 11)]),
        ("2024年4月至9月", [(4, 9)]),
        ("2026年1月1日 -2026年12月31日", [(1, 12)]),
        ("全年", [(1, 12)]),
        ("上半年", [(1, 6)]),
        ("下半年", [(7, 12)]),
        ("第三季度", [(7, 9)]),
        ("一季度", [(1, 3)]),
        ("9月底前", [(1, 9)]),
        ("9月30日前完成", [(1, 9)]),
        ("2023年9月1日前", [(1, 8)]),
        ("分三批次；第一批5月10日前完成，第二批8月31日前完成，第三批11月30日前完成", [(1, 4), (5, 8), (9, 11)]),
        ("分两批次;第一批2023720日前完成,第二批20231015日前完成。", [(1, 6), (7, 9)]),
        ("2026年1月- 2026年11月", [(1, 11)]),
        ("2024.3.1-2024.11.30", [(3, 11)]),
        ("2024-03-01至2024-11-30", [(3, 11)]),
        ("2024.3-2024.11", [(3, 11)]),
        ("3月15日—11月20日", [(4, 10)]),
        ("2026年2月24日 -2026年11月30日", [(3, 11)]),
    ],
)
def test_window_forms_of_other_plans(text, months):
    windows, _note = parse_window(text)
    assert [(w.start, w.end) for w in windows] == months


def test_deadline_inside_a_month_says_so():
    """A round must end by its deadline: 7月20日前 leaves July out, and the note says why."""
    windows, note = parse_window("7月20日前完成")
    assert [(w.start, w.end) for w in windows] == [(1, 6)]
    assert "7/20" in note


@pytest.mark.parametrize("text", ["考试期间", "第一批5月前，第二批随后", "2023111日前"])
def test_windows_without_readable_dates_are_refused(text):
    with pytest.raises(WindowError):
        parse_window(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每季度开展一次", Frequency(1, "quarter")),
        ("每年抽查2次", Frequency(2, "year")),
        ("=1", Frequency(1, "year")),
        (">=1", Frequency(1, "year")),
        ("市抽市查", None),
    ],
)
def test_frequency_forms_of_other_plans(text, expected):
    assert parse_frequency(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high", "count", "max_count"),
    [
        ("5-15%", 5.0, 15.0, None, None),
        ("20-30家", None, None, 20, 30),
        ("省级1% 市级5%", 1.0, None, None, None),
        ("原则上一般检查事项抽查比例不高于10%", None, 10.0, None, None),
        ("≥20%", 20.0, None, None, None),
        ("基数:7 抽查比例:10%", 10.0, None, None, None),
        ("A类15%，B类20%，C类25%，D类100%", 15.0, None, None, None),
    ],
)
def test_ratio_forms_of_other_plans(text, low, high, count, max_count):
    ratio = parse_ratio(text)
    assert (ratio.min_percent, ratio.max_percent, ratio.min_count, ratio.max_count) == (low, high, count, max_count)


def test_ratio_per_level_gives_tiers():
    assert [(t.tier, t.value) for t in parse_ratio("省级1% 市级5%").tiers] == [("省级", 1.0), ("市级", 5.0)]


def test_count_column_gives_the_count():
    assert parse_ratio("5%", count_text="3户(以实际工作抽查数为准。)").min_count == 3


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("公安、应急管理、市场监管部门", ["公安部门", "应急管理部门", "市场监管部门"]),
        ("市财政局会同同级企业主管部门", ["市财政局", "同级企业主管部门"]),
        ("文旅部门", ["文旅部门"]),
        ("长治市住房和城乡建设局", ["长治市住房和城乡建设局"]),
    ],
)
def test_department_forms_of_other_plans(text, names):
    assert [name for name, _note, _alt in split_departments(text)] == names


def test_collective_names_are_groups():
    assert is_group("“市委平安建设领导小组”校园周边专项整治组成员单位")
    assert is_group("相关部门")
    assert not is_group("市市场监管局")
