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
