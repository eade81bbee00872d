"""The system Chromium for the browser tests (journeys and accessibility), started one way."""

import os
from contextlib import contextmanager

import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}


@contextmanager
def running_chromium():
    """Chromium for one test, to be entered after the database fixtures and left before their
    teardown.

    Playwright's sync API runs an asyncio loop, and while it runs Django hands this thread a
    different connection object (asgiref's Local follows the loop). Database setup, serialized
    rollback and the flush must all happen outside it, on the connection that holds the
    serialized seed data, hence a browser per test rather than per session. Inside, the ORM
    would refuse to run in a thread with a running loop; DJANGO_ALLOW_ASYNC_UNSAFE is set for
    just that span (the calls are synchronous and safe) so it never leaks into other tests.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # the connection opened inside the loop's context, not the test's own
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
