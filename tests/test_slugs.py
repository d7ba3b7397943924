"""Pinyin spelled ahead of time (planner/data/pinyin.tsv, planner/data/hanzi-pinyin.tsv) is what pypinyin spells,
and covers the embedded plan and most other names without importing pypinyin."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from planner.departments import load_aliases
from planner.plan import load_plan
from planner.slugs import (
    HANZI_PHRASES,
    HANZI_TABLE,
    PINYIN_TABLE,
    _hanzi_table,
    _known_syllables,
    _read_by_character,
    _spelled,
    department_slug,
    exact_slug,
    hanzi_phrases_text,
    hanzi_table_text,
    pinyin_table_text,
)

FIXTURES = Path(__file__).parent / "fixtures"


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


def real_names() -> set[str]:
    """Names of fixtures/place-and-department-names.txt and of the fixture plans, as the slug functions spell them."""
    lines = (FIXTURES / "place-and-department-names.txt").read_text(encoding="utf-8").splitlines()
    names = {name for line in lines if not line.startswith("#") for name in line.split()}
    for path in sorted((FIXTURES / "plans").glob("*.tsv")):
        plan = load_plan(path)
        names |= {t.city for t in plan.tasks} | {d.name for t in plan.tasks for d in t.departments()} | {plan.province}
    stems = {name.removesuffix("市").removesuffix("省") for name in names}
    bare = {name.removeprefix("市") for name in names if len(name) > 2}
    return {name for name in names | stems | bare if name}


def assert_read_like_pypinyin(names: set[str]) -> int:
    """Each name that data/hanzi-pinyin.tsv spells is spelled as pypinyin spells it; how many it spells."""
    read = 0
    for name in sorted(names):
        plain, toned = _read_by_character(name, False), _read_by_character(name, True)
        assert (plain is None) == (toned is None), name
        if plain is not None:
            assert plain == _spelled(name, False), name
            assert toned == _spelled(name, True), name
            read += 1
    return read


def test_characters_spell_real_names_like_pypinyin() -> None:
    names = real_names()
    assert len(names) > 500
    # all of them, or pypinyin's 150 ms import is back
    assert assert_read_like_pypinyin(names) == len(names)


def test_characters_spell_pypinyins_own_phrases_like_it() -> None:
    """Every phrase of pypinyin's dictionary, alone and among others, including those that read a
    character otherwise than alone (一个 yi2, 长沙 chang2, neutral tones as in 便宜 pian2 yi5)."""
    from pypinyin.constants import PHRASES_DICT

    phrases = sorted(PHRASES_DICT)
    mixed = {f"{a}（Ａ区2号）{b}·c{a[-1]}" for a, b in zip(phrases[::40], phrases[3::40])}
    # runs where phrases overlap and a run ends inside a phrase: how pypinyin segments them counts
    otherwise = sorted(_hanzi_table().phrases)
    overlapping = {f"{a}{b[:-1]}" for a, b in zip(otherwise[::5], phrases[::20])}
    overlapping |= {f"{b[1:]}{a}{a[:-1]}" for a, b in zip(otherwise[1::5], phrases[7::20])}
    names = set(phrases) | mixed | overlapping
    assert assert_read_like_pypinyin(names) == len(names)


def test_a_phrase_read_otherwise_is_read_as_pypinyin_reads_it() -> None:
    assert _read_by_character("无为", True) == ["wu2", "wei2"]  # 为 is wei4 alone
    assert _read_by_character("便宜", True) == ["pian2", "yi5"]  # 宜 is yi2 alone
    assert _read_by_character("无为市", True) == ["wu2", "wei2", "shi4"]
    assert department_slug("市应急管理局") == "ying-ji-guan-li-ju"
    assert exact_slug("市应急管理局") == "shi4-ying4-ji2-guan3-li3-ju2"  # 应 is ying1 alone


def test_characters_pypinyin_has_no_reading_for_are_left_to_it() -> None:
    assert _read_by_character("\u4dbf", True) is None  # in pypinyin's ranges, not in its dictionary
    assert exact_slug("市\u4dbf局") == "-".join(_spelled("市\u4dbf局", True))


def test_character_table_is_up_to_date_with_pypinyin() -> None:
    """Regenerate with: python -c 'from tests.test_slugs import *; write()' when this fails (pypinyin updated)."""
    data = resources.files("planner") / "data"
    assert (data / HANZI_TABLE).read_text(encoding="utf-8") == hanzi_table_text()
    assert (data / HANZI_PHRASES).read_text(encoding="utf-8") == hanzi_phrases_text()


def write() -> None:
    data = resources.files("planner") / "data"
    (data / PINYIN_TABLE).write_text(pinyin_table_text(known_names()), encoding="utf-8")  # type: ignore[attr-defined]
    (data / HANZI_TABLE).write_text(hanzi_table_text(), encoding="utf-8")  # type: ignore[attr-defined]
    (data / HANZI_PHRASES).write_text(hanzi_phrases_text(), encoding="utf-8")  # type: ignore[attr-defined]
