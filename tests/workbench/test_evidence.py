"""Primary scope, structured evidence and evidence strength: an entry is placed under its
primary scope, carries its metric and audience, and is graded on save by plain rules."""

import html as html_lib
import json
import re

import pytest

from workbench import evidence
from workbench.models import Entry

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def sections(markdown: str, level: str = "##") -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def subsections(body: str) -> dict[str, str]:
    return sections(body, "###")


STRONG_ENTRY = {
    "date": "2026-10-20",
    "started_on": "2026-09-01",
    "title": "Rebuilt the checkout retry path",
    "situation": "Checkout timed out under peak load.",
    "did": "I designed and led the rewrite of the retry path.",
    "impact": "Checkout errors fell.",
    "metric_name": "p99 latency",
    "metric_from": "900",
    "metric_to": "310",
    "metric_unit": "ms",
    "audience": "Payments and Fulfilment teams",
    "links": "https://example.com/design",
    "primary_scope": "impact",
    "scopes": ["complexity"],
    "principles": ["dive-deep"],
    "next_step": "Apply the same pattern to refunds.",
}


def test_assessment_is_deterministic_and_names_what_is_missing():
    weak = evidence.assess(title="Helped with stuff", did="Worked on it.", impact="", links=[])
    assert weak.grade == "weak" and weak.score == 0
    assert weak.missing == evidence.SIGNAL_KEYS
    fair = evidence.assess(
        title="Queue migration",
        did="I led the cut-over in March 2026.",
        impact="Latency down from 900 ms to 310 ms.",
        links=[],
    )
    assert (fair.score, fair.grade) == (4, "fair")
    assert fair.missing == ("link", "audience")
    strong = evidence.assess(
        title="Queue migration",
        did="I led the cut-over.",
        impact="Two teams moved to it.",
        links=["https://example.com"],
        metric_from="900",
        metric_to="310",
        metric_unit="ms",
        started_on="2026-03-01",
    )
    assert (strong.score, strong.grade, strong.missing) == (6, "strong", ())
    # The same input always gives the same answer.
    again = evidence.assess(
        title="Queue migration",
        did="I led the cut-over in March 2026.",
        impact="Latency down from 900 ms to 310 ms.",
        links=[],
    )
    assert again == fair


def test_structured_entry_is_saved_graded_and_shown(login, make_user):
    owner = make_user()
    client = login(owner)
    assert client.post("/workbench/entries/new/", STRONG_ENTRY).status_code == 302
    entry = Entry.objects.get(owner=owner)
    assert entry.primary_scope == "impact"
    assert entry.scopes == ["complexity", "impact"]
    assert entry.metric_line == "p99 latency: 900 → 310 ms"
    assert (entry.strength, entry.strength_missing) == ("strong", [])
    page = text(client.get("/workbench/"))
    assert "Strong evidence" in page and "p99 latency: 900 → 310 ms" in page
    assert "Payments and Fulfilment teams" in page
    # Editing keeps the structure, and dropping the evidence weakens the grade with advice.
    edit = client.get(f"/workbench/entries/{entry.pk}/edit/")
    assert 'value="impact" checked' in edit.content.decode().replace(' id="id_primary_scope_5"', "")
    weaker = {**STRONG_ENTRY, "links": "", "audience": "", "metric_from": "", "metric_to": ""}
    weaker.update(metric_unit="", started_on="", did="The retry path was rewritten.")
    assert client.post(f"/workbench/entries/{entry.pk}/edit/", weaker).status_code == 302
    entry.refresh_from_db()
    assert entry.strength == "weak"
    page = text(client.get("/workbench/"))
    assert "Weak evidence" in page and evidence.SIGNAL_ADVICE["link"] in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"primary_scope": "", "scopes": ["complexity", "impact"]}, "Pick the primary scope"),
        ({"metric_to": "", "metric_from": "900"}, "Give the value after"),
        ({"started_on": "2026-11-30"}, "Started on must be on or before the date"),
        ({"primary_scope": "bogus"}, "Pick one of the five scopes"),
        ({"metric_unit": "u" * 31}, "Keep this under 30 characters"),
    ],
)
def test_bad_structured_input_is_400_and_kept(login, make_user, overrides, message):
    client = login(make_user())
    response = client.post("/workbench/entries/new/", {**STRONG_ENTRY, **overrides})
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Checkout timed out under peak load." in page  # nothing typed is lost
    assert not Entry.objects.exists()


def test_one_scope_is_its_own_primary(login, make_user):
    owner = make_user()
    client = login(owner)
    data = {**STRONG_ENTRY, "primary_scope": "", "scopes": ["execution"]}
    assert client.post("/workbench/entries/new/", data).status_code == 302
    assert Entry.objects.get(owner=owner).primary_scope == "execution"


def test_impact_section_is_filled_from_entries_whose_primary_scope_is_impact(
    login, make_user, add_entry
):
    """The issue's case: typical tags put Impact last; each entry now lands under its primary
    scope once, with its content, and nowhere as a "See X under Y" line."""
    owner = make_user()
    for n, others in enumerate(
        (["scope"], ["ambiguity", "execution"], ["complexity"], ["execution", "scope"])
    ):
        add_entry(
            owner,
            title=f"Impact story {n}",
            impact=f"Cut cost {n + 1}0%.",
            scopes=["impact", *others],
            primary_scope="impact",
        )
    add_entry(owner, title="A design review", scopes=["complexity", "impact"])
    markdown = login(owner).get("/workbench/draft/download/").content.decode()
    for part in ("Scope of role", "Stories"):
        by_scope = subsections(sections(markdown)[part])
        impact = by_scope["Impact"]
        for n in range(4):
            assert f"Impact story {n}" in impact and f"Cut cost {n + 1}0%." in impact
        assert "A design review" in by_scope["Technical complexity"]
        assert "A design review" not in impact
        for label in ("Scope and influence", "Ambiguity", "Execution"):
            assert "Impact story" not in by_scope.get(label, ""), (part, label)
    assert "See *" not in markdown


def test_readiness_shows_strength_per_scope(login, make_user, add_entry):
    owner = make_user()
    add_entry(owner, title="Thin one", did="Helped.", scopes=["ambiguity"])
    add_entry(
        owner,
        title="Thick one",
        did="I led it in March 2026.",
        impact="Latency from 900 ms to 300 ms for two teams.",
        links="https://example.com/doc",
        scopes=["impact"],
    )
    page = text(login(owner).get("/workbench/readiness/"))
    ambiguity = page[page.index('id="scope-ambiguity"') : page.index('id="scope-complexity"')]
    assert "Evidence: Weak" in re.sub(r"<[^>]+>", "", ambiguity)
    assert evidence.SIGNAL_ADVICE["audience"] in ambiguity  # ties: in name order, three shown
    impact = page[page.index('id="scope-impact"') :]
    assert "Evidence: Strong" in re.sub(r"<[^>]+>", "", impact)
    assert "1 strong, 0 fair, 0 weak" in impact
    assert 'href="/guides/promotion/#sources"' in page and "community rule of thumb" in page


def test_export_carries_the_structured_evidence(login, make_user):
    owner = make_user()
    client = login(owner)
    client.post("/workbench/entries/new/", STRONG_ENTRY)
    data = json.loads(client.get("/workbench/data/export.json").content)
    entry = data["entries"][0]
    assert entry["primary_scope"] == "impact"
    assert entry["metric"] == {"name": "p99 latency", "from": "900", "to": "310", "unit": "ms"}
    assert entry["audience"] == "Payments and Fulfilment teams"
    assert entry["started_on"] == "2026-09-01" and entry["next"].startswith("Apply")
    assert entry["evidence"] == {"strength": "strong", "missing": []}


def test_hostile_structured_evidence_is_inert(login, make_user):
    owner = make_user()
    client = login(owner)
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    data = {
        **STRONG_ENTRY,
        "situation": hostile,
        "audience": hostile,
        "metric_name": hostile,
        "next_step": "\u202eevil next",
    }
    assert client.post("/workbench/entries/new/", data).status_code == 302
    for url in (
        "/workbench/",
        "/workbench/draft/",
        "/workbench/draft/print/",
        "/workbench/accomplishments/print/",
        "/workbench/handover/print/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x onerror" not in page, url
    assert "\u202e" not in Entry.objects.get(owner=owner).next_step  # no bidi override
