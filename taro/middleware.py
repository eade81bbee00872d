"""Request and response handling Django and django-csp leave to us (the Content-Security-Policy
is django-csp's, configured by CONTENT_SECURITY_POLICY in settings)."""

import logging
import re
import time
from dataclasses import dataclass

from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.utils.functional import empty

request_logger = logging.getLogger("taro.requests")

# URL parts that are secrets: email confirmation and password reset keys, unsubscribe tokens.
SECRET_URL_PARTS = {"key", "token", "uidb36", "uidb64"}
LONGEST_LOGGED_PATH = 200


class CacheControlMiddleware:
    """Every response says how it may be kept. Pages shared by anonymous readers are marked
    public for a minute where they are served (taro/pagecache.py); anything else that doesn't say
    is `private, no-store`: signed-in pages, pages with a form's CSRF token, a message or a
    cookie, errors. A response that sets a cookie is never public, whatever it said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") or (
            response.cookies and "public" in response["Cache-Control"]
        ):
            response["Cache-Control"] = NOT_STORED
        return response


NOT_STORED = "private, no-store"


class RequestLogMiddleware:
    """One line per request for the operator (logger `taro.requests`, INFO in production):

        GET /questions/12/how-do-i/ 200 7.4ms user=42

    Method, path without its query string (searches are people's words), status, time spent in
    Django, and the user's id, "anonymous", or "-" when the request had a session cookie but never
    looked at who sent it (static files). Secret keys in paths are replaced by "…"; nothing a
    person wrote is logged. First in MIDDLEWARE, so the time and status are the response's.

    A view that must not tie a request to its sender (the outcome ledger's reports) sets
    `request.log_without_user = True` (`withhold_user_from_log`): its line says `user=withheld`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            request_logger.info(
                "%s %s %s %.1fms user=%s",
                request.method,
                logged_path(request),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                user_label(request),
            )
        return response


def logged_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if name in SECRET_URL_PARTS and value:
            path = path.replace(str(value), "…")
    if len(path) > LONGEST_LOGGED_PATH:
        path = path[:LONGEST_LOGGED_PATH] + "…"
    return path


def withhold_user_from_log(request) -> None:
    """This request's log line must not say who sent it."""
    request.log_without_user = True


def user_label(request) -> str:
    """Who sent the request, without a query: only what the request already looked up."""
    if getattr(request, "log_without_user", False):
        return "withheld"
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is not None and wrapped is not empty:
        return str(user.pk) if user.is_authenticated else "anonymous"
    return "-" if settings.SESSION_COOKIE_NAME in request.COOKIES else "anonymous"


PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: no page uses the camera, location, payments…"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


class StripNulMiddleware:
    """Remove NUL characters from query and form values before any view sees them.

    No keyboard types them, PostgreSQL cannot store them, and the database driver raises on
    them in any lookup; stripping keeps everything else the person sent.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No page of ours has a control character in its path; a lookup with one (a NUL
        # reaches PostgreSQL as an error) must be a plain 404, not a 500.
        if CONTROL_CHARACTER.search(request.path_info):
            raise Http404("No such page.")
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            request.GET = self._cleaned(request.GET)
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            if any("\x00" in value for values in request.POST.lists() for value in values[1]):
                request.POST = self._cleaned(request.POST)
        return self.get_response(request)

    @staticmethod
    def _cleaned(query_dict):
        cleaned = query_dict.copy()
        for key, values in query_dict.lists():
            cleaned.setlist(
                key.replace("\x00", ""), [value.replace("\x00", "") for value in values]
            )
        return cleaned


class SettingsCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policies from settings built once rather than on every
    response (building them was a twentieth of a signed-in page). Whatever is not the plain case
    goes through django-csp's own code unchanged: a nonce, a per-view change (csp_update,
    csp_exempt...), an excluded path (/admin/), DEBUG."""

    def process_response(self, request, response):
        policies = _settings_policies()
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(name.startswith("_csp_") for name in vars(response))
            or request.path_info.startswith(policies.excluded_prefixes)
        ):
            return super().process_response(request, response)
        for header, value in policies.headers.items():
            if value and header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@dataclass(frozen=True)
class _Policies:
    headers: dict
    excluded_prefixes: tuple


_built_policies: _Policies | None = None


def _settings_policies() -> _Policies:
    global _built_policies
    if _built_policies is None:
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        reported = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
        _built_policies = _Policies(
            headers={
                "Content-Security-Policy": build_policy(),
                "Content-Security-Policy-Report-Only": build_policy(report_only=True),
            },
            excluded_prefixes=(
                *(enforced.get("EXCLUDE_URL_PREFIXES") or ()),
                *(reported.get("EXCLUDE_URL_PREFIXES") or ()),
            ),
        )
    return _built_policies


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    global _built_policies
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _built_policies = None
