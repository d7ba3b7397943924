"""Time reading plans: the embedded TSV in-process, and a 100-page PDF plan.

    python benchmarks/bench_read.py [--pages 100] [--repeat 5]

The PDF is the embedded plan printed as the tests print it (tests/documents.py: landscape
A4, ruled table, header on every page, merged blocks as one box, an embedded CJK font from
Debian's fonts-wqy-microhei), its task rows repeated until it has at least --pages pages;
it is written to a temporary directory and removed afterwards. Figures are wall and CPU
seconds; the TSV's are the best of --repeat runs, the PDF's a single run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.plan import load_plan  # noqa: E402
from planner.read import read_table  # noqa: E402
from tests.documents import write_pdf  # noqa: E402

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[T, float, float]:
    """Result, best wall-clock seconds and best CPU seconds (CPU is steadier on a busy machine)."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return result, wall, cpu  # type: ignore[return-value]


def line(label: str, wall: float, cpu: float) -> str:
    return f"  {label:<22} {wall:7.3f} s wall  {cpu:7.3f} s cpu"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    table, wall, cpu = timed(lambda: read_table(None), args.repeat)
    print(f"embedded TSV: {len(table.rows)} lines")
    print(line("read_table", wall, cpu))
    plan, wall, cpu = timed(lambda: load_plan(None), args.repeat)
    print(line(f"load_plan ({len(plan.tasks)} tasks)", wall, cpu))

    import pdfplumber

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        copies = 1
        while True:
            write_pdf(path, copies)
            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
            if pages >= args.pages:
                break
            copies = max(copies + 1, -(-args.pages * copies // pages))
        print(f"PDF plan: {pages} pages, {path.stat().st_size // 1024} KiB, the task rows {copies}×")
        table, wall, cpu = timed(lambda: read_table(path))
        print(line(f"read_table ({len(table.rows)} rows)", wall, cpu))
        plan, wall, cpu = timed(lambda: load_plan(path))
        print(line(f"load_plan ({len(plan.tasks)} tasks)", wall, cpu))


if __name__ == "__main__":
    main()
