"""Step 3: start days inside the balanced months.

Each slot takes, in its balanced month, the start that is best by, in order:

1. its tasks' rounds keep the spacing rule (at least half of window / rounds between starts);
2. its working days are one run: no weekend or holiday inside, and all in one month (an event
   counts in every month it runs in, so a run across a month end would load two months);
3. its departments have fewest events running on those days beyond their daily capacity, first
   counting departments whose month has room for all their events side by side (an overlap
   there is avoidable), then those whose workload forces overlap;
4. its rounds are as far apart as window / rounds, or as near to that as the month allows;
5. its city has fewest starts that day, then the earliest day.

Tightest slots go first; then slots that still overlap, run split or break spacing are lifted
out and put back where they do best now, until no such move helps.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.i18n import _
from planner.schedule.slots import Slot
from planner.schedule.stamps import untouched

REPAIR_PASSES = 4
_Key = tuple[int, int, int, int, int, int, int]  # a start's cost (see `cost`), shortfall, city starts that day, the start


@dataclass(frozen=True)
class Placement:
    starts: dict[int, int]  # slot -> calendar index of its first working day
    failed: dict[int, str]  # slot -> why it found no day


def place_days(
    slots: Sequence[Slot], months: Sequence[int], capacity: Sequence[int], calendar_days: Sequence[date]
) -> Placement:
    """Start day (calendar index) per slot; the slots that found none, with why."""
    state = _Days(slots, capacity, calendar_days, months)
    keys = [(not s.pinned, m, len(s.starts[m]), -len(s.departments), s.tie) for s, m in zip(slots, months)]
    order = sorted(range(len(slots)), key=keys.__getitem__)
    for i in order:
        start = state.best(i, months[i])
        if start is not None:
            state.take(i, start)
    movable = [i for i in order if not slots[i].pinned]
    for round_ in range(REPAIR_PASSES):
        if not _repair(state, movable, months, forced_too=round_ == 0):
            break
    failed = {i: _("可排月份内找不到开始日") for i in order if i not in state.start}
    return Placement(dict(state.start), failed)


def _repair(state: _Days, order: Sequence[int], months: Sequence[int], forced_too: bool) -> bool:
    """Lift out each slot of `order` (none pinned) placed worse than it might be and put it back at
    its best day now (forced overlap only on the first pass: later passes rarely shorten it and it
    is most slots)."""
    moved = False
    start_of, checked, slot_changed, department_changed = state.start, state.checked, state.slot_changed, state.department_changed
    departments, neighbours = state.departments, state.neighbours
    for i in order:
        start = start_of.get(i)
        if start is None:
            continue
        # Settled: found placed well enough (under as strict a rule), with nothing its cost reads
        # changed since: its own start, its departments' days and its tasks' other rounds.
        seen, strict = checked[i]
        if (
            slot_changed[i] <= seen  # never checked: seen is -1
            and (strict or not forced_too)
            and untouched(seen, departments[i], department_changed, neighbours[i], slot_changed)
        ):
            continue
        if not state.linked[i] and state.whole(state.slots[i].duration)[start] and state.clear(i, start, forced_too):
            state.checked[i] = (state.clock, forced_too)  # its cost passes the test below, found quicker
            continue
        current = state.cost(i, start, placed=True)
        if current[:3] == (0, 0, 0) and (current[3] == 0 or not forced_too):
            state.checked[i] = (state.clock, forced_too)
            continue
        best = state.best_elsewhere(i, start, months[i], current)
        if best is not None:
            state.drop(i, start)
            state.take(i, best)
            moved = True
        else:  # it stays: nothing changed for its neighbours to look at again
            moved |= current[2] > 0 and (_move_pair(state, i, months) or _eject(state, i, months))
    return moved


def _eject(state: _Days, i: int, months: Sequence[int]) -> bool:
    """Put slot i on another whole, well-spaced day and move whoever it then overlaps to their best
    day: an ejection chain for an avoidable overlap that neither single nor paired moves clear."""
    start = state.start[i]
    slot = state.slots[i]
    for day in slot.starts[months[i]]:
        if day == start:
            continue
        state.drop(i, start)
        fits = state.cost(i, day)[:2] == (0, 0)
        state.take(i, start)
        if not fits:
            continue
        end = day + slot.duration
        pushed = [j for j in state._peers(i) if state.start[j] < end and day < state.start[j] + state.slots[j].duration]
        if any(state.slots[j].pinned for j in pushed):
            continue
        before = _total(tuple(state.placed_cost(k) for k in (i, *pushed)))
        old = {j: state.start[j] for j in pushed}
        for j in pushed:
            state.drop(j, old[j])
        state.drop(i, start)
        state.take(i, day)
        new: dict[int, int] = {}
        for j in pushed:
            best = state.best(j, months[j])
            if best is None:
                break
            state.take(j, best)
            new[j] = best
        if len(new) == len(pushed) and _total(tuple(state.placed_cost(k) for k in (i, *pushed))) < before:
            return True
        for j, at in new.items():
            state.drop(j, at)
        state.drop(i, day)
        state.take(i, start)
        for j, at in old.items():
            state.take(j, at)
    return False


def _move_pair(state: _Days, i: int, months: Sequence[int]) -> bool:
    """An avoidable overlap one move cannot clear: move a slot it overlaps, then it, if both end better."""
    start = state.start[i]
    slot = state.slots[i]
    for j in dict.fromkeys(state.overlapping(i) + state.same_month(i) + [j for j in slot.neighbours if j in state.start]):
        other = state.start[j]
        if state.slots[j].pinned:
            continue
        state.drop(i, start)
        before = (state.cost(i, start), state.cost(j, other))
        state.drop(j, other)
        first = state.best(i, months[i])
        if first is not None:
            state.take(i, first)
            second = state.best(j, months[j])
            if second is not None:
                state.take(j, second)
                after = (state.cost(i, first), state.cost(j, second))
                if _total(after) < _total(before):
                    return True
                state.drop(j, second)
            state.drop(i, first)
        state.take(j, other)
        state.take(i, start)
    return False


def _total(costs: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    return tuple(sum(c[k] for c in costs) for k in range(len(costs[0])))


class _Days:
    """Who is running on each working day (calendar index), and where each slot starts."""

    def __init__(
        self, slots: Sequence[Slot], capacity: Sequence[int], calendar_days: Sequence[date], months: Sequence[int]
    ) -> None:
        self.slots = slots
        self.capacity = capacity
        self.ordinal = [d.toordinal() for d in calendar_days]
        self.month_of = [d.month for d in calendar_days]
        empty = array("H", bytes(2 * len(calendar_days)))
        self.city_starts = {city: array("H", empty) for city in dict.fromkeys(s.city for s in slots)}
        n = 1 + max((d for s in slots for d in s.departments), default=-1)
        # Per department, its load as bits: level k has a bit per day at least k + 1 of its events
        # run on (so each level's bits are within the one below). One more event on a run of days
        # sets, per day, the first level unset there; one fewer clears the last level set.
        # The levels up to the one beyond capacity are there from the start: the capacity bits below
        # are two of them.
        self.levels: list[list[int]] = [[0] * (1 + capacity[d]) for d in range(n)]
        # Per department, a bit per day it runs at or beyond its daily capacity (load >= capacity):
        # a start is free of overlap for a slot when no bit of its departments is set in its run, and
        # the bits set there are the department-days one more event would overload (cost counts them).
        # The level of the capacity (at least 1: the config allows no less), kept by _add.
        self.full = [0] * n
        # Likewise a bit per day beyond it (load > capacity): the department-days a placed slot shares
        # with too many others; none in its run, and it overlaps nobody.
        self.over = [0] * n
        # A clock of take/drop steps stamps what each changed, so a repair pass skips slots whose
        # placement was fine and whose inputs are unchanged since (as in balance).
        self.clock = 0
        self.department_changed = [0] * n
        self.departments = [s.departments for s in slots]
        self.neighbours = [s.neighbours for s in slots]
        self.slot_changed = [0] * len(slots)
        self.checked = [(-1, False)] * len(slots)  # (clock, under the strict rule) when found fine
        self.start: dict[int, int] = {}
        self.members: list[list[int]] = [[] for _ in range(n)]
        for i, slot in enumerate(slots):
            for d in slot.departments:
                self.members[d].append(i)
        self._whole: dict[int, list[bool]] = {}
        self._crowded_in: list[tuple[int, tuple[bool, ...]] | None] = [None] * len(slots)
        self._partitions: dict[tuple[int, int], tuple[tuple[int, ...], list[int], list[int]]] = {}
        self.linked = [bool(near) for near in self.neighbours]  # only these have spacing to cost
        self.crowded = self._crowded(months)

    def _crowded(self, months: Sequence[int]) -> set[int]:
        """(department, month) pairs, as department · 13 + month, with more events than fit side by
        side: overlap there is forced."""
        load = Counter(d * 13 + month for slot, month in zip(self.slots, months) for d in slot.departments)
        durations = {slot.duration for slot in self.slots}
        if len(durations) == 1:  # the usual: one duration, the shortest of every pair
            shortest: dict[int, int] = dict.fromkeys(load, durations.pop())
        else:
            shortest = {}
            for slot, month in zip(self.slots, months):
                for d in slot.departments:
                    key = d * 13 + month
                    shortest[key] = min(shortest.get(key, slot.duration), slot.duration)
        room: dict[tuple[int, int], int] = {}
        for key, duration in shortest.items():
            if (key % 13, duration) not in room:
                days = [self.ordinal[i] for i in range(len(self.ordinal)) if self.month_of[i] == key % 13]
                room[key % 13, duration] = _side_by_side(days, duration)
        capacity = self.capacity
        fits = min(room.values(), default=0) * min(capacity, default=0)  # no pair with this many or fewer is crowded
        return {key for key, n in load.items() if n > fits and n > room[key % 13, shortest[key]] * capacity[key // 13]}

    def whole(self, duration: int) -> list[bool]:
        """Per start index: do `duration` working days from it run without a day off, in one month?"""
        if duration not in self._whole:
            n = len(self.ordinal)
            self._whole[duration] = [
                i + duration <= n
                and self.ordinal[i + duration - 1] - self.ordinal[i] == duration - 1
                and self.month_of[i + duration - 1] == self.month_of[i]
                for i in range(n)
            ]
        return self._whole[duration]

    def crowded_in(self, i: int, month: int) -> tuple[bool, ...]:
        """Per department of slot i: is its overlap forced in `month`? Made once per slot, as a
        slot's starts all lie in its one balanced month."""
        made = self._crowded_in[i]
        if made is None or made[0] != month:
            made = self._crowded_in[i] = (month, tuple(d * 13 + month in self.crowded for d in self.slots[i].departments))
        return made[1]

    def cost(self, i: int, start: int, placed: bool = False) -> tuple[int, int, int, int]:
        """(spacing breaches, split or across a month end, avoidable and forced department-days beyond
        daily capacity); `placed`: slot i itself runs from `start` and is not counted against it."""
        slot = self.slots[i]
        # a day with capacity taken is a bit of `full` (`placed`: of `over`, one event being slot i)
        bits, span, avoidable, forced = self.over if placed else self.full, (1 << slot.duration) - 1, 0, 0
        for d, crowded in zip(slot.departments, self.crowded_in(i, self.month_of[start]), strict=True):
            if crowded:
                forced += ((bits[d] >> start) & span).bit_count()
            else:
                avoidable += ((bits[d] >> start) & span).bit_count()
        too_close = self._spacing(i, start)[0] if self.linked[i] else 0
        return (too_close, 0 if self.whole(slot.duration)[start] else 1, avoidable, forced)

    def _spacing(self, i: int, start: int) -> tuple[int, int]:
        """Against its tasks' placed neighbouring rounds: pairs closer than the spacing rule, and days
        by which the gaps fall short of window / rounds."""
        return _gaps(self._near(i), self.ordinal[start])

    def best(self, i: int, month: int) -> int | None:
        """The best start in `month` (module doc); None when it has none.

        The least key wins whatever the order the starts are tried in (the start is its last part):
        whole runs first, and a split run only when no whole one keeps the spacing rule."""
        slot = self.slots[i]
        whole, split = self._partition(slot.starts[month], slot.duration)
        if not self.linked[i]:
            free = self._free(i, whole)
            if free is not None:
                return free
        best = self._least(i, month, whole, None)
        if best is None or best[0]:
            best = self._least(i, month, split, best)
        return None if best is None else best[6]

    def best_elsewhere(self, i: int, start: int, month: int, current: tuple[int, int, int, int]) -> int | None:
        """The best start for placed slot i if it were lifted out, when that costs less than
        `current` (its cost where it is); None when none does. Found with slot i's event taken out of the capacity bits
        and the city's starts for the while, not dropped and taken again."""
        slot = self.slots[i]
        run = ((1 << slot.duration) - 1) << start
        full, over, city = self.full, self.over, self.city_starts[slot.city]
        kept = [full[d] for d in slot.departments]
        for d in slot.departments:  # without slot i, a day of its run is full where it is over now
            full[d] = (full[d] & ~run) | (over[d] & run)
        city[start] -= 1
        best = self.best(i, month)
        if best is not None and not self.cost(i, best) < current:
            best = None
        city[start] += 1
        for d, bits in zip(slot.departments, kept, strict=True):
            full[d] = bits
        return best

    def _least(self, i: int, month: int, starts: Sequence[int], best: _Key | None) -> _Key | None:
        """The least key among `starts` and `best`."""
        slot = self.slots[i]
        city, duration, whole = self.city_starts[slot.city], slot.duration, self.whole(slot.duration)
        # a day with capacity taken is a bit of `full`: a run's overlap is counted by bit_count, in C
        full, busy = self.full, 0
        avoidable_bits: list[int] = []
        forced_bits: list[int] = []
        for d, crowded in zip(slot.departments, self.crowded_in(i, month), strict=True):
            (forced_bits if crowded else avoidable_bits).append(full[d])
            busy |= full[d]
        near = self._near(i) if self.linked[i] else ()
        ordinal, span = self.ordinal, (1 << duration) - 1
        too_close = short = 0
        for start in starts:
            avoidable = forced = 0
            if (busy >> start) & span:  # somebody at capacity on its days (the usual is nobody: one test)
                for bits in avoidable_bits:
                    avoidable += ((bits >> start) & span).bit_count()
                for bits in forced_bits:
                    forced += ((bits >> start) & span).bit_count()
            if near:  # as _spacing, against the neighbours placed now (listed once per search)
                too_close, short = _gaps(near, ordinal[start])
            key = (too_close, 0 if whole[start] else 1, avoidable, forced, short, city[start], start)
            if best is None or key < best:
                best = key
                if not (too_close or avoidable or forced or short or city[start]) and whole[start]:
                    break  # nothing later beats a free, whole, well-spaced day nobody in the city starts on
        return best

    def _near(self, i: int) -> list[tuple[int, int, bool]]:
        """Slot i's placed neighbouring rounds: (their start's ordinal, the days wanted between, after it)."""
        slot, ordinal, start = self.slots[i], self.ordinal, self.start
        near = [(ordinal[start[link.previous]], link.days, False) for link in slot.links if link.previous in start]
        near += [(ordinal[start[after]], link.days, True) for after, link in slot.followers if after in start]
        return near

    def _free(self, i: int, whole: Sequence[int]) -> int | None:
        """For a slot without spacing to keep: the whole start free of overlap with fewest city starts,
        then earliest (its key is all zeros but those two, so it beats any other), if there is one."""
        slot = self.slots[i]
        busy = 0
        for d in slot.departments:
            busy |= self.full[d]
        city, span, found = self.city_starts[slot.city], (1 << slot.duration) - 1, None
        for start in whole:
            if not (busy >> start) & span:
                if not city[start]:
                    return start
                if found is None or city[start] < city[found]:
                    found = start
        return found

    def _partition(self, starts: tuple[int, ...], duration: int) -> tuple[list[int], list[int]]:
        """The starts of whole runs and of split ones, in order (made once per distinct start list)."""
        made = self._partitions.get((id(starts), duration))
        if made is None or made[0] is not starts:
            whole = self.whole(duration)
            made = (starts, [s for s in starts if whole[s]], [s for s in starts if not whole[s]])
            self._partitions[id(starts), duration] = made
        return made[1], made[2]

    def placed_cost(self, i: int) -> tuple[int, int, int, int]:
        """The cost of a placed slot where it is (as if it were being placed there now)."""
        return self.cost(i, self.start[i], placed=True)

    def overlapping(self, i: int) -> list[int]:
        """Placed slots sharing a department and a day with slot i."""
        start, end = self.start[i], self.start[i] + self.slots[i].duration
        return [j for j in self._peers(i) if self.start[j] < end and start < self.start[j] + self.slots[j].duration]

    def same_month(self, i: int) -> list[int]:
        """Placed slots sharing a department with slot i and starting in its month."""
        month = self.month_of[self.start[i]]
        return [j for j in self._peers(i) if self.month_of[self.start[j]] == month]

    def _peers(self, i: int) -> list[int]:
        return list(dict.fromkeys(j for d in self.slots[i].departments for j in self.members[d] if j != i and j in self.start))

    def take(self, i: int, start: int) -> None:
        self._add(i, start, 1)
        self.start[i] = start

    def drop(self, i: int, start: int) -> None:
        self._add(i, start, -1)
        del self.start[i]

    def _add(self, i: int, start: int, step: int) -> None:
        slot = self.slots[i]
        self.city_starts[slot.city][start] += step
        clock = self.clock = self.clock + 1
        self.slot_changed[i] = clock
        run = ((1 << slot.duration) - 1) << start
        changed, capacity, every_levels, full, over = self.department_changed, self.capacity, self.levels, self.full, self.over
        for d in slot.departments:
            changed[d] = clock
            levels = every_levels[d]
            days, k = run, 0
            if step > 0:
                while days:  # the days at load k go to k + 1, the others on up
                    if k == len(levels):
                        levels.append(days)
                        break
                    level = levels[k]
                    levels[k] = level | days
                    days &= level
                    k += 1
            else:
                while days:  # the days at load k + 1 go to k, the others on up
                    above = levels[k + 1] if k + 1 < len(levels) else 0
                    levels[k] ^= days & ~above
                    days &= above
                    k += 1
            cap = capacity[d]
            full[d], over[d] = levels[cap - 1], levels[cap]

    def clear(self, i: int, start: int, forced_too: bool) -> bool:
        """Does placed slot i, running from `start`, share no day beyond capacity with anybody (in a
        department whose overlap is avoidable, unless `forced_too`)?"""
        busy, month = 0, self.month_of[start]
        for d in self.slots[i].departments:
            if forced_too or d * 13 + month not in self.crowded:
                busy |= self.over[d]
        return not (busy >> start) & ((1 << self.slots[i].duration) - 1)


def _gaps(near: Sequence[tuple[int, int, bool]], day: int) -> tuple[int, int]:
    """For a start on `day` (an ordinal), against placed neighbouring rounds (see _Days._near): pairs
    closer than the spacing rule, and days by which the gaps fall short of twice it."""
    close = short = 0
    for other, days, after in near:
        gap = other - day if after else day - other
        if gap < days:
            close += 1
        if gap < 2 * days:
            short += 2 * days - gap
    return close, short


def _side_by_side(ordinals: list[int], duration: int) -> int:
    """How many `duration`-day runs fit without overlap in these working days (one month's)."""
    room, run, previous = 0, 0, None
    for day in ordinals:
        run = run + 1 if previous is not None and day - previous == 1 else 1
        previous = day
        if run == duration:
            room, run = room + 1, 0
    return room
