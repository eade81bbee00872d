import threading

import pytest
from django.db import connection

from forum import services
from forum.models import Answer, Question, Vote
from forum.viewcounts import flush_pending_views

pytestmark = pytest.mark.django_db


def test_wrong_or_missing_slug_redirects_permanently(client, make_question):
    question = make_question(title="What does HV3 mean in practice for me?")
    for url in (f"/questions/{question.pk}/wrong-slug/", f"/questions/{question.pk}/"):
        response = client.get(url)
        assert response.status_code == 301 and response["Location"] == question.get_absolute_url()


def test_missing_question_is_404(client):
    assert client.get("/questions/999999/anything/").status_code == 404


def test_question_page_orders_answers_and_counts_queries(
    client, make_question, make_answer, make_user, django_assert_max_num_queries
):
    question = make_question()
    answers = [make_answer(question) for _ in range(100)]
    services.upvote(user=make_user(), post=answers[50])
    services.accept_answer(user=answers[70].question.author, answer=answers[70])
    viewer = make_user()
    client.force_login(viewer)
    with django_assert_max_num_queries(11):  # "under 12", signed in, whatever the number of answers
        response = client.get(question.get_absolute_url())
    shown = [a.pk for a in response.context["answers"]]
    assert shown[0] == answers[70].pk and shown[1] == answers[50].pk
    assert shown[2:] == sorted(shown[2:])
    html = response.content.decode()
    assert html.count('class="post answer') == 100
    assert "<time datetime=" in html


def test_view_counted_once_per_visitor_per_hour(client, make_question, make_user):
    question = make_question()
    for _ in range(3):
        client.get(question.get_absolute_url())
    client.force_login(make_user())
    client.get(question.get_absolute_url())
    flush_pending_views()  # the worker's job: views wait in Redis until it runs
    question.refresh_from_db()
    assert question.view_count == 2


def test_a_signed_in_reader_reloading_is_counted_once_and_the_reload_adds_no_query(
    client, make_question, make_user
):
    from django.test.utils import CaptureQueriesContext

    question = make_question()
    url = question.get_absolute_url()
    client.force_login(make_user())
    client.get(url)  # fills the thread's caches: what follows is the steady state
    reader = make_user()
    client.force_login(reader)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    # Counted off the request path: the view waits in Redis for the worker, no SQL here.
    assert not [q for q in first.captured_queries if "view_count" in q["sql"]]
    reloads = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as reload:
            assert client.get(url).status_code == 200
        assert not [q for q in reload.captured_queries if "view_count" in q["sql"]]
        reloads.append(len(reload))
    # Deciding whether to count costs no SQL (the marker is in Redis): reloads are all alike.
    assert len(set(reloads)) == 1 and reloads[0] <= len(first)
    flush_pending_views()
    assert Question.objects.get(pk=question.pk).view_count == 2
    client.force_login(make_user())  # another person is another visitor
    client.get(url)
    client.force_login(reader)  # and the first one, back within the hour, is not
    client.get(url)
    flush_pending_views()
    assert Question.objects.get(pk=question.pk).view_count == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_reloads_of_one_reader_count_once(make_question, make_user):
    from django.test import Client

    question = make_question()
    reader = make_user()
    clients = [Client() for _ in range(6)]
    for each in clients:
        each.force_login(reader)
    start, statuses = threading.Barrier(len(clients)), []

    def read(each):
        start.wait()
        statuses.append(each.get(question.get_absolute_url()).status_code)
        connection.close()

    threads = [threading.Thread(target=read, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(clients)
    flush_pending_views()
    assert Question.objects.get(pk=question.pk).view_count == 1


def test_answer_requires_confirmed_email_and_unlocked_question(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user(verified=False))
    assert client.post(f"/questions/{question.pk}/answer/", {"body": "x" * 40}).status_code == 403
    client.force_login(make_user())
    Question.objects.filter(pk=question.pk).update(is_locked=True)
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "y" * 40})
    assert response.status_code == 403 and "locked" in response.content.decode()
    assert not Answer.objects.exists()


def test_answer_posts_and_counts(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    response = client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "Ask your manager for the promo doc template first."},
    )
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#answer-{answer.pk}")
    question.refresh_from_db()
    assert question.answer_count == 1


def test_bad_answer_keeps_text_and_is_400(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "too short text"})
    assert response.status_code == 400
    assert "too short text" in response.content.decode()
    assert "at least 30" in response.content.decode()


def test_upvote_toggle_and_never_own(client, make_question, make_user):
    author, voter = make_user(), make_user()
    question = make_question(author)
    client.force_login(voter)
    client.post(f"/questions/{question.pk}/vote/", {"action": "up"})
    client.post(f"/questions/{question.pk}/vote/", {"action": "up"})  # double click
    question.refresh_from_db()
    assert question.score == 1 == Vote.objects.count()
    response = client.post(
        f"/questions/{question.pk}/vote/", {"action": "undo"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"score": 0, "voted": False}
    client.force_login(author)
    assert client.post(f"/questions/{question.pk}/vote/", {"action": "up"}).status_code == 403
    assert Vote.objects.count() == 0


def test_vote_on_deleted_post_is_404(client, make_question, make_answer, make_user):
    answer = make_answer(make_question())
    services.delete_post(user=answer.author, post=answer)
    client.force_login(make_user())
    assert client.post(f"/answers/{answer.pk}/vote/", {"action": "up"}).status_code == 404


# serialized_rollback restores the seeded company and topics that the flush after this test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_keep_score_equal_to_rows(make_question, make_user):
    question = make_question()
    voters = [make_user() for _ in range(8)]
    barrier = threading.Barrier(16)

    def click(user):
        try:
            barrier.wait()
            services.upvote(user=user, post=question)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(v,)) for v in voters for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    question.refresh_from_db()
    assert Vote.objects.filter(question=question).count() == 8 == question.score


def test_accept_only_by_asker_one_at_a_time(client, make_question, make_answer, make_user):
    asker = make_user()
    question = make_question(asker)
    first, second = make_answer(question), make_answer(question)
    client.force_login(make_user())
    assert client.post(f"/answers/{first.pk}/accept/").status_code == 403
    client.force_login(asker)
    client.post(f"/answers/{first.pk}/accept/")
    client.post(f"/answers/{second.pk}/accept/")
    assert list(Answer.objects.filter(is_accepted=True).values_list("pk", flat=True)) == [second.pk]
    client.post(f"/answers/{second.pk}/accept/", {"action": "undo"})
    question.refresh_from_db()
    assert not Answer.objects.filter(is_accepted=True).exists() and not question.has_accepted_answer


def test_database_refuses_two_accepted_answers(make_question, make_answer):
    from django.db import IntegrityError, transaction

    question = make_question()
    first, second = make_answer(question), make_answer(question)
    Answer.objects.filter(pk=first.pk).update(is_accepted=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=second.pk).update(is_accepted=True)


def test_bookmarks(client, make_question, make_user, django_assert_max_num_queries):
    user = make_user()
    question = make_question()
    client.force_login(user)
    client.post(f"/questions/{question.pk}/bookmark/", {"action": "add"})
    client.post(f"/questions/{question.pk}/bookmark/", {"action": "add"})
    with django_assert_max_num_queries(10):
        response = client.get("/bookmarks/")
    assert question.title in response.content.decode()
    client.post(
        f"/questions/{question.pk}/bookmark/", {"action": "remove", "next": "https://evil.example/"}
    )
    assert question.title not in client.get("/bookmarks/").content.decode()


def test_bookmark_next_cannot_redirect_offsite(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    response = client.post(f"/questions/{question.pk}/bookmark/", {"next": "https://evil.example/"})
    assert response["Location"] == question.get_absolute_url()


def test_cached_thread_parts_follow_the_reader(client, make_question, make_answer, make_user):
    """A member's thread page keeps its own parts in the cache (forum.fragments.thread_parts):
    whoever reads it next gets the parts for their kind of reader, not the first reader's."""
    from forum.moderation.suspensions import suspend_user

    asker = make_user("asker")
    question = make_question(asker)
    answer = make_answer(question)
    member, suspended = make_user("member"), make_user("suspended")
    suspend_user(moderator=make_user(staff=True), user=suspended, reason="spam")
    url = question.get_absolute_url()

    client.force_login(member)
    first = client.get(url).content.decode()
    again = client.get(url).content.decode()
    assert 'action="/questions/%d/answer/#your-answer"' % question.pk in first
    token = lambda html: html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]  # noqa: E731
    assert token(first) and token(again) and "__taro_csrf" not in again

    client.force_login(suspended)
    page = client.get(url).content.decode()
    assert "Your account is suspended" in page and "spam" in page
    assert 'action="/questions/%d/answer/#your-answer"' % question.pk not in page

    client.force_login(asker)
    page = client.get(url).content.decode()
    assert f"/answers/{answer.pk}/accept/" in page

    client.force_login(make_user(verified=False))
    page = client.get(url).content.decode()
    assert 'action="/questions/%d/answer/#your-answer"' % question.pk not in page


def test_each_member_gets_their_own_working_token_from_the_cached_thread(
    make_question, make_answer, make_user
):
    """The thread's cached parts hold a placeholder, never a reader's CSRF token."""
    from django.test import Client

    question = make_question()
    make_answer(question)
    tokens = []
    for _ in range(2):  # the first reader renders and stores the parts, the second reads them
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user())
        page = client.get(question.get_absolute_url()).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        tokens.append(token)
        body = "A second reader's answer, long enough to pass the form's rules."
        response = client.post(
            f"/questions/{question.pk}/answer/", {"body": body, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302, response.status_code
    assert tokens[0] != tokens[1]
