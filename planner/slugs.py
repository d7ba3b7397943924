"""ASCII names from Chinese ones: pinyin of cities (event UIDs, feed paths) and departments.

    太原市 / 市市场监管局  ->  taiyuan/shi-chang-jian-guan-ju.ics

Cities are proper names and read as one word (``taiyuan``); department names are spelled one
syllable per character so that the slug of a name never depends on how a dictionary happens to
segment it. The leading 市 every municipal department carries is dropped: it is the same in every
file of a city directory and the city is already the directory.

Pinyin without tones has homophones (市水务局 and 市税务局 are both shui-wu-ju). Names that collide
in one directory are spelled in full with tone digits instead (shi4-shui3-wu4-ju2), so a file name
follows from its own department's name, not from the order of a list.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import resources

# pypinyin reads 长治 as "zhang zhi"; the cities' own romanisation wins.
CITY_SLUGS = {
    "太原市": "taiyuan",
    "大同市": "datong",
    "朔州市": "shuozhou",
    "忻州市": "xinzhou",
    "吕梁市": "lvliang",
    "晋中市": "jinzhong",
    "阳泉市": "yangquan",
    "长治市": "changzhi",
    "晋城市": "jincheng",
    "临汾市": "linfen",
    "运城市": "yuncheng",
}

# Two provinces read "shanxi" without tones; 陕西 writes itself Shaanxi.
PROVINCE_SLUGS = {"陕西省": "shaanxi", "山西省": "shanxi"}

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _syllables(text: str, tones: bool = False) -> list[str]:
    """Pinyin, one item per Chinese character; other runs cleaned to lower-case ASCII words."""
    known = _known_syllables().get(text)
    if known is not None:
        return list(known[tones])
    return _spelled(text, tones)


def _spelled(text: str, tones: bool) -> list[str]:
    # imported here: its dictionaries take ~150 ms and ~50 MB to load, and the department names
    # of the embedded plan and the alias table are spelled in data/pinyin.tsv already
    from pypinyin import Style, lazy_pinyin

    words: list[str] = []
    style = Style.TONE3 if tones else Style.NORMAL
    for item in lazy_pinyin(text, style=style, neutral_tone_with_five=True):
        words.extend(w for w in _NOT_ALNUM.split(item.lower()) if w)
    return words


def plan_slug(province: str) -> str:
    """shanxi for 山西省; "plan" when the plan's title names no province."""
    if province in PROVINCE_SLUGS:
        return PROVINCE_SLUGS[province]
    name = re.sub(r"(省|自治区)$", "", province)
    return "".join(_syllables(name)) or "plan"


@functools.lru_cache(maxsize=None)
def city_slug(city: str) -> str:
    """taiyuan for 太原市; a short hash for a name pinyin cannot spell."""
    if city in CITY_SLUGS:
        return CITY_SLUGS[city]
    name = city[:-1] if city.endswith("市") and len(city) > 1 else city
    return "".join(_syllables(name)) or hashlib.sha1(city.encode()).hexdigest()[:8]


def department_slug(name: str) -> str:
    bare = name[1:] if name.startswith("市") and len(name) > 2 else name
    return "-".join(_syllables(bare)) or "department"


def exact_slug(name: str) -> str:
    """The whole name with tone digits: tells 市水务局 (shui3) from 市税务局 (shui4)."""
    return "-".join(_syllables(name, tones=True)) or "x"


def unique_slugs(
    names: Iterable[str], spell: Callable[[str], str], exact: Callable[[str], str] = exact_slug
) -> dict[str, str]:
    """Slug per name. Names that `spell` alike are spelled `exact`ly instead, which depends on the
    name alone; only if that too collides does a -2, -3 … suffix (in sorted-name order) decide."""
    unique = sorted(set(names))
    first = {name: spell(name) for name in unique}
    count = Counter(first.values())
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in unique:
        base = first[name] if count[first[name]] == 1 else exact(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        result[name] = candidate
    return result


PINYIN_TABLE = "pinyin.tsv"


@functools.cache
def _known_syllables() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """text -> (syllables, syllables with tone digits), as pypinyin spells them (tests/test_slugs.py checks)."""
    data = resources.files("planner") / "data" / PINYIN_TABLE
    table = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            text, plain, toned = line.split("\t")
            table[text] = (tuple(plain.split()), tuple(toned.split()))
    return table


def pinyin_table_text(names: Iterable[str]) -> str:
    """data/pinyin.tsv for these department names: each name and its bare form (without the leading 市)."""
    texts = sorted({t for name in names for t in (name, name[1:] if name.startswith("市") and len(name) > 2 else name)})
    lines = ["# text\tpinyin\tpinyin with tone digits (pypinyin; regenerate: see tests/test_slugs.py)"]
    lines += [f"{t}\t{' '.join(_spelled(t, False))}\t{' '.join(_spelled(t, True))}" for t in texts]
    return "\n".join(lines) + "\n"
