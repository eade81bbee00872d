"""The workbench's pages: form → service → redirect, for the signed-in owner only. Every page
answers `Cache-Control: private, no-store` and never goes through the page cache; another
person's row is a 404 (get_object_or_404 with owner=request.user), never a 403."""

import json
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from taro.markdown import render_markdown
from workbench import catalog, drafts, exports, providers, reminders, selectors, services
from workbench.forms import (
    AccomplishmentsForm,
    CaptureForm,
    DeleteEverythingForm,
    DraftForm,
    EntryForm,
    FeedbackForm,
    FilterForm,
    GoalForm,
    GrowthAreaForm,
    MoveForm,
    PeerForm,
    PlanForm,
    QuickAddForm,
    ReadinessForm,
    ReminderForm,
    TierForm,
)
from workbench.models import Draft, Entry, FeedbackDraft, Goal, GrowthArea, Peer

ENTRIES_PER_PAGE = 25
URL_PREFIX: dict[str, str] = {
    Draft.Kind.PROMOTION: "draft",
    Draft.Kind.SELF_REVIEW: "self_review",
    Draft.Kind.ACCOMPLISHMENTS: "accomplishments",
}
CONFIDENTIAL_WARNING = (
    "This entry seems to contain {findings}. Your log is private to you, but it is stored "
    "outside Amazon: consider writing it in your own words, without internal names, ticket "
    "numbers or confidential documents."
)


def private(view):
    """The owner's page: 404 for anyone else, signed out included (never a redirect that would
    confirm the URL means something), with a way to log in on that 404 for the owner whose
    session ended; the response is private to the owner and never stored by anyone."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
        else:
            response = render(request, "workbench/signed_out.html", status=404)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _posted(request):
    """The form's data on a POST, even an empty one (an empty POST is a 400, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _initial(form_class, row) -> dict:
    """A form's initial data from a row whose attributes carry the form's field names."""
    return {name: getattr(row, name) for name in form_class.base_fields} if row else {}


def _warn_if_confidential(request, entry: Entry) -> None:
    if entry.warnings:
        findings = ", ".join(entry.warnings)
        messages.warning(request, CONFIDENTIAL_WARNING.format(findings=findings))


# --- the explainer (public) ---------------------------------------------------------------


def about(request):
    """What the workbench is, for people who haven't signed up: the same page for everyone, with
    nothing from anyone's workbench on it."""
    context = {"rules_url": catalog.RULES_OF_THUMB_URL, "prompts": catalog.CAPTURE_PROMPTS}
    return render(request, "workbench/about.html", context)


# --- the log -------------------------------------------------------------------------------


@private
def log(request):
    filters = FilterForm(request.GET or None)
    rows = selectors.entries(request.user)
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            data = filters.cleaned_data
            rows = selectors.entries(
                request.user,
                scope=data["scope"],
                principle=data["principle"],
                since=data["since"],
                until=data["until"],
            )
        else:
            status = 400
    page = Paginator(rows, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    filtered = filters.is_bound and any(
        request.GET.get(name) for name in ("scope", "principle", "since", "until")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "filtered": filtered,
        "query": query.urlencode(),
        "quick_form": QuickAddForm(auto_id="quick_%s"),
        "calendar": selectors.calendar(selectors.get_plan(request.user), timezone.localdate()),
        "section": "log",
    }
    return render(request, "workbench/log.html", context, status=status)


@private
def add_entry(request):
    form = EntryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        entry = services.add_entry(owner=request.user, **form.cleaned_data)
        messages.success(request, "Added to your log.")
        _warn_if_confidential(request, entry)
        return redirect("workbench:log")
    context = {"form": form, "section": "log", "heading": "Add to your log"}
    return render(request, "workbench/entry_form.html", context, status=_status(form))


@private
def edit_entry(request, pk):
    entry = get_object_or_404(Entry, pk=pk, owner=request.user)
    initial = {
        **{name: getattr(entry, name) for name in services.EVIDENCE_FIELDS},
        "date": entry.date,
        "title": entry.title,
        "did": entry.did_source,
        "impact": entry.impact_source,
        "links": entry.links,
        "primary_scope": entry.primary_scope,
        "scopes": [key for key in entry.scopes if key != entry.primary_scope],
        "principles": entry.principles,
    }
    form = EntryForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_entry(entry, **form.cleaned_data)
        messages.success(request, "Saved.")
        _warn_if_confidential(request, entry)
        return redirect(f"{reverse('workbench:log')}#entry-{entry.pk}")
    context = {"form": form, "entry": entry, "section": "log", "heading": "Edit entry"}
    return render(request, "workbench/entry_form.html", context, status=_status(form))


@private
def delete_entry(request, pk):
    entry = get_object_or_404(Entry, pk=pk, owner=request.user)
    if request.method == "POST":
        services.delete_entry(entry)
        messages.success(request, "Entry deleted.")
        return redirect("workbench:log")
    return render(request, "workbench/confirm_delete.html", {"entry": entry, "section": "log"})


@private
def quick_add(request):
    """Two fields from anywhere (the account menu, the log): tagged later. Back where it came
    from, when that is a page of this site."""
    form = QuickAddForm(_posted(request), auto_id="quick_%s")
    if request.method == "POST" and form.is_valid():
        entry = services.add_entry(
            owner=request.user, title=form.cleaned_data["title"], did=form.cleaned_data["did"]
        )
        link = reverse("workbench:edit_entry", args=[entry.pk])
        messages.success(
            request, "Saved to your work log. Tag it with scopes when you have a minute."
        )
        _warn_if_confidential(request, entry)
        back = request.POST.get("next") or request.headers.get("referer", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(back)
        return redirect(link)
    context = {"quick_form": form, "section": "log"}
    return render(request, "workbench/quick_add.html", context, status=_status(form))


# --- target and readiness -------------------------------------------------------------------


@private
def readiness(request):
    plan = selectors.get_plan(request.user)
    move_form = MoveForm(
        initial={"move": plan.move if plan else selectors.default_move(request.user)}
    )
    check_form = ReadinessForm(initial=plan.readiness if plan else {})
    tier_form = TierForm(request.GET or None)
    status = 400 if tier_form.is_bound and not tier_form.is_valid() else 200
    if request.method == "POST":
        if "move" in request.POST:
            move_form = MoveForm(request.POST)
            if move_form.is_valid():
                services.set_move(owner=request.user, move=move_form.cleaned_data["move"])
                messages.success(request, "Target saved.")
                return redirect("workbench:readiness")
        else:
            check_form = ReadinessForm(request.POST)
            if check_form.is_valid():
                values = {k: v for k, v in check_form.cleaned_data.items() if v}
                services.set_readiness(owner=request.user, readiness=values)
                messages.success(request, "Self-check saved.")
                return redirect("workbench:readiness")
        status = 400
    context = {
        **selectors.readiness(request.user, plan),
        "plan": plan,
        "move_form": move_form,
        "check_form": check_form,
        "tier_form": tier_form,
        "tier": tier_form.chosen(),
        "rules_url": catalog.RULES_OF_THUMB_URL,
        "section": "readiness",
    }
    return render(request, "workbench/readiness.html", context, status=status)


# --- peers ----------------------------------------------------------------------------------


@private
def peers(request, pk=None):
    peer = get_object_or_404(Peer, pk=pk, owner=request.user) if pk else None
    initial = _initial(PeerForm, peer)
    if peer:
        initial["entries"] = [entry.pk for entry in peer.entries.all()]
    form = PeerForm(_posted(request), initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_peer(owner=request.user, peer=peer, **form.cleaned_data)
        messages.success(request, "Provider saved.")
        return redirect("workbench:peers")
    peer_list = selectors.peers(request.user)
    plan = selectors.get_plan(request.user)
    move = catalog.MOVES_BY_KEY[plan.move if plan else selectors.default_move(request.user)]
    context = {
        "form": form,
        "peer": peer,
        "peer_list": peer_list,
        "summary": selectors.peer_summary(peer_list),
        "warnings": providers.warnings(peer_list, move, timezone.localdate()),
        "briefs": [(p, providers.brief(p, move)) for p in peer_list],
        "move": move,
        "section": "peers",
    }
    return render(request, "workbench/peers.html", context, status=_status(form))


@private
@require_POST
def delete_peer(request, pk):
    get_object_or_404(Peer, pk=pk, owner=request.user).delete()
    messages.success(request, "Provider removed.")
    return redirect("workbench:peers")


# --- the feedback composer ------------------------------------------------------------------


@private
def composer(request, pk=None):
    draft = get_object_or_404(FeedbackDraft, pk=pk, owner=request.user) if pk else None
    form = FeedbackForm(_posted(request), initial=_initial(FeedbackForm, draft))
    if request.method == "POST" and form.is_valid():
        saved = services.save_feedback(owner=request.user, draft=draft, **form.cleaned_data)
        messages.success(request, "Feedback saved, privately. Copy it out when you're ready.")
        return redirect(f"{reverse('workbench:composer')}#feedback-{saved.pk}")
    context = {
        "form": form,
        "draft": draft,
        "drafts": selectors.feedback_drafts(request.user),
        "word_limit": catalog.FEEDBACK_WORD_LIMIT,
        "section": "composer",
    }
    return render(request, "workbench/composer.html", context, status=_status(form))


@private
@require_POST
def delete_feedback(request, pk):
    get_object_or_404(FeedbackDraft, pk=pk, owner=request.user).delete()
    messages.success(request, "Feedback draft deleted.")
    return redirect("workbench:composer")


# --- the two documents ----------------------------------------------------------------------


def _document(request, kind: str) -> dict:
    case = selectors.case(request.user, with_people=kind == Draft.Kind.PROMOTION)
    saved = selectors.get_draft(request.user, kind)
    text = saved.text if saved else drafts.assemble(kind, case)
    changes = drafts.changes_since(saved, case.entries)
    return {
        "kind": kind,
        "title": drafts.TITLES[kind],
        "move": case.move,
        "case": case,
        "entries": case.entries,
        "saved": saved,
        "text": text,
        "words": drafts.person_words(text),
        "sections": drafts.section_lengths(text) if kind == Draft.Kind.PROMOTION else [],
        "rules_url": catalog.RULES_OF_THUMB_URL,
        "changes": changes,
        "new_items": [(e, drafts.entry_markdown(e)) for e in changes.new],
        "section": kind,
        "urls": {
            name: reverse(f"workbench:{URL_PREFIX[kind]}{suffix}")
            for name, suffix in (("page", ""), ("download", "_download"), ("print", "_print"))
        },
    }


def _pick_form(request, case, data=None) -> AccomplishmentsForm:
    return AccomplishmentsForm(
        data,
        owner=request.user,
        initial={"entries": [e.pk for e in drafts.picked(case)]},
    )


@private
def document(request, kind):
    context = _document(request, kind)
    form = DraftForm(_posted(request), initial={"text": context["text"]})
    picks = None
    if kind == Draft.Kind.ACCOMPLISHMENTS:
        picking = request.method == "POST" and request.POST.get("action") == "pick"
        picks = _pick_form(request, context["case"], request.POST if picking else None)
        context["pick_form"] = picks
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset":
            services.reset_draft(owner=request.user, kind=kind)
            messages.success(request, "Your edits were dropped: this is the draft from your log.")
            return redirect(request.path)
        if action == "pick" and picks is not None:
            if picks.is_valid():
                services.pick_accomplishments(
                    owner=request.user, entries=picks.cleaned_data["entries"]
                )
                kept = " Your edited text is kept: “Rebuild from log” uses the new picks."
                messages.success(
                    request, "Your picks are saved." + (kept if context["saved"] else "")
                )
                return redirect(request.path)
            form = DraftForm(initial={"text": context["text"]})
            context["form"] = form
            return render(request, "workbench/document.html", context, status=400)
        if form.is_valid():
            services.save_draft(
                owner=request.user,
                kind=kind,
                text=form.cleaned_data["text"],
                entry_ids=[e.pk for e in context["entries"]],
            )
            messages.success(request, "Draft saved. New entries will show up above it.")
            return redirect(request.path)
    context["form"] = form
    return render(request, "workbench/document.html", context, status=_status(form))


@private
def document_download(request, kind):
    context = _document(request, kind)
    response = HttpResponse(context["text"], content_type="text/markdown; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.md"'
    return response


@private
def document_print(request, kind):
    context = _document(request, kind)
    context["html"] = render_markdown(context["text"])
    return render(request, "workbench/print.html", context)


# --- plan, calendar, growth-area ledger, handover -----------------------------------------


@private
def plan(request):
    current = selectors.get_plan(request.user)
    initial = _initial(PlanForm, current) if current else {}
    initial.setdefault("move", selectors.default_move(request.user))
    action = request.POST.get("action") if request.method == "POST" else None
    plan_form = PlanForm(request.POST if action == "plan" else None, initial=initial)
    goal_form = GoalForm(request.POST if action == "goal" else None)
    reminder_day = current.reminder_day if current else None
    reminder_form = ReminderForm(
        request.POST if action == "reminder" else None,
        initial={
            "reminder_on": reminder_day is not None,
            "reminder_day": catalog.DEFAULT_REMINDER_DAY if reminder_day is None else reminder_day,
        },
    )
    if action == "reminder" and reminder_form.is_valid():
        on = reminder_form.cleaned_data["reminder_on"]
        day = reminder_form.cleaned_data["reminder_day"] if on else None
        services.set_reminder(owner=request.user, day=day)
        if day is not None:  # on: the day is required
            messages.success(request, f"Weekly reminder on, every {dict(catalog.WEEKDAYS)[day]}.")
        else:
            messages.success(request, "Weekly reminder off.")
        return redirect(f"{reverse('workbench:plan')}#reminder")
    if action == "plan" and plan_form.is_valid():
        services.save_plan(owner=request.user, **plan_form.cleaned_data)
        messages.success(request, "Plan saved.")
        return redirect("workbench:plan")
    if action == "goal" and goal_form.is_valid():
        services.add_goal(owner=request.user, **goal_form.cleaned_data)
        messages.success(request, "Goal added.")
        return redirect(f"{reverse('workbench:plan')}#goals")
    context = {
        "plan": current,
        "plan_form": plan_form,
        "goal_form": goal_form,
        "reminder_form": reminder_form,
        "goals": selectors.goals(request.user),
        "calendar": selectors.calendar(current, timezone.localdate()),
        "section": "plan",
    }
    status = (
        400 if plan_form.errors or goal_form.errors or action not in (None, "plan", "goal") else 200
    )
    return render(request, "workbench/plan.html", context, status=status)


@private
@require_POST
def delete_goal(request, pk):
    get_object_or_404(Goal, pk=pk, owner=request.user).delete()
    messages.success(request, "Goal removed.")
    return redirect(f"{reverse('workbench:plan')}#goals")


@private
def growth(request, pk=None):
    area = get_object_or_404(GrowthArea, pk=pk, owner=request.user) if pk else None
    initial: dict[str, object] = {"theme": area.theme, "cycle": area.cycle} if area else {}
    if area:
        initial["entries"] = [e.pk for e in area.entries.all()]
    form = GrowthAreaForm(_posted(request), initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_growth_area(owner=request.user, area=area, **form.cleaned_data)
        messages.success(request, "Growth area saved.")
        return redirect("workbench:growth")
    areas = selectors.growth_areas(request.user)
    context = {
        "form": form,
        "area": area,
        "areas": areas,
        "repeated": drafts.repeated_themes(areas),
        "section": "growth",
    }
    return render(request, "workbench/growth.html", context, status=_status(form))


@private
@require_POST
def delete_growth(request, pk):
    get_object_or_404(GrowthArea, pk=pk, owner=request.user).delete()
    messages.success(request, "Growth area removed.")
    return redirect("workbench:growth")


def _handover(request) -> dict:
    case = selectors.case(request.user)
    text = drafts.handover_markdown(case, selectors.goals(request.user), timezone.localdate())
    return {
        "title": "Handover for a new manager",
        "text": text,
        "section": "handover",
        "urls": {
            "page": reverse("workbench:handover"),
            "download": reverse("workbench:handover_download"),
            "print": reverse("workbench:handover_print"),
        },
    }


@private
def handover(request):
    context = _handover(request)
    context["html"] = render_markdown(context["text"])
    return render(request, "workbench/handover.html", context)


@private
def handover_download(request):
    context = _handover(request)
    response = HttpResponse(context["text"], content_type="text/markdown; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="handover-{stamp}.md"'
    return response


@private
def handover_print(request):
    context = _handover(request)
    context["html"] = render_markdown(context["text"])
    return render(request, "workbench/print.html", context)


# --- the weekly capture and its reminder --------------------------------------------------


@private
def capture(request):
    form = CaptureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = services.capture_week(owner=request.user, answers=form.answers())
        messages.success(
            request,
            f"{len(created)} entr{'y' if len(created) == 1 else 'ies'} added to your log. "
            "Add the numbers and links when you have them.",
        )
        for entry in created:
            _warn_if_confidential(request, entry)
        return redirect("workbench:log")
    context = {"form": form, "section": "log"}
    return render(request, "workbench/capture.html", context, status=_status(form))


# The signed token is the credential (as the forum's unsubscribe links): no login, no CSRF
# cookie (RFC 8058 one-click POSTs come from mail providers); GET only shows the button, so a
# link scanner stops nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reminder_stop(request, token):
    user = reminders.user_for_stop_token(token)
    if user is None:
        response = render(request, "workbench/reminder_stop.html", {"invalid": True}, status=400)
    elif request.method == "POST":
        services.stop_reminder(owner=user)
        response = render(request, "workbench/reminder_stop.html", {"stopped": True})
    else:
        response = render(request, "workbench/reminder_stop.html", {"token": token})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- your data ------------------------------------------------------------------------------


# What the data page's counts are called in a sentence: (one, many).
HELD_NAMES = {
    "entries": ("log entry", "log entries"),
    "peers": ("feedback provider", "feedback providers"),
    "feedback": ("feedback draft", "feedback drafts"),
    "drafts": ("document", "documents"),
    "growth": ("growth area", "growth areas"),
    "goals": ("goal", "goals"),
    "plan": ("plan", "plans"),
}


def _in_words(held: dict) -> str:
    """ "15 log entries, 6 feedback providers and 1 plan" (what there was; "nothing stored")."""
    parts = [f"{n} {HELD_NAMES[name][0 if n == 1 else 1]}" for name, n in held.items() if n]
    if not parts:
        return "there was nothing stored"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@private
def data(request):
    form = DeleteEverythingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        held = selectors.counts(request.user)
        services.delete_everything(owner=request.user)
        messages.success(request, f"Everything in your workbench was deleted: {_in_words(held)}.")
        return redirect("workbench:data")
    context = {"form": form, "counts": selectors.counts(request.user), "section": "data"}
    return render(request, "workbench/data.html", context, status=_status(form))


@private
def export_json(request):
    payload = exports.as_dict(request.user)
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="taro-workbench.json"'
    return response


@private
def export_markdown(request):
    response = HttpResponse(
        exports.as_markdown(request.user), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="taro-workbench.md"'
    return response
