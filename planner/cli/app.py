"""The typer app, the one place where PlannerError becomes a message and an exit code."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from planner.cli import process
from planner.cli.localise import LocalCommand, LocalGroup, localise
from planner.errors import PlannerError
from planner.i18n import LANGUAGES, N_, _, set_language

# Only what every command needs is imported here: a command imports its own stages when it runs,
# so `planner events -f json` does not pay for rich, the checks or the renderers it never uses.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from planner.config import Config
    from planner.model import Department, Plan, Schedule, Task

# Every command, by name, in the order registered (the order of `planner --help`): each a typer app
# of one command, turned into a click command only when it runs or help lists it.
COMMANDS: dict[str, typer.Typer] = {}


class Commands(MutableMapping[str, Any]):
    """The root group's commands: built from COMMANDS on first look-up. Building one reads its
    signature and options (about 1 ms each); a run needs one, not all of them."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self.built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            built = typer.main.get_command(COMMANDS[name])
            localise(built)
            self.built[name] = built
        return self.built[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self.built[name] = value

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self.built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self.built})


class PlannerGroup(LocalGroup):
    """The root group, with its commands built on demand (see Commands)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = Commands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


app = typer.Typer(
    help=N_("部门联合双随机抽查：排期、均衡、检查并发布日历。"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=PlannerGroup,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"planner {version('planner')}")
        raise typer.Exit()


def _language(ctx: typer.Context, lang: Optional[str]) -> Optional[str]:
    """Eager: choose the run's language before any help is shown, and put the help in it."""
    if lang is not None and lang not in LANGUAGES:
        set_language(None)
        fail(_("--lang 不接受这个值（'{value}'）；可用：{allowed}").format(value=lang, allowed=", ".join(LANGUAGES)), 2)
    set_language(lang)
    localise(ctx.find_root().command)
    return lang


@app.callback()
def root(
    lang: Annotated[Optional[str], typer.Option("--lang", callback=_language, is_eager=True, help=N_("zh 或 en（默认：按 LC_ALL/LANG，否则 zh）。"))] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("显示版本并退出。"))] = False,
) -> None:
    """The options every command shares (the language is chosen by the eager --lang callback)."""

@functools.cache
def stderr() -> Console:
    """The console for warnings, errors and progress (made on first use: rich is slow to import)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


PlanArg = Annotated[
    Optional[Path],
    typer.Argument(help=N_("计划文件（.docx、.xlsx、.xls、.pdf、.csv 或 .tsv）；默认：内置的山西省2024年计划。")),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help=N_("任何一行无法读取即报错退出。"))]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help=N_("TOML 配置：年度、工期、容量、禁排日、节假日。"))]
SeedOpt = Annotated[int, typer.Option("--seed", help=N_("在同样均衡的排期之间换一种取舍。"))]
AliasOpt = Annotated[Optional[Path], typer.Option("--aliases", help=N_("额外的部门别名表（TOML），格式同内置表。"))]
RegionOpt = Annotated[Optional[str], typer.Option("--region", help=N_("没有“地市”列的计划所属的市、区或县（默认：取自标题，否则取文件名）。"))]
ColumnsOpt = Annotated[Optional[Path], typer.Option("--columns", help=N_("字段到列的 TOML 映射，用于没见过的模板（见 `planner columns`）。"))]
CityOpt = Annotated[Optional[str], typer.Option("--city", help=N_("只看此市（太原 或 太原市）。"))]
NoMergeOpt = Annotated[bool, typer.Option("--no-merge", help=N_("一业一查的各项任务分别排期（配置 `merge = false`）。"))]
PinOpt = Annotated[
    Optional[list[str]],
    typer.Option("--pin", help=N_("把任务或轮次固定在某个开始日：太原/54=2024-05-13 或 太原/387/r3=2024-06-03（可重复）。")),
]
ExcelCsvOpt = Annotated[bool, typer.Option("--excel-csv", help=N_("供 Excel 打开的 CSV：带 BOM 的 UTF-8，CRLF 换行。"))]
DeptOpt = Annotated[Optional[str], typer.Option("--dept", help=N_("部门：全称、名称的一部分，或 城市/名称（如 太原/市场监管）。"))]


def command(name: str, *, long_running: bool = False, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command whose PlannerErrors end as one red line and exit code.

    long_running: the command serves or talks to a server until stopped, so its cycles must be
    collected even when it owns the process (see planner.cli.process)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            process.start(long_running)
            try:
                return fn(*a, **k)
            except PlannerError as exc:
                fail(str(exc), exc.exit_code)
            except OSError as exc:  # a path we cannot write or read: the user's to fix, not a bug
                where = f"{exc.filename}: " if exc.filename else ""
                fail(f"{where}{exc.strerror or exc}", 2)

        one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        one.command(name, cls=LocalCommand, **kwargs)(guarded)
        COMMANDS[name] = one
        return fn

    return register


def fail(message: str, code: int) -> NoReturn:
    from rich.markup import escape

    prefix = _("错误：")
    stderr().print(f"[red]{prefix}[/red]{escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


@dataclass(frozen=True)
class Scheduled:
    plan: Plan
    config: Config
    schedule: Schedule


def read_plan(
    plan: Optional[Path],
    strict: bool,
    aliases: Optional[Path] = None,
    region: Optional[str] = None,
    columns: Optional[Path] = None,
) -> Plan:
    """Load a plan; every row that could not be loaded is a warning on stderr."""
    from planner.plan import load_plan  # imported late: `planner --help` stays fast

    loaded = load_plan(plan, strict=strict, aliases=aliases, region=region, columns=columns)
    process.keep(loaded)  # a short run leaves it to the OS to free (see planner.cli.process)
    for problem in loaded.problems:
        value = f" ({problem.value})" if problem.value and problem.value not in problem.message else ""
        warn(_("{where}: {message}{value}；该行已跳过").format(where=f"{loaded.source}:{problem.line}", message=problem.message, value=value))
    return loaded


def scheduled(
    plan: Optional[Path],
    config: Optional[Path],
    *,
    strict: bool = False,
    seed: int = 0,
    aliases: Optional[Path] = None,
    region: Optional[str] = None,
    columns: Optional[Path] = None,
    no_merge: bool = False,
    pins: Optional[list[str]] = None,
) -> Scheduled:
    """Load config and plan and schedule it; rounds that could not be placed are warnings."""
    from planner.config import load_config
    from planner.schedule import schedule_plan

    settings = with_options(load_config(config), no_merge=no_merge, pins=pins)
    loaded = read_plan(plan, strict, aliases, region, columns)
    if settings.year and settings.year != loaded.year:
        from planner.build import year_warning

        warn(year_warning(loaded.year, settings.year))
    schedule = schedule_plan(loaded, settings, seed=seed)
    process.keep(schedule)
    for problem in schedule.unscheduled:
        warn(f"{loaded.source}:{problem.line}: {problem.message}")
    return Scheduled(loaded, settings, schedule)


def with_options(config: Config, *, no_merge: bool = False, pins: Optional[list[str]] = None) -> Config:
    """The config with --no-merge and --pin applied (a --pin wins over the same key in [pins])."""
    from dataclasses import replace
    from datetime import date

    extra: dict[str, date] = {}
    for pin in pins or ():
        key, sep, day = pin.partition("=")
        try:
            extra[key.strip()] = date.fromisoformat(day.strip())
        except ValueError:
            sep = ""
        if not sep:
            raise PlannerError(_("--pin 的写法是 城市/序号=YYYY-MM-DD"), value=pin, hint=_("例如 --pin 太原/54=2024-05-13"))
    merged = {**dict(config.pins), **extra}
    return replace(config, merge=config.merge and not no_merge, pins=tuple(merged.items()))


FORMATS = ("table", "json", "csv")
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=N_("table、json 或 csv。"))]
MonthOpt = Annotated[Optional[str], typer.Option("--month", help=N_("计划年度中的月份：2024-05 或 5。"))]
SectorOpt = Annotated[Optional[str], typer.Option("--sector", help=N_("只看此领域的任务，按发起部门的领域（市场监管、卫健、公安……）。"))]


def parse_month(text: str, year: int) -> int:
    """--month as 2024-05 or 5, checked against the plan year."""
    found = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PlannerError(_("--month 需要一个月份"), value=text, hint=_("写作 {year}-05 或 5").format(year=year))
    if found.group(1) and int(found.group(1)) != year:
        raise PlannerError(_("排期只覆盖 {year} 年").format(year=year), value=text, hint=_("请给出 {year} 年的月份").format(year=year))
    return int(found.group(2))


def check_sector(tasks: tuple[Task, ...], sector: str | None) -> str:
    """--sector as given, if some task's sector contains it; an unknown field is an error listing the known ones."""
    wanted = (sector or "").strip()
    if not wanted:
        return wanted
    known = sorted({t.sector for t in tasks if t.sector})
    if not any(wanted in s for s in known):
        raise PlannerError(_("没有这个领域的任务"), value=wanted, hint=_("本计划的领域：{fields}").format(fields=_("、").join(known)))
    return wanted


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=N_("不显示进度。"))]


def progress_bar(quiet: bool) -> Progress:
    """A progress bar on stderr; silent with --quiet or when stderr is not a terminal (pipes, CI logs)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = stderr()
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=quiet or not console.is_terminal,
    )


def echo_chunks(chunks: Iterable[bytes | str]) -> None:
    """Write a listing streamed as UTF-8 bytes and text (planner.export.stream.json_chunks) to stdout.

    The bytes go out as they are where the text would reach stdout as those same bytes (a UTF-8
    stream that does not turn line breaks into CRLF, as Windows does); elsewhere they are decoded
    and written as text, as before."""
    import codecs
    import os
    import sys

    stdout = sys.stdout
    raw = (
        os.linesep == "\n"
        and getattr(stdout, "buffer", None) is not None
        and codecs.lookup(getattr(stdout, "encoding", None) or "ascii").name == "utf-8"
    )
    for chunk in chunks:
        typer.echo(chunk if raw or isinstance(chunk, str) else chunk.decode(), nl=False)


def warn(message: str) -> None:
    from rich.markup import escape

    prefix = _("警告：")
    stderr().print(f"[yellow]{prefix}[/yellow]{escape(message)}", markup=True, highlight=False)


def choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PlannerError(_("{option} 不接受这个值").format(option=option), value=value, hint=_("可用：{values}").format(values=", ".join(allowed)))


def resolve(tasks: tuple[Task, ...], city: Optional[str], dept: Optional[str]) -> tuple[tuple[str, ...], tuple[Department, ...]]:
    """--city and --dept as the plan names them; an unknown name is an error, never an empty result."""
    from planner.select import resolve_city, resolve_departments

    cities = (resolve_city(tasks, city),) if city else ()
    departments = resolve_departments(tasks, dept, cities[0] if cities else None) if dept else ()
    return cities, departments
