"""Scopes (抽查对象范围) read as populations: which tasks of a city could share one 一业一查 visit.

Scopes are compared by a *core*: the 抽查对象范围 cleaned of width, spaces and punctuation, of
where-words (全市, 本辖区, 市直 ...) and of a qualifier ending in 的 ("全市纳入监管范围的商场（超市）"
→ 商场超市). One visit serves two tasks only when they draw from the same population
(`same_population`):

- the cores are equal, or one scope lists the other's core as one of its items (物流、寄递企业 and
  寄递企业): a core that merely contains the other narrows it (民办中小学校 is not 中小学校, 中小学校 is
  not 各类学校, 煤矿 is not 非煤矿山), and a sample of the narrower population misses the wider one;
- they name the same place: 市直 / 直属 schools are not 潞州区 schools nor all schools of the city
  (全市, 本辖区, 我市 and no place word all mean the whole city);
- a scope that is a category rather than a kind of business (防雷安全重点单位, 保安行业相关单位) says
  nothing about the target: then the task names must name the same target (矿区 / 油库 / 学校 are
  three visits; 保安从业单位 and 保安培训单位 are two).

Generic cores built only of words for "any organisation" (生产经营主体, 企业, 单位, 依法取得业务许可的
企业, 机关、团体、企业、事业等单位, 2021—2023年正常生产经营的企业 ...) never match anything: grouping
"every business in the district" would merge unrelated inspections.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from planner.check.common import normalise, ratio_at_least
from planner.model import Task

# Where-words in front of a scope: they say where, not what.
_PLACE = re.compile(r"^(全市范围内|全市范围|全市|本辖区内|本辖区|辖区内|我市|市直管|市直|市辖区|城区|城矿区|各类|全省)+的?")
# Scopes that name no industry: made only of words for "any business, unit or licence holder".
_GENERIC = re.compile(
    r"^(各类|依法|取得|业务|许可|的|正常|生产|经营|相关|重点|其他|和|及|与|或|等|主体|企业|单位|经营者|机构|分支"
    r"|从业|人员|社会组织|用人|法人|门店|场所|检查|机关|团体|事业|范围|\d|年)+$"
)


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
def scope_core(scope: str) -> str:
    """What a scope inspects, without where-words, qualifiers, width or punctuation (see module doc)."""
    text = _PLACE.sub("", normalise(scope))
    _, _, tail = text.rpartition("的")
    if len(tail) >= 2 and not is_generic(tail):
        text = tail
    return _PLACE.sub("", text)


@functools.lru_cache(maxsize=16384)  # asked for every pair of a city's tasks: once per distinct core
def is_generic(core: str) -> bool:
    return len(core) < 2 or bool(_GENERIC.match(core))


# Where-words that narrow a scope to part of the city; every other where-word means the whole city.
_NARROW_PLACE = re.compile(r"^(?:市直管|市直属|市直|直属)|^([\u4e00-\u9fff]{2,3}[区县])(?=[\u4e00-\u9fff]{2})")
_CITY_WIDE = {"城区", "市辖区", "城矿区"}  # read as the whole city in these plans
# Scopes naming a category of units by what is checked there, not what they are.
_CATEGORY = re.compile(r"(重点|相关|有关)(单位|企业|场所|主体)$")
NAME_SIMILARITY = 0.8


def same_population(a: Task, b: Task) -> bool:
    """True when one visit can serve both tasks: same kind of target, same place, same named target (module doc)."""
    core_a, core_b = scope_core(a.scope), scope_core(b.scope)
    # cheapest test first: most pairs of a city's tasks differ in what they inspect
    if core_a != core_b and core_b not in scope_items(a.scope) and core_a not in scope_items(b.scope):
        return False
    if is_generic(core_a) or is_generic(core_b) or scope_place(a.scope) != scope_place(b.scope):
        return False
    if _CATEGORY.search(core_a):
        return ratio_at_least(_normalised(a.name), _normalised(b.name), NAME_SIMILARITY)
    return True


_normalised = functools.lru_cache(maxsize=4096)(normalise)


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
def scope_place(scope: str) -> str:
    """The part of the city a scope is limited to: 市直, a district (潞州区), or "" for the whole city."""
    text = re.sub(r"^(全市范围内|全市范围|全市|本辖区内|本辖区|辖区内|我市|各类|全省)+的?", "", normalise(scope))
    found = _NARROW_PLACE.match(text)
    if not found or found.group(1) in _CITY_WIDE:
        return ""
    return "市直" if found.group(1) is None else found.group(1)


@functools.lru_cache(maxsize=4096)  # scopes repeat across a plan's rows; compared pairwise
def scope_items(scope: str) -> tuple[str, ...]:
    """The kinds a scope lists (物流、寄递企业 → 物流企业, 寄递企业), as cores."""
    text = _PLACE.sub("", unicodedata.normalize("NFKC", scope).strip())
    parts = [p for p in re.split(r"[、,，;；和及与]", text) if p.strip()]
    if len(parts) < 2:
        return ()
    tail = re.search(r"(企业|单位|机构|场所|经营者|学校)$", normalise(parts[-1]))
    suffix = tail.group(1) if tail else ""
    items = [scope_core(p) for p in parts]
    return tuple(i if not suffix or i.endswith(suffix) else i + suffix for i in items)
