"""The cyclic garbage collector held off while a stage builds a large, acyclic structure.

Reading and scheduling make many small objects that live until the stage returns and form
(almost) no reference cycles, yet every full collection they trigger walks everything built so
far again: a third of reading and of scheduling at 67,500 tasks, for nothing found. Reference
counting still frees memory as usual meanwhile.

The steps of a build after scheduling (check, feeds, samples) are no different: at 30x their
collections found 9 objects in all, yet cost 0.9 s of 4.5 at 30x and 5.6 s of 21 at 100x, growing
faster than the plan (each full collection walks every object the steps keep, e.g. the feed
state). So `planner.build` holds collections off for the whole build, and lets them resume only
once the plan and schedule are freed: objects allocated meanwhile all wait in the youngest
generation, and the first collection after a block walks those still alive. (Moving them
to the oldest generation unwalked with gc.freeze and gc.unfreeze saved that walk, but objects
moved so are not counted towards the next full collection: a library user reading plan after
plan could keep dead cycles indefinitely. A one-shot command of the console script runs with
the collector off anyway, see planner.cli.process.)"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Collections off for the block; back as they were afterwards (also when it raises)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
