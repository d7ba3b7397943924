"""`planner report`: the review meeting's document, as HTML and (with Chromium) PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from planner.cli.app import AliasOpt, ConfigOpt, PlanArg, SeedOpt, StrictOpt, command, scheduled, stderr
from planner.errors import PlannerError
from planner.i18n import N_, _


@command("report", help=N_("为审核会议生成一个独立的 HTML 报告（可按 A4 横向打印）；--pdf 另存为 PDF。"))
def report_command(
    plan: PlanArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("要写出的 HTML 文件。"))] = Path("report.html"),
    pdf: Annotated[Optional[Path], typer.Option("--pdf", help=N_("同时打印成此 PDF 文件（需要 Chromium）。"))] = None,
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
        raise PlannerError(_("报告是一个 HTML 文件"), file=str(out), hint=_("如命名为 report.html"))
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    findings = check_plan(run.plan, run.schedule, run.config)
    write_atomically(out, report_html(run.plan, run.schedule, run.config, findings))
    stderr().print(_("已保存 {path}").format(path=out), highlight=False)
    if pdf is not None:
        print_pdf(out, pdf)
        stderr().print(_("已保存 {path}").format(path=pdf), highlight=False)
