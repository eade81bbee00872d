import secrets
import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from taro import onboarding, services
from taro.forms import BadgeForm, ProfileForm


@login_required
def profile_settings(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(profile=profile, **form.cleaned_data)
        except PermissionDenied as refusal:  # suspended: the form keeps what was typed
            form.add_error(None, str(refusal))
            status = 403
        else:
            messages.success(request, "Your profile was saved.")
            return redirect("profile_settings")
    return render(
        request, "taro/profile_settings.html", {"form": form, "profile": profile}, status=status
    )


@login_required
def welcome(request):
    """The first-login step: ask for the role badge, explain the verified mark, then go back to
    where the person was going (`next`). Skipping is one button; either way it is not asked
    again."""
    profile = request.user.profile
    target = onboarding.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not profile.needs_onboarding:  # set or skipped (maybe in another session)
        onboarding.finish(request)
        return redirect(target)
    form = BadgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        skipping = "skip" in request.POST
        if skipping or form.is_valid():
            position = None if skipping else form.cleaned_data["position"]
            try:
                services.finish_onboarding(profile=profile, position=position)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 403
            else:
                onboarding.finish(request)
                if position is not None:
                    messages.success(request, f"Your badge is set: {position.badge_label}.")
                return redirect(target)
        else:
            status = 400
    context = {"form": form, "next": target, "verified_company": profile.verified_company}
    return render(request, "taro/welcome.html", context, status=status)


@never_cache
@require_GET
def healthz(request):
    """503 only when the database is unreachable: without it no page can be served. A failing
    cache answers 200 with "cache": "degraded", because the site still serves every page (slower,
    rendered fresh) and a load balancer that pulled every instance over a shared Redis outage
    would turn a slowdown into a full outage."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "cache": _cache_health()}, status=503
        )
    cache_state = _cache_health()
    status = "ok" if cache_state == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def _cache_health() -> str:
    """ "ok" when a value written to the cache reads back; the backend fails open, so a dead
    cache shows up as a value that doesn't come back rather than as an exception."""
    probe = secrets.token_hex(8)
    try:
        cache.set("healthz:probe", probe, 30)
        return "ok" if cache.get("healthz:probe") == probe else "degraded"
    except Exception:  # noqa: BLE001 - any backend failure is a degraded cache, never a 500
        return "degraded"


@require_GET
def robots_txt(request, disallow: tuple[str, ...] = ()):
    """Crawlers keep out of the sections of the URLs named in `disallow` (the root URLconf
    gathers them from the apps): each name stands for its first path segment, so
    "account_login" (/accounts/login/) disallows /accounts/."""
    sections = dict.fromkeys(f"/{reverse(name).lstrip('/').split('/', 1)[0]}/" for name in disallow)
    lines = [
        "User-agent: *",
        *(f"Disallow: {section}" for section in sections),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# SQLSTATEs that mean "the database is not there for us" rather than "this query failed":
# connection exceptions (class 08), insufficient resources (53: too many connections), and the
# server shutting down or starting up (57P01-57P03; not 57014, a statement timeout). Errors
# raised while connecting carry no SQLSTATE at all.
UNAVAILABLE_SQLSTATE_CLASSES = {"08", "53"}
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03"}
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    code = getattr(exc.__cause__, "pgcode", None) or getattr(exc, "pgcode", None)
    return code is None or code[:2] in UNAVAILABLE_SQLSTATE_CLASSES or code in UNAVAILABLE_SQLSTATES


def server_error(request):
    """The 500 handler (taro/urls.py). Django calls it while handling the exception, so
    sys.exc_info() names it: when PostgreSQL refuses connections (restarting, down, out of
    connection slots) the answer is a 503 with Retry-After, as /healthz says, rather than an
    error page that tells browsers and crawlers the page itself is broken. Rendered without the
    request: the context processors would ask the database again."""
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
