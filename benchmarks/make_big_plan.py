"""Write a synthetic plan N times the embedded one: N copies of every row, each copy in new cities.

Copy k renames every city cell ("太原市" → "太原零零七市"), so departments, loads and uids stay per
copy, just as 100 provinces' worth of cities would be. Everything else — merged cells, slid rows,
page headers — is kept byte for byte, so the reader does the same repair work on every copy.

    python benchmarks/make_big_plan.py OUT.tsv [--copies 100]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.read import embedded_plan_path


def _numeral(k: int) -> str:
    """07 → 零七: city names hold no digits, and the reader recognises a city cell by its characters."""
    return "".join("零一二三四五六七八九"[int(d)] for d in f"{k:03d}")


def big_plan_text(source: str, copies: int) -> str:
    lines = source.rstrip("\n").split("\n")
    first_row = next(i for i, line in enumerate(lines) if "\t" in line)  # blank lines and the title come once
    head, body = lines[:first_row], lines[first_row:]
    cities = {line.split("\t", 1)[0] for line in body if line.split("\t", 1)[0].endswith("市")}
    out = list(head)
    for k in range(copies):
        for line in body:
            first, tab, rest = line.partition("\t")
            if first in cities and "序号" not in rest:  # the page headers' 地市 stays a header
                first = f"{first.removesuffix('市')}{_numeral(k)}市"
            out.append(first + tab + rest)
    return "\n".join(out) + "\n"


def write_big_plan(path: Path, copies: int = 100) -> Path:
    source = embedded_plan_path().read_text(encoding="utf-8")
    path.write_text(big_plan_text(source, copies), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    write_big_plan(args.out, args.copies)
    print(f"wrote {args.out} ({args.copies} copies)")


if __name__ == "__main__":
    main()
