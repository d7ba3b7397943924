"""ASCII file names for feeds: pinyin of the city and department, stable and readable.

    太原市 / 市市场监管局  ->  taiyuan/shi-chang-jian-guan-ju.ics

Cities are proper names and read as one word (``taiyuan``); department names are spelled one
syllable per character so that the slug of a name never depends on how a dictionary happens to
segment it. The leading 市 every municipal department carries is dropped: it is the same in every
file of a city directory and the city is already the directory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pypinyin import Style, lazy_pinyin

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

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _syllables(text: str) -> list[str]:
    """Toneless pinyin, one item per Chinese character; other runs cleaned to ASCII words."""
    words: list[str] = []
    for item in lazy_pinyin(text, style=Style.NORMAL):
        words.extend(w for w in _NOT_ALNUM.split(item.lower()) if w)
    return words


def city_slug(city: str) -> str:
    if city in CITY_SLUGS:
        return CITY_SLUGS[city]
    name = city[:-1] if city.endswith("市") and len(city) > 1 else city
    return "".join(_syllables(name)) or "city"


def department_slug(name: str) -> str:
    bare = name[1:] if name.startswith("市") and len(name) > 2 else name
    return "-".join(_syllables(bare)) or "department"


def unique_slugs(names: Iterable[str], spell: Callable[[str], str]) -> dict[str, str]:
    """Slug per name; names that spell alike get -2, -3 … in sorted-name order, so stable."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = spell(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        result[name] = candidate
    return result
