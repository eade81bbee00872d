"""Flagging (any signed-in person) and the moderators' queue and actions (staff only)."""
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forum import moderation, permissions, selectors
from forum.models import Flag, ModerationAction


def ensure_staff(user) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only moderators can do that.")


@require_POST
@login_required
def flag(request, kind, pk):
    post = selectors.get_post(kind, pk)
    permissions.ensure_can_flag(request.user, post)
    reason, note = request.POST.get("reason", ""), request.POST.get("note", "").strip()[:500]
    if reason not in Flag.Reason.values:
        messages.error(request, "Choose why you are flagging this post.")
    elif reason == Flag.Reason.OTHER and not note:
        messages.error(request, "Tell moderators what is wrong when you choose “Something else”.")
    elif moderation.flag_post(reporter=request.user, post=post, reason=reason, note=note):
        messages.success(request, "Thanks, moderators will review it.")
    else:
        messages.info(request, "You have already flagged this post.")
    return redirect(post.thread.get_absolute_url() if not post.thread.is_deleted else "forum:questions")


@login_required
def queue(request):
    ensure_staff(request.user)
    context = {
        "queue": moderation.flag_queue(),
        "suspensions": moderation.open_suspensions(),
        "recent_actions": ModerationAction.objects.select_related("moderator", "target_user")[:20],
    }
    return render(request, "forum/moderation.html", context)


@require_POST
@login_required
def act_on_post(request, kind, pk):
    ensure_staff(request.user)
    post = selectors.get_post(kind, pk)
    action, reason = request.POST.get("action"), request.POST.get("reason", "").strip()[:500]
    if action == "dismiss":
        moderation.dismiss_flags(moderator=request.user, post=post, reason=reason)
    elif action == "hide":
        moderation.hide_post(moderator=request.user, post=post, reason=reason or "Hidden by a moderator")
    elif action == "restore":
        moderation.restore_hidden_post(moderator=request.user, post=post, reason=reason)
    elif action in {"lock", "unlock"} and post.kind == "question":
        moderation.set_locked(moderator=request.user, question=post, locked=action == "lock", reason=reason)
    else:
        messages.error(request, "Unknown moderation action.")
        return redirect("forum:moderation")
    messages.success(request, "Done. The action is in the audit log.")
    return redirect(request.POST.get("back") == "post" and post.get_absolute_url() or "forum:moderation")


@require_POST
@login_required
def suspend(request, username):
    ensure_staff(request.user)
    target = get_object_or_404(get_user_model(), username=username)
    reason = request.POST.get("reason", "").strip()[:500]
    if request.POST.get("action") == "unsuspend":
        moderation.unsuspend_user(moderator=request.user, user=target, reason=reason)
        messages.success(request, f"Lifted the suspension of {target.username}.")
        return redirect("forum:moderation")
    ends_at, error = _parse_end_date(request.POST.get("ends_on", ""))
    if error or not reason:
        messages.error(request, error or "Give a reason: the user will see it.")
        return redirect("forum:moderation")
    if target.is_staff:
        messages.error(request, "Moderators can’t suspend other moderators.")
        return redirect("forum:moderation")
    moderation.suspend_user(moderator=request.user, user=target, reason=reason, ends_at=ends_at)
    messages.success(request, f"Suspended {target.username}.")
    return redirect("forum:moderation")


def _parse_end_date(value: str):
    if not value:
        return None, ""
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None, "The end date must look like 2026-12-31."
    if day <= timezone.now().date():
        return None, "The end date must be in the future."
    return timezone.make_aware(datetime.combine(day, time.min)), ""
