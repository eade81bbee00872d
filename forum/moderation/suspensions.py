"""Suspensions: a suspended person can still read Taro but not post, vote or flag."""

from django.db import transaction
from django.utils import timezone

from forum import permissions
from forum.models import ModerationAction, Suspension
from forum.moderation.audit import record


@transaction.atomic
def suspend_user(*, moderator, user, reason: str, ends_at=None) -> Suspension:
    """Raises PermissionDenied unless a moderator suspends someone who isn't one."""
    permissions.ensure_can_suspend(moderator, user)
    suspension = Suspension.objects.create(
        user=user, reason=reason, ends_at=ends_at, created_by=moderator
    )
    record(moderator, ModerationAction.Kind.SUSPEND, target_user=user, reason=reason)
    return suspension


@transaction.atomic
def unsuspend_user(*, moderator, user, reason: str = "") -> int:
    permissions.ensure_staff(moderator)
    lifted = Suspension.objects.filter(user=user, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
    record(moderator, ModerationAction.Kind.UNSUSPEND, target_user=user, reason=reason)
    return lifted
