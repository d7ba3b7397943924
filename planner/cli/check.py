"""`planner check`: conflicts and 一业一查 opportunities, as a report or JSON, with an exit code for pipelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from planner.cli.app import (
    FORMATS,
    AliasOpt,
    CityOpt,
    ColumnsOpt,
    ConfigOpt,
    DeptOpt,
    ExcelCsvOpt,
    NoMergeOpt,
    PinOpt,
    PlanArg,
    RegionOpt,
    SeedOpt,
    StrictOpt,
    choice,
    command,
    resolve,
    scheduled,
)
from planner.i18n import N_, _

if TYPE_CHECKING:
    from planner.model import Finding


@command("check", help=N_("报告月度超负荷、同日重复安排、重复任务、一业一查合并机会和数据问题。"))
def check(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    naive: Annotated[bool, typer.Option("--naive", help=N_("检查原计划排期，而不是均衡后的排期。"))] = False,
    format: Annotated[str, typer.Option("--format", "-f", help=N_("table、json 或 csv（text 同 table）。"))] = "table",
    city: CityOpt = None,
    dept: DeptOpt = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help=N_("只看一种类别：overload、double-booking、duplicate、merge、data。"))] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help=N_("发现达到此级别的问题时退出码为 1：error、warning、info 或 never。"))] = "error",
    excel_csv: ExcelCsvOpt = False,
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    pin: PinOpt = None,
    no_merge: NoMergeOpt = False,
) -> None:
    """Report overloaded months, double bookings, duplicate tasks, 一业一查 merges and data problems."""
    from planner.check import KINDS, SEVERITIES, at_or_above, check_plan, filter_findings

    format = "table" if format == "text" else format  # the name it had before every listing said table
    choice("--format", format, FORMATS)
    choice("--fail-on", fail_on, (*SEVERITIES, "never"))
    if kind is not None:
        choice("--kind", kind, KINDS)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    cities, departments = resolve(run.plan.tasks, city, dept)
    findings = check_plan(run.plan, run.schedule, run.config, naive=naive)
    shown = filter_findings(findings, cities=cities, departments=departments, kind=kind)
    if format == "json":  # plain text: rich's JSON highlighter took longer than the checks on a big plan
        from planner.export.stream import indented

        typer.echo(indented(findings_json(shown, naive=naive)))
    elif format == "csv":
        typer.echo(findings_csv(shown, excel=excel_csv), nl=False)
    else:
        from planner.render.check_report import render_report
        from planner.render.console import plain_console

        title = _("{plan}：原计划排期的检查结果") if naive else _("{plan}：均衡排期的检查结果")
        plain_console().print(render_report(shown, title=title.format(plan=run.plan.label)))
    if fail_on != "never" and at_or_above(shown, fail_on):
        raise typer.Exit(1)


FINDING_COLUMNS = ("severity", "kind", "city", "message", "departments", "months", "seqs", "source_lines", "details")


def findings_csv(findings: tuple[Finding, ...], *, excel: bool = False) -> str:
    from planner.export.table_csv import csv_text

    rows = (
        [f.severity, f.kind, f.city, f.message, "、".join(f.departments), "、".join(map(str, f.months)),
         "、".join(map(str, f.seqs)), "、".join(map(str, f.source_lines)), "\n".join(f.details)]
        for f in findings
    )  # fmt: skip
    return csv_text(FINDING_COLUMNS, rows, excel=excel)


def findings_json(findings: tuple[Finding, ...], *, naive: bool) -> dict[str, object]:
    from planner.check import counts_by_kind

    return {
        "schedule": "naive" if naive else "balanced",
        "counts": counts_by_kind(findings),
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "city": f.city,
                "departments": list(f.departments),
                "months": list(f.months),
                "seqs": list(f.seqs),
                "source_lines": list(f.source_lines),
                "message": f.message,
                "details": list(f.details),
            }
            for f in findings
        ],
    }
