"""Feedback providers ("Feedback about me"): level, relationship, team, support, the entries
they can speak to; the warnings a case needs; a brief under 150 words for each."""

import datetime
import html as html_lib
import json

import pytest

from workbench import catalog, providers, services
from workbench.models import Peer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def provider(owner, name, *, level="L5", team="same", asked_days=None, received=False, **more):
    asked = TODAY - datetime.timedelta(days=asked_days) if asked_days is not None else None
    return services.save_peer(
        owner=owner,
        name=name,
        purpose="promotion",
        level=level,
        relationship=more.pop("relationship", "peer"),
        team=team,
        will_support="yes",
        asked_on=asked,
        received_on=TODAY if received else None,
        **more,
    )


def warning_keys(response) -> list[str]:
    return [w.key for w in response.context["warnings"]]


def test_provider_is_saved_with_entries_from_the_log(login, make_user, add_entry):
    owner = make_user()
    mine = add_entry(owner, title="Queue migration", scopes=["complexity"])
    theirs = add_entry(make_user("intruder"), title="Not yours")
    client = login(owner)
    data = {
        "name": "R.K.",
        "purpose": "promotion",
        "level": "L6",
        "relationship": "senior",
        "team": "other",
        "will_support": "unsure",
        "asked_on": "2026-10-01",
        "entries": [mine.pk],
    }
    assert client.post("/workbench/peers/", data).status_code == 302
    peer = Peer.objects.get(owner=owner)
    assert (peer.level, peer.relationship, peer.team, peer.will_support) == (
        "L6",
        "senior",
        "other",
        "unsure",
    )
    assert list(peer.entries.all()) == [mine]
    page = text(client.get("/workbench/peers/"))
    assert "Senior engineer" in page and "Other team" in page and "Queue migration" in page
    # Someone else's entry is not a choice: 400, the form kept, nothing linked.
    response = client.post(f"/workbench/peers/{peer.pk}/", {**data, "entries": [theirs.pk]})
    assert response.status_code == 400
    assert "Pick entries from your own log." in text(response)
    assert 'value="R.K."' in response.content.decode()
    assert list(peer.entries.all()) == [mine]
    with pytest.raises(ValueError):
        services.save_peer(owner=owner, peer=peer, name="R.K.", entries=[theirs])
    with pytest.raises(ValueError):
        services.save_peer(owner=owner, name="X", level="L99")


def test_warnings_for_level_team_and_stale_asks(login, make_user):
    owner = make_user()
    client = login(owner)
    services.set_move(owner=owner, move="sde1-sde2")  # target L5
    for n in range(3):
        provider(owner, f"P{n}", level="L5", asked_days=3)
    provider(owner, "Junior", level="L4", asked_days=3)
    response = client.get("/workbench/peers/")
    assert warning_keys(response) == ["level", "outside"]
    assert "3 of your providers are at or above L5" in text(response)
    # A manager counts; an ask from 11 days ago with nothing back is flagged by name.
    provider(owner, "Boss", level="manager", relationship="manager", team="other", asked_days=11)
    response = client.get("/workbench/peers/")
    assert warning_keys(response) == ["stale"]
    assert "You asked Boss 11 days ago" in text(response)
    # Ten days is not yet stale; received is never stale.
    Peer.objects.filter(name="Boss").update(asked_on=TODAY - datetime.timedelta(days=10))
    assert warning_keys(client.get("/workbench/peers/")) == []
    # Aiming higher raises the bar: L5 providers don't count for L6.
    services.set_move(owner=owner, move="sde2-sde3")
    response = client.get("/workbench/peers/")
    assert warning_keys(response) == ["level"]
    assert "1 of your providers is at or above L6" in text(response)


def test_brief_lists_what_they_saw_under_150_words(login, make_user, add_entry):
    owner = make_user()
    long = " ".join(["enormously"] * 80)
    seen = [
        add_entry(
            owner,
            title=f"Project {n} " + " ".join(["word"] * 40),
            impact=f"Cut latency from 900 ms to {n}00 ms. {long}",
            links=f"https://example.com/doc-{n}",
            days_ago=30 * n,
        )
        for n in range(1, 5)
    ]
    peer = provider(owner, "Dana " + "X" * 90, entries=seen)
    brief = providers.brief(peer, catalog.MOVES_BY_KEY["sde1-sde2"])
    assert len(brief.split()) < catalog.BRIEF_WORD_LIMIT
    assert brief.count("\n- Project") == 3  # two or three entries, not four
    for entry in seen[:3]:
        assert entry.link_list[0] in brief and f"{entry.date:%b %Y}" in brief
    page = text(login(owner).get("/workbench/peers/"))
    assert f'id="brief-{peer.pk}"' in page and "https://example.com/doc-1" in page
    # With nothing picked, the brief still reads, and asks what they can speak to.
    empty = providers.brief(provider(owner, "Eli"), catalog.MOVES_BY_KEY["sde1-sde2"])
    assert "Which of my work could you speak to?" in empty and len(empty.split()) < 150


def test_brief_prefers_the_strongest_evidence(make_user, add_entry):
    owner = make_user()
    weak = [add_entry(owner, title=f"Weak {n}", did="Helped.") for n in range(3)]
    strong = add_entry(
        owner,
        title="Strong one",
        did="I led the migration in March 2026.",
        impact="Latency from 900 ms to 300 ms for two teams.",
        links="https://example.com/x",
        days_ago=200,
    )
    peer = provider(owner, "Fay", entries=[*weak, strong])
    assert providers.brief_entries(peer)[0] == strong


def test_renamed_pages_and_export(login, make_user, add_entry):
    owner = make_user()
    entry = add_entry(owner, title="Seen")
    provider(owner, "G.H.", level="L7", relationship="principal", team="other", entries=[entry])
    client = login(owner)
    page = text(client.get("/workbench/peers/"))
    assert "<h1>Feedback about me</h1>" in page and ">Write feedback for a peer</a>" in page
    assert "<h1>Write feedback for a peer</h1>" in text(client.get("/workbench/feedback/"))
    assert ">Peers</a>" not in page and "Feedback composer" not in page
    exported = json.loads(client.get("/workbench/data/export.json").content)["peers"][0]
    assert exported["level"] == "L7" and exported["relationship"] == "principal"
    assert exported["team"] == "other" and exported["entries"] == [entry.pk]
