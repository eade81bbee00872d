"""Posting limits are exact under concurrency and never depend on the cache.

The limits (forum/limits.py) are counted from the rows they limit, inside the write's own
transaction, after the author's row is locked. These tests fire many requests of one person at
once from real threads (each with its own PostgreSQL connection) and check that exactly the
allowed number of rows get written: a limit counted outside the transaction, from a cache
counter, or without serializing one person's writes lets extra rows through.
"""

import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings

from forum import limits, services
from forum.models import Answer, Question, Vote
from taro.models import Company

# serialized_rollback restores the seeded company, topics and versions that the flush after a
# transaction=True test removes (as in tests/forum/test_thread.py).
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The production backend and options (taro/settings.py), pointed at a port where nothing listens.
DEAD_CACHE = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}


def run_together(count: int, call) -> list:
    """Run call(i) for i in range(count) in `count` threads released at once by a barrier.

    Returns one ("ok", value) / ("limited", LimitExceeded) / ("error", exception) per thread.
    Every thread closes its own database connection, or the test database can't be flushed.
    """
    barrier = threading.Barrier(count, timeout=30)
    results = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = ("ok", call(i))
        except limits.LimitExceeded as refusal:
            results[i] = ("limited", refusal)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[i] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung (deadlock?)"
    errors = [r[1] for r in results if r is None or r[0] == "error"]
    assert not errors, f"unexpected failures: {errors!r}"
    return results


def outcomes(results) -> tuple[int, int]:
    return sum(r[0] == "ok" for r in results), sum(r[0] == "limited" for r in results)


def fresh(user):
    """A private copy of the user for one thread (model instances aren't shared across threads)."""
    return get_user_model().objects.get(pk=user.pk)


@concurrent
def test_new_account_answers_exactly_its_limit_when_posting_concurrently(make_user, make_question):
    # Catches: the answer limit counted outside the write's transaction, from a cache counter, or
    # without the author lock: 20 simultaneous posts each see "fewer than 10" and all get written.
    allowed, _window = settings.TARO_POSTING_LIMITS["answer"]["new"]
    assert allowed == 10
    question = make_question()
    newcomer = make_user()
    assert limits.is_new_account(newcomer)
    copies = [fresh(newcomer) for _ in range(20)]
    questions = [Question.objects.get(pk=question.pk) for _ in range(20)]

    def post(i):
        return services.post_answer(
            author=copies[i],
            question=questions[i],
            is_anonymous=False,
            body_source=f"Concurrent answer number {i}: long enough to be a real answer body.",
        )

    ok, limited = outcomes(run_together(20, post))
    assert (ok, limited) == (10, 10)
    assert Answer.objects.filter(author=newcomer).count() == 10
    question.refresh_from_db()
    assert question.answer_count == 10


@concurrent
def test_new_account_asks_exactly_its_limit_when_asking_concurrently(make_user, topics):
    # Catches: the question limit racing with itself (8 simultaneous asks → more than 3 questions).
    allowed, _window = settings.TARO_POSTING_LIMITS["question"]["new"]
    assert allowed == 3
    newcomer = make_user()
    copies = [fresh(newcomer) for _ in range(8)]
    company = Company.objects.get(slug="amazon")
    topic = topics["promotion"]

    def ask(i):
        return services.ask_question(
            author=copies[i],
            company=company,
            topics=[topic],
            is_anonymous=False,
            title=f"Concurrent question number {i} about promotions?",
            body_source=f"A question body long enough to pass validation (concurrent {i}).",
        )

    ok, limited = outcomes(run_together(8, ask))
    assert (ok, limited) == (3, 5)
    assert Question.objects.filter(author=newcomer).count() == 3


SMALL_VOTE_LIMIT = {
    **settings.TARO_POSTING_LIMITS,
    "vote": {"new": (5, 3600), "established": (5, 3600)},
}


@concurrent
def test_vote_limit_is_exact_under_concurrency_and_scores_match_rows(make_user, make_question):
    # Catches: the vote limit racing (12 simultaneous upvotes on 12 posts → more than 5 votes), and
    # a refused vote that still moved a score (score must always equal the post's vote rows).
    posts = [make_question() for _ in range(12)]
    voter = make_user()
    copies = [fresh(voter) for _ in range(12)]
    targets = [Question.objects.get(pk=p.pk) for p in posts]

    with override_settings(TARO_POSTING_LIMITS=SMALL_VOTE_LIMIT):
        results = run_together(12, lambda i: services.upvote(user=copies[i], post=targets[i]))

    ok, limited = outcomes(results)
    assert (ok, limited) == (5, 7)
    assert all(r[1] is True for r in results if r[0] == "ok")
    assert Vote.objects.filter(user=voter).count() == 5
    for post in Question.objects.filter(pk__in=[p.pk for p in posts]):
        assert post.score == Vote.objects.filter(question=post).count()
    assert (
        sum(Question.objects.filter(pk__in=[p.pk for p in posts]).values_list("score", flat=True))
        == 5
    )


@pytest.mark.django_db
def test_answer_limit_holds_with_the_cache_dead(make_user, make_question):
    # Catches: a limit kept in the cache. With Redis unreachable (and fail-open IGNORE_EXCEPTIONS)
    # a cache counter reads as 0 forever, so the 11th, 12th… answers would be accepted.
    question = make_question()
    newcomer = make_user()
    with override_settings(CACHES=DEAD_CACHE):
        from django.core.cache import cache

        cache.set("probe", "x")
        assert cache.get("probe") is None  # the cache really is dead for this test
        for i in range(10):
            services.post_answer(
                author=newcomer,
                question=question,
                is_anonymous=False,
                body_source=f"Answer number {i} posted while the cache is down, long enough.",
            )
        for i in range(10, 12):
            with pytest.raises(limits.LimitExceeded):
                services.post_answer(
                    author=newcomer,
                    question=question,
                    is_anonymous=False,
                    body_source=f"Answer number {i} posted while the cache is down, long enough.",
                )
    assert Answer.objects.filter(author=newcomer).count() == 10


@pytest.mark.django_db
def test_eleventh_answer_through_the_view_is_429_and_keeps_the_text(
    client, make_user, make_question, make_answer
):
    # Catches: the view turning a refusal into a 500, a 400/200 (clients can't tell it's a rate
    # limit) or a redirect that drops what the person typed, and a refused answer being written.
    question = make_question()
    newcomer = make_user()
    for _ in range(10):
        make_answer(question, newcomer)
    client.force_login(newcomer)
    typed = "My eleventh answer with a distinctive phrase zebracrossing that I do not want to lose."
    response = client.post(f"/questions/{question.pk}/answer/", {"body": typed})
    assert response.status_code == 429
    page = response.content.decode()
    assert typed in page
    assert "limit of 10 answers" in page
    assert Answer.objects.filter(author=newcomer).count() == 10
    assert not Answer.objects.filter(body_source__contains="zebracrossing").exists()
