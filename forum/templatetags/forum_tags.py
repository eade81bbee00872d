from django import template

register = template.Library()


@register.inclusion_tag("forum/includes/related.html")
def related_discussions(guide, limit: int = 6):
    """Questions related to a guide; lives in the forum so `guides` never imports `forum`."""
    from forum.selectors import related_questions

    return {"guide": guide, "related": related_questions(guide=guide, limit=limit)}
