"""The outputs shaped like the real artefacts: the manager input pack with its providers, the
accomplishments for the review, and the self-review with each entry once."""

import html as html_lib
import re

import pytest

from workbench import drafts, services
from workbench.models import Draft, Plan

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def sections(markdown: str, level: str = "##") -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_providers_are_in_the_manager_pack(login, make_user, add_entry):
    owner = make_user()
    queue = add_entry(owner, title="Queue migration", scopes=["complexity"])
    services.save_peer(
        owner=owner,
        name="R.K.",
        purpose="promotion",
        level="L6",
        relationship="senior",
        team="other",
        entries=[queue],
    )
    services.save_peer(owner=owner, name="M|N", purpose="promotion", level="manager")
    services.save_peer(owner=owner, name="Review only", purpose="review", level="L5")
    markdown = login(owner).get("/workbench/draft/download/").content.decode()
    table = sections(markdown)["Feedback providers"]
    assert "| Name | Level | Relationship | Team | Can speak to |" in table
    assert "| R.K. | L6 | Senior engineer | Other team | Queue migration |" in table
    assert "| M/N | Manager | — | — | — |" in table  # a pipe can't break the table
    assert "Review only" not in table


def test_pack_highlights_principles_and_leaves_the_manager_their_part(login, make_user, add_entry):
    owner = make_user()
    for n in range(3):
        add_entry(owner, title=f"Owned {n}", scopes=["execution"], principles=["ownership"])
    add_entry(owner, title="Deep one", scopes=["complexity"], principles=["dive-deep"])
    markdown = login(owner).get("/workbench/draft/download/").content.decode()
    highlights = sections(markdown)["Leadership Principles highlights"]
    assert highlights.index("**Ownership:**") < highlights.index("**Dive Deep:**")
    assert "(3 in the log)" in highlights
    manager = sections(markdown)["For the manager"]
    assert "Your manager writes and submits the promotion document" in manager
    # Without a summary, the pack says what to write (as guidance, not as the person's words).
    summary = sections(markdown)["Summary: why now"]
    assert "Why you are ready for SDE 2 now" in summary and drafts.person_words(summary) == 0


def test_accomplishments_start_from_the_strongest_and_take_three_to_five(
    login, make_user, add_entry
):
    owner = make_user()
    strong = add_entry(
        owner,
        title="Strong launch",
        did="I led the launch in March 2026.",
        impact="Latency from 900 ms to 300 ms for two teams.",
        links="https://example.com/launch",
        principles=["deliver-results", "ownership"],
        next_step="Roll it out to refunds.",
        days_ago=300,
    )
    weak = [add_entry(owner, title=f"Small {n}", did="Helped.", days_ago=n) for n in range(6)]
    other = add_entry(make_user("other"), title="Not mine")
    client = login(owner)
    page = client.get("/workbench/accomplishments/")
    picked = [e.title for e in drafts.picked(page.context["case"])]
    assert picked[0] == "Strong launch" and len(picked) == 5
    markdown = client.get("/workbench/accomplishments/download/").content.decode()
    assert markdown.startswith("# Accomplishments")
    first = markdown.split("**1. Strong launch**")[1].split("**2.")[0]
    assert "- **Impact:** Latency from 900 ms to 300 ms for two teams." in first
    assert "Leadership Principles: Ownership, Deliver Results" in first
    assert "- **Next:** Roll it out to refunds." in first
    # Picking: three to five of your own.
    for chosen, message in (
        ([weak[0].pk, weak[1].pk], "Pick at least 3 (you picked 2)."),
        ([e.pk for e in weak], "Pick at most 5 (you picked 6)."),
        ([weak[0].pk, weak[1].pk, other.pk], "Pick entries from your own log."),
    ):
        response = client.post("/workbench/accomplishments/", {"action": "pick", "entries": chosen})
        assert response.status_code == 400 and message in text(response)
    response = client.post(
        "/workbench/accomplishments/",
        {"action": "pick", "entries": [weak[0].pk, weak[1].pk, strong.pk]},
    )
    assert response.status_code == 302
    assert set(Plan.objects.get(owner=owner).accomplishment_ids) == {
        weak[0].pk,
        weak[1].pk,
        strong.pk,
    }
    markdown = client.get("/workbench/accomplishments/download/").content.decode()
    assert markdown.count("**Impact:**") == 3 and "Small 2" not in markdown
    assert "*What you'll build on this next.*" in markdown  # the entries without a "next"
    assert client.get("/workbench/accomplishments/print/").status_code == 200
    client.post("/workbench/accomplishments/", {"text": "# Mine"})
    assert Draft.objects.get(owner=owner, kind="accomplishments").text == "# Mine"


def test_self_review_places_each_entry_once_with_also(login, make_user, add_entry):
    owner = make_user()
    add_entry(
        owner,
        title="Everywhere entry",
        did="Built the thing.",
        impact="Saved 10 hours a week.",
        principles=["ownership", "dive-deep", "deliver-results"],
    )
    add_entry(owner, title="Owner two", principles=["ownership"])
    markdown = login(owner).get("/workbench/self-review/download/").content.decode()
    assert markdown.count("Everywhere entry") == 1
    by_principle = sections(markdown)
    home = next(label for label, body in by_principle.items() if "Everywhere entry" in body)
    body = by_principle[home]
    assert "- **Impact:** Saved 10 hours a week." in body
    assert "- **What I did:** Built the thing." in body
    also = re.search(r"\*Also: (.+)\*", body).group(1).split(", ")
    assert home not in also and len(also) == 2
    assert "Owner two" in by_principle["Ownership"]
    assert home != "Ownership"  # it went where it says more than the entry already there
