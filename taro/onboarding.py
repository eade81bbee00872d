"""The first-login step that asks a new member for their role badge (company and position).

Signup sets `Profile.needs_onboarding`; logging in copies it into the session, and while the
session says so, the first page a member opens sends them to /welcome/?next=<that page>, until
they set a badge or skip (taro/views.py `welcome`). Everyone else pays nothing for it: the check
reads only the session the request has already loaded, never the database, and accounts made
any other way (the admin, createsuperuser, tests, demo data) are never asked.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "taro_onboarding"
# Never sent to the badge step: the step itself, signing in and out, settings, the admin, and
# what isn't a page (mail links, feeds, files, health).
EXEMPT_PREFIXES = (
    "/welcome/",
    "/accounts/",
    "/settings/",
    "/admin/",
    "/email/",
    "/feeds/",
    "/static/",
    "/healthz",
    "/robots.txt",
    "/sitemap.xml",
)


@receiver(user_logged_in, dispatch_uid="taro_onboarding_at_login")
def remember_at_login(sender, request, user, **kwargs):
    """One query at login (never on a page): whether this account still has to be asked."""
    from taro.models import Profile

    if request is not None and hasattr(request, "session"):
        pending = Profile.objects.filter(user=user, needs_onboarding=True).exists()
        if pending:
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


def finish(request) -> None:
    """The person set their badge or skipped: stop asking in this session."""
    request.session.pop(SESSION_KEY, None)


def safe_next(request, target: str | None) -> str:
    """Where to go after the step: a local path, else the home page."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/"


class OnboardingMiddleware:
    """Send a member who hasn't set or skipped their badge to the step, then back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.session.get(SESSION_KEY)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and "application/json" not in request.headers.get("Accept", "")
            and request.user.is_authenticated
        ):
            target = reverse("welcome") + "?next=" + quote(request.get_full_path(), safe="/")
            return HttpResponseRedirect(target)
        return self.get_response(request)
