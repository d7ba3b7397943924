"""The short summary `planner build` prints when it is done."""

from __future__ import annotations

from rich import box
from rich.table import Table

from planner.build import BuildSummary


def summary_table(summary: BuildSummary) -> Table:
    table = Table(title=f"planner build · {summary.source}", title_justify="left", box=box.SIMPLE, show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    findings = "  ".join(f"{kind} {count}" for kind, count in summary.findings) or "none"
    busiest = summary.busiest
    rows = [
        ("tasks", f"{summary.tasks} ({summary.repairs} repairs, {summary.rows_skipped} rows skipped; see `planner audit`)"),
        ("events", f"{summary.events} inspection events in {summary.year} ({summary.split_events} split over a day off)"),
        ("一业一查", f"{summary.joint_visits} joint visits, {summary.visits_saved} visits saved; {summary.folded} duplicates scheduled once"),
        ("departments", str(summary.departments)),
        ("findings", findings),
        ("overloads", f"naive {summary.naive_overloads} → balanced {dict(summary.findings).get('overload', 0)}"),
        ("peak load", f"naive {summary.peak_naive} → balanced {summary.peak_balanced} per department-month"),
        ("busiest", f"{busiest.department}: naive {busiest.naive} → balanced {busiest.balanced} (lower bound {busiest.bound})"),
        ("above bound", f"{summary.above_bound} departments (load counted over the months events run)"),
        ("overlaps", f"{summary.overlap_forced} department-months forced by their workload, {summary.overlap_avoidable} avoidable"),
        ("calendars", f"{summary.feeds} feeds ({summary.feeds_changed} files changed)"),
        ("samples", f"{len(summary.samples)} files in sample_output/" if summary.samples else "not written"),
    ]
    for what, value in rows:
        table.add_row(what, value)
    return table
