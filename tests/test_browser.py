"""The report and a saved view in a real browser (headless Chromium, where installed).

Each page is loaded with a small probe script (tests/browser/probe.js) that measures every text
run's box from the DOM and lists the resources the page loaded; Chromium's net log shows any
request the page started. Screenshots go to artefacts/ (or $PLANNER_ARTEFACTS) for a person to
look at.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.check import check_plan
from planner.cli import app
from planner.config import Config
from planner.export.pdf import browser, headless_args
from planner.export.report import report_html
from planner.plan import load_plan
from planner.schedule import schedule_plan

REPO = Path(__file__).resolve().parent.parent
PROBE = (Path(__file__).parent / "browser" / "probe.js").read_text(encoding="utf-8")
QUIET = ("--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps")

pytestmark = pytest.mark.skipif(browser() is None, reason="Chromium is not installed")


def artefacts() -> Path:
    folder = Path(os.environ.get("PLANNER_ARTEFACTS", REPO / "artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium(page: Path, profile: Path, *args: str) -> str:
    engine = browser()
    assert engine is not None
    done = subprocess.run([engine, *headless_args(str(profile)), *QUIET, *args, page.as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def probe(page: Path, tmp_path: Path) -> tuple[dict, list[str]]:
    """Load `page` with the probe; its measurements, and the URLs of requests the page started."""
    probed = tmp_path / f"probed-{page.name}"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{PROBE}</script></body>"), encoding="utf-8")
    log = tmp_path / f"{page.stem}.netlog.json"
    dom = chromium(probed, tmp_path / "profile", "--window-size=1400,1000", "--virtual-time-budget=20000",
                   f"--log-net-log={log}", "--dump-dom")
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, "the probe did not run"
    return json.loads(html.unescape(found.group(1))), page_requests(log)


def page_requests(log: Path) -> list[str]:
    """URLs of network requests a page started (Chromium's own update and sign-in pings have no origin)."""
    data = json.loads(log.read_text(encoding="utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    started = [e.get("params", {}) for e in data["events"] if e["type"] == start]
    return [
        p["url"] for p in started
        if "url" in p and p.get("initiator") != "not an origin" and not p["url"].startswith(("file:", "data:", "about:", "chrome"))
    ]  # fmt: skip


def screenshot(page: Path, tmp_path: Path, name: str, size: str = "1400,1800") -> Path:
    target = artefacts() / name
    chromium(page, tmp_path / "profile-shot", f"--window-size={size}", f"--screenshot={target}")
    assert target.stat().st_size > 10_000
    return target


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = load_plan(None)
    schedule = schedule_plan(plan, Config())
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(report_html(plan, schedule, Config(), check_plan(plan, schedule, Config())), encoding="utf-8")
    return page


def test_the_probe_sees_a_page_that_fetches(tmp_path: Path) -> None:
    """Control: a page asking for a remote image is caught, so an empty list below means something."""
    page = tmp_path / "fetching.html"
    page.write_text('<html><body><p>测试</p><img src="http://example.invalid/x.png"></body></html>', encoding="utf-8")
    _, requests = probe(page, tmp_path)
    assert requests == ["http://example.invalid/x.png"]


def test_report_renders_offline_with_cjk_text_laid_out_without_overlap(report: Path, tmp_path: Path) -> None:
    measured, requests = probe(report, tmp_path)
    assert requests == [] and measured["resources"] == [], "the report asks nothing of the network"
    assert measured["text"].startswith("山西省2024年度部门联合双随机抽查 · 审核报告")
    assert measured["texts"] > 5000  # every table cell and label was laid out
    assert measured["overlaps"] == [], f"{measured['overlapCount']} text runs overlap"
    assert report.stat().st_size < 2_000_000
    screenshot(report, tmp_path, "report.png")


def test_saved_view_renders_offline_with_chinese_in_its_columns(tmp_path: Path) -> None:
    saved = tmp_path / "heatmap.html"
    result = CliRunner().invoke(app, ["--lang", "zh", "heatmap", "--city", "太原", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    measured, requests = probe(saved, tmp_path)
    assert requests == [] and measured["resources"] == []
    assert "市市场监管局" in measured["text"]
    assert measured["overflowing"] == [], "Chinese text fits the two-cell boxes that keep columns aligned"
    assert measured["overlaps"] == []
    screenshot(saved, tmp_path, "saved-heatmap.png", size="1200,900")


def test_report_prints_to_an_a4_landscape_pdf(report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "r.html"), "--pdf", str(pdf)])
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data))
    assert boxes and all(abs(float(w) - 841.9) < 1 and abs(float(h) - 595.3) < 1 for w, h in boxes), boxes
