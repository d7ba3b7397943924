"""Repairs of the extracted table, each rule on a small inline example."""

from planner.plan import load_plan
from planner.read import SourceRow, SourceTable
from planner.repair import repair_table
from tests.plans import FIRST, HEADER, row, write_plan


def repaired(*rows: str):
    lines = [row(*HEADER), *rows]
    table = SourceTable("t.tsv", tuple(SourceRow(n, tuple(line.split("\t"))) for n, line in enumerate(lines, 1)))
    return repair_table(table)


def kinds(row_):
    return {(r.kind, r.field) for r in row_.repairs}


def test_repeated_headers_and_title_are_skipped(tmp_path):
    """Page headers (with spelling variants) and the title never become tasks."""
    variant = row("地市", "序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次",
                  "智慧监管 (信用风险分类) 要求", "抽查检查 起止时间", "发起部门", "配合部门", "抽查检查 模式")
    second = row("", "2", "对商场的抽查", "商场检查", "商场", "", "", "", "", "", "")
    plan = load_plan(write_plan(tmp_path, FIRST, "", variant, second))
    assert [t.seq for t in plan.tasks] == [1, 2]
    assert plan.year == 2024
    assert {r.field for r in plan.repairs} == {"title", "header"}


def test_merged_cells_take_value_above_in_same_city():
    """Blank cells carry the value above; each fill is recorded."""
    table = repaired(FIRST, row("", "2", "", "旅行社经营情况的检查二", "", "", "", "", "", "市交通局", ""))
    second = table.rows[1].cells
    assert second["city"] == "太原市"
    assert second["name"] == "对旅行社的双随机抽查"
    assert second["window"] == "3月—12月"
    assert second["lead"] == "市文旅局"
    assert second["partners"] == "市交通局"
    assert ("merged-cell", "lead") in kinds(table.rows[1])
    assert ("merged-cell", "partners") not in kinds(table.rows[1])


def test_merged_cells_do_not_cross_cities():
    """A new city starts fresh: nothing is inherited from another city's rows."""
    other = row("大同市", "2", "对商场的抽查", "商场检查", "商场", "10%；1次/年", "", "4月—10月", "", "市市场监管局", "市抽市查")
    table = repaired(FIRST, other)
    assert table.rows[1].cells["lead"] == ""


def test_item_is_never_merged_and_slid_item_moves_back():
    """A blank item under a filled name means the item slid into the name column."""
    table = repaired(FIRST, row("2", "商场取得许可证情况的检查", "", "商场", "10%；1次/年", "", "", "", "", "", ""))
    cells = table.rows[1].cells
    assert cells["item"] == "商场取得许可证情况的检查"
    assert cells["name"] == "对旅行社的双随机抽查"
    assert ("moved-cell", "item") in kinds(table.rows[1])


def test_row_without_city_cell_slid_left():
    """A row starting with 序号 lost its city cell; the rest is read one column left."""
    table = repaired(FIRST, row("2", "民用枪支抽查", "枪支使用检查", "枪支使用单位", "4月—11月", "", "", "", "", "", ""))
    cells = table.rows[1].cells
    assert cells["window"] == "4月—11月"
    assert cells["ratio"] == "不低于5%；1次/年"
    assert ("slid-row", "city") in kinds(table.rows[1])
    assert ("moved-cell", "window") in kinds(table.rows[1])


def test_lone_department_in_wrong_column_is_partner():
    """A lone department that slid is the partners; the blank lead is merged from above."""
    table = repaired(FIRST, row("", "2", "商场抽查", "商场检查", "商场", "15%；1次/年", "市卫健委", "", "", "", ""))
    cells = table.rows[1].cells
    assert (cells["lead"], cells["partners"]) == ("市文旅局", "市卫健委")
    assert cells["risk"] == "根据企业信用风险分类结果"


def test_lone_department_repeating_lead_above_is_lead():
    """A slid department equal to the lead above is that lead, not a partner of itself."""
    table = repaired(FIRST, row("", "2", "商场抽查", "商场检查", "商场", "15%；1次/年", "", "", "", "3月—10月", "市文旅局"))
    cells = table.rows[1].cells
    assert (cells["lead"], cells["partners"], cells["window"]) == ("市文旅局", "市市场监管局", "3月—10月")


def test_two_slid_departments_are_lead_then_partners():
    """Cells keep their order when they slide: two department lists are lead, partners."""
    table = repaired(FIRST, row("", "2", "劳动用工", "派遣检查", "派遣机构", "20%；1次/年", "7月—11月", "市人社局", "市市场监管局", "", ""))
    cells = table.rows[1].cells
    assert (cells["window"], cells["lead"], cells["partners"]) == ("7月—11月", "市人社局", "市市场监管局")


def test_twelfth_column_is_placed_by_content():
    """A value in a 12th column goes to the column its content belongs to."""
    table = repaired(FIRST, row("", "2", "印刷单位抽查", "印刷检查", "印刷单位", "10%；1次/年", "", "", "", "3月—10月", "市卫健委", "市抽县(区、市)查"))
    cells = table.rows[1].cells
    assert (cells["window"], cells["partners"], cells["mode"]) == ("3月—10月", "市卫健委", "市抽县(区、市)查")


def test_front_cells_pushed_right_are_shifted_back():
    """Plain text in the ratio column with the ratio further right: the front moved right."""
    table = repaired(FIRST, row("", "2", "", "污水处理抽查", "污水处理检查", "污水处理厂", "", "", "", "20%; 1次/年", "根据企业信用风险分类结果"))
    cells = table.rows[1].cells
    assert (cells["name"], cells["item"], cells["scope"]) == ("污水处理抽查", "污水处理检查", "污水处理厂")
    assert (cells["ratio"], cells["risk"]) == ("20%; 1次/年", "根据企业信用风险分类结果")


def test_mode_typo_corrected_and_recorded():
    """'市抽市抽' is read as 市抽市查 with a typo repair."""
    table = repaired(row("晋中市", "1", "粮食检查", "粮食检查", "粮食企业", "3%; 1次/年", "", "3月—12月", "市发展改革委", "市市场监管局", "市抽市抽"))
    assert table.rows[0].cells["mode"] == "市抽市查"
    assert ("typo", "mode") in kinds(table.rows[0])


def test_wrap_spaces_removed_and_recorded():
    """'1次/ 年' and '不低于 10%' lose their wrap spaces, recorded per cell."""
    table = repaired(row("太原市", "1", "学校检查", "学校 检查", "学校", "抽查比例不低于 10%;1次/ 年", "", "3月—12月", "市教育局", "市市场监管局、 市税务局", "市抽市查"))
    cells = table.rows[0].cells
    assert cells["ratio"] == "抽查比例不低于10%;1次/年"
    assert cells["partners"] == "市市场监管局、市税务局"
    assert ("wrap-space", "ratio") in kinds(table.rows[0])


def test_space_between_department_names_separates_them(tmp_path):
    """'市公安局 市生态环境局' is two departments, not one."""
    plan = load_plan(write_plan(tmp_path, row("太原市", "1", "报废车检查", "报废车检查", "报废车企业", "30%；1次/年", "", "3月—11月", "市商务局", "市公安局 市生态环境局", "市抽市查")))
    assert [p.department.name for p in plan.tasks[0].partners] == ["市公安局", "市生态环境局"]


def test_embedded_plan_reads_as_before_with_point_6_corrections():
    """675 tasks and the same repairs as before issue 9, except two merged cells now taken from
    the block below (their text was printed mid-block) and thirteen flagged as ambiguous."""
    from collections import Counter

    plan = load_plan()
    counts = Counter(r.kind for t in plan.tasks for r in t.repairs) + Counter(r.kind for r in plan.repairs)
    assert len(plan.tasks) == 675 and plan.problems == ()
    assert counts == {
        "skipped-line": 63, "merged-cell": 1945, "slid-row": 30, "moved-cell": 39, "typo": 28,
        "default-frequency": 12, "clipped-window": 1, "wrap-space": 435,
        "merged-cell-below": 2, "ambiguous-merge": 13,
    }  # fmt: skip
    assert {t.sub for t in plan.tasks} == {0}


def test_merged_text_printed_mid_block_is_taken_from_below_when_the_row_belongs_there():
    """The PDF printed a 3-row block's name on its middle row: the first row's own cells (item
    and partners) are the block's, so the name comes from below, not from the task above."""
    table = repaired(
        row("运城市", "662", "建筑用工实名制落实情况", "对在建项目用工实名制的检查", "在建项目", "不低于5%；1次/年", "", "5月—11月", "市住建局", "市人社局", "市抽市查"),
        row("", "663", "", "对物业服务机构双随机抽查", "辖区内物业服务机构", "不低于5%；1次/年", "", "", "", "市市场监管局、市城乡管理局", "市抽市查"),
        row("", "664", "房地产市场监督执法检查", "对房地产经纪机构双随机抽查", "辖区内房地产经纪机构", "不低于5%；1次/年", "", "", "", "市市场监管局、市城乡管理局", "市抽市查"),
        row("", "665", "", "对房地产开发企业双随机抽查", "辖区内房地产企业", "不低于5%；1次/年", "", "", "", "市市场监管局、市城乡管理局", "市抽市查"),
    )
    first_of_block = table.rows[1]
    assert first_of_block.cells["name"] == "房地产市场监督执法检查"
    assert ("merged-cell-below", "name") in kinds(first_of_block)
    assert ("merged-cell", "name") not in kinds(first_of_block)


def test_merged_cell_that_may_belong_below_is_flagged_not_moved():
    """Words that only lean towards the block below keep the value above and are flagged."""
    table = repaired(
        row("忻州市", "243", "对报废机动车回收拆解企业的抽查", "报废机动车回收拆解活动监管", "报废机动车回收拆解企业", "不低于30%；1次/年", "", "3月—11月", "市市场监管局", "市公安局", "市抽市查"),
        row("", "244", "对用人单位劳动用工、工资支付情况的抽查", "各类用人单位劳动用工、工资支付情况检查", "各类用人单位", "不低于10%；1次/年", "", "6月—12月", "", "市住建局", "市抽市查"),
        row("", "245", "劳动用工的双随机抽查", "对劳务派遣机构用工情况的检查", "劳务派遣机构", "不低于20%；1次/年", "", "7月—11月", "市人社局", "市市场监管局", "市抽市查"),
        row("", "246", "劳动用工的双随机抽查", "对人力资源服务机构用工情况的检查", "人力资源服务机构", "不低于20%；1次/年", "", "7月—11月", "", "", ""),
    )
    flagged = table.rows[1]
    assert flagged.cells["lead"] == "市市场监管局"
    assert ("ambiguous-merge", "lead") in kinds(flagged)


def test_a_merged_name_the_row_shares_no_word_with_is_flagged():
    """A row whose own item and scope have nothing in common with the name it inherited, nor with
    the block that name heads, keeps the name (nothing says whose it is) and is flagged."""
    table = repaired(
        row("晋中市", "355", "对消耗臭氧层物质的检查", "对销售ODS企业备案情况的检查", "销售ODS企业和单位", "100%；1次/年", "", "3月—12月", "市生态环境局", "", "市抽市查"),
        row("", "356", "", "使用ODS作为化工原料的企业采购情况的检查", "使用ODS作为原料的企业", "100%；1次/年", "", "", "", "", "市抽市查"),
        row("", "357", "", "生态环境监测机构监测情况的检查", "生态环境监测机构", "20%；1次/年", "", "", "", "市市场监管局", "市抽市查"),
    )
    kept, flagged = table.rows[1], table.rows[2]
    assert ("ambiguous-merge", "name") not in kinds(kept)
    assert flagged.cells["name"] == "对消耗臭氧层物质的检查"
    assert ("ambiguous-merge", "name") in kinds(flagged)


def test_ambiguous_merge_is_a_data_problem(tmp_path):
    from planner.check import check_plan
    from planner.config import load_config
    from planner.schedule import schedule_plan

    plan = load_plan(write_plan(
        tmp_path,
        row("忻州市", "243", "对报废机动车回收拆解企业的抽查", "报废机动车回收拆解活动监管", "报废机动车回收拆解企业", "不低于30%；1次/年", "", "3月—11月", "市市场监管局", "市公安局", "市抽市查"),
        row("", "244", "对用人单位劳动用工、工资支付情况的抽查", "各类用人单位劳动用工、工资支付情况检查", "各类用人单位", "不低于10%；1次/年", "", "6月—12月", "", "市住建局", "市抽市查"),
        row("", "245", "劳动用工的双随机抽查", "对劳务派遣机构用工情况的检查", "劳务派遣机构", "不低于20%；1次/年", "", "7月—11月", "市人社局", "市市场监管局", "市抽市查"),
        row("", "246", "劳动用工的双随机抽查", "对人力资源服务机构用工情况的检查", "人力资源服务机构", "不低于20%；1次/年", "", "7月—11月", "", "", ""),
    ))
    config = load_config(None)
    findings = check_plan(plan, schedule_plan(plan, config), config)
    assert [f.message for f in findings if f.kind == "data" and "may be" in f.message] == ['No. 244: lead department "市市场监管局" may be "市人社局"']


def test_a_blank_cell_fits_every_tail_column():
    # repair's fast path leaves a row whose tail cells all fit their columns as it is, blank cells
    # included: that needs a blank cell's kind to be one every tail column accepts
    from planner.fields import kind_of
    from planner.repair import ACCEPTS, TAIL

    assert all(kind_of("") in ACCEPTS[column] for column in TAIL)
