"""Reads for identity and taxonomy."""

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from taro import cache_entries, versions
from taro.models import Company, Position, Profile, Topic
from taro.pagecache import fragment_key

DEFAULT_COMPANY_KEY = "company:default"


def get_default_company(*, request: HttpRequest | None = None) -> Company:
    """The hub's company, read on every home page: kept in the shared cache, which a save of
    any company clears (taro/signals.py). With `request`, it comes with the request's versions
    (taro.versions.want)."""
    from django.conf import settings

    if request is not None:
        versions.want(request, DEFAULT_COMPANY_KEY)
        versions.current(request=request)  # the round trip that brings it
        company: Company | None = versions.fetched(request, DEFAULT_COMPANY_KEY)
    else:
        company = cache.get(DEFAULT_COMPANY_KEY)
    if company is None:
        company = Company.objects.get(slug=settings.DEFAULT_COMPANY_SLUG)
        cache.set(DEFAULT_COMPANY_KEY, company)
    return company


def get_public_profile(username: str, *, request: HttpRequest | None = None) -> Profile:
    """A profile for /users/<username>/; inactive accounts are not public. Kept in the cache
    under the PEOPLE version, which every write to a profile, an account (deactivation
    included), a position or a company moves (taro/services.py, taro/signals.py)."""
    profile: Profile = cache_entries.PUBLIC_PROFILE.get(username, request=request)
    return profile


def load_public_profile(username: str) -> Profile:
    return get_object_or_404(
        # verified_company is not joined: the badge compares ids (Profile.badge_verified).
        # The password hash is never read here, and never belongs in the cache.
        Profile.objects.select_related("user", "position__company").defer("user__password"),
        user__username=username,
        user__is_active=True,
    )


def topic_list(*, request: HttpRequest) -> dict[str, Any]:
    """Every topic (lazy: templates cache what they render of the list, so a cached one costs no
    query) and `topics_key`, the key they cache it under: the FORUM version, which a topic's
    save or delete moves (taro/signals.py)."""
    forum = versions.current((versions.FORUM,), request=request)[versions.FORUM]
    return {"topics": Topic.objects.all(), "topics_key": fragment_key("topics", forum)}


def position_choices() -> QuerySet[Position]:
    return Position.objects.select_related("company").order_by("company__name", "rank")


def company_by_pk(pk: int | str) -> Company | None:
    return Company.objects.filter(pk=pk).first()
