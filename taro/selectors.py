"""Reads for identity and taxonomy."""
from django.shortcuts import get_object_or_404

from taro.models import Company, Position, Profile


def get_default_company() -> Company:
    from django.conf import settings

    return Company.objects.get(slug=settings.DEFAULT_COMPANY_SLUG)


def get_public_profile(username: str) -> Profile:
    """A profile for /users/<username>/; inactive accounts are not public."""
    return get_object_or_404(
        Profile.objects.select_related("user", "position__company", "verified_company"),
        user__username=username, user__is_active=True,
    )


def position_choices():
    return Position.objects.select_related("company").order_by("company__name", "rank")


def user_has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()
