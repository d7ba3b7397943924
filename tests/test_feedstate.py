"""The feed state file is the JSON text json.dumps writes for it, and reads back as it was."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.export.feedstate import VERSION, Exported, FeedState, events_json, read_state, state_bytes


def _as_json_dumps(state: FeedState) -> bytes:
    """The state file as it was written before it had its own writer: json.dumps of a dict."""
    def entry(e: Exported) -> dict[str, object]:
        data: dict[str, object] = {"start": e.start.isoformat(), "end": e.end.isoformat(), "sequence": e.sequence}
        if e.title:
            data["title"] = e.title
        if e.departments:
            data["departments"] = list(e.departments)
        if not e.live:
            data["removed"] = True
        return data

    data = {"version": VERSION, "feeds": list(state.feeds), "events": {uid: entry(e) for uid, e in state.events.items()}}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


STATES = [
    FeedState(),
    FeedState(feeds=("all.ics",)),
    FeedState(
        events={
            "2024-x-b-0002-r1@planner": Exported(date(2024, 3, 4), date(2024, 3, 6), 2, '引号"与\\反斜杠\n换行', ("太原市/市市场监管局", "太原市/市卫健委")),
            "2024-x-a-0001-r1@planner": Exported(date(2024, 1, 2), date(2024, 1, 3)),
            "2024-x-a-0001-r2@planner": Exported(date(2024, 5, 6), date(2024, 5, 9), 1, "", ("太原市/市教育局",), live=False),
            "2024-x-c-0003-r1@planner": Exported(date(2024, 9, 2), date(2024, 9, 3), 0, "只有标题", (), live=False),
        },
        feeds=("all.ics", "taiyuan.ics", "taiyuan/shi-shi-chang-jian-guan-ju.ics"),
    ),
]


@pytest.mark.parametrize("state", STATES)
def test_state_file_is_what_json_dumps_writes(state: FeedState, tmp_path: Path) -> None:
    written = state_bytes(state)
    assert written == _as_json_dumps(state)
    assert state_bytes(state, events_json(state)) == written
    (tmp_path / ".state.json").write_bytes(written)
    assert read_state(tmp_path / ".state.json") == state
