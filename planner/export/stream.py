"""JSON arrays written record by record, so a large plan's output is never built whole in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def json_array(records: Iterable[Any]) -> Iterator[str]:
    """The text of json.dumps(list(records), ensure_ascii=False, indent=2), one record at a time."""
    first = True
    for record in records:
        # a record's own lines, one level deeper; strings never hold a raw line break in JSON
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]" if first else "\n]"
