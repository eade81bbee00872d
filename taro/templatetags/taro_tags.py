from django import template

register = template.Library()


@register.inclusion_tag("includes/badge.html")
def badge(label: str, verified: bool = False, anonymous: bool = False):
    """The one way a role badge is drawn, for profiles and for posts (which store their own)."""
    return {"label": label, "verified": verified, "anonymous": anonymous}


@register.inclusion_tag("includes/avatar.html")
def avatar(initials: str, size: str = "md"):
    return {"initials": initials or "?", "size": size}
