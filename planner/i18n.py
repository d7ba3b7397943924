"""One language per run: Chinese by default, English on request (`--lang en`, or LANG/LC_ALL en_*).

Source strings are Chinese and are the gettext msgids; `planner/locale/en/LC_MESSAGES/planner.mo`
holds the English catalogue. `_("…")` translates a Chinese string into the run's language, so
wrapping a new Chinese string is mechanical: put `_()` around it and add its English to the
catalogue (tests/test_i18n.py lists every wrapped string that has none).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
DOMAIN = "planner"
LOCALE_DIR = Path(__file__).parent / "locale"

_language = ""


def detect(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def set_language(language: str | None) -> str:
    """Use `language` (zh or en; None: from the environment) for the rest of the run."""
    global _language
    _language = language if language in LANGUAGES else detect()
    return _language


def language() -> str:
    return _language or set_language(None)


def is_english() -> bool:
    return language() == "en"


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "zh":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` (Chinese) in the run's language."""
    lang = language()
    if lang == "zh":  # the msgids are Chinese (what NullTranslations would return): reading asks ~3 a task row
        return message
    return _catalogue(lang).gettext(message)



def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet (help texts: translated per run)."""
    return message


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Temporarily use `lang`: committed files (sample_output/) are Chinese whatever the run's language."""
    global _language
    before = _language
    _language = lang
    try:
        yield
    finally:
        _language = before
