"""Target level and readiness, the peer tracker and the feedback composer."""

import html as html_lib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench import catalog, services
from workbench.models import FeedbackDraft, Peer, Plan

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def test_catalog_is_complete():
    assert len(catalog.PRINCIPLES) == 16 and len(set(catalog.PRINCIPLE_KEYS)) == 16
    assert len(catalog.SCOPES) == 5
    for move in catalog.MOVES:
        assert set(move.expects) == set(catalog.SCOPE_KEYS)
        assert all(move.expects[key] for key in catalog.SCOPE_KEYS)
    assert catalog.MOVES_BY_KEY["sde1-sde2"].pages == 5
    assert catalog.MOVES_BY_KEY["sde2-sde3"].pages == 15


def test_moves_are_between_the_companys_positions(amazon):
    levels = set(amazon.positions.values_list("level", flat=True))
    for move in catalog.MOVES:
        assert {move.from_level, move.to_level} <= levels, move.key


def test_readiness_counts_recency_and_gaps(login, make_user, add_entry):
    owner = make_user(level="SDE 2")
    add_entry(owner, scopes=["ambiguity"], days_ago=300)
    add_entry(owner, scopes=["impact", "execution"], days_ago=3)
    add_entry(owner, scopes=["impact"], days_ago=20)
    other = make_user()
    add_entry(other, scopes=["scope"], days_ago=1)  # never counted for owner
    client = login(owner)
    response = client.get("/workbench/readiness/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    scopes = {s.key: s for s in response.context["scopes"]}
    assert response.context["move"].key == "sde2-sde3"  # from the profile's position
    assert (scopes["impact"].count, scopes["impact"].recent) == (2, 2)
    assert (scopes["ambiguity"].count, scopes["ambiguity"].recent) == (1, 0)
    assert scopes["scope"].count == 0
    body = text(response)
    assert "Nothing tagged Ambiguity in the last 6 months." in body
    assert "Nothing tagged Scope and influence yet." in body
    assert "not a prediction" in body


def test_tagging_moves_readiness(login, make_user, add_entry):
    owner = make_user()
    entry = add_entry(owner)
    client = login(owner)
    before = {s.key: s.count for s in client.get("/workbench/readiness/").context["scopes"]}
    client.post(
        f"/workbench/entries/{entry.pk}/edit/",
        {"date": "2026-11-01", "title": "t", "did": "d", "scopes": ["ambiguity"]},
    )
    after = {s.key: s.count for s in client.get("/workbench/readiness/").context["scopes"]}
    assert (before["ambiguity"], after["ambiguity"]) == (0, 1)


def test_move_and_self_check(login, make_user):
    owner = make_user()
    client = login(owner)
    assert client.post("/workbench/readiness/", {"move": "sde2-sde3"}).status_code == 302
    assert Plan.objects.get(owner=owner).move == "sde2-sde3"
    response = client.post(
        "/workbench/readiness/",
        {
            "scope": "operating",
            "ambiguity": "operating",
            "complexity": "operating",
            "execution": "operating",
            "impact": "partly",
        },
    )
    assert response.status_code == 302
    response = client.get("/workbench/readiness/")
    assert response.context["share_percent"] == 90
    assert "90%" in text(response) and "80% line" in text(response)


@pytest.mark.parametrize(
    "data", [{"move": "sde9-ceo"}, {"scope": "brilliant"}, {"charisma": "operating", "scope": "x"}]
)
def test_unknown_level_or_readiness_is_400(login, make_user, data):
    owner = make_user()
    response = login(owner).post("/workbench/readiness/", data)
    assert response.status_code == 400
    assert "isn't a move we know" in text(response) or "Pick one of the three" in text(response)
    assert not Plan.objects.filter(owner=owner).exists()


def test_service_refuses_unknown_values(make_user):
    owner = make_user()
    with pytest.raises(ValueError):
        services.set_move(owner=owner, move="nope")
    with pytest.raises(ValueError):
        services.set_readiness(owner=owner, readiness={"charisma": "operating"})


def test_peer_tracker_counts_against_what_applies(login, make_user):
    owner = make_user()
    client = login(owner)
    for n in range(4):
        response = client.post(
            "/workbench/peers/",
            {
                "name": f"Peer {n}",
                "worked_on": "The queue migration",
                "purpose": "promotion",
                "asked_on": "2026-10-01",
                "received_on": "2026-10-05" if n < 3 else "",
                "principles": ["ownership", "dive-deep"],
            },
        )
        assert response.status_code == 302
    client.post("/workbench/peers/", {"name": "Reviewer", "purpose": "review"})
    response = client.get("/workbench/peers/")
    summary = response.context["summary"]
    assert summary["promotion"]["asked"] == 4 and summary["promotion"]["received"] == 3
    assert summary["promotion"]["met"] is False  # 4 minimum
    assert summary["review"]["asked"] == 1
    body = text(response)
    assert "A community rule of thumb: 4, or 6+ to be safe." in body
    assert 'href="/guides/promotion/#sources"' in body
    assert "A rule of thumb: 5–6 peers" in body
    assert "Dive Deep" in body


def test_peer_bad_input(login, make_user):
    owner = make_user()
    client = login(owner)
    response = client.post(
        "/workbench/peers/",
        {
            "name": "Sam",
            "worked_on": "Pairing",
            "purpose": "promotion",
            "asked_on": "2026-10-05",
            "received_on": "2026-10-01",
        },
    )
    assert response.status_code == 400 and "Received can't be before you asked." in text(response)
    assert 'value="Pairing"' in response.content.decode()
    response = client.post(
        "/workbench/peers/",
        {
            "name": "Sam",
            "purpose": "promotion",
            "principles": ["ownership", "dive-deep", "frugality", "earn-trust"],
        },
    )
    assert response.status_code == 400 and "Tick at most 3 (you ticked 4)." in text(response)
    response = client.post("/workbench/peers/", {"name": "N" * 101, "purpose": "promotion"})
    assert response.status_code == 400
    assert not Peer.objects.filter(owner=owner).exists()


def test_peer_edit_and_delete(login, make_user):
    owner = make_user()
    peer = services.save_peer(
        owner=owner,
        name="Ana",
        worked_on="",
        purpose="review",
        asked_on=None,
        received_on=None,
        principles=[],
    )
    client = login(owner)
    assert (
        client.post(
            f"/workbench/peers/{peer.pk}/", {"name": "Ana B", "purpose": "review"}
        ).status_code
        == 302
    )
    peer.refresh_from_db()
    assert peer.name == "Ana B"
    assert client.post(f"/workbench/peers/{peer.pk}/delete/").status_code == 302
    assert not Peer.objects.filter(pk=peer.pk).exists()


WORDS_60 = " ".join(["word"] * 60)
WORDS_61 = " ".join(["word"] * 61)


def feedback(**overrides):
    data = {
        "about": "Priya",
        "superpowers": "Priya turned a vague ask into a plan two teams followed.",
        "improvement": "Share designs earlier so reviewers can weigh in before code lands.",
        "championed": ["ownership", "dive-deep"],
        "to_improve": ["earn-trust"],
    }
    data.update(overrides)
    return data


def test_composer_saves_and_offers_copy(login, make_user):
    owner = make_user()
    client = login(owner)
    response = client.post("/workbench/feedback/", feedback(superpowers=WORDS_60))
    assert response.status_code == 302
    draft = FeedbackDraft.objects.get(owner=owner)
    assert draft.championed == ["ownership", "dive-deep"] and draft.to_improve == ["earn-trust"]
    page = client.get("/workbench/feedback/")
    body = text(page)
    assert "Superpowers:\n" + WORDS_60 in body  # the plain text to copy, on the page
    assert "Championed: Ownership, Dive Deep" in body
    assert 'data-copy="copy-' in body and 'data-word-limit="60"' in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"superpowers": WORDS_61}, "The real form stops at 60 words: this has 61. Cut 1"),
        ({"improvement": WORDS_61 + " more"}, "this has 62"),
        (
            {"championed": ["ownership", "dive-deep", "frugality", "think-big"]},
            "Tick at most 3 (you ticked 4).",
        ),
        (
            {"to_improve": ["ownership", "dive-deep", "frugality", "think-big"]},
            "Tick at most 3 (you ticked 4).",
        ),
        ({"to_improve": ["ownership"]}, "A principle can't be in both lists: Ownership."),
        ({"championed": ["charisma"]}, "“charisma” isn't one of the choices."),
        ({"superpowers": "x" * 1001}, "Keep this under 1,000 characters"),
    ],
    ids=["61-words", "62-words", "4-championed", "4-to-improve", "both", "unknown", "long"],
)
def test_composer_limits_on_the_server(login, make_user, overrides, message):
    owner = make_user()
    response = login(owner).post("/workbench/feedback/", feedback(**overrides))
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert "Share designs earlier so reviewers" in body or "improvement" in overrides
    assert not FeedbackDraft.objects.filter(owner=owner).exists()


def test_composer_service_holds_the_limits(make_user):
    owner = make_user()
    with pytest.raises(ValueError):
        services.save_feedback(
            owner=owner,
            about="x",
            superpowers=WORDS_61,
            improvement="ok",
            championed=[],
            to_improve=[],
        )
    with pytest.raises(ValueError):
        services.save_feedback(
            owner=owner,
            about="x",
            superpowers="ok",
            improvement="ok",
            championed=["a", "b", "c", "d"],
            to_improve=[],
        )


def test_list_pages_run_constant_queries(login, make_user, add_entry):
    owner = make_user()
    client = login(owner)

    def fill(n):
        for i in range(n):
            add_entry(owner, title=f"e{i}", scopes=["impact", "scope"], principles=["ownership"])
            services.save_peer(
                owner=owner,
                name=f"p{i}",
                worked_on="",
                purpose="promotion",
                asked_on=None,
                received_on=None,
                principles=["ownership"],
            )
            services.save_feedback(
                owner=owner,
                about=f"f{i}",
                superpowers="a",
                improvement="b",
                championed=["ownership"],
                to_improve=[],
            )

    urls = [
        "/workbench/readiness/",
        "/workbench/peers/",
        "/workbench/feedback/",
        "/workbench/draft/",
        "/workbench/self-review/",
        "/workbench/data/",
        "/workbench/draft/download/",
        "/workbench/data/export.json",
    ]
    fill(2)
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    fill(20)
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) == counts[url], url
        assert counts[url] <= 10, url
