"""The one-way token that ties a report to "the same person, this cycle" without naming them.

token = HMAC-SHA256(key, "account id:cycle"), the key being settings.OUTCOMES_TOKEN_KEY (or one
derived from SECRET_KEY when unset). Without the key the token cannot be turned back into an
account, nor linked to the same person's token for another cycle. With the key, anyone can test a
guess ("is this user 42's 2025 report?"): that is why the key must stay on the server.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "outcomes.report-token"


def token_key() -> str:
    return (
        settings.OUTCOMES_TOKEN_KEY
        or salted_hmac(
            "outcomes.token-key", "derived", secret=settings.SECRET_KEY, algorithm="sha256"
        ).hexdigest()
    )


def report_token(user, cycle: int) -> str:
    return salted_hmac(
        SALT, f"{user.pk}:{cycle}", secret=token_key(), algorithm="sha256"
    ).hexdigest()
