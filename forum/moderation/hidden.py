"""Hidden posts as their authors live with them: told why, able to read it, able to appeal.

A post hidden by moderators (or by members' flags, pending review) is gone for everyone else
(404, as before). Its author gets a notification with the reason, can open it on its own page
with a banner that says why, and can appeal once: the appeal lands in the moderators' queue,
and restoring the post (or keeping it hidden) resolves it.
"""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from forum.models import Appeal, ModerationAction, Notification

HIDING = (ModerationAction.Kind.HIDE, ModerationAction.Kind.AUTO_HIDE)
DECIDING = (
    *HIDING,
    ModerationAction.Kind.RESTORE,
    ModerationAction.Kind.DISMISS_FLAGS,
    ModerationAction.Kind.KEEP_HIDDEN,
)
APPEAL_MIN, APPEAL_MAX = 10, 1000


def hiding_action(post) -> ModerationAction | None:
    """The action that hid `post`, when moderators or flags hid it (not its author's delete)."""
    if not post.is_deleted:
        return None
    latest = (
        ModerationAction.objects.filter(kind__in=DECIDING, **post.as_target())
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is not None and latest.kind == ModerationAction.Kind.KEEP_HIDDEN:
        latest = (
            ModerationAction.objects.filter(kind__in=HIDING, **post.as_target())
            .order_by("-created_at", "-id")
            .first()
        )
    return latest if latest is not None and latest.kind in HIDING else None


def reason_shown(action: ModerationAction) -> str:
    if action.kind == ModerationAction.Kind.AUTO_HIDE:
        return "Several members flagged it; a moderator will review it."
    return action.reason or "No reason was given."


def ensure_author_or_staff(user, post) -> ModerationAction | None:
    """Who may open a hidden post's own page: staff, and its author while moderators keep it
    hidden. Everyone else gets the 404 the post's other pages give."""
    action = hiding_action(post)
    if user.is_authenticated and user.is_staff and post.is_deleted:
        return action
    if action is None or not user.is_authenticated or user.pk != post.author_id:
        raise Http404("This post was deleted.")
    return action


def tell_author(*, post, reason: str) -> None:
    """A notification (and, by the author's email preference, an email) saying the post was
    hidden and why. Inside the hiding transaction; a post hidden again is told again."""
    target = post.thread_ids
    Notification.objects.filter(
        recipient_id=post.author_id, kind=Notification.Kind.POST_HIDDEN, **target
    ).delete()
    Notification.objects.create(
        recipient_id=post.author_id,
        kind=Notification.Kind.POST_HIDDEN,
        actor_label="Moderators",
        detail=reason[:500],
        **target,
    )


def open_appeal(post) -> Appeal | None:
    return Appeal.objects.filter(resolved_at__isnull=True, **post.as_target()).first()


def last_appeal(post) -> Appeal | None:
    return Appeal.objects.filter(**post.as_target()).order_by("-created_at").first()


def appeal(*, author, post, message: str) -> Appeal:
    """The author asks moderators to look again. Refused unless the post is theirs and hidden by
    moderators, and while an appeal of it is already open (ValueError, with the reason)."""
    if ensure_author_or_staff(author, post) is None or author.pk != post.author_id:
        raise Http404("This post was deleted.")
    message = message.strip()
    if not APPEAL_MIN <= len(message) <= APPEAL_MAX:
        raise ValueError(
            f"Say in {APPEAL_MIN} to {APPEAL_MAX} characters why moderators should look again."
        )
    try:
        with transaction.atomic():
            return Appeal.objects.create(author=author, message=message, **post.as_target())
    except IntegrityError:
        raise ValueError("You already appealed; moderators will review it.") from None


def resolve_appeals(post) -> int:
    """Called by the moderators' decisions on the post (restore, dismiss, keep hidden)."""
    return Appeal.objects.filter(resolved_at__isnull=True, **post.as_target()).update(
        resolved_at=timezone.now()
    )


def open_appeals() -> list[Appeal]:
    return list(
        Appeal.objects.filter(resolved_at__isnull=True)
        .select_related("author", "question", "answer__question")
        .order_by("created_at")
    )
