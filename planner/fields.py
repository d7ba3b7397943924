"""The small grammars of a plan cell: window, frequency, ratio, departments, mode.

Every parser takes cleaned text (see `clean`) and returns model values; none touches files.
Parsing works on an NFKC copy so full- and half-width punctuation read the same
("；" and ";", "（" and "("), while the text kept for people stays as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from planner.model import Frequency, Mode, Ratio, Tier, Window

CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# A PDF line wrap leaves a space where there was none; it is only kept between two ASCII words.
_WRAP_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_SPACES = re.compile(r"\s+")

# The grammars below are pure text -> value functions and a plan repeats its cells (merged cells,
# department lists, windows), so each distinct text is parsed once; values are immutable.
_CACHED = 16384


@functools.lru_cache(maxsize=_CACHED)
def clean(text: str) -> str:
    """Text without the line-wrap spaces of the PDF extraction."""
    return _SPACES.sub(" ", _WRAP_SPACE.sub("", text)).strip()


@functools.lru_cache(maxsize=_CACHED)
def normal(text: str) -> str:
    """A copy for parsing: half-width punctuation, no spaces inside Chinese."""
    return clean(unicodedata.normalize("NFKC", text))


def _number(token: str) -> int:
    return int(token) if token.isdigit() else CHINESE_DIGITS[token]


# --- window -----------------------------------------------------------------------------------

_RANGE_SEP = r"(?:—|–|-|~|至)+"
_MONTH_RANGE = re.compile(rf"^(\d{{1,2}})月?(?:{_RANGE_SEP}(次年)?(\d{{1,2}})月)?$")
_LIST_SEP = re.compile(r"[、,;]|或|和|及|\s+")


class WindowError(ValueError):
    pass


@functools.lru_cache(maxsize=_CACHED)
def parse_window(text: str) -> tuple[tuple[Window, ...], str]:
    """Months of a window cell, and a note when part of it was outside the year.

    "3月—12月" → 3..12; "3月" → 3..3; "2月、11月—12月" and "3月—6月; 7月—10月" → two windows;
    "12月至次年2月" → 12..12 with a note (the rest belongs to next year's plan).
    """
    parts = [p for p in _LIST_SEP.split(normal(text)) if p]
    if not parts:
        raise WindowError("empty window")
    windows: list[Window] = []
    note = ""
    for part in parts:
        match = _MONTH_RANGE.match(part)
        if not match or (match.group(3) is None and not part.endswith("月")):
            raise WindowError(f"not a month or month range: {part}")
        start = int(match.group(1))
        end = int(match.group(3) or start)
        if match.group(2):  # 次年: runs into the next year
            note = f"{part}：12月以后属于下一年度计划，本年只排12月"
            end = 12
        if not (1 <= start <= end <= 12):
            raise WindowError(f"months must run forward within 1-12: {part}")
        windows.append(Window(start, end))
    return tuple(sorted(set(windows), key=lambda w: (w.start, w.end))), note


def looks_like_window(text: str) -> bool:
    try:
        parse_window(text)
    except WindowError:
        return False
    return True


# --- frequency --------------------------------------------------------------------------------

_NUM = r"(\d+|[一二两三四五六七八九十])"
_PER = {"年": "year", "每年": "year", "半年": "half-year", "季度": "quarter", "季": "quarter", "月": "month"}
_FREQ = re.compile(rf"{_NUM}次/?(每年|半年|季度|季|年|月)")
_FREQ_BARE = re.compile(rf"(?:抽查|频次){_NUM}次")


@functools.lru_cache(maxsize=_CACHED)
def parse_frequency(text: str) -> Frequency | None:
    """Count and period from a ratio/frequency cell; None when it gives none."""
    norm = normal(text)
    match = _FREQ.search(norm)
    if match:
        return Frequency(_number(match.group(1)), _PER[match.group(2)])
    match = _FREQ_BARE.search(norm)
    if match:  # "抽查1次" is once in the plan year
        return Frequency(_number(match.group(1)), "year")
    return None


# --- ratio ------------------------------------------------------------------------------------

_PCT = r"(\d+(?:\.\d+)?)%"
_RANGE_PCT = re.compile(rf"{_PCT}{_RANGE_SEP}{_PCT}")
_MIN_PCT = re.compile(rf"(?:不低于?|≥|>=|不少于)[^\d%;]{{0,10}}?{_PCT}")
_ANY_PCT = re.compile(_PCT)
_MIN_COUNT = re.compile(r"(?:不少于|不低于|抽取|抽查|并不低于)(\d+)(?:家|个|批次)")
_BARE_COUNT = re.compile(r"(?<![\d.])(\d+)(?:家|个|批次)")
_TIER_NAME = r"[A-D]类|[一二三]级|药店|低风险|一般风险|较高风险|高风险"
_TIER = re.compile(rf"({_TIER_NAME})[^\d%;,、]{{0,20}}?{_PCT}")
_RISK_NAMES = re.compile(r"((?:低风险|一般风险|较高风险|高风险)(?:[、,](?:低风险|一般风险|较高风险|高风险))+)")
_PCT_LIST = re.compile(rf"({_PCT}(?:[、,]{_PCT})+)")


@functools.lru_cache(maxsize=_CACHED)
def parse_ratio(text: str, risk_text: str = "") -> Ratio:
    """Sampling ratio: the text as written plus what can be read from it.

    Tiers come from the ratio cell ("A类2%，B类10%", "三级50%、二级30%"), or, when it has none,
    from a risk rule that pairs risk classes with percentages ("低风险、一般风险…分别按5%、10%…").
    """
    norm = normal(text)
    tiers = tuple(Tier(m.group(1), float(m.group(2)), "%") for m in _TIER.finditer(norm))
    if not tiers and risk_text:
        tiers = _paired_tiers(normal(risk_text))
    low = high = None
    ranged = _RANGE_PCT.search(norm)
    if ranged:
        low, high = float(ranged.group(1)), float(ranged.group(2))
    else:
        minimum = _MIN_PCT.search(norm) or (None if tiers else _ANY_PCT.search(norm))
        low = float(minimum.group(1)) if minimum else None
    count = _MIN_COUNT.search(norm) or _BARE_COUNT.search(norm)
    return Ratio(
        text=clean(text),
        min_percent=low,
        max_percent=high,
        min_count=int(count.group(1)) if count else None,
        tiers=tiers,
    )


def _paired_tiers(norm: str) -> tuple[Tier, ...]:
    names = _RISK_NAMES.search(norm)
    values = _PCT_LIST.search(norm[names.end():]) if names else None
    if not names or not values:
        return ()
    tier_names = re.split(r"[、,]", names.group(1))
    numbers = _ANY_PCT.findall(values.group(1))
    if len(tier_names) != len(numbers):
        return ()
    return tuple(Tier(n, float(v), "%") for n, v in zip(tier_names, numbers))


def ratio_typo(text: str) -> str | None:
    """The ratio text with an obvious typo fixed ("不低抽查比例20%", "不低60%"), or None."""
    fixed = re.sub(r"不低(?:抽查比例)+", "不低于", text)
    fixed = re.sub(r"不低(?=\s*\d)", "不低于", fixed)
    return fixed if fixed != text else None


# --- departments ------------------------------------------------------------------------------

_DEPT_SPLIT = re.compile(r"[、,;/\s]+")
_NOTE = re.compile(r"^(.+?)\((.+)\)$")
_DUTY = re.compile(r"^(.+?)由(.+)配合$")
_ORG_SUFFIX = re.compile(
    r"(局|委|办|部|部门|队|支队|大队|厅|院|处|中心|海关|会|站|组|单位|办公室|公司|管理局)$"
)


def split_departments(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, note, alternatives) for each department a cell names, in order.

    Splits on 、 , ; spaces and line breaks but not inside brackets; "A或B" keeps B as an
    alternative of A; "市卫健委（游泳场所）" gives the note 游泳场所.
    """
    return list(_split_departments(text))


@functools.lru_cache(maxsize=_CACHED)
def _split_departments(text: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    result = []
    for chunk in normal(text).split(";"):
        # "狩猎场由市规自局配合": the department is 市规自局, for 狩猎场.
        duty = _DUTY.match(chunk)
        for token in _split_outside_brackets(duty.group(2) if duty else chunk):
            options = [t for t in token.split("或") if t]
            name, note = _name_and_note(options[0])
            alternatives = tuple(_name_and_note(o)[0] for o in options[1:])
            result.append((name, note or (duty.group(1) if duty else ""), alternatives))
    return tuple(result)


def _split_outside_brackets(text: str) -> list[str]:
    tokens, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and _DEPT_SPLIT.fullmatch(char):
            tokens.append(current)
            current = ""
        else:
            current += char
    tokens.append(current)
    return [t for t in tokens if t]


def _name_and_note(token: str) -> tuple[str, str]:
    match = _NOTE.match(token)
    return (match.group(1), match.group(2)) if match else (token, "")


_SPACE_AFTER_ORG = re.compile(r"(?<=[局委办队部厅院处心关会站])\s+(?=[^\s(（])")


def clean_departments(text: str) -> str:
    """Like clean, but a space right after a department name separates two names."""
    return clean(_SPACE_AFTER_ORG.sub("、", text.strip()))


def looks_like_departments(text: str) -> bool:
    names = split_departments(text)
    return bool(names) and all(_ORG_SUFFIX.search(name) for name, _, _ in names)


# --- mode -------------------------------------------------------------------------------------

_LEVEL = "省市县"
_MODE_TYPO = re.compile(r"([省市县])抽([省市县])抽$")
_MODE = re.compile(r"^(?:[省市县](?:级)?抽|市县联|市级组织|[省市县]抽[省市县])")


def mode_typo(text: str) -> str | None:
    """'市抽市抽' is a typo for '市抽市查': a mode names who draws, then who inspects."""
    fixed = _MODE_TYPO.sub(r"\1抽\2查", text)
    return fixed if fixed != text else None


def parse_mode(text: str) -> Mode:
    norm = normal(text)
    draw = _levels(re.finditer(rf"([{_LEVEL}])(?:级)?抽", norm), lambda m: m.group(1))
    inspect = _levels(re.finditer(r"抽", norm), lambda m: _first_level(norm[m.end():]))
    return Mode(text=norm, draw=draw, inspect=inspect)


def _levels(matches: Iterable[re.Match[str]], level_of: Callable[[re.Match[str]], str | None]) -> str | None:
    found: list[str] = []
    for match in matches:
        level = level_of(match)
        if level and level not in found:
            found.append(level)
    return "/".join(found) or None


def _first_level(rest: str) -> str | None:
    match = re.search(rf"[{_LEVEL}]", rest)
    return match.group(0) if match else None


def looks_like_mode(text: str) -> bool:
    norm = normal(text)
    return bool(_MODE.search(norm)) and len(norm) <= 40


# --- what kind of cell is this? ---------------------------------------------------------------

_RATIO_HINT = re.compile(r"\d\s*%|\d+次|[一两三]次|\d+家|\d+个|频次")


@functools.lru_cache(maxsize=_CACHED)
def kind_of(text: str) -> str:
    """window | mode | risk | departments | ratio | text — what a tail cell holds, by its content."""
    if looks_like_window(text):
        return "window"
    if looks_like_mode(text):
        return "mode"
    norm = normal(text)
    if "风险" in norm or norm.startswith("参考"):
        return "risk"
    if looks_like_departments(text):
        return "departments"
    if _RATIO_HINT.search(norm) and len(norm) <= 120:
        return "ratio"
    return "text"
