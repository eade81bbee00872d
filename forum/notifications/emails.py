"""What a notification email says: subject, headline, snippet, links (text and HTML parts).

Actors appear only as the stored `actor_label`, which already hides anonymous authors.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from forum.models import Notification
from forum.notifications.unsubscribe import unfollow_token, unsubscribe_token
from forum.presentation import plain_excerpt
from taro.text import sentence

Kind = Notification.Kind

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
SNIPPET_LENGTH = 280
SUBJECT_TITLE_LENGTH = 100

SUBJECTS: dict[str, str] = {
    Kind.NEW_ANSWER: "New answer to: {title}",
    Kind.ANSWER_ACCEPTED: "Your answer was accepted: {title}",
    Kind.BOOKMARK_ANSWER: "New answer on a question you saved: {title}",
    Kind.FOLLOW_ANSWER: "New answer on a question you follow: {title}",
    Kind.STAFF_EDIT: "A moderator edited your post: {title}",
    Kind.POST_HIDDEN: "Your post was hidden: {title}",
}
HEADLINES: dict[str, str] = {
    Kind.NEW_ANSWER: "{actor} answered your question",
    Kind.ANSWER_ACCEPTED: "{actor} accepted your answer",
    Kind.BOOKMARK_ANSWER: "{actor} answered a question you saved",
    Kind.FOLLOW_ANSWER: "{actor} answered a question you follow",
    Kind.STAFF_EDIT: "A moderator edited your {post}",
    Kind.POST_HIDDEN: "Moderators hid your {post}",
}


def absolute_url(path: str) -> str:
    """Email has no request to build URLs from, so the site's address is a setting."""
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/") + path


def _one_line(text: str, length: int) -> str:
    # Header injection is impossible anyway (Django refuses newlines), but a title must never crash
    # a send.
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def event_summary(notification: Notification) -> dict:
    """What one notification says, for both the single email and a digest line."""
    snippet = ""
    answer_kinds = (Kind.NEW_ANSWER, Kind.BOOKMARK_ANSWER, Kind.FOLLOW_ANSWER)
    if notification.kind in answer_kinds and notification.answer is not None:
        snippet = plain_excerpt(notification.answer.body_html, SNIPPET_LENGTH)
    elif notification.kind == Kind.POST_HIDDEN:
        snippet = f"Reason: {sentence(notification.detail)} Open it to read it or to appeal."
    return {
        "headline": HEADLINES[notification.kind].format(
            actor=notification.actor_label or "Someone", post=notification.post.kind
        ),
        "title": notification.question.title,
        "url": absolute_url(notification.get_absolute_url()),
        "snippet": snippet,
        "created_at": notification.created_at,
        "unfollow_url": (
            absolute_url(
                reverse(
                    "forum:unfollow_email",
                    args=[unfollow_token(notification.recipient_id, notification.question_id)],
                )
            )
            if notification.kind == Kind.FOLLOW_ANSWER
            else ""
        ),
    }


def build_message(
    *, recipient, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    unsubscribe_url = absolute_url(
        reverse("email_unsubscribe", args=[unsubscribe_token(recipient.pk)])
    )
    context = {
        **context,
        "recipient_name": recipient.profile.name,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute_url(reverse("profile_settings")),
        "site_url": absolute_url("/"),
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[recipient.email],
        headers={
            # RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs to our link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no vacation auto-replies to a notification.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message


def build_event_message(notification: Notification) -> EmailMultiAlternatives:
    title = _one_line(notification.question.title, SUBJECT_TITLE_LENGTH)
    return build_message(
        recipient=notification.recipient,
        subject=SUBJECTS[notification.kind].format(title=title),
        template="notification",
        context={"event": event_summary(notification)},
    )
