"""`planner build`: the README's main command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from planner.cli.app import AliasOpt, ColumnsOpt, PlanArg, QuietOpt, RegionOpt, SeedOpt, command, progress_bar, warn
from planner.i18n import N_, _

LABELS = {"read": N_("读取并修复计划"), "schedule": N_("排期并均衡"), "check": N_("检查冲突"),
          "calendars": N_("写出日历"), "samples": N_("生成 sample_output")}


@command("build", help=N_("读取、修复、排期、均衡并检查计划；写出 calendars/ 和 sample_output/。"))
def build_command(
    plan: PlanArg = None,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("TOML 配置（容量、工期、节假日）。"))] = None,
    calendars: Annotated[Path, typer.Option("--calendars", help=N_("订阅文件写到哪里。"))] = Path("calendars"),
    samples: Annotated[Path, typer.Option("--samples", help=N_("示例视图写到哪里。"))] = Path("sample_output"),
    no_samples: Annotated[bool, typer.Option("--no-samples", help=N_("不写 sample_output/。"))] = False,
    city: Annotated[Optional[str], typer.Option("--city", help=N_("示例视图所用的市（默认：第一个）。"))] = None,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    force: Annotated[bool, typer.Option("--force", help=N_("即使目录里有别的文件，也把订阅文件写进去。"))] = False,
    quiet: QuietOpt = False,
) -> None:
    """Read, repair, schedule, balance and check the plan; write calendars/ and sample_output/."""
    # Imported here: the whole pipeline is heavy, and other commands should not pay for it.
    from planner.build import STEPS, build
    from planner.config import load_config
    from planner.render.console import plain_console
    from planner.render.summary import summary_table

    settings = load_config(config)
    with progress_bar(quiet) as progress:
        step = progress.add_task(_("开始"), total=len(STEPS))

        def on_step(name: str) -> None:
            progress.update(step, description=_(LABELS[name]), advance=1)

        summary = build(plan, settings, calendars=calendars, samples=None if no_samples else samples,
                        sample_city=city, aliases=aliases, region=region, columns=columns, seed=seed, force=force, on_step=on_step)
    for message in summary.warnings:
        warn(message)
    plain_console().print(summary_table(summary))
