"""Reads for the forum: named querysets bundled for each page, so query counts stay constant."""

from collections.abc import Callable
from datetime import date, datetime
from datetime import timezone as dt_timezone
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from forum import cache_entries
from forum.changes import thread_version_name
from forum.models import (
    Answer,
    Bookmark,
    CitedThread,
    ContributorMonth,
    Follow,
    LessonCitation,
    Notification,
    Question,
    QuestionCount,
    Revision,
    SectionCitations,
    Suspension,
    Vote,
    thread_url,
)
from forum.search.query import any_of, relevance
from guides.models import Guide
from taro import dates, versions
from taro.models import Company, ContentVersion, Profile, Topic
from taro.text import sentence

SORTS = {
    "top": ("-score", "-id"),
    "new": ("-created_at", "-id"),
    "active": ("-last_activity_at", "-id"),
    "unanswered": ("-created_at", "-id"),
}
SORT_LABELS = [("top", "Top"), ("new", "New"), ("active", "Active"), ("unanswered", "Unanswered")]
DEFAULT_SORT = "top"
ACCEPTED_ANSWER_REPUTATION = 15


def question_feed(
    *, sort: str, topic: Topic | None = None, company: Company | None = None
) -> QuerySet[Question]:
    questions = Question.objects.for_list()
    if topic is not None:
        questions = questions.filter(topics=topic)
    if company is not None:
        questions = questions.filter(company=company)
    if sort == "unanswered":
        questions = questions.filter(answer_count=0)
    return questions.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def feed_counter(
    *, sort: str, topic: Topic | None = None, company: Company | None = None
) -> Callable[[], int] | None:
    """How to count question_feed(...) from the maintained QuestionCount rows (one indexed query
    of a row per company), or None for a topic's list, which COUNT(*) counts."""
    if topic is not None:
        return None
    column = "unanswered" if sort == "unanswered" else "questions"
    counts = QuestionCount.objects.all()
    if company is not None:
        counts = counts.filter(company=company)
    return lambda: counts.aggregate(n=Coalesce(Sum(column), 0))["n"]


def count_feed(
    sort: str, topic_pk: object, company_pk: object, *, topic: Topic | None, company: Company | None
) -> int:
    """How many questions question_feed(...) lists (cache_entries.FEED_COUNT's loader; the key's
    parts name the sort, topic and company)."""
    counter = feed_counter(sort=sort, topic=topic, company=company)
    if counter is not None:
        return counter()
    return question_feed(sort=sort, topic=topic, company=company).count()


def _people_version() -> Coalesce:
    """The PEOPLE version as a subquery, so a thread's query carries every version its page is
    keyed on."""
    return Coalesce(
        Subquery(ContentVersion.objects.filter(name=versions.PEOPLE).values("number")[:1]), Value(1)
    )


def get_thread_question(pk: int, version: int, *, request: HttpRequest) -> Question:
    """The question as its thread page shows it, kept in the cache stamped with the versions of
    the thread and of people (whose names it shows) it was read at; a member's thread view asks
    for it with the versions (cache_entries.THREAD_QUESTION.want). Its view count is the one
    thing that moves without a new version: it catches up with the thread's next write, as on
    pages cached for anonymous readers."""
    people = versions.current((versions.PEOPLE,), request=request)[versions.PEOPLE]
    question: Question = cache_entries.THREAD_QUESTION.get(
        pk, stamp=(version, people), request=request
    )
    return question


def get_question(pk: int) -> Question:
    """The question with its author and company; the author's password hash is left out (it is
    never read here, and the thread's question is kept in the cache)."""
    return get_object_or_404(
        Question.objects.select_related("author__profile", "company")
        .defer("author__password")
        .prefetch_related("topics")
        .annotate(people_version=_people_version()),
        pk=pk,
    )


def thread_version(pk: int, *, request: HttpRequest) -> int:
    """The thread's current version, from the cache's mirror when it has it (taro/versions.py),
    read in the same round trip as the site-wide versions. 404 for a question that doesn't exist."""

    def load(names: list[str]) -> dict[str, int]:
        head = _load_head(pk)
        cache_entries.QUESTION_HEAD.put(head, pk, head["version"])
        return {names[0]: head["version"]}

    return versions.current_with(request, thread_version_name(pk), load)


def get_question_head(pk: int, version: int) -> Question:
    """Just enough of a question to check access and its canonical URL: stored per version of the
    thread (a head never changes within one), so a known version costs no query."""
    fields: dict[str, Any] = cache_entries.QUESTION_HEAD.get(pk, version)
    return Question(**fields)


def load_question_head(pk: int, version: int) -> dict[str, Any]:
    """cache_entries.QUESTION_HEAD's loader: the head as it is now (a newer version than asked
    for is stored under the asked one, harmlessly: the thread's page checks its version)."""
    return _load_head(pk)


def _load_head(pk: int) -> dict[str, Any]:
    head = get_object_or_404(
        Question.objects.only("id", "slug", "is_deleted", "author_id", "version"), pk=pk
    )
    return {
        "id": head.pk,
        "slug": head.slug,
        "is_deleted": head.is_deleted,
        "author_id": head.author_id,
        "version": head.version,
    }


def get_answer(pk: int) -> Answer:
    return get_object_or_404(Answer.objects.select_related("question", "author__profile"), pk=pk)


def get_post(kind: str, pk: int) -> Question | Answer:
    """A question or an answer, by the `kind` the URL carries."""
    return get_answer(pk) if kind == "answer" else get_question(pk)


# How a thread's answers may be ordered (?sort=); the accepted answer always comes first.
ANSWER_SORTS = {
    "votes": ("-is_accepted", "-score", "created_at", "id"),
    "newest": ("-is_accepted", "-created_at", "-id"),
    "oldest": ("-is_accepted", "created_at", "id"),
}
ANSWER_SORT_LABELS = {"votes": "Votes", "newest": "Newest", "oldest": "Oldest"}
DEFAULT_ANSWER_SORT = "votes"


def answer_sort(value: str | None) -> str:
    """The canonical sort for a ?sort= value: anything unknown is the default."""
    return value if value in ANSWER_SORTS else DEFAULT_ANSWER_SORT


def thread_answers(
    question: Question, *, include_deleted: bool = False, sort: str = DEFAULT_ANSWER_SORT
) -> list[Answer]:
    """Deleted answers only for moderators, who may restore them."""
    answers = Answer.objects.filter(question=question).for_thread()
    answers = answers.order_by(*ANSWER_SORTS[answer_sort(sort)])
    return list(answers if include_deleted else answers.visible())


def viewer_state(
    *, user: User | AnonymousUser, question: Question, request: HttpRequest | None = None
) -> dict[str, Any]:
    """What the viewer has done in this thread: votes, own answers, bookmark, follow, and
    whether they have unread notifications about it. Votes and answers move the thread's
    version, so they are kept with the version they were read at (a member's thread view asks
    for them with the versions, versions.want); the rest is read each time, together with what
    posting needs (posting_status), in one query."""
    if not user.is_authenticated:
        return {
            "voted_question": False,
            "voted_answers": set(),
            "own_answers": set(),
            "bookmarked": False,
            "following": False,
            "unread_here": False,
        }
    state: dict[str, Any] = cache_entries.VIEWER_STATE.get(
        user.pk, question.pk, stamp=question.version, request=request, user=user, question=question
    )
    return {**state, **_thread_flags_and_posting_status(user, question)}


def _thread_flags_and_posting_status(user: User, question: Question) -> dict[str, Any]:
    """Whether the user bookmarked and follows the question and has unread notifications about
    it (the partial index notification_unread); what posting_status() tells comes in the same
    statement and is kept on the user for this request (the thread page asks it next). Plain SQL
    for the same reason as posting_status()."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {Bookmark._meta.db_table}"
            " WHERE user_id = %s AND question_id = %s),"
            f" EXISTS (SELECT 1 FROM {Follow._meta.db_table}"
            " WHERE user_id = %s AND question_id = %s),"
            f" EXISTS (SELECT 1 FROM {Notification._meta.db_table}"
            " WHERE recipient_id = %s AND question_id = %s AND read_at IS NULL),"
            f" status.* FROM ({POSTING_STATUS_SQL}) AS status",
            [*[user.pk, question.pk] * 3, *_posting_status_params(user)],
        )
        bookmarked, following, unread_here, *status = cursor.fetchone()
    user._posting_status = _posting_status_of(*status)  # type: ignore[attr-defined]  # see below
    return {"bookmarked": bookmarked, "following": following, "unread_here": unread_here}


def load_viewer_votes_and_answers(
    user_pk: int, question_pk: int, *, user: User, question: Question
) -> dict[str, Any]:
    """cache_entries.VIEWER_STATE's loader (the key's parts name the user and the question)."""
    row = (
        Question.objects.filter(pk=question.pk)
        .values(
            voted_question=Exists(Vote.objects.filter(user=user, question=OuterRef("pk"))),
            voted_answers=ArraySubquery(
                Vote.objects.filter(user=user, answer__question=OuterRef("pk")).values("answer_id")
            ),
            own_answers=ArraySubquery(
                Answer.objects.filter(question=OuterRef("pk"), author=user).values("pk")
            ),
        )
        .get()
    )
    return {
        **row,
        "voted_answers": set(row["voted_answers"]),
        "own_answers": set(row["own_answers"]),
    }


def load_reputation(username: str, *, user: User) -> int:
    return reputation(user)


def reputation(user: User) -> int:
    """Upvotes received + 15 per accepted answer; votes on anonymous posts don't count (no
    inference)."""
    votes = (
        Vote.objects.filter(recipient=user)
        .filter(
            Q(question__is_anonymous=False, question__is_deleted=False)
            | Q(answer__is_anonymous=False, answer__is_deleted=False)
        )
        .count()
    )
    accepted = Answer.objects.filter(
        author=user, is_accepted=True, is_anonymous=False, is_deleted=False
    ).count()
    return votes + ACCEPTED_ANSWER_REPUTATION * accepted


def top_contributors(*, company: Company, limit: int = 5) -> list[dict[str, Any]]:
    """People whose public answers posted this month (UTC) earned the most.

    Read from the rollup the database keeps as answers, votes and acceptances change
    (ContributorMonth): one indexed query of `limit` rows however many answers there are. Kept
    for five minutes all the same, as a statistic rather than content.
    """
    month = first_of_month(timezone.now())
    found: list[dict[str, Any]] = cache_entries.TOP_CONTRIBUTORS.get(
        company.pk, f"{month:%Y-%m}", limit, company=company, month=month
    )
    return found


def load_top_contributors(
    company_pk: int, month_key: str, limit: int, *, company: Company, month: date
) -> list[dict[str, Any]]:
    return _top_contributors(company=company, month=month, limit=limit)


def first_of_month(moment: datetime) -> date:
    return moment.astimezone(dt_timezone.utc).date().replace(day=1)


def _top_contributors(*, company: Company, month: date, limit: int) -> list[dict[str, Any]]:
    rows = (
        ContributorMonth.objects.filter(company=company, month=month, answers__gt=0)
        .values(
            "user__username",
            "user__profile__display_name",
            "user__profile__position__level",
            "points",
            "answers",
        )
        .order_by("-points", "-answers", "user__username")[:limit]
    )
    return [
        {
            "username": r["user__username"],
            "name": r["user__profile__display_name"] or r["user__username"],
            "level": r["user__profile__position__level"],
            "points": r["points"],
            "answers": r["answers"],
        }
        for r in rows
    ]


def public_questions_by(user: User) -> QuerySet[Question]:
    return (
        Question.objects.for_list()
        .filter(author=user, is_anonymous=False)
        .order_by("-created_at", "-id")
    )


def public_answers_by(user: User) -> QuerySet[Answer]:
    return (
        Answer.objects.visible()
        .filter(author=user, is_anonymous=False, question__is_deleted=False)
        .select_related("question")
        .only(
            "id",
            "score",
            "is_accepted",
            "created_at",
            "question__id",
            "question__title",
            "question__slug",
        )
        .order_by("-created_at", "-id")
    )


def profile_activity(*, profile: Profile, request: HttpRequest | None = None) -> dict[str, Any]:
    """A profile's public activity. The lists are lazy (the page caches their fragment,
    cache_entries.PROFILE_ACTIVITY) and reputation is cached under the same versions, so a
    cached profile costs no aggregate."""
    user = profile.user
    points: int = cache_entries.REPUTATION.get(user.username, request=request, user=user)
    return {
        "reputation": points,
        "questions": SimpleLazyObject(lambda: list(public_questions_by(user)[:20])),
        "answers": SimpleLazyObject(lambda: list(public_answers_by(user)[:20])),
    }


def bookmarked_questions(user: User) -> QuerySet[Question]:
    return (
        Question.objects.for_list()
        .filter(bookmarks__user=user)
        .order_by("-bookmarks__created_at", "-id")
    )


def revisions_for(**target: Question | Answer) -> list[Revision]:
    return list(
        Revision.objects.filter(**target).select_related("editor__profile").order_by("number")
    )


def _suspension_text(ends_at: datetime | None, reason: str) -> str:
    until = suspension_until(ends_at)
    return f"Your account is suspended {until}: {sentence(reason)} You can still read Taro."


def suspension_until(ends_at: datetime | None) -> str:
    """ "until 11 Dec 2026, 00:00 UTC" (the site's date format, always in UTC: the moment it
    ends, the same for every reader), or "until a moderator lifts it"."""
    if ends_at is None:
        return "until a moderator lifts it"
    return f"until {dates.moment(ends_at)}"


# Every page a member reads loads their posting status with their account (forum/members.py):
# the banner a suspended member sees everywhere, and what posting checks, in the same statement.
MEMBER_STATUS_COLUMNS = f"""
    EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table} e WHERE e.user_id = u.id AND e.verified),
    open_suspension.reason, open_suspension.ends_at"""
MEMBER_STATUS_JOIN = f"""
    LEFT JOIN LATERAL (
        SELECT reason, ends_at FROM {Suspension._meta.db_table}
        WHERE user_id = u.id AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > %s)
        ORDER BY created_at DESC LIMIT 1
    ) AS open_suspension ON true"""


def remember_posting_status(
    user: User, verified: bool, reason: str | None, ends_at: datetime | None
) -> None:
    # Kept on the user object for the rest of the request (posting_status() reads it).
    user._posting_status = _posting_status_of(verified, reason, ends_at)  # type: ignore[attr-defined]
    suspension = None if reason is None else {"reason": reason, "ends_at": ends_at}
    user.open_suspension = suspension  # type: ignore[attr-defined]


def suspension_message(user: User | AnonymousUser) -> str:
    """Why the user may not post right now, or "" (the one rule: posting_status)."""
    return posting_status(user)[1] if user.is_authenticated else ""


# (has a confirmed email address, reason and end of the open suspension or NULLs)
POSTING_STATUS_SQL = f"""
    SELECT EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table} WHERE user_id = %s AND verified),
           open.reason, open.ends_at
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
        SELECT reason, ends_at FROM {Suspension._meta.db_table}
        WHERE user_id = %s AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > %s)
        ORDER BY created_at DESC LIMIT 1
    ) AS open ON true"""


def posting_status(user: User) -> tuple[bool, str]:
    """(has a confirmed email address, suspension message or ""): what posting needs, checked
    on every thread page a member reads. One plain SQL statement: the ORM's version of it (an
    Exists and two correlated subqueries) costs more to build than the two queries it replaces.
    The thread page reads it with the reader's bookmark (viewer_state) and it is kept on the
    user for the rest of that request."""
    known: tuple[bool, str] | None = getattr(user, "_posting_status", None)
    if known is not None:
        return known
    with connection.cursor() as cursor:
        cursor.execute(POSTING_STATUS_SQL, _posting_status_params(user))
        return _posting_status_of(*cursor.fetchone())


def _posting_status_params(user: User) -> list[int | datetime]:
    return [user.pk, user.pk, timezone.now()]


def _posting_status_of(
    verified: bool, reason: str | None, ends_at: datetime | None
) -> tuple[bool, str]:
    return verified, (_suspension_text(ends_at, reason) if reason is not None else "")


RELATED_CANDIDATES = 120


def related_questions(*, guide: Guide, limit: int = 6) -> list[Question]:
    """Among the newest RELATED_CANDIDATES questions sharing the guide's topics: most shared
    topics first, then text similarity to the title, then newest. One query, bounded by the
    candidates (read newest first along an index) however many questions the topics have."""
    topic_ids = [t.pk for t in guide.topic_list]
    words = [w for w in guide.title.split() if len(w) > 3 and w.lower() != "amazon"]
    query = any_of(words or [guide.title])
    on_topic = Question.topics.through.objects.filter(
        question=OuterRef("pk"), topic_id__in=topic_ids
    )
    candidates = (
        Question.objects.visible()
        .filter(Exists(on_topic))
        .order_by("-created_at", "-id")
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Question.objects.filter(pk__in=candidates)
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids)), rank=relevance(query))
        .order_by("-shared", "-rank", "-created_at")
        .only("id", "title", "slug", "answer_count", "created_at")[:limit]
    )


CITATIONS_SHOWN_PER_SECTION = 5
THREADS_SHOWN_PER_LESSON = 5


def lesson_threads(lesson_id: int, limit: int = THREADS_SHOWN_PER_LESSON) -> list[Question]:
    """The newest visible threads whose question or a visible answer links to the lesson: one
    query. Hidden or deleted posts are left out here, at read time, so a hide, a restore or an
    edit shows on the lesson page with the write that made it."""
    cited = LessonCitation.objects.filter(lesson_id=lesson_id)
    by_question = cited.filter(question__isnull=False).values("question_id")
    by_answer = cited.filter(answer__is_deleted=False).values("answer__question_id")
    return list(
        Question.objects.visible()
        .filter(Q(pk__in=by_question) | Q(pk__in=by_answer))
        .order_by("-id")
        .only("id", "title", "slug", "answer_count")[:limit]
    )


def guide_citations(guide: Guide) -> dict[str, dict[str, Any]]:
    """Visible citations of a guide per section id ("" = the guide as a whole): how many
    questions cite it and the newest few of them. One query over the rollups the database keeps
    (SectionCitations, CitedThread): a few rows per section, however many citations exist."""
    with connection.cursor() as cursor:
        cursor.execute(GUIDE_CITATIONS_SQL, [CITATIONS_SHOWN_PER_SECTION, guide.pk])
        rows = cursor.fetchall()
    sections: dict[str, dict[str, Any]] = {}
    for anchor, count, thread, title, slug in rows:
        section = sections.setdefault(anchor, {"count": count, "questions": []})
        section["questions"].append({"title": title, "url": thread_url(thread, slug)})
    return sections


# Each cited section with its count, and its newest citing threads along cited_thread_newest.
GUIDE_CITATIONS_SQL = f"""
SELECT s.anchor, s.threads, t.question_id, q.title, q.slug
  FROM {SectionCitations._meta.db_table} s
 CROSS JOIN LATERAL (
       SELECT c.question_id FROM {CitedThread._meta.db_table} c
        WHERE c.guide_id = s.guide_id AND c.anchor = s.anchor AND c.posts > 0
        ORDER BY c.question_id DESC LIMIT %s) t
  JOIN {Question._meta.db_table} q ON q.id = t.question_id
 WHERE s.guide_id = %s AND s.threads > 0
 ORDER BY s.anchor, t.question_id DESC
"""
