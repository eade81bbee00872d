"""Verifying a member's company with a separate work email that Taro never keeps.

The member types a work address; Taro emails it a one-time link and forgets it. The link
carries a signed token with the account, the company and a keyed hash of the address (never the
address). Opening it while signed in as that account stores a WorkEmailProof: the company, the
date and the hash. The hash is HMAC-SHA256 keyed with WORK_EMAIL_HASH_KEY (SECRET_KEY by
default), so the same address can't verify two accounts, and a stolen database alone can't be
searched for a known address. Nothing here logs, caches or stores the address itself; the email
is sent directly (not through the notification outbox, whose rows would hold it).
"""

import unicodedata

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from taro.models import Company, WorkEmailProof
from taro.services import refresh_verified_company

TOKEN_SALT = "taro.work-email.link"
HASH_SALT = "taro.work-email.hash"
LINK_MAX_AGE_SECONDS = 24 * 60 * 60
SENDS_PER_HOUR = 5


class WorkEmailError(ValueError):
    """Something the member can fix; the message says what."""


def normalized(address: str) -> str:
    """One spelling per mailbox for the hash: Unicode NFKC, case folded, spaces trimmed."""
    return unicodedata.normalize("NFKC", address).strip().casefold()


def hash_address(address: str) -> str:
    secret = getattr(settings, "WORK_EMAIL_HASH_KEY", "") or settings.SECRET_KEY
    return salted_hmac(
        HASH_SALT, normalized(address), secret=secret, algorithm="sha256"
    ).hexdigest()


def company_for(address: str) -> Company:
    """The company whose email domain the address belongs to, or a WorkEmailError."""
    address = normalized(address)
    try:
        validate_email(address)
    except Exception:  # django's ValidationError: the message below is clearer
        raise WorkEmailError("Enter a whole email address, like name@amazon.com.") from None
    domain = address.rsplit("@", 1)[1]
    company = Company.objects.exclude(email_domain="").filter(email_domain__iexact=domain).first()
    if company is None:
        domains = ", ".join(
            sorted(Company.objects.exclude(email_domain="").values_list("email_domain", flat=True))
        )
        raise WorkEmailError(f"Taro can verify addresses at {domains} only.")
    return company


def _count_send(user) -> None:
    """At most SENDS_PER_HOUR links an hour per account, counted in the shared cache (no row
    holds a request, since none may hold the address). A dead cache allows the send: the
    address must be at a company's domain, which bounds what it could be used to spam."""
    key = f"work-email-sends:{user.pk}"
    try:
        cache.add(key, 0, 60 * 60)
        used = cache.incr(key)
    except (ValueError, TypeError):
        return
    if used is not None and used > SENDS_PER_HOUR:
        raise WorkEmailError("You have asked for several links this hour. Try again later.")


def send_link(*, user, address: str) -> Company:
    """Email a one-time verification link to `address` for `user`. The same message is sent
    whether or not the address already verified another account (that is only said to whoever
    opens the link), so this can't be used to find out who is on Taro."""
    company = company_for(address)
    _count_send(user)
    token = signing.dumps(
        {"u": user.pk, "c": company.pk, "h": hash_address(address)}, salt=TOKEN_SALT, compress=True
    )
    link = settings.SITE_URL.rstrip("/") + reverse("work_email_confirm", args=[token])
    context = {"link": link, "company": company, "site_name": settings.SITE_NAME}
    send_mail(
        subject=f"[{settings.SITE_NAME}] Confirm your work email for {company.name}",
        message=render_to_string("email/work_email_verify.txt", context),
        html_message=render_to_string("email/work_email_verify.html", context),
        from_email=None,
        recipient_list=[address.strip()],
    )
    return company


def read_link(*, user, token: str) -> dict:
    """The token's claims, checked: signed by us, under a day old, and for this account."""
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise WorkEmailError("This link has expired. Ask for a new one below.") from None
    except signing.BadSignature:
        raise WorkEmailError(
            "This link is not valid. Copy the whole link from the email."
        ) from None
    if claims.get("u") != user.pk:
        raise PermissionDenied("This link was sent for another Taro account.")
    return claims


def confirm(*, user, token: str) -> WorkEmailProof:
    claims = read_link(user=user, token=token)
    company = Company.objects.filter(pk=claims["c"]).first()
    if company is None:
        raise WorkEmailError("That company is no longer on Taro.")
    try:
        with transaction.atomic():
            proof = _store_proof(user=user, company=company, address_hash=claims["h"])
    except IntegrityError:
        raise WorkEmailError(
            "This work email already verifies another Taro account. Each address can verify one."
        ) from None
    refresh_verified_company(user=user)
    return proof


def _store_proof(*, user, company, address_hash: str) -> WorkEmailProof:
    proof, _ = WorkEmailProof.objects.update_or_create(
        user=user,
        defaults={
            "company": company,
            "address_hash": address_hash,
            "verified_on": timezone.localdate(),
        },
    )
    return proof


def record_trusted_address(*, user, address: str) -> WorkEmailProof:
    """A proof without the emailed link, for an address known good (the demo loader)."""
    with transaction.atomic():
        proof = _store_proof(
            user=user, company=company_for(address), address_hash=hash_address(address)
        )
    refresh_verified_company(user=user)
    return proof


def remove(*, user) -> None:
    WorkEmailProof.objects.filter(user=user).delete()
    refresh_verified_company(user=user)


def legacy_address(user):
    """A confirmed address on the account at a company's domain: how members verified before
    work-email proofs. Its owner is offered the move to a proof (keep only the hash)."""
    from allauth.account.models import EmailAddress

    domains = [
        d.lower()
        for d in Company.objects.exclude(email_domain="").values_list("email_domain", flat=True)
    ]
    for address in EmailAddress.objects.filter(user=user, verified=True).order_by("pk"):
        if address.email.rsplit("@", 1)[-1].lower() in domains:
            return address
    return None


def move_legacy(*, user) -> WorkEmailProof:
    """Replace the confirmed company address on the account with a proof, then delete the
    address. Refused while it is the primary (login) address: there must be another first."""
    address = legacy_address(user)
    if address is None:
        raise WorkEmailError("There is no work address on your account to move.")
    if address.primary:
        raise WorkEmailError(
            "Your work address is also your main email. Add a personal address under Email "
            "addresses, make it primary, then come back."
        )
    company = company_for(address.email)
    try:
        with transaction.atomic():
            proof = _store_proof(
                user=user, company=company, address_hash=hash_address(address.email)
            )
            address.delete()
    except IntegrityError:
        raise WorkEmailError(
            "This work email already verifies another Taro account. Each address can verify one."
        ) from None
    refresh_verified_company(user=user)
    return proof
