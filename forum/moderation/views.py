"""Flagging (anyone signed in) and the moderators' queue and actions (staff only)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum import moderation, permissions, selectors
from forum.moderation import hidden
from forum.moderation.actions import act_on_post as act
from forum.moderation.forms import FlagForm, PostActionForm, SuspensionForm, first_error


@require_POST
@login_required
def flag(request, kind, pk):
    post = selectors.get_post(kind, pk)
    permissions.ensure_can_flag(request.user, post)
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    elif moderation.flag_post(reporter=request.user, post=post, **form.cleaned_data):
        messages.success(request, "Thanks, moderators will review it.")
    else:
        messages.info(request, "You have already flagged this post.")
    thread = post.thread
    return redirect(thread.get_absolute_url() if not thread.is_deleted else "forum:questions")


@login_required
def queue(request):
    permissions.ensure_staff(request.user)
    return _queue_page(request)


def _queue_page(request, status: int = 200):
    context = {
        "appeals": hidden.open_appeals(),
        "queue": moderation.flag_queue(),
        "suspensions": moderation.open_suspensions(),
        "recent_actions": moderation.recent_actions(),
    }
    return render(request, "forum/moderation.html", context, status=status)


# Actions that take something away from someone: the first POST shows what will happen and asks
# again (a page, so it works without JavaScript); only the confirmation page's button acts.
CONFIRM_FIRST = {"hide"}


def _confirmation(request, *, action: str, data: dict, post=None, target=None, error=""):
    if post is not None:
        cancel = post.get_absolute_url() if data["back"] == "post" else reverse("forum:moderation")
    else:
        cancel = reverse("forum:moderate_user", args=[target.username])
    context = {"action": action, "post": post, "target": target, "data": data, "cancel": cancel}
    return render(
        request,
        "forum/moderation_confirm.html",
        {**context, "error": error},
        status=400 if error else 200,
    )


@require_POST
@login_required
def act_on_post(request, kind, pk):
    permissions.ensure_staff(request.user)
    post = selectors.get_post(kind, pk)
    form = PostActionForm(request.POST, post=post)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _queue_page(request, status=400)
    data = form.cleaned_data
    if data["action"] in CONFIRM_FIRST and not data["confirmed"]:
        return _confirmation(request, action=data["action"], post=post, data=data)
    if data["action"] == "hide" and not data["reason"]:  # the author is told it: ask again
        error = "Give a reason: the author will see it."
        return _confirmation(request, action="hide", post=post, data=data, error=error)
    act(moderator=request.user, post=post, action=data["action"], reason=data["reason"])
    messages.success(request, "Done. The action is in the audit log.")
    return redirect(post.get_absolute_url() if data["back"] == "post" else "forum:moderation")


@login_required
def member(request, username):
    """A member as moderators see them (GET), and suspending or lifting it (POST)."""
    permissions.ensure_staff(request.user)
    target = get_object_or_404(get_user_model(), username=username)
    if request.method == "POST":
        return _suspend(request, target)
    return _member_page(request, target, SuspensionForm())


def _member_page(request, target, form, status: int = 200):
    context = {**moderation.member_record(target), "form": form}
    return render(request, "forum/moderation_member.html", context, status=status)


def _suspend(request, target):
    form = SuspensionForm(request.POST)
    if not form.is_valid():
        return _member_page(request, target, form, status=400)
    reason = form.cleaned_data["reason"]
    if form.cleaned_data["action"] == "unsuspend":
        moderation.unsuspend_user(moderator=request.user, user=target, reason=reason)
        messages.success(request, f"Lifted the suspension of {target.username}.")
        return redirect("forum:moderate_user", target.username)
    try:
        if not form.cleaned_data["confirmed"]:  # refused before it is confirmed, if it will be
            permissions.ensure_can_suspend(request.user, target)
            return _confirmation(request, action="suspend", target=target, data=form.cleaned_data)
        moderation.suspend_user(
            moderator=request.user, user=target, reason=reason, ends_at=form.cleaned_data["ends_on"]
        )
    except PermissionDenied as refusal:  # e.g. a moderator suspending another
        form.add_error(None, str(refusal))
        return _member_page(request, target, form, status=403)
    messages.success(request, f"Suspended {target.username}.")
    return redirect("forum:moderate_user", target.username)


@login_required
def hidden_post(request, kind, pk):
    """A hidden post's own page: its author reads it with the moderators' reason and may appeal
    (POST); staff see the same page. Everyone else: 404, as on the post's other pages."""
    post = selectors.get_post(kind, pk)
    action = hidden.ensure_author_or_staff(request.user, post)
    error, status = "", 200
    if request.method == "POST":
        try:
            hidden.appeal(author=request.user, post=post, message=request.POST.get("message", ""))
        except ValueError as problem:
            error, status = str(problem), 400
        else:
            messages.success(request, "Your appeal was sent. Moderators will review it.")
            return redirect(request.path)
    context = {
        "post": post,
        "reason": hidden.reason_shown(action) if action else "",
        "hidden_at": action.created_at if action else None,
        "appeal": hidden.last_appeal(post),
        "error": error,
        "message": request.POST.get("message", "") if error else "",
        "limits": (hidden.APPEAL_MIN, hidden.APPEAL_MAX),
    }
    return render(request, "forum/hidden_post.html", context, status=status)
