"""The audit log: who did what to which post or person, when and why (ModerationAction)."""

from forum.models import ModerationAction


def record(moderator, kind, *, post=None, target_user=None, reason: str = "") -> ModerationAction:
    """Write one moderator action; the target user is the post's author unless given."""
    target = post.as_target() if post is not None else {}
    if post is not None and target_user is None:
        target_user = post.author
    return ModerationAction.objects.create(
        moderator=moderator, kind=kind, target_user=target_user, reason=reason, **target
    )
