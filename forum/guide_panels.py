"""What the forum shows on guide pages, through guides' extension point (guides/panels.py).

Registered in ForumConfig.ready(). Each panel names the versions of what it shows: citations and
related questions change with what posts exist and say (FORUM), so a new, edited or deleted
post retires the cached guide page in its own transaction.
"""

from django.utils.html import format_html

from forum.selectors import guide_citations, related_questions
from guides import panels
from taro import versions


def citing_questions(guide) -> dict:
    """Questions citing the guide, per section (the guide as a whole first): two queries."""
    titles = {entry["id"]: entry["name"] for entry in guide.toc}
    return {
        "sections": [
            {"anchor": anchor, "name": titles.get(anchor, ""), **section}
            for anchor, section in sorted(guide_citations(guide).items())
        ]
    }


def citation_counts(context: dict) -> dict:
    """A small count under each cited section's heading, linking to its citing questions."""
    notes = {}
    for section in context["sections"]:
        count = section["count"]
        questions = f"{count} question{'s' if count != 1 else ''} cite{'' if count != 1 else 's'}"
        notes[section["anchor"]] = format_html(
            '<p class="citation-count"><a href="#cited-{}">{} this section</a></p>',
            section["anchor"],
            questions,
        )
    return notes


def related_discussions(guide, limit: int = 6) -> dict:
    """Questions sharing the guide's topics: one query."""
    return {"related": related_questions(guide=guide, limit=limit)}


PANELS = (
    panels.Panel(
        "citing-questions",
        "forum/includes/citing.html",
        citing_questions,
        depends_on=(versions.FORUM,),
        notes=citation_counts,
    ),
    panels.Panel(
        "related-discussions",
        "forum/includes/related.html",
        related_discussions,
        depends_on=(versions.FORUM,),
    ),
    panels.Panel("ask-about-guide", "forum/includes/guide_ask.html"),
    panels.Panel("browse-questions", "forum/includes/no_guides.html", place=panels.NO_GUIDES),
)


def register() -> None:
    for panel in PANELS:
        panels.register(panel)
