"""Headless Chromium for the end-to-end journeys, and the axe-core accessibility check.

The browser is Debian's Chromium (never `playwright install`: no network). axe-core is
fetched by `make test-browser` into .cache/axe-core.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse
# the ORM calls the tests and fixtures make around it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

AXE_PATH = Path(__file__).resolve().parents[2] / ".cache" / "axe-core" / "package" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


# The running browser, shared by every definition of the `browser` fixture: a test module
# outside tests/browser imports it (tests/meetings/test_acts_browser.py), which makes a second
# session fixture; Playwright's sync API cannot start twice in one thread.
_RUNNING: dict = {}


@pytest.fixture(scope="session")
def browser():
    if "browser" in _RUNNING:
        yield _RUNNING["browser"]
        return
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable : {CHROMIUM} (scripts/system-deps.sh l'installe)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _RUNNING["browser"] = browser
        yield browser
        browser.close()
    finally:
        _RUNNING.clear()
        playwright.stop()


@pytest.fixture
def new_page(browser):
    """Opens pages, each in a fresh context (no shared cookies or cache); all closed after."""
    contexts = []

    def open_page(viewport=DESKTOP, **context_options):
        context = browser.new_context(viewport=viewport, locale="fr-FR", **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop page with JavaScript on."""
    return new_page()


@pytest.fixture
def phone_page(new_page):
    """A phone-sized page (390 × 844) with JavaScript on."""
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True)


def _wait_until_loaded(page) -> None:
    """Waits for the page's document to be whole: a click on a link returns once the navigation
    has started, while the new document may not have its <head> yet."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => document.readyState === 'complete' && document.head !== null", polling=100
    )


def _scripts_run(page) -> bool:
    """Whether the page's own scripts run (False in a context with JavaScript disabled)."""
    return page.evaluate(
        """() => {
            const probe = document.createElement("script");
            probe.textContent = "window.__maillageScriptsRun = true;";
            document.head.appendChild(probe);
            probe.remove();
            return window.__maillageScriptsRun === true;
        }"""
    )


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} violation(s) d'accessibilité sur {url} :"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}) : {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']} — {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


def assert_accessible(page):
    """Runs axe-core (WCAG 2.1 A and AA rules) on the page and fails on any violation.

    axe needs scripts to run: a page opened with JavaScript disabled is checked by loading the
    same address in a page of a fresh, JavaScript-enabled context of the same browser.
    """
    assert AXE_PATH.exists(), (
        f"axe-core manque ({AXE_PATH}) : scripts/fetch-npm.sh axe-core@4 .cache/axe-core"
    )
    target = page
    _wait_until_loaded(page)
    if not _scripts_run(page):
        context = page.context.browser.new_context(
            viewport=page.viewport_size, locale="fr-FR", java_script_enabled=True
        )
        target = context.new_page()
        target.goto(page.url)
    try:
        target.add_script_tag(path=str(AXE_PATH))
        results = target.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
    finally:
        if target is not page:
            target.context.close()
    violations = results["violations"]
    assert not violations, _format_violations(page.url, violations)
