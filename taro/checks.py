"""`manage.py check --deploy` refuses settings that would run but fail the people using the site.

Both are errors, so `check --deploy` (a release step in docs/deploying.md) exits non-zero:

- mail that goes nowhere: with the console, locmem or dummy backend (the console one is the
  default, for development) no one receives a confirmation email, and since email confirmation
  is mandatory no one can finish signing up;
- links that lead nowhere: every link in an email is built on SITE_URL, so a loopback address
  (the development default) or plain http sends members to their own machine or off TLS.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints each email on stderr",
    "django.core.mail.backends.locmem.EmailBackend": "keeps each email in memory",
    "django.core.mail.backends.dummy.EmailBackend": "drops each email",
}


@register("taro", deploy=True)
def email_is_delivered(app_configs, **kwargs):
    what = UNDELIVERED_BACKENDS.get(settings.EMAIL_BACKEND)
    if what is None:
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {what}: no one gets the "
            "confirmation email, so no one can sign up.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, "
            "EMAIL_PORT, EMAIL_USE_TLS, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD (docs/deploying.md).",
            id="taro.E001",
        )
    ]


@register("taro", deploy=True)
def site_url_is_public_https(app_configs, **kwargs):
    url = urlsplit(settings.SITE_URL)
    problem = None
    if url.scheme != "https":
        problem = "is not an https:// address"
    elif is_loopback(url.hostname or ""):
        problem = "points at this machine"
    if problem is None:
        return []
    return [
        Error(
            f"SITE_URL ({settings.SITE_URL}) {problem}: every link in emails (confirmation, "
            "password reset, notifications) and feeds is built on it.",
            hint="Set SITE_URL to the site's public address, e.g. https://taro.example.com.",
            id="taro.E002",
        )
    ]


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost") or not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
