"""Suite-wide settings.

The suite reads messages in English (LC_ALL=en_US.UTF-8, as a user who asks for English gets
them), so assertions on errors and summaries stay readable; tests/test_i18n.py runs every
command in both languages, Chinese (the default) included.
"""

from __future__ import annotations

import os

import pytest

from planner.i18n import set_language

os.environ["LC_ALL"] = "en_US.UTF-8"  # for fixtures of wider scope too, which run before the one below


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    set_language(None)  # a previous test's --lang must not leak into library calls
