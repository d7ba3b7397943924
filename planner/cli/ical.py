"""`planner ical`, `planner serve`, `planner publish`: department calendars to subscribe to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from planner.cli.app import (
    AliasOpt,
    ConfigOpt,
    PlanArg,
    QuietOpt,
    SeedOpt,
    StrictOpt,
    command,
    progress_bar,
    scheduled,
)
from planner.errors import PlannerError

NameOpt = Annotated[Optional[str], typer.Option("--name", help="Display name of the whole-plan calendar.")]


@command("ical")
def ical(
    plan: PlanArg = None,
    out: Annotated[Path, typer.Option("--out", help="Directory for the feeds, index.json and index.html.")] = Path("calendars"),
    alarm_days: Annotated[Optional[int], typer.Option("--alarm-days", help="Remind at 09:00, N days before each inspection.")] = None,
    name: NameOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Write iCalendar feeds: one per department, one per city and one for the whole plan."""
    from planner.export.ical import write_feeds

    if alarm_days is not None and alarm_days < 0:
        raise PlannerError("--alarm-days takes a number of days", value=str(alarm_days), hint="use 0 or more")
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    the_plan, schedule = run.plan, run.schedule
    index = write_feeds(schedule, out, plan_name=name or the_plan.name, alarm_days=alarm_days, source=the_plan.label)
    kinds = [f.kind for f in index.feeds]
    whole = next(f for f in index.feeds if f.kind == "plan")
    typer.echo(
        f"wrote {len(index.feeds)} feeds to {out}/: the whole plan ({whole.events} events, {whole.vevents} "
        f"calendar entries: an inspection over a weekend or holiday is one entry per run of working days), {_count(kinds.count('city'), 'city', 'cities')}, {_count(kinds.count('department'), 'department')}"
    )
    typer.echo(f"{_count(len(index.changed), 'file')} changed; list: {out / 'index.html'}")


@command("serve")
def serve(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port (0: any free one).")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 for the whole network.")] = "127.0.0.1",
    directory: Annotated[Path, typer.Option("--dir", help="Feed directory written by `planner ical`.")] = Path("calendars"),
) -> None:
    """Serve the feeds over HTTP (webcal:// links on the index page) until Ctrl-C."""
    from planner.serve import make_server

    server = make_server(directory, host, port)
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    typer.echo(f"serving {directory}/ at http://{bound_host}:{bound_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@command("publish")
def publish(
    caldav: Annotated[str, typer.Option("--caldav", help="CalDAV server URL, e.g. https://cal.example.org/dav/.")],
    plan: PlanArg = None,
    user: Annotated[Optional[str], typer.Option("--user", help="CalDAV user name.")] = None,
    password: Annotated[
        Optional[str], typer.Option("--password", envvar="PLANNER_CALDAV_PASSWORD", help="CalDAV password (or set PLANNER_CALDAV_PASSWORD).")
    ] = None,
    name: NameOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Upload one calendar per department to a CalDAV server; re-publishing converges."""
    from planner.publish import publish as publish_schedule

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases)
    the_plan, schedule = run.plan, run.schedule
    with progress_bar(quiet) as progress:
        bar = progress.add_task("publishing", total=None)
        started = [0]

        def on_calendar(feed_name: str, total: int) -> None:
            progress.update(bar, description=feed_name, total=total, completed=started[0])  # the ones before are done
            started[0] += 1

        report = publish_schedule(
            schedule, caldav, username=user, password=password,
            plan_name=name or the_plan.name, source=the_plan.label, on_calendar=on_calendar,
        )  # fmt: skip
    typer.echo(
        f"{report.calendars} department calendars ({len(report.created_calendars)} new): "
        f"{report.created} events added, {report.updated} updated, {report.deleted} deleted, {report.unchanged} unchanged"
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
