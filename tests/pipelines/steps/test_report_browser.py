"""The HTML report in a real headless Chromium: no errors, charts drawn, injected script inert."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.pipelines.steps.test_report import SCRIPT, empty_report_data, make_report_data
from verbatim.pipelines.steps.report import write_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install the Debian package `chromium`"
        if os.environ.get("VERBATIM_REQUIRE_BROWSER"):
            pytest.fail(message + " (VERBATIM_REQUIRE_BROWSER is set)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    """The planted report opened from a file URL, with console and page errors collected."""
    path = write_html(make_report_data(), tmp_path / "report.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    pg.errors = []
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    yield pg
    context.close()


def test_report_browser_renders_without_errors(page, tmp_path):
    assert page.errors == []
    # the report's own script ran (allowed by its CSP hash)
    assert page.evaluate("document.documentElement.classList.contains('js')")
    for selector, minimum in [(".impact-chart .impact-bar", 7), (".trend-chart .trend-point", 7)]:
        boxes = [el.bounding_box() for el in page.query_selector_all(selector)]
        assert len(boxes) >= minimum, selector
        assert all(b and b["width"] > 0 and b["height"] > 0 for b in boxes), selector
    band = page.query_selector(".trend-chart .trend-band").bounding_box()
    assert band["width"] > 100 and band["height"] > 0
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, Path(tempfile.gettempdir()) / "verbatim-report.png")
    assert shot.stat().st_size > 10_000


def test_report_browser_injected_script_is_inert_text(page):
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    # visible as text in the alert card and the theme table
    alert_text = page.inner_text("#alerts")
    assert SCRIPT in alert_text
    assert SCRIPT in page.inner_text("#themes")
    assert page.errors == []


def test_report_browser_language_toggle_and_sorting(page):
    label = page.locator(".impact-chart .bar-row").first
    assert label.locator("text.l-en").is_visible()
    assert not label.locator("text.l-fr").is_visible()
    page.click(".lang-toggle button[data-lang='fr']")
    assert label.locator("text.l-fr").is_visible()
    assert not label.locator("text.l-en").is_visible()
    # sort the themes table by impact, ascending: most negative first
    page.click("table.themes th:has-text('Impact')")
    first = page.locator("table.themes tbody tr").first.inner_text()
    assert "Retards de livraison" in first
    assert page.errors == []


def test_report_browser_empty_report_renders(browser, tmp_path):
    path = write_html(empty_report_data(), tmp_path / "empty.html")
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    assert errors == []
    assert "No alerts" in pg.inner_text("#alerts")
    assert "No themes yet" in pg.inner_text("#themes")
    pg.screenshot(path=str(tmp_path / "empty.png"), full_page=True)
    shutil.copyfile(
        tmp_path / "empty.png", Path(tempfile.gettempdir()) / "verbatim-report-empty.png"
    )
    pg.close()
