"""The signed unsubscribe link every notification email carries: it works without logging in."""

from django.contrib.auth import get_user_model
from django.core import signing

from taro.models import Profile

# Unchanged since the first email went out: links in old emails must keep working.
UNSUBSCRIBE_SALT = "forum.mail.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    # Signed, not stored: the link works without logging in and can't be forged for someone else.
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str):
    """The user a token was made for, or None when it was tampered with or names nobody."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int):
        return None
    return get_user_model().objects.select_related("profile").filter(pk=user_id).first()


def unsubscribe(*, user) -> None:
    Profile.objects.filter(user=user).update(email_preference=Profile.EmailPreference.NONE)


# The "stop following this question" link in emails about a followed question.
UNFOLLOW_SALT = "forum.mail.unfollow"


def unfollow_token(user_id: int, question_id: int) -> str:
    return signing.dumps([user_id, question_id], salt=UNFOLLOW_SALT)


def follow_for_unfollow_token(token: str):
    """(user, question id) a token was made for, or None when it was tampered with or names
    nobody. The question may be gone or hidden: unfollowing must still work."""
    try:
        value = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        return None
    user = get_user_model().objects.filter(pk=value[0]).first()
    return (user, value[1]) if user is not None else None
