"""`planner ical`, `planner serve`, `planner publish`: department calendars to subscribe to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from planner.cli.app import (
    AliasOpt,
    ColumnsOpt,
    ConfigOpt,
    PlanArg,
    QuietOpt,
    RegionOpt,
    SeedOpt,
    StrictOpt,
    command,
    progress_bar,
    scheduled,
    stderr,
)
from planner.errors import PlannerError
from planner.i18n import N_, _

NameOpt = Annotated[Optional[str], typer.Option("--name", help=N_("全计划日历的显示名称。"))]


@command("ical", help=N_("写出 iCalendar 订阅文件：每个部门、每个市各一个，全计划一个。"))
def ical(
    plan: PlanArg = None,
    out: Annotated[Path, typer.Option("--out", help=N_("日历订阅文件、index.json 和 index.html 的目录。"))] = Path("calendars"),
    alarm_days: Annotated[Optional[int], typer.Option("--alarm-days", help=N_("每次检查前 N 天 09:00 提醒。"))] = None,
    name: NameOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    force: Annotated[bool, typer.Option("--force", help=N_("即使目录里有不是导出写的文件，也写进去。"))] = False,
) -> None:
    """Write iCalendar feeds: one per department, one per city and one for the whole plan."""
    from planner.export.ical import write_feeds

    if alarm_days is not None and alarm_days < 0:
        raise PlannerError(_("--alarm-days 需要天数"), value=str(alarm_days), hint=_("用 0 或更大的数"))
    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    the_plan, schedule = run.plan, run.schedule
    index = write_feeds(schedule, out, plan_name=name or the_plan.name_in(run.schedule.year), alarm_days=alarm_days, source=the_plan.label, force=force)
    kinds = [f.kind for f in index.feeds]
    whole = next(f for f in index.feeds if f.kind == "plan")
    typer.echo(_("已写出 {feeds} 个订阅文件到 {out}/：全计划（{events} 次检查，{vevents} 条日历条目：跨周末或节假日的检查"
                 "按连续工作日分成多条）、{cities} 个市、{departments} 个部门").format(
        feeds=len(index.feeds), out=out, events=whole.events, vevents=whole.vevents,
        cities=kinds.count("city"), departments=kinds.count("department")))
    typer.echo(_("{count} 个文件有变化；索引：{index}").format(count=len(index.changed), index=out / "index.html"))


@command("serve", long_running=True, help=N_("通过 HTTP 提供订阅文件（索引页上有 webcal:// 链接），按 Ctrl-C 停止。"))
def serve(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help=N_("TCP 端口（0：任一空闲端口）。"))] = 8000,
    host: Annotated[str, typer.Option("--host", help=N_("监听的 IP 地址（如 127.0.0.1 或 ::1）；0.0.0.0 或 :: 表示对整个网络开放。"))] = "127.0.0.1",
    directory: Annotated[Path, typer.Option("--dir", help=N_("`planner ical` 写出的订阅文件目录。"))] = Path("calendars"),
) -> None:
    """Serve the feeds over HTTP (webcal:// links on the index page) until Ctrl-C."""
    from planner.serve import make_server

    server = make_server(directory, host, port)
    typer.echo(_("正在提供 {directory}/：{url}（按 Ctrl-C 停止）").format(directory=directory, url=server.url))
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@command("publish", long_running=True, help=N_("把每个部门的日历上传到 CalDAV 服务器；重复发布只改动变化之处。"))
def publish(
    caldav: Annotated[str, typer.Option("--caldav", help=N_("CalDAV 服务器地址，如 https://cal.example.org/dav/。"))],
    plan: PlanArg = None,
    user: Annotated[Optional[str], typer.Option("--user", help=N_("CalDAV 用户名。"))] = None,
    password: Annotated[
        Optional[str], typer.Option("--password", envvar="PLANNER_CALDAV_PASSWORD", help=N_("CalDAV 密码（或设置 PLANNER_CALDAV_PASSWORD）。"))
    ] = None,
    name: NameOpt = None,
    config: ConfigOpt = None,
    seed: SeedOpt = 0,
    strict: StrictOpt = False,
    aliases: AliasOpt = None,
    region: RegionOpt = None,
    columns: ColumnsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Upload one calendar per department to a CalDAV server; re-publishing converges."""
    from planner.publish import publish as publish_schedule

    run = scheduled(plan, config, strict=strict, seed=seed, aliases=aliases, region=region, columns=columns)
    the_plan, schedule = run.plan, run.schedule
    with progress_bar(quiet) as progress:
        step = progress.add_task(_("发布中"), total=None)

        def on_progress(done: int, total: int, calendar: str) -> None:
            progress.update(step, completed=done, total=total, description=calendar)
            if not quiet and not stderr().is_terminal and (done == total or done % max(1, total // 10) == 0):
                # a log (no terminal, no bar) gets a line per tenth
                stderr().print(_("已发布 {done}/{total} 个日历").format(done=done, total=total), highlight=False)

        report = publish_schedule(
            schedule, caldav, username=user, password=password,
            plan_name=name or the_plan.name_in(run.schedule.year), source=the_plan.label, on_progress=on_progress,
        )  # fmt: skip

    typer.echo(_("{calendars} 个部门日历（新建 {new} 个）：日历条目新增 {created}、更新 {updated}、删除 {deleted}、未变 {unchanged}").format(
        calendars=report.calendars, new=len(report.created_calendars), created=report.created,
        updated=report.updated, deleted=report.deleted, unchanged=report.unchanged))
