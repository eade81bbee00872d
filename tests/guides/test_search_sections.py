"""Which guide sections the site search sees: content, not the Sources list or the change log."""

from guides.models import GuideSection
from guides.selectors import searchable_sections

# A word that appears in the layoffs guide only as a cited publisher, never in its prose.
SOURCE_ONLY_WORD = "Gizmodo"


def test_sources_and_change_log_are_stored_but_not_searchable(synced):
    stored = GuideSection.objects.filter(guide__slug="layoffs-and-severance")
    assert {"Sources", "What changed"} <= set(stored.values_list("heading", flat=True))
    # The source lines are rendered as the Sources list, never indexed as words of the guide.
    assert not any(SOURCE_ONLY_WORD in section.body_text for section in stored)
    searchable = searchable_sections().filter(guide__slug="layoffs-and-severance")
    headings = set(searchable.values_list("heading", flat=True))
    assert "Severance and the release" in headings
    assert not headings & {"Sources", "What changed"}


def test_searching_a_guide_topic_never_lands_on_its_sources_or_change_log(synced, client):
    # "severance" fills the layoffs guide's Sources (article titles): it ranked third before.
    response = client.get("/search/", {"q": "severance", "kind": "guides"})
    assert response.status_code == 200
    hits = list(response.context["page"].paginator.object_list)
    sections = {hit.section for hit in hits if hit.title == "Layoffs and severance at Amazon"}
    assert "Severance and the release" in sections
    assert not {hit.section for hit in hits} & {"Sources", "What changed"}
