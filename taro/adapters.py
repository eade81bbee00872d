"""django-allauth customisation, kept in its adapter as allauth recommends."""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from taro.clientip import client_ip
from taro.models import Profile
from taro.services import refresh_verified_company

# The links allauth puts in its emails, built from the request's Host by default.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


@dataclass(frozen=True)
class ConfiguredSite:
    """What allauth's templates read from the Sites framework (`current_site.name`, `.domain`),
    taken from settings instead. Taro doesn't install django.contrib.sites, and without it
    allauth names the site after the request's Host ("Hello from 127.0.0.1:8301!")."""

    name: str
    domain: str


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site_url(url: str) -> str:
    """`url` (absolute or a path) moved onto settings.SITE_URL, keeping its path and query."""
    site, link = urlsplit(settings.SITE_URL), urlsplit(url)
    path = site.path.rstrip("/") + link.path
    return urlunsplit((site.scheme, site.netloc, path, link.query, link.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's throttles ("10/m/ip") key on the address taro.clientip decides, so they
        count each client behind the proxy, not the proxy."""
        return client_ip(request) or super().get_client_ip(request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:  # the Profile exists (taro/signals.py): ask for the badge after first login
            Profile.objects.filter(user=user).update(needs_onboarding=True)
        return user

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        refresh_verified_company(user=email_address.user)
        return confirmed  # allauth logs the user in only when this is truthy

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email names the site and links to it as settings say (SITE_NAME,
        SITE_URL), as the notification emails do, whatever Host the request carried."""
        context = {**context, "current_site": configured_site()}
        for name in EMAIL_LINKS:
            if isinstance(context.get(name), str):
                context[name] = on_site_url(context[name])
        super().send_mail(template_prefix, email, context)
