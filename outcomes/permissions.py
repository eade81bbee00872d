"""Who may contribute a report: the one place that says so (the view and the service ask it)."""

from taro.restrictions import refusal

SIGN_IN = "Sign in to contribute a report."
VERIFY_COMPANY = (
    "Only members whose company is verified can contribute: verify it with a work email in "
    "Settings → Company. Taro never keeps the address."
)


def report_refusal(user) -> str:
    """Why `user` may not contribute a report now, or "" when they may."""
    if not user.is_authenticated:
        return SIGN_IN
    reason = refusal(user)  # a suspension, registered by the forum into taro
    if reason:
        return reason
    profile = getattr(user, "profile", None)
    if profile is None or profile.verified_company_id is None:
        return VERIFY_COMPANY
    return ""
