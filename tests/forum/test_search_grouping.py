"""Search results group a thread's hits: the question appears once, where its best hit ranks,
with the answers that match under it ("2 answers match"); numbers stay fresh and the page's
queries don't grow with the number of threads or answers. And stemming keeps apart words that
matter here ("raise" is not "bar raiser")."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.search.grouping import ANSWERS_SHOWN, each_hit
from tests.forum.test_bench_queries import MAX_QUERIES

pytestmark = pytest.mark.django_db

BODY = "Long enough body text for the form, with nothing in particular to say here."


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def thread_with_answers(make_question, make_answer, *, title, matching, other=1):
    question = make_question(title=title, body=BODY)
    answers = [
        make_answer(question, body=f"Answer {i}: the zephyr rollout went fine for us.")
        for i in range(matching)
    ]
    for i in range(other):
        make_answer(question, body=f"Unrelated answer {i} about something else entirely.")
    return question, answers


def test_a_question_appears_once_with_the_answers_that_match(client, make_question, make_answer):
    question, answers = thread_with_answers(
        make_question, make_answer, title="Zephyr rollout: what went wrong for you?", matching=2
    )
    response = search(client, "zephyr")
    hits = list(response.context["page"].object_list)
    assert [(hit.kind, hit.pk) for hit in hits] == [("question", question.pk)]
    [thread] = hits
    assert thread.matched and thread.answers_matching == 2
    assert sorted(answer.pk for answer in thread.answers) == sorted(a.pk for a in answers)
    assert all(answer.url.endswith(f"#answer-{answer.pk}") for answer in thread.answers)
    html = response.content.decode()
    assert html.count("Zephyr rollout: what went wrong for you?") == 1
    assert "2 answers match" in html
    assert html.count('class="search-answer"') == 2
    assert response.context["page"].paginator.count == 1


def test_answers_alone_bring_their_question_once(client, make_question, make_answer):
    question, _ = thread_with_answers(
        make_question, make_answer, title="Deploy pipeline questions", matching=5
    )
    response = search(client, "zephyr")
    [thread] = response.context["page"].object_list
    assert (thread.pk, thread.matched, thread.answers_matching) == (question.pk, False, 5)
    assert len(thread.answers) == ANSWERS_SHOWN
    assert thread.url == question.get_absolute_url()
    html = response.content.decode()
    assert "5 answers match" in html
    assert "All 5 matching answers in the thread</a>" in html
    assert "1 answer matches" not in html


def test_one_matching_answer_reads_singular(client, make_question, make_answer):
    thread_with_answers(make_question, make_answer, title="Deploy pipeline questions", matching=1)
    assert "1 answer matches" in search(client, "zephyr").content.decode()


def test_a_vote_on_a_grouped_answer_shows_at_once(client, make_question, make_answer, make_user):
    """The ranking is cached; the answers' scores under a question are read fresh."""
    _, answers = thread_with_answers(
        make_question, make_answer, title="Deploy pipeline questions", matching=1
    )
    client.force_login(make_user())
    html = search(client, "zephyr").content.decode()
    assert "0 votes" in html[html.index('class="search-answer"') :]
    services.upvote(user=make_user(), post=answers[0])
    html = search(client, "zephyr").content.decode()
    assert "1 vote</p>" in html[html.index('class="search-answer"') :]


def test_grouped_results_cost_the_same_queries_for_one_thread_or_many(
    client, make_question, make_answer, make_user, django_assert_max_num_queries
):
    """No query per thread or per answer: signed in, nothing cached, at most the page's usual
    budget (session, account, versions, topics, menu: 5; three rankings, snippets for three
    kinds, fresh numbers for questions and answers in one: 7)."""
    client.force_login(make_user())
    for i in range(3):  # enough hits that no spelling check or fallback runs
        thread_with_answers(make_question, make_answer, title=f"Zephyr one {i}", matching=1)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        search(client, "zephyr")
    for i in range(6):
        thread_with_answers(make_question, make_answer, title=f"Zephyr thread {i}", matching=4)
    cache.clear()
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        response = search(client, "zephyr")
    assert len(response.context["page"].object_list) == 9
    assert len(many) == len(few)


def test_a_page_of_questions_answers_and_guide_sections_keeps_the_key_pages_budget(
    client, make_question, make_answer, make_user, django_assert_max_num_queries
):
    """Signed in, nothing cached, all three kinds on the first page: within the 11 queries of
    tests/forum/test_bench_queries.py (the fresh scores of questions and answers are one)."""
    call_command("sync_guides", verbosity=0)
    make_question(title="Calibration meetings: who speaks for you?", body=BODY)
    other = make_question(title="A thread about something else", body=BODY)
    make_answer(other, body="Calibration is where my manager argued for my rating.")
    client.force_login(make_user())
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = search(client, "calibration")
    shown = list(each_hit(response.context["page"].object_list))
    assert {hit.kind for hit in shown} == {"question", "answer", "guide"}


def test_raise_and_bar_raiser_stay_apart(client, make_question):
    """PostgreSQL's English stemmer keeps "raise" (rais) and "raiser" apart, and "bar raiser" is
    searched as a phrase: raising the bar is not a bar raiser."""
    pay = make_question(title="How big a raise comes with a promotion?", body=BODY)
    loop = make_question(title="What does the bar raiser ask in a loop?", body=BODY)
    bar = make_question(title="Raising the bar on code review in my team", body=BODY)
    found = {hit.pk for hit in search(client, "raise").context["page"].object_list}
    assert pay.pk in found and loop.pk not in found
    found = {hit.pk for hit in search(client, "bar raiser").context["page"].object_list}
    assert found == {loop.pk}
    assert bar.pk in {hit.pk for hit in search(client, "raising").context["page"].object_list}
