"""Answers are matched newest first (forum.search.ranking.newest_answer_matches): the newest
search buckets' matches are read along their own index, the older ones only when those are too
few, so a common word costs the same at any table size and a rare one is still found wherever
it is. Buckets are slices of forum.models.SEARCH_BUCKET answer ids: the id sequence is moved on
to put answers in a later slice."""

import pytest
from django.core.cache import cache
from django.db import connection

from forum.models import SEARCH_BUCKET, Answer
from forum.search import ranking

pytestmark = pytest.mark.django_db


def skip_buckets(count: int) -> None:
    """The next answers go `count` buckets after the newest answer's (relative: the sequence
    outlives each test's rollback)."""
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f"(COALESCE((SELECT max(id) FROM {table}), 0) / %s + %s) * %s)",
            [table, SEARCH_BUCKET, count, SEARCH_BUCKET],
        )


def thread_titles(client, q: str) -> set[str]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return {hit.title for hit in response.context["page"].paginator.object_list}


def answered(make_question, make_answer, title: str, body: str) -> Answer:
    return make_answer(make_question(title=title), body=body)


def test_a_rare_word_in_an_old_answer_is_found_past_the_newest_buckets(
    client, make_question, make_answer
):
    old = answered(
        make_question, make_answer, "Old thread about offers", "The quokkaword clause mattered."
    )
    skip_buckets(5)
    for n in range(3):
        answered(make_question, make_answer, f"New thread {n}", f"Nothing rare in here ({n}).")
    newest = Answer.objects.order_by("-pk").first()
    assert newest.search_bucket - old.search_bucket == 5
    assert thread_titles(client, "quokkaword") == {"Old thread about offers"}


def test_a_common_word_ranks_the_newest_matches_when_they_are_enough(
    client, make_question, make_answer, monkeypatch
):
    monkeypatch.setattr(ranking, "MATCHES_RANKED", 2)
    for n in range(2):
        answered(make_question, make_answer, f"Older thread {n}", f"Ask about wombatword ({n}).")
    skip_buckets(7)
    for n in range(2):
        answered(make_question, make_answer, f"Newer thread {n}", f"Ask about wombatword ({n}).")
    assert thread_titles(client, "wombatword") == {"Newer thread 0", "Newer thread 1"}
    # Fewer than MATCHES_RANKED in the newest buckets: the older matches fill the rest.
    monkeypatch.setattr(ranking, "MATCHES_RANKED", 4)
    cache.clear()  # the ranking is cached per search text
    assert thread_titles(client, "wombatword") == {
        "Older thread 0",
        "Older thread 1",
        "Newer thread 0",
        "Newer thread 1",
    }


def test_words_common_in_the_newest_buckets_are_not_looked_for_in_older_answers(
    client, make_question, make_answer, monkeypatch
):
    # The trade (docs/benchmark.md): once DENSE of the newest answers have the words, those
    # are the sample ranked, and a phrase of them is looked for among them only, not in every
    # older answer that has both words.
    monkeypatch.setattr(ranking, "DENSE", 2)
    answered(make_question, make_answer, "Older thread", "Write the bilby report early.")
    skip_buckets(4)
    for n in range(2):
        answered(make_question, make_answer, f"Newer thread {n}", f"The report on a bilby ({n}).")
    assert thread_titles(client, "bilby report") == {"Newer thread 0", "Newer thread 1"}
    assert thread_titles(client, '"bilby report"') == set()
    monkeypatch.setattr(ranking, "DENSE", 3)  # now rare there: the older answers are read too
    cache.clear()
    assert thread_titles(client, "bilby report") == {
        "Older thread",
        "Newer thread 0",
        "Newer thread 1",
    }
    assert thread_titles(client, '"bilby report"') == {"Older thread"}
