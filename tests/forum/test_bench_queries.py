"""Query counts of every key page on a small copy of the benchmark data set (seed_bench --scale
0.02: 200 questions, 1,000 answers, 60 users, votes, all guides). Pages must run a constant number
of queries, whatever the number of answers or items: at most MAX_QUERIES, and the same for a thread
of 50 answers as for a thread of one.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from forum.models import Answer, Question, Vote
from forum.seeding.bench import BENCH_THREAD_TITLE

pytestmark = pytest.mark.django_db

MAX_QUERIES = 11  # "under 12", as the forum issue asks
PAGES = [
    "/",
    "/guides/",
    "/guides/performance-review/",
    "/questions/",
    "/questions/?page=5",
    "/questions/?sort=new",
    "/questions/?sort=unanswered",
    "/topics/promotion/",
    "/search/?q=promotion+document",
    "THREAD",
]


@pytest.fixture(scope="module")
def _bench_rows(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at the end, so no row
    outlives these tests; each test's own `db` transaction nests inside it as a savepoint."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_bench", scale=0.02, verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def bench_data(_bench_rows, db):
    return Question.objects.get(title=BENCH_THREAD_TITLE)


def thread_with_one_answer():
    return Question.objects.filter(answer_count=1, is_deleted=False).order_by("pk").first()


def count_queries(client, url: str) -> int:
    """Queries of a page rendered from scratch: nothing from the page or fragment caches."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured)


def test_seed_bench_builds_a_consistent_data_set(bench_data):
    assert bench_data.answer_count == 50 == bench_data.answers.count()
    assert bench_data.has_accepted_answer
    assert Question.objects.count() == 200 and Answer.objects.count() == 1000
    question_votes = dict(
        Vote.objects.filter(question__isnull=False)
        .values("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    answer_votes = dict(
        Vote.objects.filter(answer__isnull=False)
        .values("answer")
        .annotate(n=Count("pk"))
        .values_list("answer", "n")
    )
    answers = dict(
        Answer.objects.values("question").annotate(n=Count("pk")).values_list("question", "n")
    )
    accepted = set(Answer.objects.filter(is_accepted=True).values_list("question", flat=True))
    for question in Question.objects.all():
        assert question.score == question_votes.get(question.pk, 0)
        assert question.answer_count == answers.get(question.pk, 0)
        assert question.has_accepted_answer == (question.pk in accepted)
    for answer in Answer.objects.all():
        assert answer.score == answer_votes.get(answer.pk, 0)
    assert not Vote.objects.filter(user=F("recipient")).exists()


def test_seed_bench_is_idempotent(bench_data, capsys):
    call_command("seed_bench", scale=0.02)
    assert "already present" in capsys.readouterr().out
    assert Question.objects.count() == 200


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_page_query_count(client, bench_data, url, django_assert_max_num_queries):
    url = bench_data.get_absolute_url() if url == "THREAD" else url
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES + ["/notifications/", "PROFILE"])
def test_signed_in_page_query_count(client, bench_data, url, django_assert_max_num_queries):
    viewer = (
        bench_data.answers.order_by("pk").first().author
    )  # has votes, answers and a profile to show
    client.force_login(viewer)
    url = {"THREAD": bench_data.get_absolute_url(), "PROFILE": f"/users/{viewer.username}/"}.get(
        url, url
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_thread_queries_do_not_grow_with_answers(client, bench_data, signed_in):
    if signed_in:
        client.force_login(bench_data.author)
    small = thread_with_one_answer()
    assert count_queries(client, bench_data.get_absolute_url()) == count_queries(
        client, small.get_absolute_url()
    )


def test_list_queries_do_not_grow_with_page_number(client, bench_data):
    assert count_queries(client, "/questions/?page=5") == count_queries(
        client, "/questions/?page=1"
    )
