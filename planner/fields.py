"""The small grammars of a plan cell: window, frequency, ratio, departments, mode.

Every parser takes cleaned text (see `clean`) and returns model values; none touches files.
Parsing works on an NFKC copy so full- and half-width punctuation read the same
("；" and ";", "（" and "("), while the text kept for people stays as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable, Iterable

from planner.i18n import _, language
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
    if _SPACES.search(text) is None:  # most cells: nothing to take out
        return text
    return _SPACES.sub(" ", _WRAP_SPACE.sub("", text)).strip()


@functools.lru_cache(maxsize=_CACHED)
def normal(text: str) -> str:
    """A copy for parsing: half-width punctuation, no spaces inside Chinese."""
    return clean(unicodedata.normalize("NFKC", text))


def _number(token: str) -> int:
    return int(token) if token.isdigit() else CHINESE_DIGITS[token]


# --- window -----------------------------------------------------------------------------------

_RANGE_SEP = r"(?:—|–|-|~|至|到)+"
_MONTH_RANGE = re.compile(rf"^(\d{{1,2}})月?(?:{_RANGE_SEP}(次年)?(\d{{1,2}})月)?$")
_LIST_SEP = re.compile(r"[、,;]|或|和|及|\s+")
_YEAR_PREFIX = re.compile(r"(20\d\d)年")
_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
# 2023720日 = 2023-7-20, 20231015日 = 2023-10-15: dates written without separators
_PACKED_DATE = re.compile(r"(20\d\d)(\d{3,4})日")
_DEADLINE = re.compile(r"^(?:于|在)?(\d{1,2})月(?:(\d{1,2})日|底|末)?(?:之?前|以前)(?:完成)?$")
_SEASONS = {"全年": (1, 12), "上半年": (1, 6), "下半年": (7, 12), "一季度": (1, 3), "二季度": (4, 6),
            "三季度": (7, 9), "四季度": (10, 12)}  # fmt: skip
_SEASON = re.compile(r"^(?:本年度?|年内)?(?:第)?(全年|上半年|下半年|[一二三四]季度)(?:内|期间)?(?:完成)?$")
_BATCH = re.compile(r"第([一二两三四五六七八九十\d]+)批(?:次)?")


class WindowError(ValueError):
    pass


def parse_window(text: str) -> tuple[tuple[Window, ...], str]:
    """Months of a window cell, and a note on anything read loosely.

    "3月—12月", "4-11月", "2025年3-11月" → 3..11; "3月" → 3..3; "2月、11月—12月" and
    "3月—6月; 7月—10月" → two windows; "12月至次年2月" → 12..12 with a note (the rest belongs
    to next year's plan); "全年", "上半年", "第三季度"; "9月底前" → 1..9; "9月20日前完成" → 1..8
    (the round must end by the deadline, so the deadline's month only counts when the deadline is
    its last day); "分两批次；第一批7月20日前完成，第二批10月15日前完成" → one window per batch.
    """
    windows, note, _clipped = _read_window(text, language())
    return windows, note


def runs_into_next_year(text: str) -> bool:
    """Whether a readable window runs past December ("12月至次年2月"): the rest is next year's plan."""
    return _read_window(text, language())[2]


_SPACED_RANGE = re.compile(rf"\s*({_RANGE_SEP})\s*")


@functools.lru_cache(maxsize=_CACHED)
def _read_window(text: str, lang: str) -> tuple[tuple[Window, ...], str, bool]:
    """Windows, note and whether a part ran into next year; `lang` keys the cache, as notes are in the run's language."""
    norm = _unpack_dates(normal(text))
    batches = _batches(norm)
    if batches:
        return (*batches, False)
    norm = _SPACED_RANGE.sub(r"\1", _YEAR_PREFIX.sub("", norm))
    parts = [p for p in _LIST_SEP.split(norm) if p]
    if not parts:
        raise WindowError(_("起止时间为空"))
    windows: list[Window] = []
    notes: list[str] = []
    clipped = False
    for part in parts:
        window, note, next_year = _one_window(part)
        windows.append(window)
        clipped = clipped or next_year
        if note:
            notes.append(note)
    return tuple(sorted(set(windows), key=lambda w: (w.start, w.end))), _("；").join(notes), clipped


def _one_window(part: str) -> tuple[Window, str, bool]:
    """The part's months, a note on anything read loosely, and whether it ran into next year."""
    season = _SEASON.match(part)
    if season:
        return Window(*_SEASONS[season.group(1)]), "", False
    deadline = _DEADLINE.match(part)
    if deadline:
        end, note = _deadline_month(int(deadline.group(1)), deadline.group(2))
        if not 1 <= end <= 12:
            raise WindowError(_("截止月份不在一年之内：{part}").format(part=part))
        return Window(1, end), note, False
    days = _DAY.findall(part)
    if days:  # "3月1日—11月30日": the months they fall in
        part = _DAY.sub(lambda m: f"{m.group(1)}月", part)
    match = _MONTH_RANGE.match(part)
    if match and days and len(days) == 2 and match.group(3) and not match.group(2):
        return (*_dated_range(part, days), False)
    if not match or (match.group(3) is None and not part.endswith("月")):
        raise WindowError(_("不是月份或月份范围：{part}").format(part=part))
    start = int(match.group(1))
    end = int(match.group(3) or start)
    note = ""
    if match.group(2):  # 次年: runs into the next year
        note = _("{part}：12月以后属于下一年度计划，本年只排12月").format(part=part)
        end = 12
    if not (1 <= start <= end <= 12):
        raise WindowError(_("月份须在1—12月之内、由前到后：{part}").format(part=part))
    return Window(start, end), note, bool(match.group(2))


def _dated_range(part: str, days: list[tuple[str, str]]) -> tuple[Window, str]:
    """"3月15日—11月20日": only whole months inside the dates, so no round starts before the
    first day or ends after the last; the note says which months were left out."""
    (first_month, first_day), (last_month, last_day) = ((int(m), int(d)) for m, d in days)
    start = first_month + (1 if first_day > 1 else 0)
    end, _note = _deadline_month(last_month, str(last_day))
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12 and first_month <= last_month):
        raise WindowError(_("月份须在1—12月之内、由前到后：{part}").format(part=part))
    if start > end:
        raise WindowError(_("两个日期之间没有整月：{part}").format(part=part))
    if (start, end) == (first_month, last_month):
        return Window(start, end), ""
    return Window(start, end), _("{first_month}月{first_day}日至{last_month}月{last_day}日：只排整月，{start}月—{end}月").format(
        first_month=first_month, first_day=first_day, last_month=last_month, last_day=last_day, start=start, end=end)


def _deadline_month(month: int, day: str | None) -> tuple[int, str]:
    """The last whole month before a deadline: the deadline's month only if it is its last day."""
    if day is None or not 1 <= month <= 12 or int(day) >= monthrange(2024, month)[1]:
        return month, ""
    return month - 1, _("{month}月{day}日前：截止日不在月底，排到{before}月底前").format(month=month, day=day, before=month - 1)


_NUMERIC_DATE = re.compile(r"(20\d\d)[./-](\d{1,2})(?:[./-](\d{1,2}))?(?!\d)")


def _unpack_dates(norm: str) -> str:
    """"2023720日" → "2023年7月20日"; left as it is when two readings are possible
    ("2023111日": 1月11日 or 11月1日), so the window is reported rather than guessed.
    "2024.3.1", "2024/3/1", "2024-03-01", "2024.3" → "2024年3月1日", "2024年3月"."""
    norm = _NUMERIC_DATE.sub(
        lambda m: f"{m.group(1)}年{int(m.group(2))}月" + (f"{int(m.group(3))}日" if m.group(3) else ""), norm
    )

    def unpack(match: re.Match[str]) -> str:
        digits = match.group(2)
        splits = [(digits[:1], digits[1:]), (digits[:2], digits[2:])]
        readings = {(int(m), int(d)) for m, d in splits if m and d and len(d) <= 2 and 1 <= int(m) <= 12 and 1 <= int(d) <= 31}
        if len(readings) != 1:
            return match.group(0)
        month, day = readings.pop()
        return f"{match.group(1)}年{month}月{day}日"

    return _PACKED_DATE.sub(unpack, norm)


def _batches(norm: str) -> tuple[tuple[Window, ...], str] | None:
    """"分两批次；第一批7月20日前完成，第二批10月15日前完成": batch k runs from the month after
    batch k-1's deadline to its own deadline."""
    marks = list(_BATCH.finditer(norm))
    if len(marks) < 2:
        return None
    windows, notes, start = [], [], 1
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        text = _YEAR_PREFIX.sub("", norm[mark.end() : following.start() if following else None]).strip(",;。 ")
        deadline = _DEADLINE.match(text)
        if not deadline:
            raise WindowError(_("有一批没有可读的截止日期：第{batch}批{text}").format(batch=mark.group(1), text=text))
        end, note = _deadline_month(int(deadline.group(1)), deadline.group(2))
        if not start <= end <= 12:
            raise WindowError(_("各批截止日期须在年内、由前到后：{text}").format(text=text))
        windows.append(Window(start, end))
        notes += [note] if note else []
        start = end + 1
    return tuple(windows), _("；").join(notes)


@functools.lru_cache(maxsize=_CACHED)
def window_years(text: str) -> tuple[int, ...]:
    """The years a window names ("2025年3-11月" → 2025), in order, each once."""
    years = [int(y) for y in _YEAR_PREFIX.findall(_unpack_dates(normal(text)))]
    return tuple(dict.fromkeys(years))


@functools.lru_cache(maxsize=_CACHED)
def batch_count(text: str) -> int:
    """How many batches a window cell names (0 when it is not a list of batches)."""
    return len(_BATCH.findall(normal(text)))


_WINDOWISH = re.compile(r"月|季度|半年|全年|20\d\d[./-]")


def looks_like_window(text: str) -> bool:
    if not _WINDOWISH.search(text):  # most cells are departments or ratios: no need to parse
        return False
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
# "每季度开展一次", "每年抽查2次": the period comes first
_FREQ_EVERY = re.compile(rf"每(年|半年|季度|季|月)[^\d一二两三四五六七八九十;,。]{{0,6}}?{_NUM}次")
# a frequency column of its own: "2", "=1", ">=1", "≥1次"
_FREQ_COLUMN = re.compile(r"^(?:=|>=|≥|不少于)?(\d{1,2})次?$")


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
    match = _FREQ_EVERY.search(norm)
    if match:
        return Frequency(_number(match.group(2)), _PER[match.group(1)])
    match = _FREQ_COLUMN.match(norm.replace(" ", ""))
    if match and int(match.group(1)) >= 1:  # a bare count in a frequency column: per plan year
        return Frequency(int(match.group(1)), "year")
    return None


# --- ratio ------------------------------------------------------------------------------------

_PCT = r"(\d+(?:\.\d+)?)%"
_RANGE_PCT = re.compile(rf"{_PCT}{_RANGE_SEP}{_PCT}|(?<![\d.])(\d+(?:\.\d+)?){_RANGE_SEP}{_PCT}")
_MIN_PCT = re.compile(rf"(?:不低于?|≥|>=|不少于)[^\d%;]{{0,10}}?{_PCT}")
_MAX_PCT = re.compile(rf"(?:不高于|不超过|≤|<=)[^\d%;]{{0,10}}?{_PCT}")
_ANY_PCT = re.compile(_PCT)
_UNIT = r"(?:家|个|批次|户|所|批)"
_MIN_COUNT = re.compile(rf"(?:不少于|不低于|抽取|抽查|并不低于|≥)(\d+){_UNIT}")
_RANGE_COUNT = re.compile(rf"(?<![\d.])(\d+){_RANGE_SEP}(\d+){_UNIT}")
_BARE_COUNT = re.compile(rf"(?<![\d.%])(\d+){_UNIT}")
_TIER_NAME = r"[A-D]类|[一二三]级|药店|低风险|一般风险|较高风险|高风险"
_TIER = re.compile(rf"({_TIER_NAME})[^\d%;,、]{{0,20}}?{_PCT}")
_LEVEL_TIER = re.compile(rf"([省市县区]级)(?:抽查|不低于|≥){{0,2}}{_PCT}")  # "省级1% 市级5%"
_RISK_NAMES = re.compile(r"((?:低风险|一般风险|较高风险|高风险)(?:[、,](?:低风险|一般风险|较高风险|高风险))+)")
_PCT_LIST = re.compile(rf"({_PCT}(?:[、,]{_PCT})+)")


@functools.lru_cache(maxsize=_CACHED)
def parse_ratio(text: str, risk_text: str = "", count_text: str = "") -> Ratio:
    """Sampling ratio: the text as written plus what can be read from it.

    Tiers come from the ratio cell ("A类2%，B类10%", "三级50%、二级30%", "省级1% 市级5%"), or,
    when it has none, from a risk rule that pairs risk classes with percentages
    ("低风险、一般风险…分别按5%、10%…"); the minimum of tiered ratios is the lowest tier.
    Ranges ("5-15%", "20-30家"), caps ("不高于10%") and a count column ("1家") are read too.
    """
    norm = normal(text)
    tiers = tuple(Tier(m.group(1), float(m.group(2)), "%") for m in _TIER.finditer(norm))
    if not tiers:
        tiers = tuple(Tier(m.group(1), float(m.group(2)), "%") for m in _LEVEL_TIER.finditer(norm))
    if not tiers and risk_text:
        tiers = _paired_tiers(normal(risk_text))
    low = high = None
    ranged = _RANGE_PCT.search(norm)
    capped = _MAX_PCT.search(norm)
    if ranged:
        low, high = float(ranged.group(1) or ranged.group(3)), float(ranged.group(2) or ranged.group(4))
    else:
        minimum = _MIN_PCT.search(norm) or (None if tiers or capped else _ANY_PCT.search(norm))
        low = float(minimum.group(1)) if minimum else None
        high = float(capped.group(1)) if capped else None
    if low is None and tiers and all(t.unit == "%" for t in tiers):
        low = min(t.value for t in tiers)
    counted = normal(count_text)
    count_range = _RANGE_COUNT.search(norm) or _RANGE_COUNT.search(counted)
    count = _MIN_COUNT.search(norm) or _BARE_COUNT.search(norm) or _BARE_COUNT.search(counted)
    return Ratio(
        text=clean(text),
        min_percent=low,
        max_percent=high,
        min_count=int(count_range.group(1)) if count_range else (int(count.group(1)) if count else None),
        tiers=tiers,
        max_count=int(count_range.group(2)) if count_range else None,
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


_RATIO_TYPO = re.compile(r"不低(?:抽查比例)+")
_RATIO_TYPO_BARE = re.compile(r"不低(?=\s*\d)")


@functools.lru_cache(maxsize=_CACHED)
def ratio_typo(text: str) -> str | None:
    """The ratio text with an obvious typo fixed ("不低抽查比例20%", "不低60%"), or None."""
    fixed = _RATIO_TYPO.sub("不低于", text)
    fixed = _RATIO_TYPO_BARE.sub("不低于", fixed)
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
        body = (duty.group(2) if duty else chunk).replace("会同", "、")  # "A会同B": two departments
        for token in _shared_suffix(_split_outside_brackets(body)):
            options = [t for t in token.split("或") if t]
            if not options:  # a lone "或" names no department
                continue
            name, note = _name_and_note(options[0])
            alternatives = tuple(_name_and_note(o)[0] for o in options[1:])
            result.append((name, note or (duty.group(1) if duty else ""), alternatives))
    return tuple(result)


def _shared_suffix(tokens: list[str]) -> list[str]:
    """"公安、应急管理、市场监管部门": the last name's 部门 belongs to each of them."""
    if len(tokens) < 2 or not tokens[-1].endswith("部门"):
        return tokens
    if any(_ORG_SUFFIX.search(t) or "(" in t or len(t) > 8 for t in tokens[:-1]):
        return tokens
    return [t + "部门" for t in tokens[:-1]] + tokens[-1:]


_GROUP = re.compile(r"(成员单位|等部门|等单位|各相关部门|各有关部门|有关部门|相关部门|专项整治组)$")


@functools.lru_cache(maxsize=_CACHED)
def is_group(name: str) -> bool:
    """A collective name ("…专项整治组成员单位", "相关部门"): kept as written, never a calendar."""
    return bool(_GROUP.search(name))


def _split_outside_brackets(text: str) -> list[str]:
    if "(" not in text:  # no brackets: every separator splits
        return [t for t in _DEPT_SPLIT.split(text) if t]
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


@functools.lru_cache(maxsize=_CACHED)
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


@functools.lru_cache(maxsize=_CACHED)
def mode_typo(text: str) -> str | None:
    """'市抽市抽' is a typo for '市抽市查': a mode names who draws, then who inspects."""
    fixed = _MODE_TYPO.sub(r"\1抽\2查", text)
    return fixed if fixed != text else None


@functools.lru_cache(maxsize=_CACHED)
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
