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

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
    read = _read_by_character(text, tones)
    return read if read is not None else _spelled(text, tones)


def _read_by_character(text: str, tones: bool) -> list[str] | None:
    """What pypinyin spells, from data/hanzi-*.tsv; None for a character pypinyin has no reading for.

    pypinyin reads a character as its first reading unless a phrase of its dictionary reads it
    otherwise. A name containing none of those phrases reads character by character, however
    pypinyin segments it; one that does is segmented as pypinyin segments it. Runs of other
    characters are cleaned as `_spelled` cleans them (pypinyin passes them through whole)."""
    table = _hanzi_table()
    words: list[str] = []
    for hans, other in table.runs.findall(text):
        if other:
            words.extend(w for w in _NOT_ALNUM.split(other.lower()) if w)
            continue
        readings = [reading for reading in map(table.reading, hans) if reading is not None]
        if len(readings) < len(hans):  # a character pypinyin has no pinyin for: it has its own ways
            return None
        if table.reads_otherwise(hans):
            # which of those phrases pypinyin reads as phrases depends on how it segments the run
            readings = _read_by_phrase(hans, readings)
        words.extend(reading[tones] for reading in readings)
    return words


def _spelled(text: str, tones: bool) -> list[str]:
    # imported here: its dictionaries take ~150 ms and ~50 MB to load; data/hanzi-*.tsv spell all
    # names but those with a character it has no reading for
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
    if spelt := "".join(_syllables(name)):
        return spelt
    import hashlib  # here: loading OpenSSL costs every run 2 ms, and few cities need it

    return hashlib.sha1(city.encode()).hexdigest()[:8]


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


HANZI_TABLE = "hanzi-pinyin.tsv"


@dataclass(frozen=True)
class _HanziTable:
    groups: str  # lines "pinyin\tpinyin with tone digit\tcharacters read so"
    phrases: frozenset[str]  # phrases pypinyin reads otherwise than character by character
    lengths: tuple[int, int]  # shortest and longest of them
    runs: re.Pattern[str]  # (characters pypinyin treats as Chinese)|(other characters)
    found: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def reading(self, character: str) -> tuple[str, str] | None:
        """(pinyin, pinyin with tone digit) of a character alone; None if pypinyin has none.

        Searched rather than read into a dict: a plan has a few hundred characters, the table 42,000."""
        if character not in self.found:
            at = self.groups.find(character)
            line = self.groups[self.groups.rfind("\n", 0, at) + 1 : at] if at >= 0 else ""
            plain, _, toned = line.partition("\t")
            self.found[character] = (plain, toned.partition("\t")[0]) if line else None
        return self.found[character]

    def reads_otherwise(self, hans: str) -> bool:
        shortest, longest = self.lengths
        return any(
            hans[start:end] in self.phrases
            for start in range(len(hans))
            for end in range(start + shortest, min(len(hans), start + longest) + 1)
        )


@functools.cache
def _hanzi_table() -> _HanziTable:
    """data/hanzi-pinyin.tsv (~3 ms CPU to load, paid only by names that data/pinyin.tsv lacks)."""
    text = (resources.files("planner") / "data" / HANZI_TABLE).read_text(encoding="utf-8")
    head, _, rest = text.partition("\nphrases\t")
    listed, _, groups = rest.partition("\n")
    phrases = frozenset(listed.split())
    hans = head.partition("\nhans\t")[2]
    lengths = (min(map(len, phrases)), max(map(len, phrases))) if phrases else (1, 0)
    return _HanziTable("\n" + groups, phrases, lengths, re.compile(f"([{hans}]+)|([^{hans}]+)"))


HANZI_PHRASES = "hanzi-phrases.tsv"


@functools.cache
def _phrase_lines() -> list[str]:
    """data/hanzi-phrases.tsv (~3 ms to load, paid only by names containing a phrase read otherwise):
    every phrase of pypinyin's dictionary in code-point order, those read otherwise with their pinyin."""
    text = (resources.files("planner") / "data" / HANZI_PHRASES).read_text(encoding="utf-8")
    return text.splitlines()[1:]


def _phrase(word: str) -> tuple[bool, str | None]:
    """Whether a phrase begins with word; if word is a phrase, its tone digits ("" when read as its
    characters alone), else None."""
    lines = _phrase_lines()
    at = bisect.bisect_left(lines, word)  # "\t" sorts before every character of a phrase
    line = lines[at] if at < len(lines) else ""
    if line == word:
        return True, ""
    if line.startswith(word + "\t"):
        return True, line[len(word) + 1 :]
    return line.startswith(word), None


def _segments(hans: str) -> Iterator[str]:
    """The words pypinyin's segmenter (pypinyin.seg.mmseg, strict) cuts a run of characters into:
    the longest phrase at each point, else one character; a rest that begins a phrase but holds
    none is cut into characters."""
    rest = hans
    while rest:
        longest = 0
        for end in range(1, len(rest) + 1):
            begins, phrase = _phrase(rest[:end])
            if not begins:
                break
            if phrase is not None:
                longest = end
        else:
            if not longest:
                yield from rest
                return
        cut = longest or 1
        yield rest[:cut]
        rest = rest[cut:]


def _read_by_phrase(hans: str, alone: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Readings of a run's characters as pypinyin reads its phrases, from their readings alone."""
    readings = list(alone)
    start = 0
    for word in _segments(hans):
        marked = _phrase(word)[1]
        for at, toned in enumerate(marked.split(" ") if marked else (), start):
            if toned != "-":
                readings[at] = (_TONE_DIGIT.sub("", toned), toned)
        start += len(word)
    return readings


_TONE_DIGIT = re.compile(r"[1-5]$")


def hanzi_table_text() -> str:
    """data/hanzi-pinyin.tsv from pypinyin's own dictionaries (tests/test_slugs.py checks it is current)."""
    import pypinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

    prefix, suffix = "^(?:[", "])+$"
    pattern = RE_HANS.pattern
    assert pattern.startswith(prefix) and pattern.endswith(suffix), pattern
    first = {chr(code): readings.split(",")[0] for code, readings in PINYIN_DICT.items()}
    # a phrase (or a character alone) read otherwise than its characters' first readings
    otherwise = sorted(
        (phrase for phrase, readings in PHRASES_DICT.items()
         if len(readings) != len(phrase) or any(r[0] != first.get(c) for c, r in zip(phrase, readings))),
        key=lambda phrase: (len(phrase), phrase),
    )
    # the table reads a character alone as its first reading: no phrase of one character may differ
    assert all(len(phrase) > 1 for phrase in otherwise), [phrase for phrase in otherwise if len(phrase) == 1]
    groups: dict[tuple[str, str], list[str]] = {}
    for character in sorted(first):
        if RE_HANS.match(character):
            plain, toned = _spelled(character, False), _spelled(character, True)
            assert len(plain) == 1 and len(toned) == 1, (character, plain, toned)
            groups.setdefault((plain[0], toned[0]), []).append(character)
    lines = [
        "# pinyin\tpinyin with tone digit\tcharacters: each character's reading outside phrases; phrases: those read",
        f"# otherwise; hans: characters pypinyin reads. From pypinyin {pypinyin.__version__}, see tests/test_slugs.py",
        f"hans\t{pattern[len(prefix):-len(suffix)]}",
        f"phrases\t{' '.join(otherwise)}",
    ]
    lines += [f"{plain}\t{toned}\t{''.join(chars)}" for (plain, toned), chars in sorted(groups.items())]
    return "\n".join(lines) + "\n"


def hanzi_phrases_text() -> str:
    """data/hanzi-phrases.tsv: every phrase of pypinyin's dictionary; after those it reads otherwise
    than character by character, how it spells them ("-" for a character read as alone)."""
    import pypinyin
    from pypinyin.constants import PHRASES_DICT

    table = _hanzi_table()
    lines = [f"# phrase\tpinyin with tone digits, - where as alone (pypinyin {pypinyin.__version__}, see tests/test_slugs.py)"]
    for phrase in sorted(PHRASES_DICT):
        if phrase not in table.phrases:
            lines.append(phrase)
            continue
        plain, toned = _spelled(phrase, False), _spelled(phrase, True)
        assert len(plain) == len(toned) == len(phrase), phrase
        assert plain == [_TONE_DIGIT.sub("", t) for t in toned], phrase
        marked = ["-" if (table.reading(c) or ("", ""))[1] == t else t for c, t in zip(phrase, toned)]
        lines.append(f"{phrase}\t{' '.join(marked)}")
    return "\n".join(lines) + "\n"
