"""Pinyin spelled ahead of time (planner/data/pinyin.tsv) is what pypinyin spells, and covers the embedded plan."""

from __future__ import annotations

from importlib import resources

from planner.departments import load_aliases
from planner.plan import load_plan
from planner.slugs import PINYIN_TABLE, _known_syllables, _spelled, department_slug, exact_slug, pinyin_table_text


def known_names() -> set[str]:
    """Department names of the embedded plan and canonical names of the alias table."""
    plan = load_plan(None)
    return {d.name for t in plan.tasks for d in t.departments()} | set(load_aliases().known)


def test_table_spells_like_pypinyin() -> None:
    table = _known_syllables()
    assert len(table) > 50
    for text, (plain, toned) in table.items():
        assert list(plain) == _spelled(text, False), text
        assert list(toned) == _spelled(text, True), text


def test_table_is_up_to_date_with_the_plan_and_alias_table() -> None:
    """Regenerate with: python -c 'from tests.test_slugs import *; write()' when this fails."""
    committed = (resources.files("planner") / "data" / PINYIN_TABLE).read_text(encoding="utf-8")
    assert committed == pinyin_table_text(known_names())


def test_names_outside_the_table_are_still_spelled() -> None:
    assert department_slug("市某某新设局") == "mou-mou-xin-she-ju"
    assert exact_slug("市某某新设局") == "shi4-mou3-mou3-xin1-she4-ju2"


def write() -> None:
    path = resources.files("planner") / "data" / PINYIN_TABLE
    path.write_text(pinyin_table_text(known_names()), encoding="utf-8")  # type: ignore[attr-defined]
