"""Who may do what: every rule once. Plain functions that raise PermissionDenied (403) with a
message a person can read, or Http404 for what they may not even see.

The writes check their own rule (forum/services.py, forum/moderation/); a view also checks
before it shows a form or reads its input, so a refused person gets the refusal, not the form's
errors. Views never test `is_staff` or ownership themselves.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from forum.selectors import posting_status, suspension_message


def ensure_staff(user) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only moderators can do that.")


def sees_deleted(user) -> bool:
    """Moderators see deleted posts (to restore them); nobody else does."""
    return user.is_staff


def ensure_can_post(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to post.")
    if not user.is_active:
        raise PermissionDenied("This account is not active.")
    verified, suspension = posting_status(user)
    if not verified:
        raise PermissionDenied(
            "Confirm your email address before posting: check your inbox for the link."
        )
    if suspension:
        raise PermissionDenied(suspension)


def ensure_can_preview(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to preview.")


def ensure_can_answer(user, question) -> None:
    ensure_visible(user, question)
    ensure_can_post(user)
    if question.is_deleted:  # only moderators get here: it would notify the asker of a 404
        raise PermissionDenied("This question is deleted: restore it before answering.")
    if question.is_locked:
        raise PermissionDenied("This question is locked: it no longer takes new answers.")


def answer_refusal(user, question) -> str:
    """Empty when the user may answer, otherwise the reason shown instead of the form."""
    try:
        ensure_can_answer(user, question)
    except PermissionDenied as reason:
        return str(reason) or "You can’t answer this question."
    return ""


def is_gone(post) -> bool:
    """Deleted or hidden, or an answer whose question is: an answer is as gone as its thread."""
    return post.is_deleted or post.thread.is_deleted


def ensure_visible(user, post) -> None:
    """The one gatekeeper for every page and action on a post (answers included: they must not
    show or take votes, flags or edits once their question is hidden or deleted)."""
    if is_gone(post) and not sees_deleted(user):
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
        raise PermissionDenied(
            "An accepted answer can’t be deleted by its author: "
            "it helps the asker and later readers."
        )


def ensure_can_restore(user, post) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only moderators can restore deleted posts.")


def _ensure_acts_on_others_post(user, post, *, log_in: str, check_post, own_post: str) -> None:
    """Voting and flagging: signed in, `check_post(user, post)` passes, someone else's post, and
    not suspended."""
    if not user.is_authenticated:
        raise PermissionDenied(log_in)
    check_post(user, post)
    if post.author_id == user.pk:
        raise PermissionDenied(own_post)
    suspension = suspension_message(user)
    if suspension:
        raise PermissionDenied(suspension)


def _ensure_takes_votes(user, post) -> None:
    if is_gone(post):  # moderators too: a deleted post's score is shown nowhere
        raise Http404("This post was deleted.")
    if post.thread.is_locked:  # the question and its answers: the scores are frozen
        raise PermissionDenied("This question is locked: it no longer takes votes.")


def ensure_can_vote(user, post) -> None:
    _ensure_acts_on_others_post(
        user,
        post,
        log_in="Log in to vote.",
        check_post=_ensure_takes_votes,
        own_post="You can’t vote on your own post.",
    )


def ensure_can_flag(user, post) -> None:
    _ensure_acts_on_others_post(
        user,
        post,
        log_in="Log in to flag posts.",
        check_post=ensure_visible,
        own_post="You can’t flag your own post; edit or delete it instead.",
    )


def ensure_can_accept(user, answer) -> None:
    if is_gone(answer):
        raise Http404("This answer was deleted.")
    if answer.question.author_id != user.pk:
        raise PermissionDenied("Only the person who asked can accept an answer.")
    suspension = suspension_message(user)  # it gives the answerer reputation, as a vote does
    if suspension:
        raise PermissionDenied(suspension)


def ensure_can_bookmark(user, question) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to save questions.")
    ensure_visible(user, question)


def ensure_can_suspend(moderator, user) -> None:
    ensure_staff(moderator)
    if user.is_staff:
        raise PermissionDenied("Moderators can’t suspend other moderators.")
