"""Moderation writes: flags, hiding, locking, suspensions. Every moderator action is audited."""
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from forum.models import Flag, ModerationAction, Question, Suspension
from forum.services import delete_post, forum_changed, restore_post

AUTO_HIDE_FLAGS = 3


def flag_post(*, reporter, post, reason: str, note: str) -> bool:
    """Record a flag; False when this person already flagged the post. Three pending flags hide it."""
    try:
        with transaction.atomic():
            Flag.objects.create(reporter=reporter, reason=reason, note=note, **post.as_target())
            pending = Flag.objects.filter(status=Flag.Status.PENDING, **post.as_target()).values("reporter").distinct().count()
            if pending >= AUTO_HIDE_FLAGS and not post.is_deleted:
                delete_post(post=post)
                ModerationAction.objects.create(kind=ModerationAction.Kind.AUTO_HIDE, reason=f"{pending} pending flags",
                                                **post.as_target())
    except IntegrityError:
        return False
    return True


def _resolve_flags(post, status: str) -> None:
    Flag.objects.filter(status=Flag.Status.PENDING, **post.as_target()).update(status=status, resolved_at=timezone.now())


@transaction.atomic
def dismiss_flags(*, moderator, post, reason: str = "") -> None:
    _resolve_flags(post, Flag.Status.DISMISSED)
    if post.is_deleted and ModerationAction.objects.filter(kind=ModerationAction.Kind.AUTO_HIDE, **post.as_target()).exists():
        restore_post(post=post)
    _audit(moderator, ModerationAction.Kind.DISMISS_FLAGS, post=post, reason=reason)


@transaction.atomic
def hide_post(*, moderator, post, reason: str) -> None:
    _resolve_flags(post, Flag.Status.UPHELD)
    if not post.is_deleted:
        delete_post(post=post)
    _audit(moderator, ModerationAction.Kind.HIDE, post=post, reason=reason)


@transaction.atomic
def restore_hidden_post(*, moderator, post, reason: str = "") -> None:
    restore_post(post=post)
    _audit(moderator, ModerationAction.Kind.RESTORE, post=post, reason=reason)


@transaction.atomic
def set_locked(*, moderator, question: Question, locked: bool, reason: str = "") -> None:
    forum_changed(content=False, question_id=question.pk)  # shown on the thread only
    Question.objects.filter(pk=question.pk).update(is_locked=locked)
    kind = ModerationAction.Kind.LOCK if locked else ModerationAction.Kind.UNLOCK
    _audit(moderator, kind, post=question, reason=reason)


@transaction.atomic
def suspend_user(*, moderator, user, reason: str, ends_at=None) -> Suspension:
    suspension = Suspension.objects.create(user=user, reason=reason, ends_at=ends_at, created_by=moderator)
    _audit(moderator, ModerationAction.Kind.SUSPEND, target_user=user, reason=reason)
    return suspension


@transaction.atomic
def unsuspend_user(*, moderator, user, reason: str = "") -> int:
    lifted = Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
    _audit(moderator, ModerationAction.Kind.UNSUSPEND, target_user=user, reason=reason)
    return lifted


def _audit(moderator, kind, *, post=None, target_user=None, reason: str = "") -> ModerationAction:
    target = post.as_target() if post is not None else {}
    if post is not None and target_user is None:
        target_user = post.author
    return ModerationAction.objects.create(moderator=moderator, kind=kind, target_user=target_user, reason=reason, **target)


def flag_queue():
    """Posts with pending flags, oldest first, with their flags and real authors (moderators only)."""
    flags = (
        Flag.objects.filter(status=Flag.Status.PENDING)
        .select_related("reporter", "question__author", "answer__author", "answer__question")
        .order_by("created_at")
    )
    queue: dict[tuple, dict] = {}
    for flag in flags:
        post = flag.post
        queue.setdefault((post.kind, post.pk), {"post": post, "flags": []})["flags"].append(flag)
    return list(queue.values())


def open_suspensions():
    now = timezone.now()
    return (Suspension.objects.filter(lifted_at__isnull=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .select_related("user", "created_by").order_by("-created_at"))
