"""Fast paths give the answer of the slow, obvious computation they replace.

Each test compares a shortcut with the plain definition it stands for, on seeded random input
(the same cases every run): the string-similarity pre-check against difflib, a department's
lower bound against every interval of months, the byte scan for control characters against
the search of the text.
"""

from __future__ import annotations

import difflib
import math
import random
from pathlib import Path

import pytest

from planner.check.common import ratio_at_least
from planner.errors import PlanReadError
from planner.limits import _CONTROL
from planner.read import read_table
from planner.read.text import has_no_control_characters
from planner.schedule.balance import _lower_bound
from tests.plans import plan_text, row

# --- check.common.ratio_at_least -------------------------------------------------------------------

# Words of the plan's task names and scopes, so CJK pairs share characters the way real names do.
WORDS = ("对", "的", "双随机", "抽查", "检查", "旅行社", "商场", "超市", "市场监管局", "卫健委", "文旅局", "经营",
         "情况", "食品", "药品", "安全", "生产", "企业", "餐饮", "服务", "单位", "（", "）", "、", "许可", "特种设备")


def _text(rng: random.Random, length: int) -> str:
    """A random string of about `length` characters, from one of several alphabets."""
    kind = rng.randrange(4)
    if kind == 0:  # few letters: every character is popular, which difflib's autojunk drops above 200
        return "".join(rng.choice("abc") for _ in range(length))
    if kind == 1:
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 ") for _ in range(length))
    if kind == 2:  # CJK characters of a small block
        return "".join(chr(0x4E00 + rng.randrange(60)) for _ in range(length))
    text = ""
    while len(text) < length:
        text += rng.choice(WORDS)
    return text


def _mutated(rng: random.Random, text: str) -> str:
    """`text` with a few characters replaced, dropped or added: pairs near any threshold."""
    chars = list(text)
    for _ in range(rng.randrange(0, 1 + len(chars) // 3 + 1)):
        at = rng.randrange(len(chars) + 1)
        edit = rng.randrange(3)
        if edit == 0 and at < len(chars):
            chars[at] = rng.choice("xyz市局查" + "".join(WORDS[:4]))
        elif edit == 1 and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, rng.choice("ab市场抽"))
    return "".join(chars)


def _pairs(seed: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        length = rng.choice((rng.randrange(0, 12), rng.randrange(12, 80), rng.randrange(190, 320)))
        a = _text(rng, length)
        b = _mutated(rng, a) if rng.random() < 0.6 else _text(rng, rng.randrange(0, 2 * length + 2))
        pairs.append((a, b) if rng.random() < 0.5 else (b, a))
    return pairs


def test_ratio_at_least_is_difflibs_answer_on_random_pairs() -> None:
    """For every pair and threshold, the answer is SequenceMatcher(None, a, b).ratio() >= threshold,
    thresholds at the pair's own ratio (the boundary) and just above it included."""
    rng = random.Random(20241127)
    pairs = _pairs(1, 1500)
    long_pairs = [p for p in pairs if max(map(len, p)) > 200]
    cjk_pairs = [p for p in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in p[0] + p[1])]
    assert len(long_pairs) > 300 and len(cjk_pairs) > 300  # the cases the test is about are there
    for a, b in pairs:
        ratio = difflib.SequenceMatcher(None, a, b).ratio()
        total = len(a) + len(b)
        thresholds = [
            ratio, math.nextafter(ratio, 2.0), math.nextafter(ratio, -1.0), rng.random(), 0.0, 1.0,
            # where the pre-checks' bounds fall: equal to a bound must still go on to the matching
            2.0 * min(len(a), len(b)) / total if total else 1.0,
            2.0 * min(sum(ch in b for ch in a), sum(ch in a for ch in b)) / total if total else 1.0,
        ]
        for threshold in thresholds:
            assert ratio_at_least(a, b, threshold) == (ratio >= threshold), (a, b, threshold, ratio)


def test_ratio_at_least_follows_difflibs_autojunk_on_long_text() -> None:
    """Above 200 characters difflib ignores characters that make up over 1% of the second text:
    two long, nearly equal texts of three letters are not similar to it, and not to ratio_at_least."""
    rng = random.Random(7)
    a = "".join(rng.choice("abc") for _ in range(300))
    b = a[:100] + "c" + a[101:]
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    assert ratio < 0.5 < difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert not ratio_at_least(a, b, 0.5)
    assert ratio_at_least(a, b, ratio)


# --- schedule.balance._lower_bound -----------------------------------------------------------------


def _brute_force_bound(spans: dict[tuple[int, int], int]) -> int:
    """Max over every interval [first, last] of months of ceil(rounds confined to it / its months)."""
    best = 0
    for first in range(1, 13):
        for last in range(first, 13):
            inside = sum(n for (a, b), n in spans.items() if first <= a and b <= last)
            best = max(best, math.ceil(inside / (last - first + 1)))
    return best


def _random_spans(rng: random.Random) -> dict[tuple[int, int], int]:
    spans: dict[tuple[int, int], int] = {}
    for _ in range(rng.choice((1, 1, 2, 3, rng.randrange(1, 12)))):
        first = rng.randint(1, 12)
        last = rng.randint(first, min(12, first + rng.choice((0, 1, 2, 5, 11))))
        spans[(first, last)] = spans.get((first, last), 0) + rng.choice((1, 1, 2, 3, rng.randrange(1, 40)))
    return spans


def test_lower_bound_is_the_brute_force_bound_on_random_span_sets() -> None:
    """A department's bound is the busiest interval of months, averaged over its months, rounded up."""
    rng = random.Random(13)
    cases = [_random_spans(rng) for _ in range(4000)]
    assert sum(len(c) == 1 for c in cases) > 500 and sum(len(c) >= 4 for c in cases) > 500
    for spans in cases:
        assert _lower_bound(dict(spans)) == _brute_force_bound(spans), spans


def test_lower_bound_of_no_rounds_is_zero() -> None:
    assert _lower_bound({}) == _brute_force_bound({}) == 0


# --- read.text.has_no_control_characters: the fallback after many \xc2 lead bytes -----------------

SIGNS = ("m²", "°", "·", "±", "§", "µ")  # all written with the lead byte \xc2 in UTF-8, as C1 controls are


def _signed_rows(count: int, first_seq: int = 1) -> list[str]:
    """Task rows whose names hold `count` signs with the lead byte \xc2 in all, about 150 per row."""
    rows = []
    seq = first_seq
    while count > 0:
        here = min(count, 150)
        name = "面积" + "、".join(f"{20 + i}{SIGNS[i % len(SIGNS)]}" for i in range(here)) + "的场所"
        rows.append(row("太原市", str(seq), name, "检查", "商场", "不低于5%；1次/年", "", "3月—12月", "市市场监管局", "", "市抽市查"))
        seq += 1
        count -= here
    return rows


def test_clean_text_with_over_a_thousand_c2_lead_bytes_is_read(tmp_path: Path) -> None:
    """Past the byte scan's limit of signs looked at one by one, clean text is still accepted, signs kept."""
    rows = _signed_rows(1600)
    data = plan_text(*rows).encode("utf-8")
    assert data.count(b"\xc2") > 1000
    path = tmp_path / "plan.tsv"
    path.write_bytes(data)
    table = read_table(path)
    names = [cells[2] for cells in (r.cells for r in table.rows) if len(cells) > 2 and cells[0] == "太原市"]
    assert names == [r.split("\t")[2] for r in rows] and "m²" in names[0]


@pytest.mark.parametrize("control", ["\x80", "\x85", "\x9b", "\x9f"])
def test_a_c1_control_after_over_a_thousand_c2_lead_bytes_is_found(tmp_path: Path, control: str) -> None:
    """A C1 control (U+0080–U+009F) after more signs than the scan looks at is an error naming its line."""
    rows = _signed_rows(1600)
    bad = row("太原市", "99", f"对旅行社{control}的抽查", "检查", "旅行社", "不低于5%；1次/年", "", "3月—12月", "市文旅局", "", "市抽市查")
    path = tmp_path / "plan.tsv"
    data = plan_text(*rows, bad).encode("utf-8")
    assert data[: data.find(control.encode("utf-8"))].count(b"\xc2") > 1000  # the control comes after them
    path.write_bytes(data)
    assert not has_no_control_characters(data, True)
    with pytest.raises(PlanReadError) as caught:
        read_table(path)
    bad_line = plan_text(*rows, bad).split("\n").index(bad) + 1
    assert caught.value.line == bad_line
    assert f"U+{ord(control):04X}" in str(caught.value)


def test_the_byte_scan_never_clears_text_that_holds_a_control_character() -> None:
    """Random UTF-8 texts with few or many \xc2-led signs: when the scan says "none", the search
    of the text finds none; and reading the table fails exactly when the search finds one."""
    rng = random.Random(5)
    plain = "太原市场监管抽查abc123 \t"
    for _ in range(400):
        signs = rng.choice((0, 5, 999, 1000, 1001, 1500))
        chars = [rng.choice(plain) for _ in range(rng.randrange(0, 300))] + [rng.choice(SIGNS) for _ in range(signs)]
        rng.shuffle(chars)
        if rng.random() < 0.5:  # one control somewhere, most often after the signs
            where = len(chars) if rng.random() < 0.5 else rng.randrange(len(chars) + 1)
            chars.insert(where, chr(rng.choice((*range(0x80, 0xA0), 0x1B, 0x7F, 0x01))))
        text = "".join(chars)
        if has_no_control_characters(text.encode("utf-8"), True):
            assert _CONTROL.search(text) is None, text


def test_reading_fails_exactly_when_a_cell_holds_a_control_character(tmp_path: Path) -> None:
    rng = random.Random(6)
    path = tmp_path / "plan.tsv"
    for case in range(60):
        rows = _signed_rows(rng.choice((0, 10, 999, 1000, 1001, 1400)))
        control = rng.random() < 0.5
        if control:
            at = len(rows) if rng.random() < 0.7 else rng.randrange(len(rows) + 1)
            rows.insert(at, row("太原市", str(100 + case), f"对旅行社{chr(rng.randrange(0x80, 0xA0))}的抽查", "检查"))
        path.write_bytes(plan_text(*rows).encode("utf-8"))
        if control:
            with pytest.raises(PlanReadError):
                read_table(path)
        else:
            read_table(path)
