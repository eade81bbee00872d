"""Writes for the forum. One verb per function, keyword-only, atomic where several rows change.

Each write that knows who acts checks their right (forum/permissions.py: PermissionDenied or
Http404) and their limits (forum/limits.py: LimitExceeded) itself, before it writes anything.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from forum import limits, permissions, viewcounts
from forum.changes import forum_changed
from forum.citations import record_citations
from forum.models import Answer, Bookmark, Follow, Question, Revision, Vote
from forum.notifications.services import (
    notify_answer_accepted,
    notify_new_answer,
    notify_staff_edit,
)
from forum.presentation import plain_excerpt
from forum.search.spelling import remember_words
from taro.cache import add_or_false
from taro.markdown import plain_text, render_markdown
from taro.models import Company, Topic


def question_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "question"


def badge_snapshot(user: User) -> dict[str, Any]:
    """The author's badge as it is now; posts keep it so history stays true after a promotion."""
    profile = user.profile
    position = profile.position
    return {
        "badge_label": position.badge_label if position else "",
        "badge_short": position.short_label if position else "",
        "badge_verified": profile.badge_verified,
    }


@transaction.atomic
def ask_question(
    *,
    author: User,
    company: Company,
    title: str,
    body_source: str,
    topics: Iterable[Topic],
    is_anonymous: bool,
) -> Question:
    """Raises limits.LimitExceeded (nothing written) when the author is over a posting limit."""
    permissions.ensure_can_post(author)
    forum_changed()
    limits.enforce_posting(user=author, action="question", body=body_source)
    body_html = render_markdown(body_source)
    question = Question.objects.create(
        author=author,
        company=company,
        title=title,
        slug=question_slug(title),
        body_source=body_source,
        body_html=body_html,
        body_text=plain_text(body_html),
        excerpt=plain_excerpt(body_html),
        is_anonymous=is_anonymous,
        **badge_snapshot(author),
    )
    question.topics.set(topics)
    Revision.objects.create(
        question=question, editor=author, number=1, title=title, body_source=body_source
    )
    record_citations(post=question)
    remember_words(f"{title}\n{question.body_text}")
    return question


@transaction.atomic
def post_answer(
    *, author: User, question: Question, body_source: str, is_anonymous: bool
) -> Answer:
    """Raises limits.LimitExceeded (nothing written) when the author is over a posting limit."""
    permissions.ensure_can_answer(author, question)
    forum_changed(question_id=question.pk)
    limits.enforce_posting(user=author, action="answer", body=body_source)
    body_html = render_markdown(body_source)
    answer = Answer.objects.create(
        author=author,
        question=question,
        body_source=body_source,
        body_html=body_html,
        body_text=plain_text(body_html),
        is_anonymous=is_anonymous,
        **badge_snapshot(author),
    )
    Revision.objects.create(answer=answer, editor=author, number=1, body_source=body_source)
    record_citations(post=answer)
    remember_words(answer.body_text)
    Question.objects.filter(pk=question.pk).update(
        answer_count=F("answer_count") + 1, last_activity_at=timezone.now()
    )
    notify_new_answer(answer=answer)
    return answer


def _next_revision_number(**target: Question | Answer) -> int:
    latest = (
        Revision.objects.filter(**target)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (latest or 0) + 1


@transaction.atomic
def edit_question(
    *, editor: User, question: Question, title: str, body_source: str, topics: Iterable[Topic]
) -> Question:
    permissions.ensure_can_edit(editor, question)
    forum_changed(question_id=question.pk)
    question.title = title
    question.slug = question_slug(title)
    question.body_source = body_source
    question.body_html = render_markdown(body_source)
    question.body_text = plain_text(question.body_html)
    question.excerpt = plain_excerpt(question.body_html)
    question.edited_at = question.last_activity_at = timezone.now()
    # Never `version` from memory: forum_changed() moved it in the row.
    question.save(
        update_fields=[
            "title",
            "slug",
            "body_source",
            "body_html",
            "body_text",
            "excerpt",
            "edited_at",
            "last_activity_at",
        ]
    )
    question.topics.set(topics)
    Revision.objects.create(
        question=question,
        editor=editor,
        title=title,
        body_source=body_source,
        number=_next_revision_number(question=question),
    )
    record_citations(post=question)
    remember_words(f"{title}\n{question.body_text}")
    notify_staff_edit(editor=editor, post=question)
    return question


@transaction.atomic
def edit_answer(*, editor: User, answer: Answer, body_source: str) -> Answer:
    permissions.ensure_can_edit(editor, answer)
    forum_changed(**answer.thread_ids)
    answer.body_source = body_source
    answer.body_html = render_markdown(body_source)
    answer.body_text = plain_text(answer.body_html)
    answer.edited_at = timezone.now()
    answer.save(update_fields=["body_source", "body_html", "body_text", "edited_at"])
    Revision.objects.create(
        answer=answer,
        editor=editor,
        body_source=body_source,
        number=_next_revision_number(answer=answer),
    )
    record_citations(post=answer)
    remember_words(answer.body_text)
    Question.objects.filter(pk=answer.question_id).update(last_activity_at=answer.edited_at)
    notify_staff_edit(editor=editor, post=answer)
    return answer


def delete_post(*, user: User, post: Question | Answer) -> None:
    """Soft delete by its author (or a moderator): the row stays and can be restored."""
    permissions.ensure_can_delete(user, post)
    set_deleted(post=post, deleted=True)


@transaction.atomic
def set_deleted(*, post: Question | Answer, deleted: bool) -> None:
    """Delete or restore with no permission check: the path of moderation's own writes (hide,
    restore, the flags' auto-hide), which check their rule themselves."""
    forum_changed(votes=True, ranking=True, **post.thread_ids)  # its score leaves reputation
    type(post).objects.filter(pk=post.pk).update(
        is_deleted=deleted, deleted_at=timezone.now() if deleted else None
    )
    post.is_deleted = deleted
    if isinstance(post, Answer):  # post.kind == "answer"
        refresh_answer_count(question_id=post.question_id)
        if post.is_accepted and deleted:
            Answer.objects.filter(pk=post.pk).update(is_accepted=False)
            Question.objects.filter(pk=post.question_id).update(has_accepted_answer=False)


def refresh_answer_count(*, question_id: int) -> None:
    count = Answer.objects.filter(question_id=question_id, is_deleted=False).count()
    Question.objects.filter(pk=question_id).update(answer_count=count)


def upvote(*, user: User, post: Question | Answer) -> bool:
    """Add the user's upvote. Returns False when it was already there (a double click).

    Raises limits.LimitExceeded when the user has cast too many votes in the window."""
    permissions.ensure_can_vote(user, post)
    try:
        with transaction.atomic():
            forum_changed(
                content=False, votes=True, ranking=post.kind == "question", **post.thread_ids
            )
            limits.enforce_voting(user=user)
            Vote.objects.create(user=user, recipient_id=post.author_id, **post.as_target())
            type(post).objects.filter(pk=post.pk).update(score=F("score") + 1)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def remove_upvote(*, user: User, post: Question | Answer) -> bool:
    permissions.ensure_can_vote(user, post)
    forum_changed(content=False, votes=True, ranking=post.kind == "question", **post.thread_ids)
    deleted, _ = Vote.objects.filter(user=user, **post.as_target()).delete()
    if deleted:
        type(post).objects.filter(pk=post.pk).update(score=F("score") - deleted)
    return bool(deleted)


@transaction.atomic
def accept_answer(*, user: User, answer: Answer) -> None:
    """The asker makes this the question's one accepted answer, replacing any other."""
    permissions.ensure_can_accept(user, answer)
    # Also locks the question row, so concurrent accepts take turns.
    forum_changed(content=False, votes=True, ranking=True, **answer.thread_ids)
    Answer.objects.filter(question_id=answer.question_id, is_accepted=True).exclude(
        pk=answer.pk
    ).update(is_accepted=False, version=F("version") + 1)
    Answer.objects.filter(pk=answer.pk).update(is_accepted=True)
    Question.objects.filter(pk=answer.question_id).update(has_accepted_answer=True)
    answer.is_accepted = True
    notify_answer_accepted(answer=answer)


@transaction.atomic
def unaccept_answer(*, user: User, answer: Answer) -> None:
    """The asker withdraws the acceptance; a no-op for an answer that isn't the accepted one."""
    permissions.ensure_can_accept(user, answer)
    forum_changed(content=False, votes=True, ranking=True, **answer.thread_ids)
    Answer.objects.filter(pk=answer.pk).update(is_accepted=False)
    # Derived from the rows, under the question's lock that forum_changed() took: undoing a
    # non-accepted answer once cleared the flag while another answer stayed accepted.
    accepted = Answer.objects.filter(question_id=OuterRef("pk"), is_accepted=True)
    Question.objects.filter(pk=answer.question_id).update(has_accepted_answer=Exists(accepted))
    answer.is_accepted = False


def bookmark_question(*, user: User, question: Question) -> None:
    permissions.ensure_can_bookmark(user, question)
    Bookmark.objects.get_or_create(user=user, question=question)


def remove_bookmark(*, user: User, question: Question) -> None:
    permissions.ensure_can_bookmark(user, question)
    Bookmark.objects.filter(user=user, question=question).delete()


def follow_question(*, user: User, question: Question) -> None:
    """Hear of every new answer (forum/notifications/services.py), without bookmarking."""
    permissions.ensure_can_bookmark(user, question)
    Follow.objects.get_or_create(user=user, question=question)


def unfollow_question(*, user: User, question: Question) -> None:
    """Stop hearing of new answers. No visibility check: a link in an email must be able to end
    what it sends even once the thread is hidden."""
    Follow.objects.filter(user=user, question=question).delete()


VIEW_MARKER_SECONDS = 3600


def view_marker(*, question_id: int, visitor_key: str) -> tuple[str, int]:
    """The cache key (and its lifetime) that remembers this visitor saw this question."""
    return f"question-view:{question_id}:{visitor_key}", VIEW_MARKER_SECONDS


def record_view(*, question_id: int, visitor_key: str, first_visit: bool | None = None) -> bool:
    """Count a view once per visitor per hour (the cache remembers who was here).

    `first_visit` is given when the caller already set the marker itself (an anonymous page
    lookup does it in the same round trip as the page); otherwise the marker is set here.
    It does not invalidate cached pages: the count shown catches up with the next write. The
    view itself is added off the request path (forum/viewcounts.py: the worker applies it).
    """
    if first_visit is None:
        key, seconds = view_marker(question_id=question_id, visitor_key=visitor_key)
        first_visit = add_or_false(key, 1, seconds)  # an unreachable cache counts nothing
    if not first_visit:
        return False
    viewcounts.add_view(question_id)
    return True
