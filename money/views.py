"""The money map's pages. The simulator is a GET form (a scenario is its URL; nothing is stored
unless a member saves it). Saved scenarios are private: another person's, staff included, is a
404, and those pages are never cached by anyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from money import chart, selectors, services
from money.compute import compute
from money.forms import SaveScenarioForm, ScenarioForm
from money.presentation import quarter_labels, used_assumptions

# What /money/ shows before anyone types: an illustrative L5-sized offer, not advice.
EXAMPLE = {
    "base": "170000",
    "grant_shares": "200",
    "grant_price": "200",
    "signon1": "60000",
    "signon2": "45000",
    "leave_month": "14",
}
SAVED_PER_PAGE = 50


def private(view):
    signed_in = login_required(view)

    def wrapped(request, *args, **kwargs):
        response = signed_in(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    wrapped.__name__ = view.__name__
    return wrapped


def _form(data):
    rows = selectors.assumptions()
    form = ScenarioForm(
        data, assumed=selectors.assumed(rows), schedule=selectors.default_schedule(rows)
    )
    return form, rows


def _page(request, data, *, example=False, save_form=None, status=200):
    form, rows = _form(data)
    context = {"form": form, "rows": rows.values(), "example": example}
    if form.is_valid():
        scenario = form.scenario()
        result = compute(scenario)
        context.update(
            scenario=scenario,
            result=result,
            query=form.query(),
            quarter_rows=list(
                zip(quarter_labels(form.cleaned_data.get("start"), 16), result.quarters)
            ),
            bars=chart.bars((*result.years, result.year5)),
            chart=chart,
            used=used_assumptions(rows, form, result),
            save_form=save_form or SaveScenarioForm(),
        )
    elif status == 200:
        status = 400
    return render(request, "money/simulator.html", context, status=status)


def simulator(request):
    if not request.GET:
        return _page(request, QueryDict(mutable=True) | EXAMPLE, example=True)
    return _page(request, request.GET)


@private
@require_POST
def save(request):
    """Keeps the inputs of the scenario shown (the POST carries its query string)."""
    query = request.POST.get("query", "")
    save_form = SaveScenarioForm(request.POST)
    data = QueryDict(query)
    form, _ = _form(data)
    if not form.is_valid():
        return _page(request, data, status=400)
    if not save_form.is_valid():
        return _page(request, data, save_form=save_form, status=400)
    try:
        services.save_scenario(owner=request.user, name=save_form.cleaned_data["name"], form=form)
    except services.ScenarioLimit as limit:
        save_form.add_error("name", f"{limit} Delete one on your scenarios page first.")
        return _page(request, data, save_form=save_form, status=400)
    messages.success(request, "Saved to your scenarios. Only you can see it.")
    return redirect("money:saved")


@private
def saved(request):
    scenarios = list(selectors.saved_scenarios(request.user)[:SAVED_PER_PAGE])
    return render(request, "money/saved.html", {"scenarios": scenarios})


@private
def open_saved(request, pk):
    scenario = get_object_or_404(selectors.saved_scenarios(request.user), pk=pk)
    return redirect(f"{reverse('money:simulator')}?{scenario.query}")


@private
@require_POST
def delete_saved(request, pk):
    scenario = get_object_or_404(selectors.saved_scenarios(request.user), pk=pk)
    services.delete_scenario(scenario)
    messages.success(request, "Scenario deleted.")
    return redirect("money:saved")
