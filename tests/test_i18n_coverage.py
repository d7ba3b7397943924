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
PENDING: set[str] = set()  # every module is wrapped now
# Chinese the product writes in every language: the plan's own vocabulary, Chinese documents
# (calendars, workbook, report, change notices for the bureau) and text it parses.
CHINESE_BY_DESIGN = {
    "render/cells.py", "titles.py", "slugs.py", "model.py", "workdays.py", "export/ical.py", "export/index.py",
    "export/xlsx.py", "export/report.py", "export/changes.py", "export/table_csv.py", "build.py",
    "check/scopes.py",  # the plan's words for places and kinds of business, read to compare scopes
    "cli/localise.py",  # the Chinese of click's own English messages
}
# Chinese a checked module parses, or writes in the plan's own notation ("1次/年"): the module-level
# names (constants, functions) it sits in. A regular expression (first argument of a re.* call) is
# parsed text wherever it is.
PARSED = {
    "columns.py": {"FIELD_LABELS", "VOCABULARY", "_TRADITIONAL"},  # header names and words
    "fields.py": {"CHINESE_DIGITS", "_RANGE_SEP", "_SEASONS", "_NUM", "_PER", "_UNIT", "_TIER_NAME", "_LEVEL",
                  "_one_window", "_unpack_dates", "_shared_suffix", "_split_departments", "kind_of", "mode_typo", "ratio_typo"},
    "plan.py": {"ONCE_A_YEAR", "TIMES_A_YEAR", "WHOLE_YEAR", "_months", "_without_city", "sector_of"},
    "repair.py": {"COLUMN_LABELS", "HEADER_WORDS", "WHOLE_YEAR", "_PROVINCE_LEVEL", "_PLAN_WORDS", "_COMMON", "_place_in_title"},
}


def unwrapped_chinese(path: Path, parsed: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for top in tree.body:
        names = [t.id for t in getattr(top, "targets", [getattr(top, "target", None)]) if isinstance(t, ast.Name)]
        if getattr(top, "name", None) in parsed or set(names) & parsed:
            skip.update(id(n) for n in ast.walk(top))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            skip.add(id(node.body[0].value))  # type: ignore[attr-defined]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
            skip.update(id(a) for a in node.args)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == "re" and node.args:
            skip.update(id(n) for n in ast.walk(node.args[0]))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
            found.append((node.lineno, node.value))
    return found


def modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", [m for m in modules() if m not in PENDING and m not in CHINESE_BY_DESIGN])
def test_translated_module_has_no_bare_chinese(module: str) -> None:
    assert unwrapped_chinese(PACKAGE / module, frozenset(PARSED.get(module, ()))) == []


def test_the_lists_name_real_modules() -> None:
    assert (PENDING | CHINESE_BY_DESIGN | set(PARSED)) <= set(modules())
