"""The promotion document and the self-review: assembly by scope and by principle, the length
estimate, edits kept with what's new since, Markdown download and the print page."""

import html as html_lib
import re

import pytest

from workbench import catalog, drafts, services
from workbench.models import Draft

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def sections(markdown: str) -> dict[str, str]:
    """## heading -> its body."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.fixture
def log(make_user, add_entry):
    owner = make_user()
    entries = {
        "queue": add_entry(
            owner,
            title="Queue migration",
            scopes=["complexity", "execution"],
            impact="Zero downtime; p99 down 60%.",
            principles=["dive-deep"],
            days_ago=40,
        ),
        "plan": add_entry(
            owner,
            title="Turned the vague ask into a plan",
            scopes=["ambiguity"],
            principles=["ownership"],
            days_ago=90,
        ),
        "adoption": add_entry(
            owner,
            title="Two teams adopted the library",
            scopes=["scope", "impact"],
            impact="Saved 12 engineer-weeks.",
            days_ago=10,
        ),
        "untagged": add_entry(owner, title="Runbook rewrite", days_ago=5),
    }
    services.save_note(owner=owner, title="Advice: ask early", text="NOTE-TEXT-NEVER-IN-DRAFT")
    return owner, entries


def test_promotion_document_has_each_entry_under_its_scope(login, log):
    owner, entries = log
    response = login(owner).get("/workbench/draft/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment;" in response["Content-Disposition"]
    markdown = response.content.decode()
    by_scope = sections(markdown)
    assert "### Queue migration" in by_scope["Technical complexity"]
    assert "Queue migration" not in by_scope["Execution"]  # placed once: its primary scope
    assert "### Turned the vague ask into a plan" in by_scope["Ambiguity"]
    assert "### Two teams adopted the library" in by_scope["Scope and influence"]
    assert "Two teams adopted the library" not in by_scope["Impact"]
    assert "### Runbook rewrite" in by_scope["Not yet tagged with a scope"]
    assert "NOTE-TEXT-NEVER-IN-DRAFT" not in markdown
    # Impact first: the impact line comes before what was done.
    queue = by_scope["Technical complexity"]
    assert queue.index("**Impact:** Zero downtime") < queue.index("Traced the retry storm.")
    assert list(by_scope)[:5] == [label for _, label, _ in catalog.SCOPES]


def test_length_estimate_against_the_move(login, make_user, add_entry):
    owner = make_user()
    add_entry(owner, title="Long one", did="word " * 1200, scopes=["impact"])
    response = login(owner).get("/workbench/draft/")
    length = response.context["length"]
    assert length.expected == 5 and 2.3 <= length.pages <= 2.8
    assert "of the 5+ expected for SDE 1 → SDE 2" in text(response)
    services.set_move(owner=owner, move="sde2-sde3")
    response = login(owner).get("/workbench/draft/")
    assert "of the 15+ expected for SDE 2 → SDE 3" in text(response)


def test_estimate_counts_words_not_markup():
    move = catalog.MOVES_BY_KEY["sde1-sde2"]
    length = drafts.estimate(
        "# Title\n\n**Impact:** one two\n\n- <https://a.example/x>\n", move, Draft.Kind.PROMOTION
    )
    assert length.words == 4


def test_edits_are_kept_and_new_entries_shown(login, log, add_entry):
    owner, entries = log
    client = login(owner)
    assembled = client.get("/workbench/draft/").context["text"]
    edited = assembled.replace("# Promotion document", "# My case, edited by hand")
    response = client.post("/workbench/draft/", {"text": edited})
    assert response.status_code == 302
    page = client.get("/workbench/draft/")
    assert page.context["text"] == edited.strip()
    assert "New since your last edit" not in text(page)
    add_entry(owner, title="Brand new launch", scopes=["execution"])
    services.update_entry(
        entries["plan"],
        date=entries["plan"].date,
        title="Plan, retitled",
        did="x",
        impact="",
        links="",
        scopes=["ambiguity"],
        principles=[],
    )
    services.delete_entry(entries["untagged"])
    page = client.get("/workbench/draft/")
    body = text(page)
    assert page.context["text"].startswith("# My case, edited by hand")  # edits kept
    assert "New since your last edit" in body
    assert "Brand new launch" in body and "Plan, retitled" in body
    assert "1 entry was deleted from your log since" in body
    assert [e.title for e in page.context["changes"].new] == ["Brand new launch", "Plan, retitled"]
    download = client.get("/workbench/draft/download/").content.decode()
    assert download.startswith("# My case, edited by hand")
    # Rebuild drops the edits.
    assert client.post("/workbench/draft/", {"action": "reset"}).status_code == 302
    assert client.get("/workbench/draft/").context["text"].startswith("# Promotion document")


def test_oversized_draft_is_400_and_kept(login, make_user):
    owner = make_user()
    response = login(owner).post("/workbench/draft/", {"text": "x" * 200_001})
    assert response.status_code == 400
    assert "Keep this under 200,000 characters" in text(response)
    assert not Draft.objects.filter(owner=owner).exists()


def test_print_page(login, log):
    owner, _ = log
    response = login(owner).get("/workbench/draft/print/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "workbench-print.css" in body
    assert "<h2>Technical complexity</h2>" in body
    assert response["Cache-Control"] == "private, no-store"


def test_self_review_by_principle(login, log):
    owner, _ = log
    client = login(owner)
    markdown = client.get("/workbench/self-review/download/").content.decode()
    by_principle = sections(markdown)
    assert "Queue migration" in by_principle["Dive Deep"]
    assert "Turned the vague ask into a plan" in by_principle["Ownership"]
    assert "Frugality" in by_principle["Principles with nothing logged yet"]
    assert "NOTE-TEXT-NEVER-IN-DRAFT" not in markdown
    page = client.get("/workbench/self-review/")
    assert page.status_code == 200 and "Self-review" in text(page)
    assert client.get("/workbench/self-review/print/").status_code == 200
    client.post("/workbench/self-review/", {"text": "# Mine"})
    assert Draft.objects.get(owner=owner, kind="self-review").text == "# Mine"
    assert Draft.objects.filter(owner=owner, kind="promotion").count() == 0
