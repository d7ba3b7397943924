"""`planner build`: the README's main command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from planner.cli.app import AliasOpt, PlanArg, QuietOpt, SeedOpt, command, progress_bar, warn
from planner.config import load_config

LABELS = {"read": "reading and repairing the plan", "schedule": "scheduling and balancing",
          "check": "checking conflicts", "calendars": "writing calendars", "samples": "rendering sample_output"}


@command("build")
def build_command(
    plan: PlanArg = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="TOML config (capacities, durations, holidays).")] = None,
    calendars: Annotated[Path, typer.Option("--calendars", help="Where the feeds go.")] = Path("calendars"),
    samples: Annotated[Path, typer.Option("--samples", help="Where the sample views go.")] = Path("sample_output"),
    no_samples: Annotated[bool, typer.Option("--no-samples", help="Do not write sample_output/.")] = False,
    city: Annotated[Optional[str], typer.Option("--city", help="City for the sample views (default: the first).")] = None,
    seed: SeedOpt = 0,
    aliases: AliasOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Read, repair, schedule, balance and check the plan; write calendars/ and sample_output/."""
    # Imported here: the whole pipeline is heavy, and other commands should not pay for it.
    from planner.build import STEPS, build
    from planner.render.summary import summary_table

    settings = load_config(config)
    with progress_bar(quiet) as progress:
        step = progress.add_task("starting", total=len(STEPS))

        def on_step(name: str) -> None:
            progress.update(step, description=LABELS[name], advance=1)

        summary = build(plan, settings, calendars=calendars, samples=None if no_samples else samples,
                        sample_city=city, aliases=aliases, seed=seed, on_step=on_step)
    for message in summary.warnings:
        warn(message)
    Console(highlight=False).print(summary_table(summary))
