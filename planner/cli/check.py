"""`planner check`: conflicts and 一业一查 opportunities, as a report or JSON, with an exit code for pipelines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from planner.check import KINDS, SEVERITIES, at_or_above, check_plan, counts_by_kind, filter_findings
from planner.cli.app import PlanArg, StrictOpt, command, scheduled
from planner.errors import PlannerError
from planner.model import Finding, Plan
from planner.render.check_report import render_report

FORMATS = ("text", "json")
FAIL_ON = (*SEVERITIES, "never")


@command("check")
def check(
    plan: PlanArg = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="TOML config (capacities, durations ...).")] = None,
    naive: Annotated[bool, typer.Option("--naive", help="Check the schedule as written instead of the balanced one.")] = False,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    city: Annotated[Optional[str], typer.Option("--city", help="Only this city (太原 or 太原市).")] = None,
    dept: Annotated[Optional[str], typer.Option("--dept", help="Only findings naming this department (or part of its name).")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Only one kind: " + ", ".join(KINDS) + ".")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe: error, warning, info or never.")] = "error",
    strict: StrictOpt = False,
) -> None:
    """Report overloaded months, double bookings, duplicate tasks, 一业一查 merges and data problems."""
    _choice("--format", format, FORMATS)
    _choice("--fail-on", fail_on, FAIL_ON)
    if kind is not None:
        _choice("--kind", kind, KINDS)
    run = scheduled(plan, config, strict=strict)
    the_plan = run.plan
    if city is not None:
        _known_city(city, the_plan)
    findings = check_plan(the_plan, run.schedule, run.config, naive=naive)
    shown = filter_findings(findings, city=city, dept=dept, kind=kind)
    console = Console(highlight=False, soft_wrap=format == "json")
    if format == "json":
        console.print_json(json.dumps(findings_json(shown, naive=naive), ensure_ascii=False))
    else:
        schedule_name = "原计划（naive）排期" if naive else "均衡排期"
        console.print(render_report(shown, title=f"{Path(the_plan.source).name}：{schedule_name}检查结果"))
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


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PlannerError(f"{option} does not accept this value", value=value, hint="use one of: " + ", ".join(allowed))


def _known_city(city: str, plan: Plan) -> None:
    cities = list(dict.fromkeys(t.city for t in plan.tasks))
    if not any(c == city or c.rstrip("市") == city.rstrip("市") for c in cities):
        raise PlannerError("no tasks in this city", value=city, hint="cities: " + " ".join(cities))
