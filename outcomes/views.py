"""The ledger's one page: the published figures for everyone, and for members the report form
and their own reports to withdraw. Every view marks its request so the request log's line does
not say who sent it (taro.middleware.withhold_user_from_log)."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from outcomes import selectors, services
from outcomes.forms import ReportForm, WithdrawForm
from outcomes.permissions import report_refusal
from taro.middleware import withhold_user_from_log


def unlogged(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        withhold_user_from_log(request)
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, *, form=None, refusal_message="", status=200):
    reported = selectors.my_reported_cycles(request.user)
    refusal = report_refusal(request.user)
    tables = selectors.published_tables()
    context = {
        "tables": tables,
        "made_up": any(table.made_up for table in tables),
        "refreshed_at": tables[0].refreshed_at if tables else None,
        "reported": reported,
        "refusal": refusal,
        "refusal_message": refusal_message,
        "form": form or (None if refusal else ReportForm(reported=reported)),
    }
    return render(request, "outcomes/index.html", context, status=status)


@unlogged
@require_http_methods(["GET", "HEAD"])
def index(request):
    return _page(request)


@unlogged
@require_POST
def report(request):
    form = ReportForm(request.POST, reported=selectors.my_reported_cycles(request.user))
    refusal = report_refusal(request.user)
    if refusal:
        return _page(request, refusal_message=refusal, status=403)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        services.submit_report(
            user=request.user, cycle=form.cleaned_data["cycle"], answers=form.answers()
        )
    except services.ReportRefused as refused:
        return _page(request, form=form, refusal_message=str(refused), status=409)
    messages.success(
        request,
        "Thank you: your report is stored, without your name. It counts in the tables from the "
        "next refresh.",
    )
    return redirect("outcomes:index")


@unlogged
@require_POST
def withdraw(request):
    form = WithdrawForm(request.POST)
    if not request.user.is_authenticated:
        return _page(request, refusal_message="Sign in to withdraw your report.", status=403)
    if not form.is_valid():
        return _page(request, refusal_message="Pick one of the last three cycles.", status=400)
    cycle = form.cleaned_data["cycle"]
    if services.withdraw_report(user=request.user, cycle=cycle):
        messages.success(request, f"Your report for the {cycle} cycle is deleted.")
    else:
        messages.info(request, f"You had no report for the {cycle} cycle.")
    return redirect("outcomes:index")
