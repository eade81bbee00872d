"""Flags: anyone signed in may flag someone else's post once; three pending flags hide it."""

from django.db import IntegrityError, connection, transaction

from forum import permissions
from forum.models import Flag, ModerationAction
from forum.moderation import hidden
from forum.services import set_deleted

AUTO_HIDE_FLAGS = 3


def flag_post(*, reporter, post, reason: str, note: str) -> bool:
    """Record a flag; False when this person already flagged the post. Three pending flags from
    different people hide it until a moderator reviews it (logged as a system action)."""
    permissions.ensure_can_flag(reporter, post)
    try:
        with transaction.atomic():
            _take_turns_on(post)
            Flag.objects.create(reporter=reporter, reason=reason, note=note, **post.as_target())
            pending = Flag.objects.filter(status=Flag.Status.PENDING, **post.as_target())
            reporters = pending.values("reporter").distinct().count()
            post.refresh_from_db(fields=["is_deleted"])
            if reporters >= AUTO_HIDE_FLAGS and not post.is_deleted:
                set_deleted(post=post, deleted=True)
                action = ModerationAction.objects.create(
                    kind=ModerationAction.Kind.AUTO_HIDE,
                    reason=f"{reporters} pending flags",
                    target_user_id=post.author_id,
                    **post.as_target(),
                )
                hidden.tell_author(post=post, reason=hidden.reason_shown(action))
    except IntegrityError:
        return False
    return True


def _take_turns_on(post) -> None:
    """Flags on one post are counted one transaction at a time: three flags at once each counted
    only itself and the committed ones, and none hid the post. A transaction-scoped advisory lock
    (not the post's row, which writers lock after the version rows: that order could deadlock)."""
    kind = 1 if post.kind == "question" else 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [kind, post.pk])
