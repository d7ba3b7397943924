"""The `planner check` report as a rich renderable: counts per city, then findings grouped by kind.

Findings arrive sorted most severe first (planner.check); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from planner.i18n import N_, _
from planner.model import Finding

KIND_TITLES = {
    "overload": N_("月度超负荷"),
    "double-booking": N_("同时进行多项"),
    "duplicate": N_("重复任务"),
    "merge": N_("一业一查合并机会"),
    "data": N_("数据问题"),
}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_LABELS = {"error": N_("错误"), "warning": N_("警告"), "info": N_("提示")}
ALL_CITIES = N_("全部")


def render_report(
    findings: Sequence[Finding], *, title: str = "", details: bool = True, max_details: int = 40
) -> RenderableType:
    """Summary table, then one section per kind (most severe kind first), each finding colour-coded."""
    title = title or _("检查结果")
    if not findings:
        return Group(Text(title, style="bold"), Text(_("未发现问题"), style="green"))
    parts: list[RenderableType] = [Text(title, style="bold"), summary_table(findings)]
    for kind in _kinds_by_severity(findings):
        members = [f for f in findings if f.kind == kind]
        parts.append(Text("\n" + _("{kind}（{count}）").format(kind=_(KIND_TITLES.get(kind, kind)), count=len(members)),
                          style="bold underline"))
        parts += [_finding(f, details=details, max_details=max_details) for f in members]
    return Group(*parts)


def summary_table(findings: Sequence[Finding]) -> Table:
    """One row per city (in the order the findings name them): counts by severity and by kind."""
    kinds = [k for k in KIND_TITLES if any(f.kind == k for f in findings)]
    table = Table(box=box.SIMPLE_HEAD, title=_("按城市汇总"), title_justify="left", show_footer=True)
    table.add_column(_("城市"), footer=_("合计"))
    for severity in SEVERITY_LABELS:
        total = sum(f.severity == severity for f in findings)
        table.add_column(_(SEVERITY_LABELS[severity]), justify="right", style=SEVERITY_STYLES[severity], footer=str(total))
    for kind in kinds:
        table.add_column(_(KIND_TITLES[kind]), justify="right", footer=str(sum(f.kind == kind for f in findings)))
    everywhere = _(ALL_CITIES)
    for city in dict.fromkeys(f.city or everywhere for f in findings):
        mine = [f for f in findings if (f.city or everywhere) == city]
        table.add_row(
            city,
            *(_count(sum(f.severity == s for f in mine)) for s in SEVERITY_LABELS),
            *(_count(sum(f.kind == k for f in mine)) for k in kinds),
        )
    return table


def _finding(finding: Finding, *, details: bool, max_details: int) -> RenderableType:
    style = SEVERITY_STYLES.get(finding.severity, "")
    head = Text.assemble(
        (f"[{_(SEVERITY_LABELS.get(finding.severity, finding.severity))}] ", style),
        (f"{finding.city or _(ALL_CITIES)} ", "bold"),
        finding.message,
    )
    lines: list[RenderableType] = [head]
    source = "、".join(str(n) for n in finding.source_lines) or "—"
    seqs = "、".join(str(n) for n in finding.seqs)
    where = "    " + _("来源：第 {lines} 行").format(lines=source) + (_("；序号 {seqs}").format(seqs=seqs) if seqs else "")
    lines.append(Text(where, style="dim"))
    if details:
        shown = finding.details[:max_details]
        lines += [Text(f"    · {line}") for line in shown]
        if len(finding.details) > len(shown):
            lines.append(Text("    · " + _("…另有 {count} 条").format(count=len(finding.details) - len(shown)), style="dim"))
    return Group(*lines)


def _kinds_by_severity(findings: Sequence[Finding]) -> list[str]:
    """Kinds in the order their most severe finding appears (findings come sorted)."""
    return list(dict.fromkeys(f.kind for f in findings))


def _count(n: int) -> str:
    return str(n) if n else "·"
