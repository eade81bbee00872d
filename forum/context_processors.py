from forum.notifications.selectors import profile_with_unread_count
from forum.selectors import suspension_message


def notifications(request):
    """The header's profile and unread count, in one query, only for signed-in people.

    The site's shell (templates/base.html) shows the bell with this count on every page a member
    reads, so it runs wherever a template is rendered with the request: nothing for anonymous
    readers, and for members one query that also loads the profile the account menu shows.
    Fragments and emails are rendered without the request and never run it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = getattr(user, "unread_notifications", None)
    if unread is None:  # loaded by another backend than forum.members.MemberBackend
        profile = profile_with_unread_count(user)
        user.profile = profile  # fills the relation cache: the account menu reads it, no query
        unread = profile.unread  # type: ignore[attr-defined]  # set by that selector
    # The banner a suspended member sees on every page: forum.members loaded it with the account.
    return {"unread_notifications": unread or 0, "suspension_notice": suspension_message(user)}
