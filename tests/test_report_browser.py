"""The report in a real browser: headless Chromium, from file://, with the network blocked."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_report import REPORT_CHARTS, hostile_store

from asyncmetrics import Config
from asyncmetrics.report import write_report

ROOT = Path(__file__).parents[1]
BROWSER = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on this machine (make setup installs Debian's package where it can)",
)


@dataclass
class Visit:
    charts: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def visit(html: Path, screenshot: Path | None = None) -> Visit:
    from playwright.sync_api import sync_playwright

    seen = Visit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=BROWSER,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1200, "height": 900})

        def block(route):  # the network is off: anything but the file itself is refused
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                seen.outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
        page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.goto(html.resolve().as_uri())
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('svg'))",
            timeout=20_000,
        )
        seen.charts = page.eval_on_selector_all(
            ".chart",
            """charts => charts.map(c => ({
                name: c.dataset.chart,
                svgs: c.querySelectorAll('svg').length,
                marks: c.querySelectorAll('g.mark-line path, g.mark-rect path, g.mark-symbol path,'
                    + ' g.mark-rule line, g.mark-rule path').length,
            }))""",
        )
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return seen


def test_every_chart_renders_offline_without_errors(tmp_path):
    html = write_report("sample", tmp_path, period="2026Q3")
    shot = ROOT / "reports" / "report-screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    seen = visit(html, screenshot=shot)
    assert [c["name"] for c in seen.charts] == list(REPORT_CHARTS)
    assert all(c["svgs"] >= 1 for c in seen.charts)
    assert all(c["marks"] > 0 for c in seen.charts), seen.charts
    assert seen.console_errors == []
    assert seen.outside_requests == []
    assert shot.stat().st_size > 50_000


def test_hostile_names_and_texts_run_nothing(tmp_path):
    store = hostile_store(tmp_path)
    html = write_report(store, tmp_path / "out", config=Config(min_group_size=1, include_text=True))
    seen = visit(html)
    assert seen.dialogs == []
    assert seen.console_errors == []
    assert seen.outside_requests == []
    assert all(c["marks"] > 0 for c in seen.charts if c["name"] != "arrivals")
