"""Tasks → rounds: how often and in which months each task must happen.

"N次/年" spreads N rounds evenly over the window months (two windows and N ≥ 2: each window gets
its share, at least one); "1次/半年", "1次/季度", "1次/月" give one round per half-year, quarter or
month that the window touches, clipped to the window.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from planner.model import Round, Task, Window

PERIOD_MONTHS = {"half-year": 6, "quarter": 3, "month": 1}


def usable_windows(task: Task) -> tuple[Window, ...]:
    """The task's windows that name real months, in order."""
    return tuple(w for w in task.windows if 1 <= w.start <= w.end <= 12)


def window_months(task: Task) -> tuple[int, ...]:
    months: set[int] = set()
    for w in task.windows:  # usable_windows' test inline: asked for every round of a plan
        if 1 <= w.start <= w.end <= 12:
            months.update(range(w.start, w.end + 1))
    return tuple(sorted(months))


def allowed_months(round_: Round) -> tuple[int, ...]:
    """Months a round may start in: its span, inside the task's windows."""
    first, last = round_.first_month, round_.last_month
    return tuple([m for m in window_months(round_.task) if first <= m <= last])


def expand(task: Task) -> tuple[Round, ...]:
    """Every round the frequency implies; () when the task has no usable window or count."""
    segments = [months for months, _gap in _segments(task)]
    return tuple(Round(task, i + 1, len(segments), seg[0], seg[-1]) for i, seg in enumerate(segments))


def min_gaps(task: Task) -> tuple[int, ...]:
    """Months required between round i and round i+1 (0: no requirement beyond the order)."""
    return tuple(gap for _months, gap in _segments(task))[1:]


def _segments(task: Task) -> list[tuple[tuple[int, ...], int]]:
    """(months, months required after the previous round) for each round, in order."""
    windows = usable_windows(task)
    count = task.frequency.count
    if not windows or count < 1:
        return []
    if task.frequency.per in PERIOD_MONTHS:
        return _per_period(windows, count, PERIOD_MONTHS[task.frequency.per])
    if count >= len(windows) > 1:
        result: list[tuple[tuple[int, ...], int]] = []
        for window, share in zip(windows, _shares(windows, count), strict=True):
            result += _split(window.months(), share)
        return result  # each window's first round: no gap to the previous window's
    merged = tuple(sorted({m for w in windows for m in w.months()}))
    return _split(merged, count)


def _per_period(windows: tuple[Window, ...], count: int, size: int) -> list[tuple[tuple[int, ...], int]]:
    months = sorted({m for w in windows for m in w.months()})
    result: list[tuple[tuple[int, ...], int]] = []
    for start in range(1, 13, size):
        inside = tuple(m for m in months if start <= m < start + size)
        if inside:
            # one period apart is enough: the period boundary already separates the rounds
            result += [(seg, 0) for seg, _gap in _split(inside, count)]
    return result


def _shares(windows: tuple[Window, ...], count: int) -> list[int]:
    """Rounds per window: one each, the rest to whichever window has most months per round."""
    shares = [1] * len(windows)
    for _ in range(count - len(windows)):
        best = max(range(len(windows)), key=lambda i: (len(windows[i].months()) / shares[i], -i))
        shares[best] += 1
    return shares


def _split(months: tuple[int, ...], count: int) -> list[tuple[tuple[int, ...], int]]:
    """`count` rounds spread evenly over `months`; more rounds than months share months."""
    size = len(months)
    gap = size // count if count <= size else 0  # "N/year at least window/N apart"
    result = []
    for i in range(count):
        lo, hi = i * size // count, (i + 1) * size // count
        result.append((months[lo:hi] if hi > lo else (months[lo],), gap if i else 0))
    return result



def spacing_days(task: Task, year: int) -> tuple[int, ...]:
    """Days wanted between the starts of round i and i+1: "N/year" rounds a window/N apart."""
    rounds = expand(task)
    if task.frequency.per in PERIOD_MONTHS:
        return (0,) * (len(rounds) - 1)  # the period boundaries separate them
    home = [_window_of(task, r) for r in rounds]
    result = []
    for i in range(1, len(rounds)):
        window = home[i]
        if window is None or window != home[i - 1]:
            result.append(0)
            continue
        days = (date(year, window.end, monthrange(year, window.end)[1]) - date(year, window.start, 1)).days + 1
        result.append(-(-days // home.count(window)))
    return tuple(result)


def min_spacing_days(task: Task, year: int, count: int | None = None) -> int:
    """Smallest gap in days between the starts of two consecutive rounds: half of window / rounds
    (`count`: the task's rounds, when the caller has expanded them already)."""
    count = len(expand(task)) if count is None else count
    if count < 2:
        return 0
    window_days = sum(monthrange(year, m)[1] for m in window_months(task))
    return -(-window_days // (2 * count))


def _window_of(task: Task, round_: Round) -> Window | None:
    """The single window holding all of a round's months, if there is one."""
    return next((w for w in usable_windows(task) if w.start <= round_.first_month and round_.last_month <= w.end), None)
