"""Modules whose user-facing text is translated hold no Chinese literal outside `_()` / `N_()`.

A Chinese string literal in these modules that is neither wrapped, a docstring, a data value the
plan itself uses (see DATA) nor a parsing pattern is text one language would show in the other.
PENDING lists the modules still to wrap (they draw the terminal views, findings and repairs):
wrapping one is mechanical (put `_()` around each literal, `make catalogues`, fill in the
English) and then it moves from PENDING to the checked set.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "planner"
CJK = re.compile(r"[\u3400-\u9fff]")
PENDING = {
    # findings, repair reasons and the messages of rows that could not be read
    "check/common.py", "check/data.py",
    "check/double_booking.py", "check/duplicates.py", "check/merges.py", "check/overload.py", "check/__init__.py",
    "plan.py", "repair.py", "fields.py", "departments.py", "rounds.py", "schedule.py",
}
# Chinese the product writes in every language: the plan's own vocabulary, Chinese documents
# (calendars, workbook, report, change notices for the bureau) and text it parses.
CHINESE_BY_DESIGN = {
    "render/cells.py", "titles.py", "slugs.py", "model.py", "workdays.py", "export/ical.py", "export/index.py",
    "export/xlsx.py", "export/report.py", "export/changes.py", "export/table_csv.py", "build.py",
    "cli/localise.py",  # the Chinese of click's own English messages
}


def unwrapped_chinese(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            skip.add(id(node.body[0].value))  # type: ignore[attr-defined]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
            skip.update(id(a) for a in node.args)
        if _is_pattern(node):  # a parsing pattern: the plan's words, read in every language
            skip.update(id(a) for a in node.args[:1])
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
            found.append((node.lineno, node.value))
    return found


def _is_pattern(node: ast.AST) -> bool:
    """`re.compile(…)`: its first argument is text the code parses, not text it shows."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re")


def modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", [m for m in modules() if m not in PENDING and m not in CHINESE_BY_DESIGN])
def test_translated_module_has_no_bare_chinese(module: str) -> None:
    assert unwrapped_chinese(PACKAGE / module) == []


def test_the_lists_name_real_modules() -> None:
    assert (PENDING | CHINESE_BY_DESIGN) <= set(modules())
