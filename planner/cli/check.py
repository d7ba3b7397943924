"""`planner check`: conflicts and 一业一查 opportunities, as a report or JSON, with an exit code for pipelines."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from planner.check import (
    KINDS,
    SEVERITIES,
    at_or_above,
    check_plan,
    counts_by_kind,
    filter_findings,
)
from planner.cli.app import (
    AliasOpt,
    CityOpt,
    ColumnsOpt,
    ConfigOpt,
    DeptOpt,
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
from planner.model import Finding
from planner.render.check_report import render_report
from planner.render.console import plain_console

FORMATS = ("text", "json")
FAIL_ON = (*SEVERITIES, "never")


@command("check")
def check(
    plan: PlanArg = None,
    config: ConfigOpt = None,
    naive: Annotated[bool, typer.Option("--naive", help="Check the schedule as written instead of the balanced one.")] = False,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    city: CityOpt = None,
    dept: DeptOpt = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Only one kind: " + ", ".join(KINDS) + ".")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe: error, warning, info or never.")] = "error",
    strict: StrictOpt = False,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    pin: PinOpt = None,
    no_merge: NoMergeOpt = False,
) -> None:
    """Report overloaded months, double bookings, duplicate tasks, 一业一查 merges and data problems."""
    choice("--format", format, FORMATS)
    choice("--fail-on", fail_on, FAIL_ON)
    if kind is not None:
        choice("--kind", kind, KINDS)
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns, no_merge=no_merge, pins=pin)
    cities, departments = resolve(run.plan.tasks, city, dept)
    findings = check_plan(run.plan, run.schedule, run.config, naive=naive)
    shown = filter_findings(findings, cities=cities, departments=departments, kind=kind)
    if format == "json":  # plain text: rich's JSON highlighter took longer than the checks on a big plan
        typer.echo(json.dumps(findings_json(shown, naive=naive), ensure_ascii=False, indent=2))
    else:
        console = plain_console()
        schedule_name = "原计划（naive）排期" if naive else "均衡排期"
        console.print(render_report(shown, title=f"{run.plan.label}：{schedule_name}检查结果"))
    if fail_on != "never" and at_or_above(shown, fail_on):
        raise typer.Exit(1)


def findings_json(findings: tuple[Finding, ...], *, naive: bool) -> dict[str, object]:
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
