"""The HTML report in a real browser (headless Chromium): it renders, and nothing runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_export import checked, reviewed
from tests.unit.test_reports import OPTIONS, hostile_article
from workbench.core.export import export

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def rendered(tmp_path: Path, wb, article: int, name: str) -> tuple[Path, str]:
    """The article's HTML report written to `name` and the DOM Chromium makes of it."""
    with wb:
        html = export(wb.review(article), "html", OPTIONS).text
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    return page, chromium(tmp_path, "--dump-dom", page.as_uri())


def test_report_renders_in_chromium(tmp_path: Path) -> None:
    wb, article = reviewed(tmp_path / "a.db")
    page, dom = rendered(tmp_path, wb, article, "report.html")
    assert "<h1>Iraqi Resistance Launches New Drone Attacks against “Israel”</h1>" in dom
    assert 'id="claim-13"' in dom and 'href="#claim-13"' in dom
    assert "Mostly true" in dom and "Daily casualty report" in dom
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,1600", page.as_uri())
    assert shot.stat().st_size > 20_000


def test_hostile_text_does_not_run_in_chromium(tmp_path: Path) -> None:
    wb, article = hostile_article(tmp_path)
    page, dom = rendered(tmp_path, wb, article, "hostile.html")
    lowered = dom.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert not re.search(r"<[a-z][^>]*\son\w+=", lowered)  # no event-handler attributes
    assert not re.search(r"<a\s[^>]*href=\"javascript", lowered)
    assert "&lt;script&gt;alert('headline')&lt;/script&gt;" in dom


def test_checks_and_verdict_colours_render_in_chromium(tmp_path: Path) -> None:
    wb, article = checked(tmp_path / "a.db")
    page, dom = rendered(tmp_path, wb, article, "checked.html")
    assert '<span class="outcome">not found</span>' in dom
    assert '<p class="check check-bad">' in dom and '<p class="check check-fine">' in dom
    assert 'id="sentence-13"' in dom and 'id="claim-13"' in dom  # sentence 13 has id 13
    assert '<mark id="s-13" class="rating-0">' in dom
    assert "Fact-check review by <strong>" in dom


@pytest.mark.parametrize("fmt", ["claimreview", "webannotation"])
def test_json_ld_in_a_script_block_runs_nothing(tmp_path: Path, fmt: str) -> None:
    """A publisher pastes the JSON-LD into <script type="application/ld+json">: a claim holding
    "</script><script>…" must not end the block and run."""
    from tests.conftest import SAMPLES, Clock
    from workbench.core.service import Workbench

    attack = "</script><script>document.title='PWNED'</script>"
    with Workbench(tmp_path / "a.db", "alice", clock=Clock()) as wb:
        article = wb.import_file(SAMPLES / "press_release_harbour_ministry.txt").article.id
        wb.set_tags(article, 2, ["claim"])
        wb.set_verdict(article, 2, "True", claim=f"Works {attack}", claimant=attack)
        data = export(wb.review(article), fmt, OPTIONS).text
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Safe</title>"
        f'<script type="application/ld+json">{data}</script></head>'
        "<body><p>review</p></body></html>",
        encoding="utf-8",
    )
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "<title>Safe</title>" in dom and "PWNED" not in dom.split("</head>")[1]
    assert dom.count("<script") == 1  # the one block, whole
