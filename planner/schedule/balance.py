"""Step 2: a month for every slot.

A greedy pass, tightest slots first, then local moves of single slots (and pairs of moves for a
department still above its bound), minimising for each (city, department) first how far its
busiest month exceeds the lower bound, then the spread of its months (sum of squares), while
rounds of one task keep apart; last, each city's starts follow the capacity of its windows (a
round that may happen in any of ten months adds a tenth to each): the year is not front-loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import add, itemgetter
from typing import Any

from planner.schedule.slots import Slot
from planner.schedule.stamps import untouched

# Weights of the balance objective. A department's (peak - lower bound)² dominates the spread
# (sum of squares of its monthly loads). Two rounds of one task closer than their frequency wants
# cost more than one department one above its bound (1 × EXCESS) but less than one going from
# one to two above (4 - 1 = 3 × EXCESS): spacing gives way only to keep peaks within bound + 1.
# A city's spread (its month loads squared over the months' capacity) only breaks ties between
# equally even departments.
EXCESS_WEIGHT = 10**6
SPACING_WEIGHT = 2 * EXCESS_WEIGHT
CITY_WEIGHT = 0.5
MAX_PASSES = 50  # local improvement stops earlier when no move helps

_Choice = tuple[tuple[int, ...], Callable[[Sequence[Any]], tuple[Any, ...]]]  # months to go to, their getter


def lower_bounds(slots: Sequence[Slot], n_departments: int) -> list[int]:
    """Per department, the peak no schedule can go below (pins aside: they count where the plan allows)."""
    spans: list[dict[tuple[int, int], int]] = [{} for _ in range(n_departments)]  # (first, last month) -> slots
    for slot in slots:
        free = slot.free_months  # in order (a slot's months are)
        span = (free[0], free[-1])
        for d in slot.departments:
            row = spans[d]
            row[span] = row.get(span, 0) + 1
    return [_lower_bound(s) for s in spans]


def _lower_bound(spans: dict[tuple[int, int], int]) -> int:
    """Rounds confined to a span of months share those months."""
    if len(spans) == 1:  # half the departments: their one span is the only interval
        ((first, last), n), = spans.items()
        return -(-n // (last - first + 1))
    best = 0
    # Only intervals that start where some span starts and end where some span inside them ends
    # can bind: for each start, the spans inside are added in order of their ends.
    by_end = sorted(spans.items(), key=lambda item: item[0][1])
    for first in {a for a, _ in spans}:
        inside = 0
        for (a, b), n in by_end:
            if a >= first:
                inside += n
                best = max(best, -(-inside // (b - first + 1)))
    return best


def city_capacity(slots: Sequence[Slot]) -> list[list[float]]:
    """Per city and month, the rounds its windows hold: each slot spreads one over its months."""
    capacity = [[0.0] * 13 for _ in range(1 + max((s.city for s in slots), default=0))]
    for slot in slots:
        months = slot.free_months
        row, share = capacity[slot.city], 1 / len(months)
        for m in months:
            row[m] += share
    return capacity


class _Balancer:
    """Loads per department and month, and the cost of moving one slot.

    Kept incrementally so a move's cost reads only the cells it touches: each department's peak and
    how many months are at it (a slot leaving the only month at the peak lowers it by one), and a
    clock stamping what each move changed, so a pass can skip slots whose inputs are unchanged.
    """

    def __init__(self, slots: Sequence[Slot], n_departments: int, bounds: Sequence[int]) -> None:
        self.slots = slots
        self.bounds = bounds
        # Per slot its months and, per month it stands in (0: none yet), the months it could go to
        # and a getter of a row's cells at them as a tuple, in C: made once per distinct list of
        # starts (slots with the same months, duration and blackouts share one) and list of months.
        made: dict[tuple[int, ...], list[_Choice]] = {}
        by_starts: dict[int, tuple[tuple[int, ...], list[_Choice]]] = {}
        self.months: list[tuple[int, ...]] = []
        self.choices: list[list[_Choice]] = []
        for slot in slots:
            starts = slot.starts
            found = by_starts.get(id(starts))
            if found is None:
                months = tuple(starts)  # slot.months
                choices = made[months] if months in made else made.setdefault(months, _choices(months))
                found = by_starts[id(starts)] = (months, choices)
            self.months.append(found[0])
            self.choices.append(found[1])
        # What every move and cost reads of a slot, in flat lists: a big plan's slots are scattered
        # through memory, and reading them out of each Slot object in the passes costs cache misses.
        self.departments = [slot.departments for slot in slots]
        self.city = [slot.city for slot in slots]
        # its tasks' neighbouring rounds (most rounds are a task's only one)
        self.neighbours = [s.neighbours for s in slots]
        self.linked = [bool(near) for near in self.neighbours]
        self.load = [[0] * 13 for _ in range(n_departments)]
        self.peak = [0] * n_departments  # max(load[d]), kept up to date by move()
        self.at_peak = [13] * n_departments  # months of load[d] (index 0 included) equal to the peak
        capacity = city_capacity(slots)
        self.room = [[max(c, 0.5) for c in row] for row in capacity]  # divisor of the city term
        self.city_load = [[0] * 13 for _ in capacity]
        # Per city and month, what one more start there adds to the city term (kept by move()).
        self.city_cost = [[CITY_WEIGHT / r for r in room] for room in self.room]  # (2·0 + 1) / room: no start yet
        self.month = [0] * len(slots)  # 0: not placed yet
        self.clock = 0  # moves so far; the stamps below say at which move something last changed
        self.department_moved = [0] * n_departments
        self.city_moved = [0] * len(capacity)
        self.slot_moved = [0] * len(slots)
        self.checked = [-1] * len(slots)  # clock when a slot was last found to have no better month
        self._tables: dict[tuple[int, int], tuple[int, ...]] = {}  # see deltas

    def delta(self, i: int, target: int) -> float:
        """Change of the objective if slot i moves to month `target`."""
        return self.deltas(i, (target,), _one(target))[0]

    def deltas(self, i: int, targets: Sequence[int], pick: Callable[[Sequence[Any]], tuple[Any, ...]]) -> list[float]:
        """Change of the objective if slot i moves to each of `targets` (`pick` reads a row's cells
        at them); the same sums as one at a time. No target is the slot's own month: the tables
        below hold loads up to `floor`, and only the source month can be loaded above it."""
        source = self.month[i]
        load, peak, bounds, tables = self.load, self.peak, self.bounds, self._tables
        # Per department the change at a target is 2·load there plus a constant, and excess at a
        # target loaded at `floor`: the peak after the move is max(load there + 1, rest), and no
        # target is loaded above floor (a load above rest is only the peak's, and then floor ≥ peak).
        # So the change is a function of the load there, read from a table in C; all in integers
        # (exact, summed in any order), the float terms added after in a fixed order.
        constant = 0
        total: Iterable[int] = ()
        for d in self.departments[i]:
            row, before, bound = load[d], peak[d], bounds[d]
            if source:
                here = row[source]
                rest = before - 1 if here == before and self.at_peak[d] == 1 else before
                constant += 2 - 2 * here
            else:
                rest = before
                constant += 1
            if rest > bound:
                excess_rest = (rest - bound) ** 2
                constant += EXCESS_WEIGHT * (excess_rest - (before - bound) ** 2)
                key = (rest, EXCESS_WEIGHT * ((rest + 1 - bound) ** 2 - excess_rest))
            else:
                if before > bound:
                    constant -= EXCESS_WEIGHT * (before - bound) ** 2
                key = (bound, EXCESS_WEIGHT)
            table = tables.get(key)
            if table is None:
                floor, excess = key
                table = tables[key] = tuple(2 * n for n in range(floor)) + (2 * floor + excess,)
            changes = map(table.__getitem__, pick(row))
            total = map(add, total, changes) if total else changes
        cities = pick(self.city_cost[self.city[i]])
        if source:
            leaving = CITY_WEIGHT * (2 * self.city_load[self.city[i]][source] - 1) / self.room[self.city[i]][source]
            result = [n + constant + c - leaving for n, c in zip(total, cities)]
        else:
            result = [n + constant + c for n, c in zip(total, cities)]
        if self.linked[i]:  # no spacing to count otherwise
            away = self._too_close(i, source)
            return [r + SPACING_WEIGHT * (self._too_close(i, t) - away) for r, t in zip(result, targets)]
        return result

    def _too_close(self, i: int, month: int) -> int:
        """Pairs with its tasks' neighbouring rounds that would be closer than wanted."""
        if not month:
            return 0
        slot, count = self.slots[i], 0
        for link in slot.links:
            if self.month[link.previous]:
                count += month - self.month[link.previous] < link.months
        for after, link in slot.followers:
            if self.month[after]:
                count += self.month[after] - month < link.months
        return count

    def move(self, i: int, target: int) -> None:
        source = self.month[i]
        self.clock += 1
        peaks, at_peak, clock = self.peak, self.at_peak, self.clock
        for d in self.departments[i]:
            row = self.load[d]
            peak = peaks[d]
            if source:
                row[source] -= 1
                if row[source] == peak - 1:  # it was at the peak
                    if at_peak[d] == 1:
                        peak = peaks[d] = peak - 1
                        at_peak[d] = row.count(peak)
                    else:
                        at_peak[d] -= 1
            row[target] += 1
            if row[target] > peak:
                peaks[d], at_peak[d] = row[target], 1
            elif row[target] == peak:
                at_peak[d] += 1
            self.department_moved[d] = clock
        city = self.city[i]
        load, room, cost = self.city_load[city], self.room[city], self.city_cost[city]
        if source:
            load[source] -= 1
            cost[source] = CITY_WEIGHT * (2 * load[source] + 1) / room[source]
        load[target] += 1
        cost[target] = CITY_WEIGHT * (2 * load[target] + 1) / room[target]
        self.city_moved[city] = self.slot_moved[i] = self.clock
        self.month[i] = target


def _one(month: int) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A getter of a row's cell at one month, as a tuple (itemgetter of one index returns the cell)."""
    return lambda row: (row[month],)


def _none(row: Sequence[Any]) -> tuple[Any, ...]:
    """The getter of no cells (a slot with one month has nowhere to move)."""
    return ()


def _choices(months: tuple[int, ...]) -> list[_Choice]:
    """Per month a slot stands in (0: none), the months it could move to and their getter."""
    made = []
    for source in range(13):
        targets = tuple(m for m in months if m != source)
        made.append((targets, itemgetter(*targets) if len(targets) > 1 else _one(targets[0]) if targets else _none))
    return made


def balance(slots: Sequence[Slot], n_departments: int, bounds: Sequence[int]) -> list[int]:
    """A month for every slot (pinned slots have one to choose from)."""
    state = _Balancer(slots, n_departments, bounds)
    # Tightest first: rounds with fewest months, then those binding most departments.
    every_months, departments = state.months, state.departments
    order = sorted(range(len(slots)), key=lambda i: (len(every_months[i]), -len(departments[i]), slots[i].tie))
    for i in order:
        months = every_months[i]  # one month (a pin, a monthly round): nothing to weigh
        if len(months) == 1:
            state.move(i, months[0])
        else:
            changes = state.deltas(i, *state.choices[i][0])
            state.move(i, months[changes.index(min(changes))])  # equals: the earliest
    by_department: list[list[int]] = [[] for _ in range(n_departments)]
    for i in order:
        for d in departments[i]:
            by_department[d].append(i)
    movable = [i for i in order if len(every_months[i]) > 1]  # a slot with one month never moves
    for _ in range(MAX_PASSES):
        # Single moves first; when none helps, pairs of moves for departments still above their bound.
        if not _relocate(state, movable) and not _eject(state, by_department):
            break
    return state.month


def _relocate(state: _Balancer, order: Sequence[int]) -> bool:
    """Move each slot of `order` (those with months to choose from) to its best month if that
    lowers the objective; True if any moved.
    A slot whose inputs have not changed since it last stayed put would stay put again: skipped."""
    moved = False
    # Unchanged: the slot, its city, departments and neighbouring rounds not moved since it was checked.
    checked, slot_moved, city_moved, department_moved = state.checked, state.slot_moved, state.city_moved, state.department_moved
    every_departments, city, neighbours, month, choices = state.departments, state.city, state.neighbours, state.month, state.choices
    for i in order:
        seen = checked[i]
        if (
            slot_moved[i] <= seen
            and city_moved[city[i]] <= seen
            and untouched(seen, every_departments[i], department_moved, neighbours[i], slot_moved)
        ):
            continue
        targets, pick = choices[i][month[i]]
        changes = state.deltas(i, targets, pick)
        best = min(changes)
        if best < -1e-9:
            state.move(i, targets[changes.index(best)])  # equals: the earliest
            moved = True
        else:
            state.checked[i] = state.clock
    return moved


def _eject(state: _Balancer, by_department: Sequence[Sequence[int]]) -> bool:
    """For a department above its bound: move a slot out of its peak month even if that overloads
    another month, when moving a second slot out of that month more than makes up for it."""
    for d, members in enumerate(by_department):
        row = state.load[d]
        peak = max(row)
        if peak <= state.bounds[d]:
            continue
        for i in members:
            source = state.month[i]
            if row[source] != peak:
                continue
            for target in state.slots[i].months:
                if target == source:
                    continue
                first = state.delta(i, target)
                state.move(i, target)
                second, follow, where = _best_follow_up(state, i, target, by_department)
                if follow >= 0 and first + second < -1e-9:
                    state.move(follow, where)
                    return True
                state.move(i, source)
    return False


def _best_follow_up(
    state: _Balancer, i: int, month: int, by_department: Sequence[Sequence[int]]
) -> tuple[float, int, int]:
    """The best single move of another slot out of `month` sharing a department with slot i."""
    best: tuple[float, int, int] = (0, -1, 0)
    for d in state.slots[i].departments:
        for j in by_department[d]:
            if j == i or state.month[j] != month:
                continue
            for m in state.slots[j].months:
                if m != month:
                    change = state.delta(j, m)
                    if change < best[0]:
                        best = (change, j, m)
    return best
