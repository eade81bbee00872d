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


def subsections(markdown: str, section: str) -> dict[str, str]:
    """### heading -> its body, within one ## section."""
    parts = re.split(r"^### (.+)$", sections(markdown)[section], flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_manager_pack_places_each_entry_once_under_its_primary_scope(login, log):
    owner, entries = log
    response = login(owner).get("/workbench/draft/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment;" in response["Content-Disposition"]
    markdown = response.content.decode()
    assert markdown.startswith("# Promotion case: SDE 1 → SDE 2")
    assert list(sections(markdown)) == [
        "Summary: why now",
        "Scope of role",
        "Stories",
        "Feedback providers",
        "Leadership Principles highlights",
        "Growth areas",
        "For the manager",
    ]
    role = subsections(markdown, "Scope of role")
    assert list(role) == [label for _, label, _ in catalog.SCOPES]
    assert "Queue migration" in role["Technical complexity"]
    assert "Queue migration" not in role["Execution"]
    assert "Two teams adopted the library" in role["Scope and influence"]
    stories = subsections(markdown, "Stories")
    queue = stories["Technical complexity"]
    # Situation – action – result, each said once; the secondary scope is named, not repeated.
    assert "- **Action:** Traced the retry storm." in queue
    assert "- **Result:** Zero downtime; p99 down 60%." in queue
    assert "Also shows: Execution" in queue
    assert "Execution" not in stories
    assert "Runbook rewrite" in stories["Not yet given a primary scope"]
    assert "NOTE-TEXT-NEVER-IN-DRAFT" not in markdown


def test_honest_word_counts(login, make_user, add_entry):
    owner = make_user()
    client = login(owner)
    response = client.get("/workbench/draft/")
    assert response.context["words"] == 0  # an empty pack is 0 words, not "0.2 pages"
    assert all(s.words == 0 for s in response.context["sections"])
    plain = re.sub(r"<[^>]+>", "", text(response))
    assert "0 words of yours in the pack" in plain
    assert "0.2 pages" not in plain and "About 0" not in plain
    for url in ("/workbench/self-review/", "/workbench/accomplishments/"):
        assert client.get(url).context["words"] == 0, url
    add_entry(owner, title="Long one", did="word " * 600, scopes=["impact"])
    response = client.get("/workbench/draft/")
    budgets = {s.title: s for s in response.context["sections"]}
    assert budgets["Stories"].words == 600 + 2 + 2  # the action, the title and its month
    assert budgets["Scope of role"].words == 2 + 2 + 25  # title, month, the action's start
    assert not budgets["Stories"].over
    add_entry(owner, title="Longer", did="word " * 1300, scopes=["impact"])
    response = client.get("/workbench/draft/")
    stories = {s.title: s for s in response.context["sections"]}["Stories"]
    assert stories.over and stories.excess == stories.words - 1800
    assert f"over by {stories.excess}" in text(response)
    # Rules of thumb are shown as such, with where they come from.
    body = text(response)
    assert "Community rules of thumb" in body and 'href="/guides/promotion/#sources"' in body
    services.set_move(owner=owner, move="sde2-sde3")
    assert "about 15+ pages for SDE 2 → SDE 3" in text(client.get("/workbench/draft/"))


def test_person_words_leave_out_the_template():
    markdown = (
        "# Title\n\n## Summary: why now\n\n*Guidance in italics.*\n\n**Impact:** one two\n\n"
        "| Name | Level | Relationship | Team | Can speak to |\n| --- | --- | --- | --- | --- |\n"
        "| R.K. | L6 | Peer | Same | Queue |\n\n- <https://a.example/x>\n"
    )
    assert drafts.person_words(markdown) == 2 + 5


def test_edits_are_kept_and_new_entries_shown(login, log, add_entry):
    owner, entries = log
    client = login(owner)
    assembled = client.get("/workbench/draft/").context["text"]
    edited = assembled.replace("# Promotion case", "# My case, edited by hand")
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
        primary_scope="ambiguity",
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
    assert client.get("/workbench/draft/").context["text"].startswith("# Promotion case")


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
    assert "<h2>Scope of role</h2>" in body and "<h3>Technical complexity</h3>" in body
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
