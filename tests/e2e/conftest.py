"""Browser journeys: headless system Chromium (Playwright, sync API) against pytest-django's live
server.

Every journey runs at desktop width and at 375 px (phone). Each browser context records console
errors and uncaught page errors; a journey that produced any fails at teardown.

Fixtures seed only what a person could not do themselves in the journey (the guides, and
existing members who log in through the login form). Everything else goes through the UI.
"""

import os

import pytest
from django.core.management import call_command

from tests.e2e.browser import VIEWPORTS, running_chromium

PASSWORD = "correct horse battery"
TIMEOUT_MS = 10_000


@pytest.fixture
def browser(site):
    """Chromium for one journey, started after `site` has seeded the database (see
    running_chromium)."""
    with running_chromium() as chromium:
        yield chromium


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def site(live_server, django_db_serialized_rollback, settings):
    """The live site with its guides loaded. Serialized rollback brings back the seeded Amazon
    company, positions and topics that flushing between live-server tests would otherwise lose.
    Emails link to SITE_URL: here, the live server."""
    settings.SITE_URL = live_server.url
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))
    return live_server.url


class ConsoleErrors:
    """Collects console errors and uncaught exceptions from every page of a context."""

    def __init__(self):
        self.errors: list[str] = []

    def watch(self, page):
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.errors.append(f"{page.url}: {msg.text}"),
        )
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc}"))


@pytest.fixture
def new_person(browser, site, viewport):
    """new_person(javascript=True) → a fresh browser page for one person (own cookies), at this
    viewport."""
    contexts, console = [], ConsoleErrors()

    def make(*, javascript: bool = True):
        context = browser.new_context(
            base_url=site, java_script_enabled=javascript, **VIEWPORTS[viewport]
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", console.watch)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not console.errors, "console errors:\n" + "\n".join(console.errors)


@pytest.fixture
def member(make_user):
    """An existing, confirmed member who logs in through the form:
    member("sam", "Sam Okafor", level="SDE 2")."""

    def make(username, display_name, *, level="SDE 1"):
        return make_user(username, display_name=display_name, level=level)

    return make


def log_in(page, username: str) -> None:
    """Log in as a person does: the header's "Log in" link, the form, the button."""
    page.goto("/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label(f"Account menu for {username}").wait_for()
