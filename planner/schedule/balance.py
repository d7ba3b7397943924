"""Step 2: a month for every slot.

A greedy pass, tightest slots first, then local moves of single slots (and pairs of moves for a
department still above its bound), minimising for each (city, department) first how far its
busiest month exceeds the lower bound, then the spread of its months (sum of squares), while
rounds of one task keep apart; last, each city's starts follow the capacity of its windows (a
round that may happen in any of ten months adds a tenth to each): the year is not front-loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.schedule.slots import Slot

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


def lower_bounds(slots: Sequence[Slot], n_departments: int) -> list[int]:
    """Per department, the peak no schedule can go below (pins aside: they count where the plan allows)."""
    spans: list[dict[tuple[int, int], int]] = [{} for _ in range(n_departments)]  # (first, last month) -> slots
    for slot in slots:
        span = (min(slot.free_months), max(slot.free_months))
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
    # Only intervals that start where some span starts and end where some span ends can bind.
    for first in {a for a, _ in spans}:
        for last in {b for _, b in spans if b >= first}:
            inside = sum(n for (a, b), n in spans.items() if first <= a and b <= last)
            best = max(best, -(-inside // (last - first + 1)))
    return best


def city_capacity(slots: Sequence[Slot]) -> list[list[float]]:
    """Per city and month, the rounds its windows hold: each slot spreads one over its months."""
    capacity = [[0.0] * 13 for _ in range(1 + max((s.city for s in slots), default=0))]
    for slot in slots:
        for m in slot.free_months:
            capacity[slot.city][m] += 1 / len(slot.free_months)
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
        self.months = [slot.months for slot in slots]
        # What every move and cost reads of a slot, in flat lists: a big plan's slots are scattered
        # through memory, and reading them out of each Slot object in the passes costs cache misses.
        self.departments = [slot.departments for slot in slots]
        self.city = [slot.city for slot in slots]
        self.linked = [slot.linked for slot in slots]  # most rounds are a task's only one
        self.load = [[0] * 13 for _ in range(n_departments)]
        self.peak = [0] * n_departments  # max(load[d]), kept up to date by move()
        self.at_peak = [13] * n_departments  # months of load[d] (index 0 included) equal to the peak
        capacity = city_capacity(slots)
        self.room = [[max(c, 0.5) for c in row] for row in capacity]  # divisor of the city term
        self.city_load = [[0] * 13 for _ in capacity]
        self.month = [0] * len(slots)  # 0: not placed yet
        self.clock = 0  # moves so far; the stamps below say at which move something last changed
        self.department_moved = [0] * n_departments
        self.city_moved = [0] * len(capacity)
        self.slot_moved = [0] * len(slots)
        self.checked = [-1] * len(slots)  # clock when a slot was last found to have no better month

    def delta(self, i: int, target: int) -> float:
        """Change of the objective if slot i moves to month `target`."""
        return self.deltas(i, (target,))[0]

    def deltas(self, i: int, targets: Sequence[int]) -> list[float]:
        """Change of the objective if slot i moves to each of `targets` (the same sums as one at a time)."""
        source = self.month[i]
        change = [0] * len(targets)  # integer part, exact; the float terms are added in a fixed order
        for d in self.departments[i]:
            row, before, bound = self.load[d], self.peak[d], self.bounds[d]
            rest = before - 1 if source and row[source] == before and self.at_peak[d] == 1 else before
            # The peak after the move is max(load at target + 1, rest): a target loaded below `floor`
            # leaves the excess at the constant's, the one test of the balancer's innermost loop.
            floor = rest if rest > bound else bound
            excess_rest = (rest - bound) ** 2 if rest > bound else 0
            excess_before = (before - bound) ** 2 if before > bound else 0
            constant = EXCESS_WEIGHT * (excess_rest - excess_before) + (2 - 2 * row[source] if source else 1)
            for k, target in enumerate(targets):
                load = row[target]  # the spread term: 2·(load there − here) + 2, or 2·load + 1
                change[k] += 2 * load + constant if load < floor else (
                    2 * load + constant + EXCESS_WEIGHT * ((load + 1 - bound) ** 2 - excess_rest))
        city, room = self.city_load[self.city[i]], self.room[self.city[i]]
        if source:
            leaving = CITY_WEIGHT * (2 * city[source] - 1) / room[source]
            result = [c + CITY_WEIGHT * (2 * city[t] + 1) / room[t] - leaving for c, t in zip(change, targets)]
        else:
            result = [c + CITY_WEIGHT * (2 * city[t] + 1) / room[t] for c, t in zip(change, targets)]
        if self.linked[i]:  # no spacing to count otherwise
            away = self._too_close(i, source)
            result = [r + SPACING_WEIGHT * (self._too_close(i, t) - away) for r, t in zip(result, targets)]
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
        for d in self.departments[i]:
            row = self.load[d]
            if source:
                row[source] -= 1
            row[target] += 1
            peak = self.peak[d] = max(row)
            self.at_peak[d] = row.count(peak)
            self.department_moved[d] = self.clock
        city = self.city[i]
        if source:
            self.city_load[city][source] -= 1
        self.city_load[city][target] += 1
        self.city_moved[city] = self.slot_moved[i] = self.clock
        self.month[i] = target

    def unchanged(self, i: int) -> bool:
        """Is everything slot i's deltas read as it was when it last had no better month?"""
        seen = self.checked[i]
        if self.slot_moved[i] > seen or self.city_moved[self.city[i]] > seen:
            return False
        for d in self.departments[i]:
            if self.department_moved[d] > seen:
                return False
        if not self.linked[i]:
            return True
        slot, moved = self.slots[i], self.slot_moved
        return all(moved[link.previous] <= seen for link in slot.links) and all(moved[j] <= seen for j, _link in slot.followers)


def balance(slots: Sequence[Slot], n_departments: int, bounds: Sequence[int]) -> list[int]:
    """A month for every slot (pinned slots have one to choose from)."""
    state = _Balancer(slots, n_departments, bounds)
    # Tightest first: rounds with fewest months, then those binding most departments.
    order = sorted(range(len(slots)), key=lambda i: (len(state.months[i]), -len(slots[i].departments), slots[i].tie))
    for i in order:
        months = state.months[i]  # one month (a pin, a monthly round): nothing to weigh
        state.move(i, months[0] if len(months) == 1 else min(zip(state.deltas(i, months), months))[1])  # equals: the earliest
    by_department: list[list[int]] = [[] for _ in range(n_departments)]
    for i in order:
        for d in slots[i].departments:
            by_department[d].append(i)
    for _ in range(MAX_PASSES):
        # Single moves first; when none helps, pairs of moves for departments still above their bound.
        if not _relocate(state, order) and not _eject(state, by_department):
            break
    return state.month


def _relocate(state: _Balancer, order: Sequence[int]) -> bool:
    """Move each slot to its best month if that lowers the objective; True if any moved.
    A slot whose inputs have not changed since it last stayed put would stay put again: skipped."""
    moved = False
    for i in order:
        if len(state.months[i]) == 1 or state.unchanged(i):  # a slot with one month never moves
            continue
        targets = [m for m in state.months[i] if m != state.month[i]]
        best: float = -1e-9
        target = 0
        for m, change in zip(targets, state.deltas(i, targets), strict=True):
            if change < best:
                best, target = change, m
        if target:
            state.move(i, target)
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
