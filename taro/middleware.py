"""Request and response handling Django and django-csp leave to us (the Content-Security-Policy
is django-csp's, configured by CONTENT_SECURITY_POLICY in settings)."""

import re

from django.http import Http404

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
