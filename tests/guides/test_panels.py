"""guides/panels.py: the extension point through which other apps show content on guide pages."""

import pytest
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils.html import format_html

from guides import panels
from taro import versions


@pytest.fixture
def extra_panel():
    """Register a panel for one test, then put the registry back as forum left it."""
    before = dict(panels._panels)

    def register(**fields):
        panel = panels.Panel(**{"name": "test-panel", "template": "guides/toc.html", **fields})
        panels.register(panel)
        return panel

    yield register
    panels._panels.clear()
    panels._panels.update(before)


def test_forum_registers_its_panels_and_the_page_keys_on_their_versions():
    names = [panel.name for panel in panels.panels()]
    assert names == ["citing-questions", "related-discussions", "ask-about-guide"]
    assert [panel.name for panel in panels.panels(panels.NO_GUIDES)] == ["browse-questions"]
    assert panels.depends_on() == (versions.FORUM, versions.GUIDES)
    assert panels.depends_on(panels.NO_GUIDES) == (versions.GUIDES,)


def test_a_panels_versions_join_the_key_in_one_fixed_order(extra_panel):
    extra_panel(depends_on=(versions.PEOPLE, versions.VOTES))
    assert panels.depends_on() == (versions.FORUM, versions.VOTES, versions.GUIDES, versions.PEOPLE)


def test_unknown_versions_and_places_are_refused():
    with pytest.raises(ValueError, match="unknown versions"):
        panels.register(panels.Panel("bad", "guides/toc.html", depends_on=("no-such-version",)))
    with pytest.raises(ValueError, match="unknown place"):
        panels.register(panels.Panel("bad", "guides/toc.html", place="sidebar"))
    assert "bad" not in panels._panels


def test_a_registered_panel_is_rendered_with_its_notes(synced, client, extra_panel):
    toc = [{"id": "note-anchor", "name": "A panel's own entry", "level": 2}]

    def context(guide):
        return {"toc": toc, "section": guide.toc[0]["id"]}

    extra_panel(
        context=context,
        notes=lambda ctx: {ctx["section"]: format_html('<p class="test-note">{}</p>', "Noted")},
    )
    html = client.get(reverse("guides:detail", args=["pip"])).content.decode()
    assert '<a href="#note-anchor">A panel&#x27;s own entry</a>' in html
    heading_end = html.index("</h2>", html.index('class="prose guide-body"'))
    assert html[heading_end:].startswith('</h2><p class="test-note">Noted</p>')


def test_a_panel_with_a_missing_template_fails_loudly(synced, client, extra_panel):
    extra_panel(template="nowhere/missing.html")
    with pytest.raises(TemplateDoesNotExist):
        client.get(reverse("guides:detail", args=["promotion"]))
