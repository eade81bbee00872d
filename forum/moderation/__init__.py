"""Moderation: flags from the community, moderators' actions on posts and people, the audit log.

- flags.py: anyone signed in flags a post; three pending flags hide it until reviewed;
- actions.py: what moderators do to posts (dismiss flags, hide, restore, lock);
- suspensions.py: suspending people and lifting it;
- audit.py: every moderator action is written to ModerationAction;
- selectors.py: the queue, open suspensions, recent actions (moderators only);
- forms.py and views.py: the flag form on posts and the moderation page.

Who may do each is in forum/permissions.py, checked by the writes themselves.
"""

from forum.moderation.actions import dismiss_flags, hide_post, restore_hidden_post, set_locked
from forum.moderation.flags import AUTO_HIDE_FLAGS, flag_post
from forum.moderation.selectors import (
    flag_queue,
    member_record,
    open_suspensions,
    recent_actions,
)
from forum.moderation.suspensions import suspend_user, unsuspend_user

__all__ = [
    "AUTO_HIDE_FLAGS",
    "dismiss_flags",
    "flag_post",
    "flag_queue",
    "hide_post",
    "member_record",
    "open_suspensions",
    "recent_actions",
    "restore_hidden_post",
    "set_locked",
    "suspend_user",
    "unsuspend_user",
]
