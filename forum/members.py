"""The signed-in member, loaded once per request with what every page shows them.

Every page a member reads needs their account (the session's user), their profile (the header's
account menu, badges) and their unread notifications (the bell). Django loads the account with
one ORM query and the shell asked for the other two with a second; here they are one plain SQL
statement, because on a cached page building the ORM query cost more than running it.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from forum.models import Notification
from forum.selectors import MEMBER_STATUS_COLUMNS, MEMBER_STATUS_JOIN, remember_posting_status
from taro.models import Profile


class MemberBackend(AuthenticationBackend):
    """allauth's backend (log in by username or email) whose `get_user`, which Django calls on
    every request with a session, also loads the profile and the unread count.

    settings.AUTHENTICATION_BACKENDS lists allauth's own backend after this one: a session
    names the backend that logged it in, and sessions made before this one was added keep
    working through it."""

    def get_user(self, user_id):
        user = load_member(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def load_member(user_id):
    """The user with `profile` loaded (None when they have none yet), `unread_notifications`
    counted and their posting status (a confirmed address, an open suspension: the banner every
    page shows a suspended member) remembered, or None when no such user exists."""
    user_model = get_user_model()
    user_fields = user_model._meta.concrete_fields
    profile_fields = Profile._meta.concrete_fields
    sql = f"""
        SELECT {", ".join(f"u.{f.column}" for f in user_fields)},
               {", ".join(f"p.{f.column}" for f in profile_fields)},
               (SELECT COUNT(*) FROM {Notification._meta.db_table} n
                WHERE n.recipient_id = u.id AND n.read_at IS NULL),
               {MEMBER_STATUS_COLUMNS}
        FROM {user_model._meta.db_table} u
        LEFT JOIN {Profile._meta.db_table} p ON p.user_id = u.id
        {MEMBER_STATUS_JOIN}
        WHERE u.id = %s"""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(user_fields)
    user = user_model.from_db(connection.alias, [f.attname for f in user_fields], row[:split])
    profile_values = row[split:-4]
    if profile_values[0] is not None:  # the profile's id: NULL when the join found none
        profile = Profile.from_db(
            connection.alias, [f.attname for f in profile_fields], profile_values
        )
        profile.user = user
        user.profile = profile
    user.unread_notifications = row[-4]  # type: ignore[attr-defined]  # loaded with the user
    remember_posting_status(user, *row[-3:])
    return user
