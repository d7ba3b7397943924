"""`planner changes` as a table: one row per change, grouped by department."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from planner.export.changes import KIND_TEXT, DepartmentChanges
from planner.i18n import _
from planner.render.cells import date_range

STYLES = {"moved": "yellow", "added": "green", "removed": "red"}


def changes_table(changes: Sequence[DepartmentChanges], *, title: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(_("部门"), overflow="fold", ratio=2)
    table.add_column(_("变动"), no_wrap=True)
    table.add_column(_("任务"), overflow="fold", ratio=4)
    table.add_column(_("原日期"), no_wrap=True)
    table.add_column(_("新日期"), no_wrap=True)
    for department in changes:
        for index, change in enumerate(department.changes):
            table.add_row(
                department.department if index == 0 else "",
                Text(_(KIND_TEXT[change.kind]), style=STYLES[change.kind]),
                change.title,
                date_range(*change.before) if change.before else "—",
                date_range(*change.after) if change.after else "—",
                end_section=index == len(department.changes) - 1,
            )
    return table
