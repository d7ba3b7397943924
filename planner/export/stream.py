"""JSON text as json.dumps(…, ensure_ascii=False, indent=N) writes it, faster; arrays record by record.

`json_array` (the listings of `planner tasks|events --format json`) and `indented` write through orjson, in C:
for str, int, bool, None, dict and list its indented text is json.dumps's byte for byte, and about
15x faster than the encoder below. Floats are the exception: orjson writes those below 1e-4 its own
way (1e-7 for 1e-07) and NaN and ±Infinity as null, so a record passes each float through `exact`,
which marks the few such values to be written as json.dumps writes them. A batch orjson cannot write
(an int beyond 64 bits, a lone surrogate, a key that is not a string, a subclass, a date) is written
by the encoder below, which gives json.dumps's text or its error. (orjson would write an Enum or a
UUID where json.dumps raises TypeError; no record holds one.)

`dumps` writes any indent (the feeds' index.json uses indent 1, which orjson cannot) and is the
fallback for what orjson refuses: the standard library indents in pure Python (its C encoder only
writes compact JSON), through one generator per nested value; `dumps` dispatches on each value's
exact type, escaping strings with the C `encode_basestring` and joining each container at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring  # C-accelerated
from typing import Any

import orjson

BATCH = 256  # records per chunk: few writes, and memory bounded by a batch, not the plan

Encode = Callable[[Any, str], str]  # (value, the line break and indent of its depth) -> text


def dumps(value: Any, *, indent: int = 2, sort_keys: bool = False) -> str:
    """json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys), the same text."""
    return _encoder(indent, sort_keys)(value, "\n")


def indented(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2), the same text; every float one `exact` returned."""
    try:
        return orjson.dumps(value, default=_exact_float, option=_ORJSON).decode()
    except TypeError:  # orjson.JSONEncodeError: what json.dumps writes (or refuses) its own way
        return dumps(value)


def json_array(records: Iterable[Any]) -> Iterator[str]:
    """The text of json.dumps(list(records), ensure_ascii=False, indent=2), a batch of records at a time.

    Every float in the records must be one `exact` returned (orjson writes others its own way)."""
    for chunk in json_chunks(records):
        yield chunk if isinstance(chunk, str) else chunk.decode()


def json_chunks(records: Iterable[Any]) -> Iterator[bytes | str]:
    """json_array's text, as orjson's UTF-8 bytes or, for a batch it refused, as text.

    A listing writes the bytes as they are: decoding a 10x plan's 16 MB of tasks only to encode
    them again for stdout took 35 ms."""
    batch: list[Any] = []
    first = True
    for record in records:
        batch.append(record)
        if len(batch) == BATCH:
            yield _batch_text(batch, first)
            first = False
            batch.clear()
    if batch:
        yield _batch_text(batch, first)
        first = False
    yield b"[]" if first else b"\n]"


class ExactFloat(float):
    """A float orjson writes otherwise than json.dumps: below 1e-4 (but 0), from 1e16, NaN, ±Infinity."""


def exact(number: float | None) -> float | None:
    """The number, marked when orjson would not write it as json.dumps does (see ExactFloat)."""
    if number is None or number == 0 or 1e-4 <= abs(number) < 1e16:  # a ratio as plans write it
        return number
    return ExactFloat(number)


_ORJSON = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _batch_text(batch: list[Any], first: bool) -> bytes | str:
    """The records as items of the indented array: "[" or "," then each on its own lines, no closing "]"."""
    try:
        items = orjson.dumps(batch, default=_exact_float, option=_ORJSON)[1:-2]  # "\n  {…},\n  {…}"
    except TypeError:  # orjson.JSONEncodeError: what json.dumps writes (or refuses) its own way
        encode = _encoder(2, False)
        return ("[" if first else ",") + "".join(",\n  " + encode(record, "\n  ") for record in batch)[1:]
    return (b"[" if first else b",") + items


def _exact_float(value: Any) -> orjson.Fragment:
    if type(value) is ExactFloat:
        return orjson.Fragment(json.dumps(float(value)))  # 1e-07, NaN, Infinity
    raise TypeError(f"{type(value).__name__} is left to json.dumps")


@lru_cache(maxsize=None)
def _encoder(indent: int, sort_keys: bool) -> Encode:
    unit = " " * indent

    def standard(value: Any, newline: str) -> str:
        """The standard library's text (floats, subclasses, anything else), indented to `newline`'s depth."""
        text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
        return text.replace("\n", newline)  # no raw line break inside a JSON string

    def encode(value: Any, newline: str) -> str:
        return by_type.get(type(value), standard)(value, newline)

    def a_dict(value: dict[Any, Any], newline: str) -> str:
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):
            return standard(value, newline)  # keys json turns into strings its own way
        inner = newline + unit
        pairs = sorted(value.items()) if sort_keys else value.items()
        items = [encode_basestring(key) + ": " + by_type.get(type(item), standard)(item, inner) for key, item in pairs]
        return "{" + inner + ("," + inner).join(items) + newline + "}"

    def a_list(value: list[Any] | tuple[Any, ...], newline: str) -> str:
        if not value:
            return "[]"
        inner = newline + unit
        items = [by_type.get(type(item), standard)(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"

    by_type: dict[type, Encode] = {
        str: lambda value, newline: encode_basestring(value),
        int: lambda value, newline: int.__repr__(value),
        bool: lambda value, newline: "true" if value else "false",
        type(None): lambda value, newline: "null",
        dict: a_dict,
        list: a_list,
        tuple: a_list,
    }
    return encode
