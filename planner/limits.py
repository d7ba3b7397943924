"""The limits input must keep, in one place: what files are read, how big, and what numbers are sane.

A plan, a config or an alias file is read only when it is a regular file (a FIFO, a device such
as /dev/zero or a socket would hang or never end) and no larger than its limit. A cell longer
than MAX_CELL_CHARS is no plan text but a broken export, and would be copied into every feed.
Numbers read from cells must be possible: no negative counts or percentages, no ratio above
100%, and no more rounds than the window has working days.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path

from planner.errors import PlannerError, PlanReadError, RowError
from planner.i18n import _
from planner.model import Frequency, Window

MAX_PLAN_BYTES = 128 * 1024 * 1024  # the embedded plan is 0.3 MB; a 200,000-task plan (300 times it, issue 13) is 64 MB
MAX_CONFIG_BYTES = 1024 * 1024  # config, alias and holiday files are hand-written TOML
MAX_CELL_CHARS = 4000  # the longest cell of the embedded plan has 298 characters
WORKDAYS_PER_MONTH = 23  # no month has more working days, 调休 included


def read_regular_file(path: Path, *, name: str, limit: int = MAX_PLAN_BYTES,
                      error: type[PlannerError] = PlanReadError, missing: str | None = None) -> bytes:
    """The bytes of `path`, if it is a regular file of at most `limit` bytes; else `error`
    (`missing` says what is missing when the path does not exist: a plan, a config…).

    Opened without blocking (a FIFO with no writer would hang open()), then checked with fstat
    on the open descriptor, so the file checked is the file read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(missing or _("文件不存在"), file=name) from None
    except IsADirectoryError:
        raise error(_("是目录，不是文件"), file=name) from None
    except ValueError:  # a NUL in the name
        raise error(_("不是可用的文件名"), file=name) from None
    except OSError as exc:
        raise error(_("无法读取：{error}").format(error=exc.strerror), file=name) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(_("是目录，不是文件"), file=name)
        if not stat.S_ISREG(info.st_mode):
            raise error(_("不是普通文件（而是管道、设备或套接字）"), file=name, hint=_("请先将其保存为文件"))
        if info.st_size > limit:
            raise error(_("文件过大：{size:.1f} MB，上限为 {limit:.0f} MB").format(size=info.st_size / 1e6, limit=limit / 1e6), file=name)
        try:
            # the size fstat gave, and one byte more to see growth: a read of limit + 1 would first
            # allocate 128 MB (0.5 ms for a 2.5 MB plan)
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grows while we read it: read on, up to the limit
                data += handle.read(limit + 1 - len(data))
        except OSError as exc:
            raise error(_("无法读取：{error}").format(error=exc.strerror), file=name) from None
    if len(data) > limit:  # it grew while we read it
        raise error(_("文件过大：超过 {limit:.0f} MB").format(limit=limit / 1e6), file=name)
    return data


# C0 controls but TAB, LF, VT, FF and CR (a PDF extraction leaves page breaks); DEL; C1 controls.
# ESC and CSI would reach a terminal as escape sequences (colours, hyperlinks, a cleared screen).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def check_control_characters(rows: Iterable[tuple[int, Sequence[str]]], name: str) -> None:
    """PlanReadError naming the line of the first cell holding a control character."""
    rows = list(rows)
    # one search over the whole table (a tab is not a control character here): most tables have none
    if _CONTROL.search("\t".join(chain.from_iterable(map(itemgetter(1), rows)))) is None:
        return
    for line, cells in rows:
        if _CONTROL.search("\t".join(cells)) is None:  # one search a row (a tab is not one of them)
            continue
        for cell in cells:
            found = _CONTROL.search(cell)
            if found:
                raise PlanReadError(_("单元格中有控制字符 U+{code:04X}").format(code=ord(found.group())), file=name, line=line,
                                    hint=_("请删除它，或将计划重新另存为文本"))


def check_cell_lengths(cells: list[str], line: int) -> None:
    """RowError when a cell is too long to be plan text."""
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise RowError(_("单元格有 {length} 个字符，超过 {limit}").format(length=len(cell), limit=MAX_CELL_CHARS), line=line,
                           value=cell[:40] + "…", hint=_("请检查文件是否导出不完整，或有多余的引号"))


_NEGATIVE_COUNT = re.compile(r"(?<![\d%])[-−－]\s*(\d+|[一二两三四五六七八九十])\s*次")
_NEGATIVE_PERCENT = re.compile(r"(?<![\d%])[-−－]\s*\d+(?:[.．]\d+)?\s*[%％]")


def check_numbers(ratio_text: str, percents: list[float], rounds: int, window_months: int, line: int) -> None:
    """RowError for numbers no inspection can follow: negative, over 100%, or more rounds than days."""
    if _NEGATIVE_COUNT.search(ratio_text):
        raise RowError(_("频次为负数"), line=line, value=ratio_text, hint=_("例如写作 1次/年"))
    if _NEGATIVE_PERCENT.search(ratio_text):
        raise RowError(_("比例为负数"), line=line, value=ratio_text, hint=_("例如写作 不低于5%"))
    over = [p for p in percents if p > 100]
    if over:
        raise RowError(_("抽查比例为 {percent:g}%，超过 100%").format(percent=over[0]), line=line, value=ratio_text)
    if rounds < 1:
        raise RowError(_("频次为零：一次也不检查"), line=line, value=ratio_text, hint=_("例如写作 1次/年"))
    capacity = WORKDAYS_PER_MONTH * window_months
    if rounds > capacity:
        raise RowError(_("频次要求检查 {rounds} 次，超过时间窗口 {months} 个月的工作日数（最多 {capacity} 次）").format(
            rounds=rounds, months=window_months, capacity=capacity), line=line, value=ratio_text)


PERIODS = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}


def rounds_needed(frequency: Frequency, windows: tuple[Window, ...]) -> tuple[int, int]:
    """(inspections the frequency asks for, months of the windows); a missing window is the year."""
    months = sorted({m for w in windows for m in range(max(1, w.start), min(12, w.end) + 1)}) or list(range(1, 13))
    size = PERIODS.get(frequency.per, 12)
    periods = len({(m - 1) // size for m in months})
    return frequency.count * periods, len(months)
