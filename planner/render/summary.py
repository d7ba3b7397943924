"""The short summary `planner build` prints when it is done."""

from __future__ import annotations

from rich import box
from rich.table import Table

from planner.build import BuildSummary
from planner.export.changes import KINDS, counts


def summary_table(summary: BuildSummary) -> Table:
    table = Table(title=f"planner build · {summary.source}", title_justify="left", box=box.SIMPLE, show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    findings = "  ".join(f"{kind} {count}" for kind, count in summary.findings) or "none"
    busiest = summary.busiest
    rows = [
        ("tasks", f"{summary.tasks} ({summary.repairs} repairs, {summary.rows_skipped} rows skipped; see `planner audit`)"),
        ("events", f"{summary.events} inspection events in {summary.year}"),
        ("departments", str(summary.departments)),
        ("findings", findings),
        ("overloads", f"naive {summary.naive_overloads} → balanced {dict(summary.findings).get('overload', 0)}"),
        ("peak load", f"naive {summary.peak_naive} → balanced {summary.peak_balanced} per department-month"),
        ("busiest", f"{busiest.department}, the department with the fullest month before balancing: "
                    f"naive {busiest.naive} → balanced {busiest.balanced} (lower bound {busiest.bound}: no schedule does better)"),
        ("above bound+1", f"{summary.over_bound} departments"),
        ("calendars", f"{summary.feeds} feeds ({summary.feeds_changed} files changed)"),
        ("samples", f"{len(summary.samples)} files in sample_output/" if summary.samples else "not written"),
    ]
    rows += _changes(summary)
    for what, value in rows:
        table.add_row(what, value)
    return table


SHOWN_DEPARTMENTS = 8


def _changes(summary: BuildSummary) -> list[tuple[str, str]]:
    """Since the previous export: how many events moved, came and went, and for which departments."""
    if summary.first_export:
        return [("changes", "first export of these calendars")]
    total = counts(summary.changes)
    rows = [("changes", f"{len(summary.changes)} departments: "
             + ", ".join(f"{total[kind]} {kind}" for kind in KINDS) + " (before the next build, `planner changes -f notice` drafts one notice per department)")]
    for department in summary.changes[:SHOWN_DEPARTMENTS]:
        rows.append(("", f"{department.department}: " + ", ".join(
            f"{kind} {len(department.of(kind))}" for kind in KINDS if department.of(kind))))
    if len(summary.changes) > SHOWN_DEPARTMENTS:
        rows.append(("", f"… {len(summary.changes) - SHOWN_DEPARTMENTS} more"))
    return rows
