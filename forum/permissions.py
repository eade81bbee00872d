"""Who may do what. Plain functions that raise PermissionDenied with a message a person can read."""
from django.core.exceptions import PermissionDenied
from django.http import Http404


def ensure_can_post(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to post.")
    if not user.is_active:
        raise PermissionDenied("This account is not active.")
    from forum.selectors import posting_status

    verified, suspension = posting_status(user)
    if not verified:
        raise PermissionDenied("Confirm your email address before posting: check your inbox for the link.")
    if suspension:
        raise PermissionDenied(suspension)


def active_suspension(user) -> str:
    """The reason the user may not post right now, or an empty string."""
    from forum.selectors import suspension_message

    return suspension_message(user)


def ensure_can_answer(user, question) -> None:
    ensure_can_post(user)
    if question.is_locked:
        raise PermissionDenied("This question is locked: it no longer takes new answers.")


def ensure_visible(user, post) -> None:
    if post.is_deleted and not user.is_staff:
        raise Http404("This post was deleted.")


def ensure_can_edit(user, post) -> None:
    ensure_visible(user, post)
    if user.is_staff:
        return
    ensure_can_post(user)
    if post.author_id != user.pk:
        raise PermissionDenied("You can only edit your own posts.")


def ensure_can_delete(user, post) -> None:
    ensure_visible(user, post)
    if post.is_deleted:
        raise PermissionDenied("This post is already deleted.")
    if user.is_staff:
        return
    if post.author_id != user.pk:
        raise PermissionDenied("You can only delete your own posts.")
    if post.kind == "answer" and post.is_accepted:
        raise PermissionDenied("An accepted answer can’t be deleted by its author: it helps the asker and later readers.")


def ensure_can_restore(user, post) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only moderators can restore deleted posts.")


def ensure_can_vote(user, post) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to vote.")
    if post.is_deleted:
        raise Http404("This post was deleted.")
    if post.author_id == user.pk:
        raise PermissionDenied("You can’t vote on your own post.")
    suspension = active_suspension(user)
    if suspension:
        raise PermissionDenied(suspension)


def ensure_can_accept(user, answer) -> None:
    if answer.is_deleted or answer.question.is_deleted:
        raise Http404("This answer was deleted.")
    if answer.question.author_id != user.pk:
        raise PermissionDenied("Only the person who asked can accept an answer.")


def ensure_can_bookmark(user, question) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to save questions.")
    ensure_visible(user, question)


def ensure_can_flag(user, post) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to flag posts.")
    ensure_visible(user, post)
    if post.author_id == user.pk:
        raise PermissionDenied("You can’t flag your own post; edit or delete it instead.")
    suspension = active_suspension(user)
    if suspension:
        raise PermissionDenied(suspension)
