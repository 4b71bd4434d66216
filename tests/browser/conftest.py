"""Browser tests: the app served on a free local port, driven by Playwright in Debian's Chromium.

Skipped with a reason where Chromium or Playwright is missing (`.ci/run` installs Chromium).
Never downloads a browser of its own.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("QUESTIONNAIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip("Chromium is not installed (apt-get install -y chromium); browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app served in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Factory: a page in a fresh browser context (its own cookies), signed in when given a user; with
    ``javascript=False``, a browser whose scripts are off."""
    contexts = []

    def open_page(user=None, password: str = "correct horse battery", javascript: bool = True):
        context = browser.new_context(base_url=live_server, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if user is not None:
            page.goto("/login")
            page.get_by_label("E-mail").fill(user.email)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{live_server}/**")
        return page

    yield open_page
    for context in contexts:
        context.close()


AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def serious_accessibility_problems(browser, live_server) -> Iterator[Callable]:
    """Factory: ``check(user, paths)`` signs ``user`` in and returns axe-core's serious and critical
    violations on each path (an empty dict when there are none). Skipped where axe-core is missing."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it when npm is available)")
    # axe is injected as an inline script, which the pages' CSP forbids: bypass CSP for this check only.
    context = browser.new_context(base_url=live_server, bypass_csp=True)

    def check(user, paths, password: str = "correct horse battery") -> dict[str, list[dict]]:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/")
        found: dict[str, list[dict]] = {}
        for path in paths:
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            serious = [
                {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[path] = serious
        return found

    yield check
    context.close()


WCAG_AND_BEST_PRACTICE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def accessibility_violations(browser, live_server) -> Iterator[Callable]:
    """Factory: ``check(user, paths, width)`` signs ``user`` in with a window ``width`` px wide and returns,
    per path, every axe-core violation of WCAG 2.1 A/AA and the best practices, of any impact, and whether
    the page scrolls sideways (``{"path": {"violations": [...], "sideways": px}}``, problems only).
    Skipped where axe-core is missing."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it when npm is available)")
    contexts = []

    def check(user, paths, width: int, password: str = "correct horse battery") -> dict[str, dict]:
        context = browser.new_context(base_url=live_server, bypass_csp=True, viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/")
        found: dict[str, dict] = {}
        for path in paths:
            page.goto(path)
            sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                   WCAG_AND_BEST_PRACTICE)
            violations = [
                {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"]][:3]}
                for v in result["violations"]
            ]
            if violations or sideways > 0:
                found[path] = {"violations": violations, "sideways": sideways}
        return found

    yield check
    for context in contexts:
        context.close()
