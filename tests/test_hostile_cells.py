"""Plan text is data: markup, emoji codes and HTML in a cell reach the user as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.plans import row, write_plan

runner = CliRunner()

NAME = "[/b]<script>x</script>旅行社:smile:"
ITEM = "[link=http://evil.example/]点我[/link]"
DEPT = "市文旅局[bold]"


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path, row("太原市", "1", NAME, ITEM, "旅行社", "不低于5%；1次/年", "", "3月—12月",
                                    DEPT, "市市场监管局", "市抽市查"))


@pytest.mark.parametrize("command", [
    ["tasks"], ["tasks", "--format", "json"], ["audit"], ["events"], ["timeline"], ["timeline", "--by", "dept"],
    ["agenda", "--dept", "文旅"], ["overview", "--month", "2024-03"], ["heatmap"], ["check"], ["load"],
])  # fmt: skip
def test_markup_in_cells_is_printed_literally(plan: Path, command: list[str]) -> None:
    """A stray [/b] does not crash a view, [link=…] makes no terminal hyperlink, :smile: stays text."""
    result = runner.invoke(app, [*command, str(plan), "--width", "200"] if command[0] in ("timeline", "agenda", "overview", "heatmap")
                           else [*command, str(plan)], env={"COLUMNS": "400"})
    assert result.exit_code in (0, 1), result.output  # check exits 1 on findings
    assert "\x1b]8;" not in result.output  # OSC 8: a terminal hyperlink
    assert "😄" not in result.output
    if command[0] in ("tasks", "events", "agenda"):
        assert "[/b]" in result.output or "[link=" in result.output


def test_build_prints_and_writes_hostile_text_as_text(plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(plan)])
    assert result.exit_code == 0, result.output
    feed = (tmp_path / "calendars" / "all.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "[/b]" in feed and "[link=http://evil.example/]" in feed


@pytest.mark.parametrize("suffix", [".html", ".svg"])
def test_saved_views_escape_plan_text(plan: Path, tmp_path: Path, suffix: str) -> None:
    """In a saved page a cell's <script> is text to read, not markup to run."""
    saved = tmp_path / f"tasks{suffix}"
    result = runner.invoke(app, ["timeline", str(plan), "--width", "300", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    page = saved.read_text(encoding="utf-8")
    assert "<script>" not in page and "[/b]" in page
    assert "&lt;script&gt;" in page
