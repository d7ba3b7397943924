"""Write any view to a file: .txt, .svg or .html by the file's extension, atomically."""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from itertools import groupby
from pathlib import Path

from rich.cells import cell_len, get_character_cell_size
from rich.console import RenderableType

from planner.errors import PlannerError
from planner.i18n import _, is_english
from planner.render.console import plain_console

EXTENSIONS = (".txt", ".svg", ".html")
DEFAULT_WIDTH = 120


def save(renderable: RenderableType, path: Path, *, width: int = DEFAULT_WIDTH, color: bool = True, title: str = "planner") -> None:
    """Render `renderable` at `width` columns and write it as text, SVG or HTML."""
    save_as(renderable, (path,), width=width, color=color, title=title)


def save_as(
    renderable: RenderableType, paths: tuple[Path, ...], *, width: int = DEFAULT_WIDTH, color: bool = True, title: str = "planner"
) -> None:
    """Render once, write every path in the format its extension names (a big view renders slowly)."""
    for path in paths:
        if path.suffix.lower() not in EXTENSIONS:
            raise PlannerError(_("不能以这种格式保存视图"), file=str(path), value=path.suffix or path.name,
                               hint=_("文件名应以 {suffixes} 结尾").format(suffixes=", ".join(EXTENSIONS)))
    console = plain_console(
        record=True, width=width, file=io.StringIO(), force_terminal=True,
        color_system="truecolor" if color else None, no_color=not color,
    )
    console.print(renderable)
    for path in paths:
        kind = path.suffix.lower()
        if kind == ".txt":
            text = console.export_text(styles=False, clear=False)
        elif kind == ".svg":
            text = offline_svg(_svg_wide_text(console.export_svg(title=title, clear=False)), title)
        else:
            page = HTML_PAGE.replace("{title}", html.escape(title).replace("{", "{{").replace("}", "}}"))
            page = page.replace("{lang}", "en" if is_english() else "zh-CN")  # the language the view was drawn in
            text = _wide_runs(console.export_html(inline_styles=True, code_format=page, clear=False))
        write_atomically(path, text)


# rich's page, with the language and a title. Symbols (·, “, ─) come from a Latin monospace font,
# which draws them one cell wide (a CJK font draws them full width); Chinese from a CJK font.
MONO_FONTS = "'DejaVu Sans Mono',Menlo,Consolas,'Noto Sans Mono CJK SC','Noto Sans CJK SC','Microsoft YaHei',monospace"
HTML_PAGE = (
    '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="UTF-8">\n<title>{title}</title>\n'
    "<style>\n{stylesheet}\nbody {{ color: {foreground}; background-color: {background}; }}\n</style>\n</head>\n<body>\n"
    f'<pre style="font-family:{MONO_FONTS}"><code style="font-family:inherit">{{code}}</code></pre>\n</body>\n</html>\n'
)
_FONT_URL = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')


def offline_svg(svg: str, title: str) -> str:
    """No web fonts (a saved view renders offline, and never calls a CDN), CJK fallbacks, a <title>."""
    svg = _FONT_URL.sub("", svg)
    svg = svg.replace("font-family: Fira Code, monospace;", f"font-family: 'Fira Code',{MONO_FONTS};")
    opening = svg.index(">") + 1
    return f"{svg[:opening]}\n    <title>{html.escape(title)}</title>{svg[opening:]}"


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


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _wide_runs(page: str) -> str:
    """Pin each run of non-ASCII characters to the terminal cells it covers (two per CJK character).

    Browsers take CJK glyphs, and often ·, “ or box-drawing lines, from a fallback font whose
    advance is not one or two monospace cells, which would shift every column after them. One
    box per run (not per character, so the text stays one word for search, copy and screen
    readers), as wide as the terminal draws the run, keeps the columns aligned.
    """
    start, end = page.find("<pre"), page.rfind("</pre>")
    if start < 0 or end < 0:
        return page

    def box(found: re.Match[str]) -> str:
        boxes = []
        for width, group in groupby(found.group(0), key=get_character_cell_size):
            run = "".join(group)
            boxes.append(f'<span style="display:inline-block;width:{width * len(run)}ch;'
                         f'text-align-last:justify;white-space:pre">{run}</span>')
        return "".join(boxes)

    return page[:start] + _NON_ASCII_RUN.sub(box, page[start:end]) + page[end:]


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
