from forum.notifications.selectors import profile_with_unread_count


def notifications(request):
    """The header's profile and unread count, in one query, only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    profile = profile_with_unread_count(user)
    user.profile = profile  # fills the relation cache: the account menu reads it without a query
    return {"unread_notifications": profile.unread or 0}
