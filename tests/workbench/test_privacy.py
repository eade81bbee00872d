"""Your data is yours: the privacy matrix (owner, another member, anonymous, staff × every
workbench URL and every public surface), export, delete everything, and the admin's counts."""

import json
import os
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from workbench import services
from workbench.models import Draft, Entry, FeedbackDraft, Goal, GrowthArea, Peer, Plan

pytestmark = pytest.mark.django_db

SECRET = "ZEBRAQUARTZ7731"


@pytest.fixture
def world(make_user, make_question, make_answer, add_entry):
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))
    owner = make_user("owner")
    other = make_user("other")
    staff = make_user("staffer", staff=True)
    staff.is_superuser = True
    staff.save()
    question = make_question(owner, title="How do I keep a paper trail for promotion?")
    make_answer(question, other)
    entry = add_entry(
        owner,
        title=f"Secret work {SECRET}",
        did=f"Details {SECRET}",
        scopes=["impact"],
        principles=["ownership"],
    )
    peer = services.save_peer(
        owner=owner,
        name=f"Peer {SECRET}",
        worked_on=SECRET,
        purpose="promotion",
        asked_on=None,
        received_on=None,
        principles=[],
    )
    feedback = services.save_feedback(
        owner=owner,
        about=f"Friend {SECRET}",
        superpowers=SECRET,
        improvement=SECRET,
        championed=[],
        to_improve=[],
    )
    services.save_draft(owner=owner, kind="promotion", text=f"# Draft {SECRET}", entry_ids=[])
    services.set_move(owner=owner, move="sde1-sde2")
    peer.entries.set([entry])
    services.save_plan(
        owner=owner, move="sde1-sde2", why_now=f"Why {SECRET}", manager_name=f"Boss {SECRET}"
    )
    services.pick_accomplishments(owner=owner, entries=[entry])
    growth = services.save_growth_area(
        owner=owner, theme=f"Theme {SECRET}", cycle="2025", entries=[entry]
    )
    goal = services.add_goal(owner=owner, text=f"Goal {SECRET}")
    clients = {"anonymous": Client()}
    for name, user in (("owner", owner), ("other", other), ("staff", staff)):
        clients[name] = Client()
        clients[name].force_login(user)
    return {
        "owner": owner,
        "other": other,
        "entry": entry,
        "peer": peer,
        "feedback": feedback,
        "growth": growth,
        "goal": goal,
        "question": question,
        "clients": clients,
    }


PAGES = [
    "/workbench/",
    "/workbench/entries/new/",
    "/workbench/entries/quick/",
    "/workbench/readiness/",
    "/workbench/peers/",
    "/workbench/feedback/",
    "/workbench/draft/",
    "/workbench/draft/download/",
    "/workbench/draft/print/",
    "/workbench/self-review/",
    "/workbench/self-review/download/",
    "/workbench/self-review/print/",
    "/workbench/accomplishments/",
    "/workbench/accomplishments/download/",
    "/workbench/accomplishments/print/",
    "/workbench/plan/",
    "/workbench/capture/",
    "/workbench/growth/",
    "/workbench/handover/",
    "/workbench/handover/download/",
    "/workbench/handover/print/",
    "/workbench/data/",
    "/workbench/data/export.json",
    "/workbench/data/export.md",
]
OWNED = [
    "/workbench/entries/{entry}/edit/",
    "/workbench/entries/{entry}/delete/",
    "/workbench/peers/{peer}/",
    "/workbench/peers/{peer}/delete/",
    "/workbench/feedback/{feedback}/",
    "/workbench/feedback/{feedback}/delete/",
    "/workbench/growth/{growth}/",
    "/workbench/growth/{growth}/delete/",
    "/workbench/plan/goals/{goal}/delete/",
]


def test_every_workbench_url_by_actor(world):
    ids = {
        "entry": world["entry"].pk,
        "peer": world["peer"].pk,
        "feedback": world["feedback"].pk,
        "growth": world["growth"].pk,
        "goal": world["goal"].pk,
    }
    clients = world["clients"]
    for url in PAGES:
        # Signed out: a 404 like anyone else's, which offers the owner a way to log in.
        anonymous = clients["anonymous"].get(url)
        assert anonymous.status_code == 404, url
        assert f"/accounts/login/?next={quote(url, safe='')}" in anonymous.content.decode(), url
        assert anonymous["Cache-Control"] == "private, no-store"
        for name in ("other", "staff"):
            response = clients[name].get(url)
            assert response.status_code == 200, (name, url)
            assert SECRET not in response.content.decode(), (name, url)
        mine = clients["owner"].get(url)
        assert mine.status_code == 200, url
        assert mine["Cache-Control"] == "private, no-store", url
    for template in OWNED:
        url = template.format(**ids)
        for name in ("other", "staff"):
            assert clients[name].get(url).status_code in (404, 405), (name, url)
            data = {"name": "x", "about": "y", "theme": "z", "action": "plan"}
            assert clients[name].post(url, data).status_code == 404, (name, url)
        assert clients["anonymous"].post(url).status_code == 404, url
        assert clients["anonymous"].get(url).status_code == 404, url
    # Nothing was changed or deleted by anyone else.
    assert Entry.objects.get(pk=ids["entry"]).title.endswith(SECRET)
    assert Peer.objects.filter(pk=ids["peer"]).exists()
    assert FeedbackDraft.objects.filter(pk=ids["feedback"]).exists()
    assert GrowthArea.objects.get(pk=ids["growth"]).theme.endswith(SECRET)
    assert Goal.objects.filter(pk=ids["goal"]).exists()
    # The owner's own pages do show it.
    assert SECRET in clients["owner"].get("/workbench/").content.decode()


def test_no_public_surface_shows_workbench_content(world):
    question = world["question"]
    surfaces = [
        "/",
        "/questions/",
        question.get_absolute_url(),
        "/search/?q=secret+work+details",
        "/search/?q=paper+trail",
        "/feeds/questions/",
        "/feeds/questions/atom/",
        "/feeds/topics/promotion/",
        "/sitemap.xml",
        "/users/owner/",
        "/users/other/",
        "/notifications/",
        "/guides/promotion/",
        "/robots.txt",
    ]
    for name, client in world["clients"].items():
        for url in surfaces:
            response = client.get(url)
            if name == "anonymous" and url == "/notifications/":
                assert response.status_code == 302
                continue
            assert response.status_code == 200, (name, url)
            assert SECRET not in response.content.decode(), (name, url)
    # The thread's structured data (anonymous readers get JSON-LD) is there and holds nothing.
    page = world["clients"]["anonymous"].get(question.get_absolute_url()).content.decode()
    assert "application/ld+json" in page and SECRET not in page
    assert "/workbench/" not in world["clients"]["anonymous"].get("/sitemap.xml").content.decode()
    assert (
        "Disallow: /workbench/" in world["clients"]["anonymous"].get("/robots.txt").content.decode()
    )


def test_admin_shows_counts_not_contents(world):
    registered = {model._meta.label for model in admin.site._registry}
    workbench = {label for label in registered if label.startswith("workbench.")}
    assert workbench == {"workbench.WorkbenchUsage"}
    staff = world["clients"]["staff"]
    response = staff.get("/admin/workbench/workbenchusage/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "owner" in body and SECRET not in body
    assert '<td class="field-entries">1</td>' in body
    assert '<td class="field-growth_areas">1</td>' in body
    assert '<td class="field-goals">1</td>' in body
    # No page for one person's workbench, and no change or delete.
    owner_pk = world["owner"].pk
    assert staff.get(f"/admin/workbench/workbenchusage/{owner_pk}/change/").status_code in (
        302,
        403,
        404,
    )
    assert SECRET not in staff.get("/admin/").content.decode()


def test_export_json_and_markdown(world):
    client = world["clients"]["owner"]
    response = client.get("/workbench/data/export.json")
    assert response["Content-Type"] == "application/json"
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"] == "owner"
    assert [e["title"] for e in data["entries"]] == [f"Secret work {SECRET}"]
    assert data["entries"][0]["scopes"] == ["impact"]
    assert data["peers"][0]["name"] == f"Peer {SECRET}"
    assert data["feedback_drafts"][0]["superpowers"] == SECRET
    assert data["drafts"][0]["text"] == f"# Draft {SECRET}"
    assert data["plan"]["move"] == "sde1-sde2"
    assert data["plan"]["why_now"] == f"Why {SECRET}"
    assert data["plan"]["manager_name"] == f"Boss {SECRET}"
    assert data["plan"]["accomplishment_ids"] == [world["entry"].pk]
    assert data["peers"][0]["entries"] == [world["entry"].pk]
    assert data["growth_areas"] == [
        {"theme": f"Theme {SECRET}", "cycle": "2025", "entries": [world["entry"].pk]}
    ]
    assert data["goals"] == [{"text": f"Goal {SECRET}", "agreed_on": None, "due_on": None}]
    markdown = client.get("/workbench/data/export.md").content.decode()
    for expected in (
        f"**Secret work {SECRET}**",
        f"Peer {SECRET}",
        f"For Friend {SECRET}",
        f"# Draft {SECRET}",
        "*Scopes:* Impact",
        f"Theme {SECRET} (2025): answered by Secret work {SECRET}",
        f"Goal {SECRET}",
        f"Why now: Why {SECRET}",
    ):
        assert expected in markdown
    other = json.loads(world["clients"]["other"].get("/workbench/data/export.json").content)
    assert other["entries"] == [] and other["peers"] == [] and other["plan"] is None


def test_delete_everything_needs_confirmation_and_touches_only_the_owner(world, add_entry):
    add_entry(world["other"], title="Other's entry")
    client = world["clients"]["owner"]
    response = client.post("/workbench/data/", {"confirm": "yes please"})
    assert response.status_code == 400
    assert "Nothing was deleted" in response.content.decode()
    assert Entry.objects.filter(owner=world["owner"]).exists()
    response = client.post("/workbench/data/", {"confirm": "Delete everything"}, follow=True)
    assert response.status_code == 200
    owner = world["owner"]
    for model in (Entry, Peer, FeedbackDraft, Draft, Plan, GrowthArea, Goal):
        assert not model.objects.filter(owner=owner).exists(), model
    # The links between rows (who saw which entry, which entry answers which theme) go too.
    assert not Peer.entries.through.objects.exists()
    assert not GrowthArea.entries.through.objects.exists()
    assert Entry.objects.filter(owner=world["other"]).count() == 1
    page = response.content.decode()
    assert "Everything in your workbench was deleted: " in page
    assert " rows)" not in page and "log entr" in page  # people's words, not the database's


def test_guides_link_to_the_workbench(world):
    anonymous = world["clients"]["anonymous"]
    promotion = anonymous.get("/guides/promotion/").content.decode()
    assert 'href="/workbench/"' in promotion and "start your paper trail" in promotion
    assert 'href="/workbench/peers/"' in promotion and 'href="/workbench/draft/"' in promotion
    review = anonymous.get("/guides/performance-review/").content.decode()
    assert 'href="/workbench/feedback/"' in review and "practise peer feedback" in review
    assert 'href="/workbench/self-review/"' in review


def test_workbench_writes_notify_nobody_and_send_no_mail(world, thread_answer_for_owner):
    from django.core import mail

    from forum.models import Notification

    client = world["clients"]["owner"]
    before = Notification.objects.count()
    client.post(
        "/workbench/entries/new/",
        {"date": "2026-11-01", "title": f"More {SECRET}", "did": SECRET, "scopes": ["impact"]},
    )
    client.post("/workbench/peers/", {"name": SECRET, "purpose": "promotion"})
    client.post(f"/answers/{thread_answer_for_owner.pk}/save-to-log/")
    assert Notification.objects.count() == before
    assert not any(SECRET in (m.subject + m.body) for m in mail.outbox)
    for name in ("other", "staff"):
        assert SECRET not in world["clients"][name].get("/notifications/").content.decode()


@pytest.fixture
def thread_answer_for_owner(world, make_answer):
    return make_answer(world["question"])
