"""The one way views reach a terminal or a file: a rich Console that treats text as text.

Plan cells are data written by other people. rich would otherwise read `[b]…[/b]` in a cell as
markup (a stray `[/b]` is a MarkupError, `[link=…]` a clickable terminal hyperlink) and `:name:`
as an emoji code. Views style with Text objects, never with markup strings, so both are off.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


def plain_console(**options: Any) -> Console:
    """A Console for views: no markup, no emoji codes, no automatic highlighting."""
    options.setdefault("highlight", False)
    return Console(markup=False, emoji=False, **options)
