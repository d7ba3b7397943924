"""Change stamps, shared by balancing and day placement.

Both steps improve a schedule in passes, and most slots stay where they are in most passes. Each
keeps a clock of its moves and stamps every department and slot with the move that last changed
it; a slot found fine at some moment need not be weighed again while nothing its cost reads has a
later stamp.
"""

from __future__ import annotations

from collections.abc import Sequence


def untouched(seen: int, departments: Sequence[int], department_stamps: Sequence[int], neighbours: Sequence[int], slot_stamps: Sequence[int]) -> bool:
    """Has none of the departments and neighbouring slots changed since the clock read `seen`?"""
    for d in departments:
        if department_stamps[d] > seen:
            return False
    for j in neighbours:
        if slot_stamps[j] > seen:
            return False
    return True
