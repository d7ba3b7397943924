"""HTML → PDF with a real engine: headless Chromium, where it is installed.

Chromium prints with the page's own @page rules (A4 landscape for the report). It runs with
the network switched off (every host name resolves to nothing), so printing never fetches.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from planner.errors import PlannerError
from planner.i18n import _
from planner.render.save import write_bytes_atomically

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"  # no host name resolves: nothing can be fetched


def browser() -> str | None:
    """The first headless-capable browser on PATH."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def headless_args(profile: str) -> list[str]:
    """Flags for a headless run as any user (root needs --no-sandbox) with a throw-away profile."""
    return ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            f"--user-data-dir={profile}", OFFLINE]


def print_pdf(html_file: Path, pdf_file: Path, *, timeout: float = 180) -> None:
    """Print `html_file` to `pdf_file` atomically; an error names what is missing or what failed."""
    engine = browser()
    if engine is None:
        raise PlannerError(_("生成 PDF 需要 Chromium，但没有找到"), file=str(pdf_file), hint=_("安装 chromium（Debian：apt-get install chromium）"))
    with tempfile.TemporaryDirectory(prefix="planner-pdf-") as work:
        target = Path(work) / "out.pdf"
        done = subprocess.run(
            [engine, *headless_args(work), "--no-pdf-header-footer", f"--print-to-pdf={target}", html_file.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if done.returncode != 0 or not target.exists():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PlannerError(_("Chromium 未能生成 PDF"), file=str(pdf_file), value=last)
        write_bytes_atomically(pdf_file, target.read_bytes())
