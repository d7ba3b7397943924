"""JSON arrays written record by record, so a large plan's output is never built whole in memory.

The text is exactly json.dumps(list(records), ensure_ascii=False, indent=2). The standard
library indents in pure Python (its C encoder only writes compact JSON), through one generator
per nested value; `_encode` writes the same text dispatching on the exact type, escaping strings
with the C `encode_basestring` and joining each container at once: about 1.5× faster on a 10×
plan's tasks. (orjson would be 7× faster, but writes floats and NaN its own way: 1e16, null.)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring  # C-accelerated
from typing import Any

BATCH = 256  # records per chunk: few writes, and memory bounded by a batch, not the plan


def json_array(records: Iterable[Any]) -> Iterator[str]:
    """The text of json.dumps(list(records), ensure_ascii=False, indent=2), a batch of records at a time."""
    batch: list[str] = []
    first = True
    for record in records:
        batch.append(("[\n  " if first else ",\n  ") + _encode(record, "\n  "))
        first = False
        if len(batch) == BATCH:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)
    yield "[]" if first else "\n]"


def _encode(value: Any, newline: str) -> str:
    """`value` as json.dumps(…, ensure_ascii=False, indent=2) writes it, at the depth `newline` indents to."""
    return _BY_TYPE.get(type(value), _standard)(value, newline)


def _dict(value: dict[Any, Any], newline: str) -> str:
    if not value:
        return "{}"
    if not all(type(key) is str for key in value):
        return _standard(value, newline)  # keys json turns into strings its own way
    inner = newline + "  "
    items = [encode_basestring(key) + ": " + _BY_TYPE.get(type(item), _standard)(item, inner) for key, item in value.items()]
    return "{" + inner + ("," + inner).join(items) + newline + "}"


def _list(value: list[Any] | tuple[Any, ...], newline: str) -> str:
    if not value:
        return "[]"
    inner = newline + "  "
    items = [_BY_TYPE.get(type(item), _standard)(item, inner) for item in value]
    return "[" + inner + ("," + inner).join(items) + newline + "]"


def _standard(value: Any, newline: str) -> str:
    """The standard library's text (floats, subclasses, anything else), indented to `newline`'s depth."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)  # no raw line break in a JSON string


_BY_TYPE: dict[type, Callable[[Any, str], str]] = {
    str: lambda value, newline: encode_basestring(value),
    int: lambda value, newline: int.__repr__(value),
    bool: lambda value, newline: "true" if value else "false",
    type(None): lambda value, newline: "null",
    dict: _dict,
    list: _list,
    tuple: _list,
}
