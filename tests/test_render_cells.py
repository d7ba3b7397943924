"""planner.render.cells: widths counted in terminal cells, so CJK text fits and aligns."""

from __future__ import annotations

from rich.cells import cell_len

from planner.render.cells import fit, pad, short_name


def test_fit_cuts_by_display_cells_and_ends_with_an_ellipsis() -> None:
    """Six Chinese characters are twelve cells: cut to 9 cells they keep four and an ellipsis."""
    assert fit("市市场监管局", 9) == "市市场监…" and cell_len(fit("市市场监管局", 9)) == 9


def test_fit_never_splits_a_wide_character() -> None:
    """An odd width leaves a cell empty rather than half a character."""
    assert fit("市市场监管局", 8) == "市市场…" and cell_len(fit("市市场监管局", 8)) == 7


def test_text_that_fits_is_unchanged() -> None:
    """A name no wider than the column is shown whole."""
    assert fit("市商务局", 8) == "市商务局"


def test_pad_gives_exact_widths_for_mixed_text() -> None:
    """Padded labels are exactly as wide as asked, left or right aligned."""
    assert cell_len(pad("ODS市局", 10)) == 10 and pad("12", 4, right=True) == "  12"


def test_short_name_drops_the_words_every_task_shares() -> None:
    """对…的双随机抽查 goes; a name that would become too short stays."""
    assert short_name("对旅行社的双随机抽查") == "旅行社"
    assert short_name("对食品生产企业的双随机抽查") == "食品生产企业"
    assert short_name("市政工程监督检查") == "市政工程监督检查"


def test_one_date_range_style_everywhere() -> None:
    """Tables, agenda and change notices write a span of days one way: 03-01–05, 03-28–04-02."""
    from datetime import date

    from planner.render.cells import date_range

    assert date_range(date(2024, 3, 1), date(2024, 3, 5)) == "03-01–05"
    assert date_range(date(2024, 3, 28), date(2024, 4, 2)) == "03-28–04-02"
    assert date_range(date(2024, 3, 1), date(2024, 3, 1)) == "03-01"
    assert date_range(date(2024, 3, 1), date(2024, 3, 5), year=True) == "2024-03-01–05"


def test_pieces_draw_what_the_same_appends_to_a_rich_text_draw() -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    from planner.render.cells import Pieces

    writes = [("标题\n\n", ""), ("城市  部门\n", "bold"), ("太原市", ""), ("  ·", "dim"), ("  12", "bold red"), ("\n\n", ""),
              ("", "bold"), ("末行：没有换行", "")]
    pieces, text = Pieces(), Text()
    for piece, style in writes:
        pieces.append(piece, style)
        text.append(piece, style=style or None)
    assert pieces.plain == text.plain
    for options in ({"color_system": None}, {"force_terminal": True, "color_system": "truecolor"}):
        drawn = []
        for renderable in (pieces, text):
            console = Console(width=12, file=io.StringIO(), **options)  # type: ignore[arg-type]
            console.print(renderable, soft_wrap=True)  # lines wider than the console are left to the terminal
            drawn.append(console.file.getvalue())  # type: ignore[attr-defined]
        assert drawn[0] == drawn[1]
