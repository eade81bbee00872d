"""Reads for identity and taxonomy."""

from django.shortcuts import get_object_or_404

from taro.models import Company, Position, Profile

DEFAULT_COMPANY_KEY = "company:default"


def get_default_company() -> Company:
    """The hub's company, read on every home page: kept in the shared cache, which a save of
    any company clears (taro/signals.py)."""
    from django.conf import settings
    from django.core.cache import cache

    company = cache.get(DEFAULT_COMPANY_KEY)
    if company is None:
        company = Company.objects.get(slug=settings.DEFAULT_COMPANY_SLUG)
        cache.set(DEFAULT_COMPANY_KEY, company)
    return company


def get_public_profile(username: str) -> Profile:
    """A profile for /users/<username>/; inactive accounts are not public."""
    return get_object_or_404(
        # verified_company is not joined: the badge compares ids (Profile.badge_verified).
        Profile.objects.select_related("user", "position__company"),
        user__username=username,
        user__is_active=True,
    )


def position_choices():
    return Position.objects.select_related("company").order_by("company__name", "rank")
