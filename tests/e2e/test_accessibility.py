r"""Accessibility and HTML validity of the key pages, in headless Chromium against the live server.

* axe-core (npm, audit/node_modules) injected into each page: zero violations of the WCAG 2.0,
  2.1 and 2.2 A/AA rules, at desktop width and at 375 px, in the light and the dark colour scheme.
* The Nu HTML checker (vnu-jar from npm, run with the system Java) on each page's HTML as the
  server sent it: zero errors.
* Keyboard: the skip link comes first, every visible control on the page is reached by Tab, and
  each one shows a focus indicator when it has focus.

The npm tools (audit/package-lock.json) are installed on first use with `npm ci --prefix audit
--omit=dev --ignore-scripts` (`make audit-setup` installs those and Lighthouse); without npm, Java
or Chromium these tests fail and say so: they never skip.
Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/taro_a11y \
    .venv/bin/python -m pytest tests/e2e/test_accessibility.py
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.browser import VIEWPORTS, running_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AUDIT_DIR = Path(__file__).resolve().parents[2] / "audit"
AXE_JS = AUDIT_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = AUDIT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_CI = [
    "ci",
    "--prefix",
    str(AUDIT_DIR),
    "--omit=dev",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
]
SETUP_HINT = (
    "run `make audit-setup` (or `npm ci --prefix audit --omit=dev --ignore-scripts`) "
    "to install axe-core and vnu-jar"
)

# The WCAG 2.2 AA rule set, plus axe's best practices (unique landmarks, heading order, ...), which
# pass too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

DEMO_USER, DEMO_PASSWORD = "maya_sde1", "taro-demo-password"
# A demo thread by DEMO_USER with answers and an accepted one: the richest question page.
QUESTION_TITLE = "Is an HV1 rating actually bad, or am I overthinking it?"

# (name, path) per page; "{question}" is the thread above. Anonymous readers see these...
PUBLIC_PAGES = [
    ("home", "/"),
    ("guide", "/guides/performance-review/"),
    ("question list", "/questions/"),
    ("question", "{question}"),
    ("sign-up", "/accounts/signup/"),
    ("log-in", "/accounts/login/"),
    ("profile", f"/users/{DEMO_USER}/"),
    ("search", "/search/?q=promotion"),
    ("search, any word", "/search/?q=should+I+worry+about+an+HV1+rating"),
    ("search, corrected", "/search/?q=promtion"),
    ("search, no results", "/search/?q=promtion+zzqx"),
    ("promotion guide, with its plan-your-promotion card", "/guides/promotion/"),
    ("workbench explainer", "/workbench/about/"),
    ("money map", "/money/"),
    (
        "money map, leave or stay",
        "/money/?base=160000&grant_shares=100&grant_price=200&leave_month=14",
    ),
]
# ...and a member signed in as DEMO_USER sees these (the question page with its owner's controls).
MEMBER_PAGES = [
    ("ask form", "/questions/ask/"),
    ("question, as its author", "{question}"),
    ("profile settings", "/settings/profile/"),
    ("company verification", "/settings/company/"),
    ("notifications", "/notifications/"),
    ("workbench: work log", "/workbench/"),
    ("workbench: readiness", "/workbench/readiness/"),
    ("workbench: promotion draft", "/workbench/draft/"),
    ("workbench: self-review", "/workbench/self-review/"),
    ("workbench: peers", "/workbench/peers/"),
    ("workbench: feedback composer", "/workbench/feedback/"),
    ("workbench: your data", "/workbench/data/"),
    ("workbench: print view", "/workbench/draft/print/"),
    ("workbench: accomplishments", "/workbench/accomplishments/"),
    ("workbench: plan and calendar", "/workbench/plan/"),
    ("workbench: weekly capture", "/workbench/capture/"),
    ("workbench: growth areas", "/workbench/growth/"),
    ("workbench: handover", "/workbench/handover/"),
    ("workbench: new entry", "/workbench/entries/new/"),
    ("money: saved scenarios", "/money/saved/"),
]
# Forms sent back with the server's error messages: (name, path, member, {field name: bad value}).
# The browser's own checks are switched off (novalidate) so that the server's messages show.
ERROR_PAGES = [
    (
        "sign-up with errors",
        "/accounts/signup/",
        False,
        {
            "email": "not-an-email",
            "username": "a",
            "password1": "password",
            "password2": "passw0rd",
        },
    ),
    ("ask form with errors", "/questions/ask/", True, {"title": "Why?", "body": "Short."}),
    ("money map with errors", "/money/", False, {"base": "-5", "grant_shares": "1e12"}),
    ("company verification with errors", "/settings/company/", True, {"address": "me@gmail.com"}),
    (
        "workbench entry with errors",
        "/workbench/entries/new/",
        True,
        {"title": "Shipped it", "links": "not a link"},
    ),
    (
        "feedback composer with errors",
        "/workbench/feedback/",
        True,
        {"about": "", "superpowers": "Good work."},
    ),
]


# Tools ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def audit_tools():
    """axe-core and vnu-jar from audit/package-lock.json, installed once if they are missing."""
    if not (AXE_JS.exists() and VNU_JAR.exists()):
        npm = shutil.which("npm")
        if not npm:
            pytest.fail(
                "axe-core/vnu-jar are not installed and npm is not on PATH: "
                f"install Node.js, then {SETUP_HINT}"
            )
        result = subprocess.run([npm, *NPM_CI], capture_output=True, text=True)
        if result.returncode or not (AXE_JS.exists() and VNU_JAR.exists()):
            pytest.fail(
                f"`npm ci --prefix audit` failed; {SETUP_HINT}\n{result.stdout}\n{result.stderr}"
            )
    if not shutil.which("java"):
        pytest.fail(
            "the Nu HTML checker needs Java 11 or later on PATH "
            "(Debian: apt-get install default-jre-headless)"
        )
    return {"axe": AXE_JS.read_text(), "vnu": VNU_JAR}


@pytest.fixture
def chromium(demo_site):
    """Chromium for one test, started after `demo_site` has seeded the database (see
    running_chromium)."""
    with running_chromium() as chromium:
        yield chromium


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback):
    """The live site with the guides and the demo forum, and the URL of the demo question."""
    from forum.models import (
        Question,
    )  # here, so that audit/run_audit.py can import this module bare

    with open(os.devnull, "w") as quiet:
        call_command("sync_guides", verbosity=0, stdout=quiet)
        call_command("load_demo", "--allow-production", stdout=quiet)
    question = Question.objects.get(title=QUESTION_TITLE)
    return live_server.url, question.get_absolute_url()


@pytest.fixture
def open_context(chromium, demo_site):
    """open_context(width="desktop", color_scheme="light", member=False, axe=True) → a page, signed
    in or not.

    With axe=True the context bypasses the Content-Security-Policy, only so that axe-core can be
    injected as a script tag; the site itself is served unchanged."""
    base_url, _ = demo_site
    contexts = []

    def make(*, width="desktop", color_scheme="light", member=False, axe=True):
        context = chromium.new_context(
            base_url=base_url,
            bypass_csp=axe,
            color_scheme=color_scheme,
            reduced_motion="reduce",
            **VIEWPORTS[width],
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if member:
            log_in(page)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(DEMO_USER)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label(f"Account menu for {DEMO_USER}").wait_for()


def pages_to_audit(question_url):
    """(member, name, path, bad input or None) for every page state the audit covers."""
    for name, path in PUBLIC_PAGES:
        yield False, name, path.format(question=question_url), None
    for name, path in MEMBER_PAGES:
        yield True, name, path.format(question=question_url), None
    for name, path, member, bad_input in ERROR_PAGES:
        yield member, name, path, bad_input


def visit(page, path: str, bad_input: dict | None = None):
    """Open the page; with bad_input, fill its form with it and send it: returns the response
    shown."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: HTTP {response and response.status}"
    )
    if not bad_input:
        return response
    for field, value in bad_input.items():
        page.locator(f"main [name={field}]").fill(value)
    with page.expect_navigation() as navigation:
        page.evaluate(
            """field => { const form = document.querySelector('main [name=' + field + ']').form;
                                    form.noValidate = true; form.requestSubmit(); }""",
            next(iter(bad_input)),
        )
    response = navigation.value
    assert response.status in (200, 400), f"{path} with bad input: HTTP {response.status}"
    assert page.locator("main .error, main .form-errors").count(), (
        f"{path} with bad input shows no error message"
    )
    return response


# axe-core ---------------------------------------------------------------------------------------


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        AXE_TAGS,
    )


def describe_violations(path: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{path}: [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: "
                f"{node['failureSummary'].splitlines()[-1].strip()}"
            )
            lines.append(f"      {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "width,color_scheme",
    [("desktop", "light"), ("phone", "light"), ("desktop", "dark")],
    ids=["desktop", "phone", "desktop-dark"],
)
def test_axe_finds_no_violations(audit_tools, demo_site, open_context, width, color_scheme):
    _, question_url = demo_site
    pages = {
        member: open_context(width=width, color_scheme=color_scheme, member=member)
        for member in (False, True)
    }
    report = []
    for member, name, path, bad_input in pages_to_audit(question_url):
        page = pages[member]
        visit(page, path, bad_input)
        violations = axe_violations(page, audit_tools["axe"])
        if violations:
            report.append(describe_violations(f"{name} {path}", violations))
    assert not report, (
        f"axe-core violations at {width} width, {color_scheme} scheme:\n" + "\n".join(report)
    )


# Nu HTML checker ---------------------------------------------------------------------------------


def vnu_errors(jar: Path, documents: dict[str, str]) -> list[str]:
    """Validate {label: html} in one Java run; returns one line per distinct error and page."""
    with tempfile.TemporaryDirectory() as folder:
        labels = {}
        for index, (label, html) in enumerate(documents.items()):
            name = f"page{index}.html"
            (Path(folder) / name).write_text(html, encoding="utf-8")
            labels[name] = label
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(jar),
                "--errors-only",
                "--format",
                "json",
                *(str(Path(folder) / name) for name in labels),
            ],
            capture_output=True,
            text=True,
        )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(
            f"vnu did not run (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        ) from error
    grouped: dict[tuple[str, str], list[dict]] = {}
    for message in messages:
        label = labels.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
        grouped.setdefault((label, message["message"]), []).append(message)
    errors = []
    for (label, text), occurrences in grouped.items():
        first = occurrences[0]
        times = f" (x{len(occurrences)})" if len(occurrences) > 1 else ""
        extract = " ".join(first.get("extract", "").split())[:160]
        errors.append(f"{label} line {first.get('lastLine', '?')}{times}: {text}\n      {extract}")
    return errors


def test_html_is_valid(audit_tools, demo_site, open_context):
    _, question_url = demo_site
    pages = {member: open_context(member=member, axe=False) for member in (False, True)}
    documents = {}
    for member, name, path, bad_input in pages_to_audit(question_url):
        response = visit(pages[member], path, bad_input)
        documents[f"{name} {path}"] = response.text()
    errors = vnu_errors(audit_tools["vnu"], documents)
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


# Keyboard ---------------------------------------------------------------------------------------

# The focused element, how it shows focus, and a key that says which control it is.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
    .trim().replace(/\\s+/g, ' ');
  return {
    key: el.dataset.a11yKey || null, tag: el.tagName.toLowerCase(), label: label.slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      ? style.outlineStyle + ' ' + style.outlineWidth : '',
    shadow: style.boxShadow !== 'none' ? style.boxShadow : '',
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
    skipLink: el.classList.contains('skip-link'),
  };
}"""

# Every visible control a person can act on gets a key, so the Tab walk can say which it missed.
# A radio group is one Tab stop (arrow keys move within it), so its radios share a key; controls
# inside a closed <details> count once it is opened, so only its summary must be reached.
MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[tabindex]:not([tabindex="-1"])';
  const controls = [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled && !el.closest('[inert], [aria-hidden=true]') &&
    el.checkVisibility({visibilityProperty: true}));
  const names = {};
  controls.forEach((el, i) => {
    const group = el.type === 'radio' && el.name
      ? (el.form ? [...document.forms].indexOf(el.form) : -1) + '/' + el.name : null;
    const key = group ? 'radio:' + group : String(i);
    el.dataset.a11yKey = key;
    names[key] = el.tagName.toLowerCase() + ' "' +
      (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 60) + '"';
  });
  return names;
}"""


def walk_with_tab(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the document or comes back round."""
    stops, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        identity = state["key"] or f"{state['tag']}:{state['label']}"
        if identity in seen:
            break
        seen.add(identity)
        stops.append(state)
    return stops


def check_tab_walk(page, when: str) -> None:
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    controls = page.evaluate(MARK_CONTROLS)
    stops = walk_with_tab(page)

    assert stops and stops[0]["skipLink"], (
        f"{when}: the first Tab stop should be the skip link, got {stops[:1]}"
    )
    assert stops[0]["visible"], f"{when}: the skip link should be on screen when it has focus"
    unseen = [f'{s["tag"]} "{s["label"]}"' for s in stops if not (s["outline"] or s["shadow"])]
    assert not unseen, f"{when}: controls without a visible focus indicator:\n" + "\n".join(unseen)
    hidden = [f'{s["tag"]} "{s["label"]}"' for s in stops if not s["visible"]]
    assert not hidden, f"{when}: focus lands on elements that cannot be seen:\n" + "\n".join(hidden)
    missed = [label for key, label in controls.items() if key not in {s["key"] for s in stops}]
    assert not missed, f"{when}: controls Tab never reaches:\n" + "\n".join(missed)


@pytest.mark.parametrize("page_name", ["home", "question"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_keyboard_reaches_every_control_with_visible_focus(
    demo_site, open_context, page_name, width
):
    """The question page is seen by its signed-in author: votes, accept, edit, flag, answer form."""
    _, question_url = demo_site
    page = open_context(width=width, member=page_name == "question", axe=False)
    visit(page, "/" if page_name == "home" else question_url)
    check_tab_walk(page, "as loaded")
    # The account menu and the flag forms live in <details>: open them all and walk again.
    if page.evaluate("document.querySelectorAll('details').length"):
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        check_tab_walk(page, "with every <details> open")


def test_skip_link_moves_focus_to_the_main_content(demo_site, open_context):
    page = open_context(axe=False)
    visit(page, "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), (
        "after the skip link, Tab goes into the content"
    )


# Pages only some people reach -------------------------------------------------------------------


@pytest.mark.parametrize(
    "width,color_scheme",
    [("desktop", "light"), ("phone", "light"), ("desktop", "dark")],
    ids=["desktop", "phone", "desktop-dark"],
)
def test_first_login_badge_step_passes_axe_and_vnu(
    audit_tools, demo_site, chromium, width, color_scheme
):
    """The first-login step is seen only by new members, so it gets its own account; the
    unfollow page of a notification email is opened signed out."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from forum.models import Question
    from forum.notifications.unsubscribe import unfollow_token
    from taro.models import Profile

    base_url, _ = demo_site
    user = get_user_model().objects.create_user(
        username="newcomer", email="newcomer@example.com", password=DEMO_PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.filter(user=user).update(needs_onboarding=True)
    context = chromium.new_context(
        base_url=base_url, bypass_csp=True, color_scheme=color_scheme, **VIEWPORTS[width]
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username or email").fill("newcomer")
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Add your role badge").wait_for()
        documents = {"first-login step": page.content()}
        report = describe_violations("/welcome/", axe_violations(page, audit_tools["axe"]))
        question = Question.objects.get(title=QUESTION_TITLE)
        visit(page, f"/email/unfollow/{unfollow_token(user.pk, question.pk)}/")
        documents["unfollow page"] = page.content()
        report += describe_violations("unfollow", axe_violations(page, audit_tools["axe"]))
    finally:
        context.close()
    assert not report, report
    if width == "desktop" and color_scheme == "light":
        errors = vnu_errors(audit_tools["vnu"], documents)
        assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    "width,color_scheme",
    [("desktop", "light"), ("phone", "light"), ("desktop", "dark"), ("phone", "dark")],
    ids=["desktop", "phone", "desktop-dark", "phone-dark"],
)
def test_a_sourced_guide_passes_axe_and_vnu(
    audit_tools, demo_site, chromium, tmp_path, width, color_scheme
):
    """Citation links, the Sources list (with one source targeted, as after following a link),
    the "Sources checked on" lines and the legal notice, on the fixture guide written in the
    citation syntax (tests/guides/fixtures/sourced), synced beside the real guides."""
    from tests.guides.conftest import REAL_CONTENT_DIR, SOURCED_FIXTURES_DIR

    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT_DIR, content)
    shutil.copytree(SOURCED_FIXTURES_DIR, content, dirs_exist_ok=True)
    with open(os.devnull, "w") as quiet:
        call_command("sync_guides", content_dir=content, stdout=quiet, stderr=quiet)
    base_url, _ = demo_site
    context = chromium.new_context(
        base_url=base_url, bypass_csp=True, color_scheme=color_scheme, **VIEWPORTS[width]
    )
    try:
        page = context.new_page()
        visit(page, "/guides/sourced-guide/")
        page.locator("sup.cite a").first.click()
        assert page.evaluate("location.hash") == "#source-1"
        documents = {"sourced guide": page.content()}
        report = describe_violations("sourced guide", axe_violations(page, audit_tools["axe"]))
    finally:
        context.close()
    assert not report, report
    if width == "desktop" and color_scheme == "light":
        errors = vnu_errors(audit_tools["vnu"], documents)
        assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
