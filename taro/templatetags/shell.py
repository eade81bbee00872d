"""The one tag library the site's shell (templates/base.html and its includes) loads: it needs
nothing of any app (URL names, and taro's own account and cache), so error pages render with it
as well."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from taro import versions
from taro.cache_entries import ACCOUNT_MENU
from taro.pagecache import CSRF_PLACEHOLDER, with_csrf_token
from taro.reversing import url_for

register = template.Library()


@register.simple_tag
def fixed_url(name: str, *args) -> str:
    """`{% url name arg… %}` from the URL's shape, reversed once per process (taro/reversing.py):
    the site's shell links the same dozen places on every page, and a thread a dozen per answer;
    reversing them each time was a tenth of a page's render."""
    return url_for(name, *args)


@register.simple_tag
def fixed_static(path: str) -> str:
    """`{% static path %}` looked up once per process: the hashed names come from the manifest
    collectstatic wrote, which changes only with a deploy (a new process)."""
    return _static_once(path, settings.STATIC_URL)


@functools.lru_cache(maxsize=64)
def _static_once(path: str, static_url: str) -> str:
    return static(path)


@register.simple_tag(takes_context=True)
def account_menu(context) -> str:
    """The signed-in header's account menu: the same HTML on every page a member reads until
    their name, badge or staff flag changes, all of which move the PEOPLE version (any account
    save but a login does, taro/signals.py). So it is rendered once per version and kept in the
    cache (fetched with the request's versions, below), with this response's CSRF token swapped
    into its logout form."""
    request, user = context.get("request"), context["user"]
    if request is None:  # rendered without a request (error pages): nothing to key it on
        token = str(context.get("csrf_token", ""))
        return mark_safe(render_account_menu(user=user).replace(CSRF_PLACEHOLDER, token))
    people = versions.current((versions.PEOPLE,), request=request)[versions.PEOPLE]
    html: str = ACCOUNT_MENU.get(user.pk, stamp=people, request=request, user=user)
    return with_csrf_token(request, html)


@versions.fetch_along
def _account_menu_wanted(request) -> list[str]:
    user = getattr(request, "user", None)
    return [ACCOUNT_MENU.key(user.pk)] if user is not None and user.is_authenticated else []


def render_account_menu(user_pk: int | None = None, *, user) -> str:
    """The menu's HTML with the CSRF placeholder in its logout form (taro.cache_entries)."""
    context = {"user": user, "csrf_token": CSRF_PLACEHOLDER}
    return render_to_string("includes/account_menu.html", context)


# Words that keep their capitals inside a sentence-cased heading.
PROPER_WORDS = {"Taro", "Amazon", "I", "Google", "GitHub"}


@register.filter
def sentence_case(text) -> str:
    """ "Reset My Password" → "Reset my password": the site writes headings and buttons in
    sentence case, and allauth's own pages say theirs in title case."""
    words = str(text).strip().split(" ")
    kept = [
        word
        if index == 0 or word in PROPER_WORDS or (word.isupper() and len(word) > 1)
        else word.lower()
        for index, word in enumerate(words)
    ]
    return " ".join(kept)
