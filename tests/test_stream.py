"""Streamed JSON output is the same text as dumping the whole list at once."""

from __future__ import annotations

import json

import pytest

from planner.export.stream import json_array

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


def test_every_json_value_and_more_records_than_a_batch_read_as_json_dumps_writes_them() -> None:
    odd = {1: "int key", "t": (1, (2,)), "flags": [True, False, None], "big": 10**30, "floats": [1e16, 1e-7, float("nan")]}
    records = [odd, *({"i": n, "s": "行\t\u2028\"\\"} for n in range(600))]
    assert "".join(json_array(iter(records))) == json.dumps(records, ensure_ascii=False, indent=2)


@pytest.mark.parametrize(("indent", "sort_keys"), [(1, True), (1, False), (2, True), (4, False)])
def test_dumps_is_json_dumps(indent: int, sort_keys: bool) -> None:
    from planner.export.stream import dumps

    value = {"z": [{"b": 1, "a": ["x", {"d": None, "c": True}]}], "a": {}, "m": [], "n": 2.5, "太原": "市\n"}
    assert dumps(value, indent=indent, sort_keys=sort_keys) == json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
