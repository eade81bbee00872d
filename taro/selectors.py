"""Reads for identity and taxonomy."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from taro import cache_entries, versions
from taro.models import Company, Position, Profile, Topic


def get_default_company(*, request: HttpRequest | None = None) -> Company:
    """The hub's company, read on every home page: kept in the shared cache (a save of any
    company forgets it: taro/signals.py). With `request`, it comes with the request's versions."""
    from django.conf import settings

    if request is not None:
        cache_entries.DEFAULT_COMPANY.want(request)
        versions.current(request=request)  # the round trip that brings it
    company: Company = cache_entries.DEFAULT_COMPANY.get(
        stamp=settings.DEFAULT_COMPANY_SLUG, request=request
    )
    return company


def load_default_company() -> Company:
    from django.conf import settings

    return Company.objects.get(slug=settings.DEFAULT_COMPANY_SLUG)


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


def topic_list() -> QuerySet[Topic]:
    """Every topic, lazily: templates cache what they render of the list in fragments keyed on
    the FORUM version (which a topic's save or delete moves: taro/signals.py), so a cached one
    costs no query."""
    return Topic.objects.all()


def position_choices() -> QuerySet[Position]:
    return Position.objects.select_related("company").order_by("company__name", "rank")


def company_by_pk(pk: int | str) -> Company | None:
    return Company.objects.filter(pk=pk).first()
