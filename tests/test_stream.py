"""Streamed JSON output is the same text as dumping the whole list at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.export.stream import exact, indented, json_array
from tests.plans import FIRST, row, write_plan

RECORDS = [
    {"city": "太原市", "lead": ["市市场监管局"], "note": "两行\n文字", "nested": {"a": [], "b": {}}, "n": 1.5},
    {"empty": [], "quote": 'say "hi"', "none": None},
    [1, [2, [3]]],
]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_array_is_byte_identical_to_json_dumps(count: int) -> None:
    records = RECORDS[:count]
    streamed = "".join(json_array(iter(records)))
    assert streamed == json.dumps(records, ensure_ascii=False, indent=2)
    assert json.loads(streamed) == records


FLOATS = [0.0, -0.0, 5.0, 0.5, 12.5, 1 / 3, 1e-4, 9.99e-5, 1e-7, 1.2345e-7, 5e-324, 1e16, 1.5e20, -1e-5, float("nan"), float("inf"), float("-inf")]


def test_every_json_value_and_more_records_than_a_batch_read_as_json_dumps_writes_them() -> None:
    odd = {1: "int key", "t": (1, (2,)), "flags": [True, False, None], "big": 10**30, "floats": [exact(x) for x in FLOATS]}
    records = [odd, *({"i": n, "s": "行\t\u2028\"\\"} for n in range(600))]
    assert "".join(json_array(iter(records))) == json.dumps(records, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("odd", [10**30, "\ud800", {1: "int key"}], ids=["big int", "lone surrogate", "int key"])
def test_a_batch_orjson_refuses_is_written_as_json_dumps_writes_it(odd: object) -> None:
    records = [{"i": n, "floats": [exact(x) for x in FLOATS]} for n in range(300)] + [{"odd": odd}]
    assert "".join(json_array(iter(records))) == json.dumps(records, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("odd", [None, 10**30, "\ud800", {1: "int key"}], ids=["plain", "big int", "lone surrogate", "int key"])
def test_a_whole_value_is_indented_as_json_dumps_writes_it(odd: object) -> None:
    value = {"counts": {"overload": 3, "merge": 0}, "findings": [{"months": [3, 4], "details": ["行\n二"]}], "odd": odd, "floats": [exact(x) for x in FLOATS]}
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_every_character_is_escaped_as_json_dumps_escapes_it() -> None:
    text = "".join(chr(c) for c in range(0x3000)) + "\u2028\u2029\ufeff\uffff\U0001f600"
    records = [{"text": text, text: [text]}]
    assert "".join(json_array(iter(records))) == json.dumps(records, ensure_ascii=False, indent=2)


def test_tiny_ratios_read_as_json_dumps_writes_them(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from planner.cli import app
    from planner.export.tasks import task_record
    from planner.plan import load_plan

    odd = row("太原市", "1", "对旅行社的检查", "经营情况", "旅行社", "A类0.00001%，B类0.5%；1次/年",
              "", "3月—12月", "市文旅局", "市市场监管局", "市抽市查")  # fmt: skip
    plan = write_plan(tmp_path, odd, FIRST.replace("\t1\t", "\t2\t").replace("不低于5%", "不低于0.00002%"))
    result = CliRunner().invoke(app, ["tasks", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = [task_record(t) for t in load_plan(plan).tasks]
    assert result.output == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert '"min_percent": 1e-05' in result.output and '"min_percent": 2e-05' in result.output  # orjson: 0.00001


@pytest.mark.parametrize(("indent", "sort_keys"), [(1, True), (1, False), (2, True), (4, False)])
def test_dumps_is_json_dumps(indent: int, sort_keys: bool) -> None:
    from planner.export.stream import dumps

    value = {"z": [{"b": 1, "a": ["x", {"d": None, "c": True}]}], "a": {}, "m": [], "n": 2.5, "太原": "市\n"}
    assert dumps(value, indent=indent, sort_keys=sort_keys) == json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_listing_reaches_stdout_in_its_encoding(tmp_path: Path, charset: str) -> None:
    from typer.testing import CliRunner

    from planner.cli import app
    from planner.export.tasks import task_record
    from planner.plan import load_plan

    plan = write_plan(tmp_path, FIRST)
    result = CliRunner(charset=charset).invoke(app, ["tasks", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = json.dumps([task_record(t) for t in load_plan(plan).tasks], ensure_ascii=False, indent=2) + "\n"
    assert result.stdout_bytes == expected.encode(charset)  # a GB18030 terminal gets GB18030, not UTF-8 bytes
