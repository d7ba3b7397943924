"""Write any view to a file: .txt, .svg or .html by the file's extension, atomically."""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from pathlib import Path

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, RenderableType

from planner.errors import PlannerError

EXTENSIONS = (".txt", ".svg", ".html")
DEFAULT_WIDTH = 120


def save(renderable: RenderableType, path: Path, *, width: int = DEFAULT_WIDTH, color: bool = True, title: str = "planner") -> None:
    """Render `renderable` at `width` columns and write it as text, SVG or HTML."""
    kind = path.suffix.lower()
    if kind not in EXTENSIONS:
        raise PlannerError("cannot save a view in this format", file=str(path), value=path.suffix or path.name,
                           hint="use a file name ending in " + ", ".join(EXTENSIONS))
    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True,
        color_system="truecolor" if color else None, no_color=not color, highlight=False,
    )
    console.print(renderable)
    if kind == ".txt":
        text = console.export_text(styles=False)
    elif kind == ".svg":
        text = _svg_wide_text(console.export_svg(title=title))
    else:
        text = _wide_cells(console.export_html(inline_styles=True))
    write_atomically(path, text)


_SVG_TEXT = re.compile(r'textLength="([0-9.]+)"([^>]*)>([^<]*)</text>')


def _svg_wide_text(svg: str) -> str:
    """Stretch each SVG text run over the cells it covers, not over its character count.

    rich sizes a run as one cell per character, which squeezes Chinese text to half its width
    while the next run still starts after the full width (Textualize/rich#2742, open).
    """

    def stretch(found: re.Match[str]) -> str:
        length, attributes, escaped = found.groups()
        text = html.unescape(escaped)
        if not text or cell_len(text) == len(text):
            return found.group(0)
        wide = float(length) * cell_len(text) / len(text)
        return f'textLength="{wide:g}"{attributes}>{escaped}</text>'

    return _SVG_TEXT.sub(stretch, svg)


def _wide_cells(html: str) -> str:
    """Pin each double-width character to two character cells, as a terminal draws it.

    Browsers take CJK glyphs from a fallback font whose width is not two monospace cells, which
    would shift every column after a Chinese name; a fixed-width inline box keeps them aligned.
    """
    start, end = html.find("<pre"), html.rfind("</pre>")
    if start < 0 or end < 0:
        return html
    body = "".join(
        f'<span style="display:inline-block;width:2ch">{char}</span>' if get_character_cell_size(char) == 2 else char
        for char in html[start:end]
    )
    return html[:start] + body + html[end:]


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so a reader never sees half a file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
