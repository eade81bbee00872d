"""What moderators do to posts: dismiss flags, hide, restore, lock, keep hidden after an
appeal. Every action is audited; hiding tells the author why (forum/moderation/hidden.py)."""

from django.db import transaction
from django.utils import timezone

from forum import permissions
from forum.changes import forum_changed
from forum.models import Flag, ModerationAction, Question
from forum.moderation import hidden
from forum.moderation.audit import record
from forum.services import set_deleted

# The names the moderation page's buttons send; lock and unlock apply to questions only.
POST_ACTIONS = ("dismiss", "hide", "restore", "lock", "unlock", "keep_hidden")
DEFAULT_HIDE_REASON = "Hidden by a moderator"


def _resolve_flags(post, status: str) -> None:
    pending = Flag.objects.filter(status=Flag.Status.PENDING, **post.as_target())
    pending.update(status=status, resolved_at=timezone.now())


@transaction.atomic
def dismiss_flags(*, moderator, post, reason: str = "") -> None:
    """The flags were wrong: resolve them, and bring back a post they hid."""
    permissions.ensure_staff(moderator)
    _resolve_flags(post, Flag.Status.DISMISSED)
    auto_hidden = ModerationAction.objects.filter(
        kind=ModerationAction.Kind.AUTO_HIDE, **post.as_target()
    )
    if post.is_deleted and auto_hidden.exists():
        set_deleted(post=post, deleted=False)
        hidden.resolve_appeals(post)
    record(moderator, ModerationAction.Kind.DISMISS_FLAGS, post=post, reason=reason)


@transaction.atomic
def hide_post(*, moderator, post, reason: str) -> None:
    permissions.ensure_staff(moderator)
    _resolve_flags(post, Flag.Status.UPHELD)
    if not post.is_deleted:
        set_deleted(post=post, deleted=True)
    record(moderator, ModerationAction.Kind.HIDE, post=post, reason=reason)
    hidden.tell_author(post=post, reason=reason)


@transaction.atomic
def restore_hidden_post(*, moderator, post, reason: str = "") -> None:
    permissions.ensure_staff(moderator)
    set_deleted(post=post, deleted=False)
    hidden.resolve_appeals(post)
    record(moderator, ModerationAction.Kind.RESTORE, post=post, reason=reason)


@transaction.atomic
def keep_hidden(*, moderator, post, reason: str = "") -> None:
    """The answer to an appeal that moderators turn down: the post stays hidden."""
    permissions.ensure_staff(moderator)
    hidden.resolve_appeals(post)
    record(moderator, ModerationAction.Kind.KEEP_HIDDEN, post=post, reason=reason)


@transaction.atomic
def set_locked(*, moderator, question: Question, locked: bool, reason: str = "") -> None:
    permissions.ensure_staff(moderator)
    forum_changed(content=False, question_id=question.pk)  # shown on the thread only
    Question.objects.filter(pk=question.pk).update(is_locked=locked)
    kind = ModerationAction.Kind.LOCK if locked else ModerationAction.Kind.UNLOCK
    record(moderator, kind, post=question, reason=reason)


def act_on_post(*, moderator, post, action: str, reason: str = "") -> None:
    """One of POST_ACTIONS on a post, by the name the moderation page's button sends."""
    if action == "dismiss":
        dismiss_flags(moderator=moderator, post=post, reason=reason)
    elif action == "hide":
        hide_post(moderator=moderator, post=post, reason=reason or DEFAULT_HIDE_REASON)
    elif action == "restore":
        restore_hidden_post(moderator=moderator, post=post, reason=reason)
    elif action == "keep_hidden":
        keep_hidden(moderator=moderator, post=post, reason=reason)
    elif action in {"lock", "unlock"} and post.kind == Question.kind:
        set_locked(moderator=moderator, question=post, locked=action == "lock", reason=reason)
    else:
        raise ValueError(f"{action!r} is not a moderation action on a {post.kind}")
