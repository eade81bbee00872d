def notifications(request):
    """The unread count for the header bell: one indexed query, only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from forum.selectors import unread_notification_count

    return {"unread_notifications": unread_notification_count(user)}
