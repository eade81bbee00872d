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
from django.views.decorators.http import require_GET, require_POST

from taro import onboarding, selectors, services, workemail
from taro.forms import BadgeForm, ProfileForm, WorkEmailForm


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
@never_cache
def company_settings(request):
    """Verify the company with a separate work email (sent a link, never stored)."""
    form = WorkEmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                company = workemail.send_link(
                    user=request.user, address=form.cleaned_data["address"]
                )
            except workemail.WorkEmailError as problem:
                form.add_error("address", str(problem))
            else:
                # The message names the company, never the address: messages live in the
                # session store.
                messages.success(
                    request,
                    f"We sent a link to your {company.name} address. Open it within 24 hours, "
                    "signed in to this account.",
                )
                return redirect("company_settings")
    return render(
        request, "taro/company_settings.html", _company_context(request, form), status=status
    )


def _company_context(request, form) -> dict:
    proof = getattr(request.user, "work_email_proof", None)
    legacy = None if proof else workemail.legacy_address(request.user)
    return {"form": form, "proof": proof, "legacy": legacy, "profile": request.user.profile}


@login_required
@never_cache
def work_email_confirm(request, token: str):
    """The link from the email: GET shows a button (mail scanners follow links), POST confirms."""
    error, status = "", 200
    try:
        claims = workemail.read_link(user=request.user, token=token)
    except workemail.WorkEmailError as problem:
        error, status, claims = str(problem), 400, None
    if claims and request.method == "POST":
        try:
            proof = workemail.confirm(user=request.user, token=token)
        except workemail.WorkEmailError as problem:
            error, status = str(problem), 409
        else:
            messages.success(request, f"Your work email at {proof.company.name} is verified.")
            return redirect("company_settings")
    company = selectors.company_by_pk(claims["c"]) if claims else None
    context = {"error": error, "company": company, "token": token}
    return render(request, "taro/work_email_confirm.html", context, status=status)


@login_required
@require_POST
def work_email_remove(request):
    workemail.remove(user=request.user)
    messages.success(request, "Your company verification was removed.")
    return redirect("company_settings")


@login_required
@require_POST
def work_email_move(request):
    try:
        workemail.move_legacy(user=request.user)
    except workemail.WorkEmailError as problem:
        context = {**_company_context(request, WorkEmailForm()), "move_error": str(problem)}
        return render(request, "taro/company_settings.html", context, status=400)
    messages.success(
        request, "Done: the work address is gone from your account; Taro keeps only its hash."
    )
    return redirect("company_settings")


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
