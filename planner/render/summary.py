"""The short summary `planner build` prints when it is done."""

from __future__ import annotations

from rich import box
from rich.table import Table

from planner.build import BuildSummary
from planner.export.changes import KINDS, counts
from planner.i18n import N_, _

KIND_NAMES = {
    "overload": N_("超负荷"), "double-booking": N_("同时进行多项"), "duplicate": N_("重复任务"),
    "merge": N_("一业一查合并"), "data": N_("数据问题"),
}  # fmt: skip
CHANGE_NAMES = {"moved": N_("调整"), "added": N_("新增"), "removed": N_("取消")}


def summary_table(summary: BuildSummary) -> Table:
    table = Table(title=f"planner build · {summary.source}", title_justify="left", box=box.SIMPLE, show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    findings = "  ".join(f"{_(KIND_NAMES.get(kind, kind))} {count}" for kind, count in summary.findings) or _("无")
    busiest = summary.busiest
    rows = [
        (_("任务数"), _("{tasks}（修复 {repairs} 处，跳过 {skipped} 行；详见 `planner audit`）").format(
            tasks=summary.tasks, repairs=summary.repairs, skipped=summary.rows_skipped)),
        (_("检查数"), _("{year}年共 {events} 次检查（{split} 次被休息日隔断）").format(
            events=summary.events, year=summary.year, split=summary.split_events)),
        (_("一业一查"), _("{joint} 次联合检查，少上门 {saved} 次；{folded} 项重复任务只排一次").format(
            joint=summary.joint_visits, saved=summary.visits_saved, folded=summary.folded)),
        (_("部门数"), str(summary.departments)),
        (_("问题"), findings),
        (_("超负荷"), _("原计划 {naive} → 均衡后 {balanced}").format(
            naive=summary.naive_overloads, balanced=dict(summary.findings).get("overload", 0))),
        (_("峰值负荷"), _("原计划 {naive} → 均衡后 {balanced}（一个部门一个月）").format(
            naive=summary.peak_naive, balanced=summary.peak_balanced)),
        (_("最忙部门"), _("{department}（均衡前月度负荷最高的部门）：原计划 {naive} → 均衡后 {balanced}"
                         "（理论下界 {bound}，任何排期都不能更低）").format(
            department=busiest.department, naive=busiest.naive, balanced=busiest.balanced, bound=busiest.bound)),
        (_("高于下界"), _("{count} 个部门（负荷按检查进行的月份计）").format(count=summary.above_bound)),
        (_("同时进行"), _("{forced} 个部门月因工作量不得不同时进行，可避免的 {avoidable} 个").format(
            forced=summary.overlap_forced, avoidable=summary.overlap_avoidable)),
        (_("日历"), _("{feeds} 个订阅文件（{changed} 个文件有变化）").format(feeds=summary.feeds, changed=summary.feeds_changed)),
        (_("示例"), _("sample_output/ 中 {count} 个文件").format(count=len(summary.samples)) if summary.samples else _("未写出")),
    ]
    rows += _changes(summary)
    for what, value in rows:
        table.add_row(what, value)
    return table


SHOWN_DEPARTMENTS = 8


def _changes(summary: BuildSummary) -> list[tuple[str, str]]:
    """Since the previous export: how many events moved, came and went, and for which departments."""
    if summary.first_export:
        return [(_("变动"), _("首次写出这些日历"))]
    if not summary.changes:
        return [(_("变动"), _("与上次写出的日历相同"))]
    total = counts(summary.changes)
    rows = [(_("变动"), _("{departments} 个部门：调整 {moved}、新增 {added}、取消 {removed}"
                         "（下次构建前，`planner changes -f notice` 可为每个部门起草通知）").format(
        departments=len(summary.changes), **total))]
    for department in summary.changes[:SHOWN_DEPARTMENTS]:
        kinds = _("、").join(f"{_(CHANGE_NAMES[kind])} {len(department.of(kind))}" for kind in KINDS if department.of(kind))
        rows.append(("", _("{department}：{changes}").format(department=department.department, changes=kinds)))
    if len(summary.changes) > SHOWN_DEPARTMENTS:
        rows.append(("", _("…另有 {count} 个部门").format(count=len(summary.changes) - SHOWN_DEPARTMENTS)))
    return rows
