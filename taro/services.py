"""Writes for identity: profile edits and the verified-company mark."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from taro import restrictions, versions
from taro.markdown import render_markdown
from taro.models import Company, Position, Profile, WorkEmailProof


@transaction.atomic
def update_profile(
    *,
    profile: Profile,
    display_name: str,
    position: Position | None,
    bio_source: str,
    email_preference: str,
) -> Profile:
    public = (display_name, position, bio_source)
    if public != (profile.display_name, profile.position, profile.bio_source):
        # A suspension stops every write others would read, the profile included. The email
        # preference stays the person's own: it changes only what Taro sends them.
        reason = restrictions.refusal(profile.user)
        if reason:
            raise PermissionDenied(reason)
    versions.bump(versions.PEOPLE)  # names and badges appear on cached pages across the site
    profile.display_name = display_name
    profile.position = position
    profile.bio_source = bio_source
    profile.bio_html = render_markdown(bio_source)
    profile.email_preference = email_preference
    if position is not None:
        profile.needs_onboarding = False  # the badge the first-login step asks for is set
    profile.save()
    return profile


@transaction.atomic
def finish_onboarding(*, profile: Profile, position: Position | None) -> Profile:
    """The first-login step: set the role badge (`position`), or skip it (None). Either way the
    step is not shown again."""
    if position is not None and position != profile.position:
        reason = restrictions.refusal(profile.user)
        if reason:
            raise PermissionDenied(reason)
        versions.bump(versions.PEOPLE)  # badges appear on cached pages across the site
        profile.position = position
    profile.needs_onboarding = False
    profile.save(update_fields=["position", "needs_onboarding"])
    return profile


def refresh_verified_company(*, user: User) -> Company | None:
    """Mark the profile verified for the company of the member's work-email proof
    (taro/workemail.py), else for the company whose domain matches a confirmed address on the
    account (how members verified before proofs)."""
    proof = WorkEmailProof.objects.filter(user=user).select_related("company").first()
    company = proof.company if proof else _company_of_confirmed_addresses(user)
    with transaction.atomic():
        versions.bump(versions.PEOPLE)
        Profile.objects.filter(user=user).update(verified_company=company)
    return company


def _company_of_confirmed_addresses(user: User) -> Company | None:
    domains = {
        address.email.rsplit("@", 1)[-1].lower()
        for address in EmailAddress.objects.filter(user=user, verified=True)
    }
    return (
        Company.objects.filter(email_domain__in=domains)
        .exclude(email_domain="")
        .order_by("pk")
        .first()
    )
