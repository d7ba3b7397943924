"""`planner report`: the review meeting's document, as HTML and (with Chromium) PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from planner.cli.app import AliasOpt, ConfigOpt, PlanArg, SeedOpt, StrictOpt, command, err, scheduled
from planner.errors import PlannerError


@command("report")
def report_command(
    plan: PlanArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("report.html"),
    pdf: Annotated[Optional[Path], typer.Option("--pdf", help="Also print it to this PDF (needs Chromium).")] = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """One self-contained HTML page for the review meeting (prints on A4 landscape); --pdf prints it."""
    from planner.check import check_plan
    from planner.export.pdf import print_pdf
    from planner.export.report import report_html
    from planner.render.save import write_atomically

    if out.suffix.lower() not in (".html", ".htm"):
        raise PlannerError("the report is an HTML file", file=str(out), hint="name it e.g. report.html")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    findings = check_plan(run.plan, run.schedule, run.config)
    write_atomically(out, report_html(run.plan, run.schedule, run.config, findings))
    err.print(f"saved {out}", highlight=False)
    if pdf is not None:
        print_pdf(out, pdf)
        err.print(f"saved {pdf}", highlight=False)
