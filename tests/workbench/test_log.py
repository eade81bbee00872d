"""The work log: private, Markdown through the one pipeline, the confidentiality guard warns,
edit/delete/filter, quick add; bad input is a 400 with the text kept."""

import datetime
import html as html_lib

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workbench.models import Entry

pytestmark = pytest.mark.django_db


def entry_data(**overrides):
    data = {
        "date": "2026-10-01",
        "title": "Moved the order pipeline to the new queue",
        "did": "Designed the **cut-over** and ran it with no downtime.",
        "impact": "p99 latency down from 900 ms to 310 ms.",
        "links": "https://example.com/design-doc",
        "primary_scope": "complexity",
        "scopes": ["impact"],
        "principles": ["dive-deep", "deliver-results"],
    }
    data.update(overrides)
    return data


def test_add_entry_renders_markdown_and_tags(login, make_user):
    owner = make_user()
    client = login(owner)
    response = client.post("/workbench/entries/new/", entry_data())
    assert response.status_code == 302
    entry = Entry.objects.get(owner=owner)
    assert entry.did_html.strip() == (
        "<p>Designed the <strong>cut-over</strong> and ran it with no downtime.</p>"
    )
    assert entry.scopes == ["complexity", "impact"]
    assert entry.principles == ["dive-deep", "deliver-results"]
    page = client.get("/workbench/")
    html = page.content.decode()
    assert "<strong>cut-over</strong>" in html
    assert "Technical complexity" in html and "Dive Deep" in html
    assert page["Cache-Control"] == "private, no-store"


def test_raw_html_is_sanitized(login, make_user):
    client = login(make_user())
    client.post("/workbench/entries/new/", entry_data(did="<script>alert(1)</script> hi"))
    assert "<script>alert(1)" not in client.get("/workbench/").content.decode()


def test_confidential_text_warns_but_is_saved(login, make_user):
    owner = make_user()
    client = login(owner)
    response = client.post(
        "/workbench/entries/new/",
        entry_data(did="Fixed the bug from https://sim.amazon.com/issues/P12345"),
        follow=True,
    )
    assert response.status_code == 200
    entry = Entry.objects.get(owner=owner)
    assert entry.warnings  # kept, with what the guard found
    assert "stored outside Amazon" in response.content.decode()
    assert "Looks internal" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 201, "Keep this under 200 characters"),
        ("did", "x" * 20_001, "Keep this under 20,000 characters"),
        ("impact", "x" * 5_001, "Keep this under 5,000 characters"),
        ("scopes", ["ambiguity", "charisma"], "“charisma” isn't one of the choices."),
        ("principles", ["frugality", "vibes"], "“vibes” isn't one of the choices."),
        ("links", "javascript:alert(1)", "isn't a web address"),
        ("date", "yesterday-ish", "Enter a date like"),
    ],
    ids=["title", "did", "impact", "scope", "principle", "links", "date"],
)
def test_bad_input_is_400_with_message_and_text_kept(login, make_user, field, value, message):
    owner = make_user()
    client = login(owner)
    data = entry_data(did="My carefully typed paragraph.")
    data[field] = value
    response = client.post("/workbench/entries/new/", data)
    assert response.status_code == 400
    html = html_lib.unescape(response.content.decode())
    assert message in html
    if field != "did":
        assert "My carefully typed paragraph." in html
    assert not Entry.objects.filter(owner=owner).exists()


def test_edit_and_delete(login, make_user, add_entry):
    owner = make_user()
    entry = add_entry(owner, title="Old title")
    client = login(owner)
    assert "Old title" in client.get(f"/workbench/entries/{entry.pk}/edit/").content.decode()
    response = client.post(f"/workbench/entries/{entry.pk}/edit/", entry_data(title="New title"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "New title" and entry.scopes == ["complexity", "impact"]
    assert client.get(f"/workbench/entries/{entry.pk}/delete/").status_code == 200  # confirm page
    assert client.post(f"/workbench/entries/{entry.pk}/delete/").status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()
    # A deleted entry is gone: 404 on every URL that named it.
    assert client.get(f"/workbench/entries/{entry.pk}/edit/").status_code == 404
    assert client.post(f"/workbench/entries/{entry.pk}/delete/").status_code == 404


def test_filters(login, make_user, add_entry):
    owner = make_user()
    add_entry(owner, title="Ambiguous thing", scopes=["ambiguity"], days_ago=200)
    add_entry(owner, title="Frugal thing", principles=["frugality"], days_ago=10)
    add_entry(owner, title="Plain thing", days_ago=1)
    client = login(owner)

    def titles(query):
        response = client.get(f"/workbench/?{query}")
        assert response.status_code == 200
        return [e.title for e in response.context["page"].object_list]

    assert titles("scope=ambiguity") == ["Ambiguous thing"]
    assert titles("principle=frugality") == ["Frugal thing"]
    since = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    assert titles(f"since={since}") == ["Plain thing", "Frugal thing"]
    until = (datetime.date.today() - datetime.timedelta(days=100)).isoformat()
    assert titles(f"until={until}") == ["Ambiguous thing"]


@pytest.mark.parametrize(
    "query", ["scope=charisma", "principle=vibes", "since=2026-12-01&until=2026-01-01", "since=x"]
)
def test_bad_filters_are_400(login, make_user, query):
    response = login(make_user()).get(f"/workbench/?{query}")
    assert response.status_code == 400
    assert "form-errors" in response.content.decode() or "error" in response.content.decode()


def test_quick_add_goes_back_where_it_came_from(login, make_user):
    owner = make_user()
    client = login(owner)
    response = client.post(
        "/workbench/entries/quick/",
        {"title": "Paired on the migration", "did": "Unblocked the payments team."},
        HTTP_REFERER="http://testserver/questions/",
    )
    assert response.status_code == 302 and response["Location"] == "http://testserver/questions/"
    entry = Entry.objects.get(owner=owner)
    assert entry.scopes == [] and entry.did_source == "Unblocked the payments team."
    # Somewhere else: back to the new entry, to tag it.
    response = client.post(
        "/workbench/entries/quick/",
        {"title": "Second", "did": "More."},
        HTTP_REFERER="https://evil.example/phish",
    )
    assert response["Location"].startswith("/workbench/entries/")


def test_quick_add_without_details_is_400_and_keeps_title(login, make_user):
    client = login(make_user())
    response = client.post("/workbench/entries/quick/", {"title": "Half typed", "did": ""})
    assert response.status_code == 400
    assert 'value="Half typed"' in response.content.decode()


def test_quick_add_form_is_in_every_signed_in_page_menu(login, make_user):
    client = login(make_user())
    html = client.get("/guides/").content.decode()
    assert 'action="/workbench/entries/quick/"' in html
    assert "__taro_csrf_placeholder__" not in html


def test_log_queries_do_not_grow_with_entries(login, make_user, add_entry):
    owner = make_user()
    client = login(owner)
    for n in range(3):
        add_entry(owner, title=f"Entry {n}", scopes=["impact"], principles=["ownership"])
    client.get("/workbench/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/workbench/?scope=impact").status_code == 200
    for n in range(30):
        add_entry(owner, title=f"More {n}", scopes=["impact"], principles=["ownership"])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/workbench/?scope=impact").status_code == 200
    assert len(few) == len(many)
    assert len(many) <= 6


def test_csrf_is_required(make_user):
    client = Client(enforce_csrf_checks=True)
    owner = make_user()
    client.force_login(owner)
    assert client.post("/workbench/entries/new/", entry_data()).status_code == 403
    assert not Entry.objects.filter(owner=owner).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/entries/new/",
        "/workbench/entries/quick/",
        "/workbench/peers/",
        "/workbench/feedback/",
        "/workbench/draft/",
        "/workbench/data/",
    ],
)
def test_an_empty_post_is_400_with_messages(login, make_user, url):
    response = login(make_user()).post(url, {})
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
