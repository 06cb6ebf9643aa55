"""/admin in Debian chromium: upload through the form, screenshots, axe-core (WCAG 2.2 AA).

axe-core comes from node_modules (npm ci) and is served to the page from the app's own
origin by the test, so the page's Content-Security-Policy stays on throughout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.admin.conftest import ADMIN, make_site
from tests.web.conftest import LiveServer, RequestLog

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEWSLETTER = """Safeguarding Matters
Issue 29
January 2023

Kinship care protocol

The partnership has published a new kinship care protocol. Practitioners must contact the
kinship care team within five working days when a relative takes on the care of a child.
"""
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({id: v.id, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(" "))}));
}"""


@pytest.fixture()
def server(site):
    with LiveServer(site.app) as live:
        yield live


@pytest.fixture()
def admin_page(browser, server):
    """admin_page(width) -> (page, RequestLog, CSP messages), signed in as the admin."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (scripts/test does)"
    contexts = []

    def make(width: int):
        ctx = browser.new_context(
            viewport={"width": width, "height": 900},
            http_credentials={"username": ADMIN[0], "password": ADMIN[1]},
        )
        contexts.append(ctx)
        log = RequestLog({server.url.split("://", 1)[1]})
        ctx.route("**/*", log.handle)
        ctx.route(f"{server.url}/__axe.js", lambda route: route.fulfill(path=str(AXE)))
        page = ctx.new_page()
        csp: list[str] = []
        page.on("console", lambda m: csp.append(m.text) if "Content Security" in m.text else None)
        return page, log, csp

    yield make
    for ctx in contexts:
        ctx.close()


def _axe(page, server) -> list[dict]:
    page.add_script_tag(url=f"{server.url}/__axe.js")
    return page.evaluate(AXE_RUN, TAGS)


def _upload(page, tmp_path: Path) -> None:
    file = tmp_path / "kinship news.txt"
    file.write_text(NEWSLETTER, encoding="utf-8")
    page.set_input_files("#f-file", str(file))
    page.fill("#f-title", "Safeguarding Matters")
    page.fill("#f-issue", "29")
    page.fill("#f-date", "2023-01")
    page.select_option("#f-area", "leicestershire-and-rutland")
    page.click("text=Add newsletter")
    page.wait_for_selector(".notice.success", timeout=120_000)


def test_admin_upload_in_the_browser_passes_axe_at_1280(admin_page, server, tmp_path):
    page, log, csp = admin_page(1280)
    page.goto(f"{server.url}/admin")
    assert page.locator("h1").inner_text() == "Newsletters"
    _upload(page, tmp_path)
    assert "safeguarding-matters-issue-29-2023-01.txt" in page.inner_text("table.docs")
    assert page.evaluate("document.activeElement.id") == "change-h"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-1280.png"), full_page=True)
    assert _axe(page, server) == []
    assert csp == [] and log.foreign == []


def test_admin_page_at_375_fits_and_passes_axe(admin_page, server, tmp_path):
    page, log, csp = admin_page(375)
    page.goto(f"{server.url}/admin")
    _upload(page, tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "admin-375.png"), full_page=True)
    assert _axe(page, server) == []
    assert csp == [] and log.foreign == []


def test_admin_form_errors_are_announced_and_pass_axe(admin_page, server, tmp_path):
    page, _, csp = admin_page(375)
    page.goto(f"{server.url}/admin")
    wrong = tmp_path / "news.txt"
    wrong.write_bytes(b"%PDF-1.4\n%\x00\x01")
    page.set_input_files("#f-file", str(wrong))
    page.fill("#f-title", "Safeguarding Matters")
    page.fill("#f-date", "2023-01")
    page.click("text=Add newsletter")
    page.wait_for_selector(".error-summary")
    # the page moves focus to the summary once it is shown: wait for that, then check it
    page.wait_for_function(
        "document.activeElement && document.activeElement.className === 'error-summary'",
        timeout=5000,
    )
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert "the content is a PDF" in page.inner_text(".error-summary")
    assert page.get_attribute("#f-file", "aria-invalid") == "true"
    assert _axe(page, server) == []
    assert csp == []


@pytest.mark.parametrize("path", ["replace", "remove"])
def test_admin_replace_and_remove_pages_pass_axe(admin_page, server, path):
    page, _, csp = admin_page(1280)
    page.goto(f"{server.url}/admin/{path}?source=safeguarding-matters-2013-spring.txt")
    assert page.locator("h1").inner_text().startswith(("Replace", "Remove"))
    assert _axe(page, server) == []
    assert csp == []


def test_admin_upload_appears_in_the_chat_filter_without_a_restart(
    browser, tmp_path, fake_embedder
):
    site = make_site(tmp_path, fake_embedder, chat=True)
    with LiveServer(site.app) as live:
        ctx = browser.new_context(http_credentials={"username": ADMIN[0], "password": ADMIN[1]})
        try:
            page = ctx.new_page()
            page.goto(f"{live.url}/admin")
            _upload(page, tmp_path)
            page.goto(f"{live.url}/")
            page.get_by_text("Filter by newsletter and date").click()
            page.get_by_text("Safeguarding Matters issue 29 (Jan 2023)").wait_for(timeout=60_000)
        finally:
            ctx.close()
