"""Tasks as plain records, JSON and CSV: the shapes other tools rely on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planner.export.stream import exact, json_array, json_chunks
from planner.export.table_csv import csv_text
from planner.model import DepartmentRef, Repair, Task


def task_record(task: Task) -> dict[str, Any]:
    """One task as the JSON object documented in the README (stable key order)."""
    return {
        "city": task.city,
        "seq": task.seq,
        "number": task.number,  # "1.2" for an item row numbered inside 序号 1
        "name": task.name,
        "item": task.item,
        "scope": task.scope,
        "ratio_text": task.ratio_text,
        "ratio": {
            "min_percent": exact(task.ratio.min_percent),  # exact: a float as json.dumps writes it
            "max_percent": exact(task.ratio.max_percent),
            "min_count": task.ratio.min_count,
            "max_count": task.ratio.max_count,
            "tiers": [[t.tier, exact(t.value), t.unit] for t in task.ratio.tiers],
        },
        "risk_text": task.risk_text,
        "windows": [[w.start, w.end] for w in task.windows],
        "frequency": {"count": task.frequency.count, "per": task.frequency.per},
        "lead": [r.department.name for r in task.lead],
        "partners": [r.department.name for r in task.partners],
        "lead_detail": [_ref(r) for r in task.lead],
        "partners_detail": [_ref(r) for r in task.partners],
        "mode": task.mode.text,
        "mode_draw": task.mode.draw,
        "mode_inspect": task.mode.inspect,
        "sector": task.sector,
        "source_line": task.source_line,
        "repairs": [_repair(r) for r in task.repairs],
    }


def _repair(repair: Repair) -> dict[str, Any]:
    # every field, as dataclasses.asdict gives them (which took 80% of the tasks' records: it deep-copies each str)
    return {
        "line": repair.line,
        "kind": repair.kind,
        "field": repair.field,
        "before": repair.before,
        "after": repair.after,
        "reason": repair.reason,
    }


def _ref(ref: DepartmentRef) -> dict[str, Any]:
    return {
        "name": ref.department.name,
        "written": ref.written,
        "note": ref.note,
        "alternatives": [d.name for d in ref.alternatives],
        "known": ref.known,
    }


def tasks_json(tasks: tuple[Task, ...]) -> str:
    return "".join(json_array(task_record(t) for t in tasks)) + "\n"


def tasks_json_chunks(tasks: tuple[Task, ...]) -> Iterator[bytes | str]:
    """tasks_json's text, a batch of tasks at a time, as UTF-8 bytes or text (planner tasks streams it)."""
    yield from json_chunks(task_record(t) for t in tasks)
    yield b"\n"


CSV_COLUMNS = (
    "city", "seq", "name", "item", "scope", "ratio_text", "risk_text", "windows",
    "frequency", "lead", "partners", "mode", "source_line", "repairs",
)


def tasks_csv(tasks: tuple[Task, ...], *, excel: bool = False) -> str:
    """One row per task; lists joined with 、 so a spreadsheet shows them as written."""
    return csv_text(CSV_COLUMNS, (_csv_row(task) for task in tasks), excel=excel)


def _csv_row(task: Task) -> list[object]:
    return [
        task.city, task.number, task.name, task.item, task.scope, task.ratio_text, task.risk_text,
        "、".join(f"{w.start}-{w.end}" for w in task.windows),
        f"{task.frequency.count}/{task.frequency.per}",
        "、".join(r.department.name for r in task.lead),
        "、".join(r.department.name for r in task.partners),
        task.mode.text, task.source_line, len(task.repairs),
    ]
