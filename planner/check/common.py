"""Text and provenance helpers every finder uses: comparable text, row references, event lines."""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable
from datetime import date

from planner.i18n import _
from planner.model import Department, Event, Task


@functools.lru_cache(maxsize=16384)  # asked for every task's scope, item and name by several finders
def normalise(text: str) -> str:
    """Comparable text: half width, no spaces, punctuation or symbols ("商场（超市）" == "商场(超市)" → 商场超市)."""
    folded = unicodedata.normalize("NFKC", text)
    if folded.isalnum():  # most names: letters and digits only (categories L and N), nothing to drop
        return folded
    return "".join([ch for ch in folded if unicodedata.category(ch)[0] not in "PZSC"])


def ratio_at_least(a: str, b: str, threshold: float) -> bool:
    """difflib.SequenceMatcher(None, a, b).ratio() >= threshold, most pairs ruled out before the costly matching.

    ratio() is 2·matches/(len a + len b), and every match pairs a character of one text with the
    same character of the other: the matches never outnumber the shorter text, nor the characters of
    either text found anywhere in the other (counted in C). A bound below the threshold is the same
    answer as the ratio."""
    total = len(a) + len(b)
    if total:
        if 2.0 * min(len(a), len(b)) / total < threshold:
            return False
        in_b, in_a = set(b).__contains__, set(a).__contains__
        if 2.0 * min(sum(map(in_b, a)), sum(map(in_a, b))) / total < threshold:
            return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def leads_of(task: Task) -> frozenset[Department]:
    return frozenset(r.department for r in task.lead)


def seqs_of(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({t.seq for t in tasks}))


def lines_of(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({t.source_line for t in tasks}))


def months_of(tasks: Iterable[Task]) -> tuple[int, ...]:
    return tuple(sorted({m for t in tasks for w in t.windows for m in w.months() if 1 <= m <= 12}))


def short(text: str, width: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def window_months(event: Event) -> tuple[int, ...]:
    if event.months:
        return event.months
    start, end = event.window_start, event.window_end
    if start.year != end.year:  # a window across the year end: stay in the event's own year
        start, end = max(start, date(event.start.year, 1, 1)), min(end, date(event.start.year, 12, 31))
    return tuple(range(start.month, end.month + 1))


def month_text(month: int) -> str:
    return _("{month}月").format(month=month)


def span_text(start: int, end: int) -> str:
    """3, 5 → 3月—5月 (a window of months)."""
    return _("{start}月—{end}月").format(start=start, end=end)


def months_text(months: tuple[int, ...]) -> str:
    """3、4、5、11、12 → 3月—5月、11月—12月."""
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return _("、").join(span_text(r[0], r[-1]) if len(r) > 1 else month_text(r[0]) for r in runs)


def event_line(event: Event, department: Department) -> str:
    lead = any(r.department == department for t in event.tasks for r in t.lead)
    # one template per role: the role word reads differently in each language
    line = _("{city}-{seq} {title}（发起，{start}，窗口 {window}，第{line}行）") if lead else _(
        "{city}-{seq} {title}（配合，{start}，窗口 {window}，第{line}行）"
    )
    return line.format(
        city=event.task.city, seq=event.seq, title=event.title, start=f"{event.start:%m-%d}",
        window=months_text(window_months(event)), line=event.task.source_line,
    )
