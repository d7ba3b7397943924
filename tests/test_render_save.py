"""planner.render.save: any view to .txt / .svg / .html by extension, whole or not at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.table import Table
from rich.text import Text

from planner.errors import PlannerError
from planner.render.save import save


def view() -> Table:
    table = Table(title="各部门每月检查数")
    table.add_column("部门")
    table.add_column("3月", justify="right")
    table.add_row("市市场监管局", "10!", style="bold red")
    return table


def test_text_file_is_plain_text_without_escape_codes(tmp_path: Path) -> None:
    """.txt: the view as a terminal shows it, without colour codes."""
    target = tmp_path / "heatmap.txt"
    save(view(), target, width=80)
    text = target.read_text(encoding="utf-8")
    assert "市市场监管局" in text and "\x1b[" not in text and max(len(line) for line in text.splitlines()) <= 80


def test_svg_file_is_an_svg_with_the_text(tmp_path: Path) -> None:
    """.svg: a standalone SVG holding the Chinese text."""
    target = tmp_path / "heatmap.svg"
    save(view(), target, title="热力图")
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and "热力图" in text and "市市场监管局" in text.replace("&#160;", " ")


def test_html_file_is_a_page_with_inline_styles(tmp_path: Path) -> None:
    """.html: a page that keeps its colours without a stylesheet."""
    target = tmp_path / "heatmap.html"
    save(view(), target)
    text = target.read_text(encoding="utf-8")
    assert "<html" in text and "市市场监管局" in re.sub("<[^>]+>", "", text) and "style=" in text


def test_saving_twice_writes_identical_files(tmp_path: Path) -> None:
    """Same view, same bytes: sample output stays stable in git."""
    for suffix in (".txt", ".svg", ".html"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        save(view(), first)
        save(view(), second)
        assert first.read_bytes() == second.read_bytes()


def test_unknown_extension_is_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    """A .pdf target is an error naming .txt, .svg and .html, and nothing is written."""
    with pytest.raises(PlannerError, match=r"\.txt, \.svg, \.html"):
        save(view(), tmp_path / "heatmap.pdf")
    assert list(tmp_path.iterdir()) == []


def test_missing_folders_are_created_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    """Saving into sample_output/ creates it and leaves only the target behind."""
    target = tmp_path / "sample_output" / "timeline.txt"
    save(view(), target)
    assert [p.name for p in target.parent.iterdir()] == ["timeline.txt"]


def test_saved_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """The atomic write does not leave the temporary file's private 0600 mode behind."""
    import os

    target = tmp_path / "view.txt"
    save(view(), target)
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_html_pins_chinese_runs_to_two_cells_a_character(tmp_path: Path) -> None:
    """In the HTML page a run of Chinese sits in one box two cells a character wide, so columns line up."""
    target = tmp_path / "view.html"
    save(Text("市场监管 ok 卫健委"), target, title="视图")
    text = target.read_text(encoding="utf-8")
    assert re.search(r'width:8ch[^"]*">市场监管</span> ok <span style="[^"]*width:6ch[^"]*">卫健委</span>', text)
    assert text.count("<span") == 2  # one box per run, never one per character


def test_saved_views_name_their_language_and_title_and_fetch_nothing(tmp_path: Path) -> None:
    from planner.i18n import set_language

    set_language("zh")  # the default run
    for suffix in (".html", ".svg"):
        target = tmp_path / f"view{suffix}"
        save(view(), target, title="太原市 · 热力图")
        text = target.read_text(encoding="utf-8")
        assert "<title>太原市 · 热力图</title>" in text
        assert not re.search(r"url\(\s*[\"']?https?:", text), "no web fonts: a saved view renders offline"
    assert '<html lang="zh-CN">' in (tmp_path / "view.html").read_text(encoding="utf-8")
    set_language("en")
    save(view(), tmp_path / "en.html")
    assert '<html lang="en">' in (tmp_path / "en.html").read_text(encoding="utf-8")


def test_svg_stretches_chinese_text_over_its_cells(tmp_path: Path) -> None:
    """In the SVG two Chinese characters span four cells, as in the terminal, not two."""
    target = tmp_path / "view.svg"
    save(Text.assemble(("市场", "bold"), ("ab", "italic")), target)
    runs = dict((t, float(n)) for n, t in re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]*)</text>', target.read_text("utf-8")))
    assert runs["市场"] == pytest.approx(2 * runs["ab"])
