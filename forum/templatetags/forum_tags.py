import re

from django import template
from django.utils.safestring import mark_safe

from forum.selectors import guide_citations, related_questions

register = template.Library()


@register.inclusion_tag("forum/includes/related.html")
def related_discussions(guide, limit: int = 6):
    """Questions related to a guide; lives in the forum so `guides` never imports `forum`."""
    return {"guide": guide, "related": related_questions(guide=guide, limit=limit)}


@register.simple_tag(takes_context=True)
def guide_body_with_citations(context, guide):
    """The guide's stored HTML, with a small count under each section that questions cite."""
    citations = context["_guide_citations"] = guide_citations(guide)
    html = guide.body_html
    for anchor, section in citations.items():
        if not anchor:
            continue
        count = section["count"]
        note = (f'<p class="citation-count"><a href="#cited-{anchor}">{count} question{"s" if count != 1 else ""} '
                f'cite{"" if count != 1 else "s"} this section</a></p>')
        # Section ids come from the guide's own table of contents (slug characters only).
        html = re.sub(rf'(<h([23]) id="{re.escape(anchor)}">.*?</h\2>)', lambda m: m.group(1) + note, html, count=1, flags=re.S)
    return mark_safe(html)


@register.inclusion_tag("forum/includes/citing.html", takes_context=True)
def citing_questions(context, guide):
    citations = context.get("_guide_citations")
    if citations is None:
        citations = guide_citations(guide)
    titles = {entry["id"]: entry["name"] for entry in guide.toc}
    sections = [{"anchor": anchor, "name": titles.get(anchor, ""), **section}
                for anchor, section in sorted(citations.items())]
    return {"sections": sections}
