"""Answer order (votes / newest / oldest, the accepted answer first), the answer form's own
Preview step, previews that ignore what else the form lacks, and errors shown where the eye is."""

import re

import pytest
from django.test import Client
from django_redis import get_redis_connection

from forum import services
from forum.models import Answer, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_question, make_answer, make_user):
    """Four answers from 2020 to 2023: the 2021 one upvoted, the 2023 one accepted."""
    question = make_question()
    answers = [make_answer(question) for _ in range(4)]
    for year, answer in zip(range(2020, 2024), answers, strict=True):
        Answer.objects.filter(pk=answer.pk).update(created_at=answer.created_at.replace(year=year))
    services.upvote(user=make_user(), post=answers[1])
    services.accept_answer(user=question.author, answer=answers[3])
    return question, answers


def order(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="answer-(\d+)"', response.content.decode())]


@pytest.mark.parametrize("signed_in", [False, True])
def test_answers_sort_with_the_accepted_answer_first(client, thread, make_user, signed_in):
    question, (a2020, a2021, a2022, a2023) = thread
    if signed_in:
        client.force_login(make_user())
    url = question.get_absolute_url()
    for _ in range(2):  # rendered, then from the caches
        assert order(client.get(url)) == [a2023.pk, a2021.pk, a2020.pk, a2022.pk]
        assert order(client.get(url + "?sort=newest")) == [a2023.pk, a2022.pk, a2021.pk, a2020.pk]
        assert order(client.get(url + "?sort=oldest")) == [a2023.pk, a2020.pk, a2021.pk, a2022.pk]
        assert order(client.get(url + "?sort=bogus")) == order(client.get(url))
    html = client.get(url + "?sort=newest").content.decode()
    assert 'aria-current="true">Newest</a>' in html


def test_unknown_or_default_sorts_store_nothing_new(thread):
    question = thread[0]
    url = question.get_absolute_url()
    redis = get_redis_connection("default")
    anonymous = Client()
    anonymous.get(url)
    anonymous.get(url + "?sort=newest")
    before = set(redis.keys("*"))
    for junk in ("bogus", "votes", "NEWEST", "x" * 300, "newest%00"):
        assert anonymous.get(url, {"sort": junk}).status_code == 200
    new = {key for key in set(redis.keys("*")) - before if not key.endswith(b":rendering")}
    assert not new, new


def test_canonical_sorted_thread_is_cached_for_anonymous_readers(thread):
    question = thread[0]
    redis = get_redis_connection("default")
    anonymous = Client()
    before = set(redis.keys("*:page:*"))
    anonymous.get(question.get_absolute_url() + "?sort=oldest")
    assert len(set(redis.keys("*:page:*")) - before) == 1


def test_answer_preview_renders_without_posting(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    response = client.post(
        f"/questions/{question.pk}/answer/", {"body": "Short **bold**", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html and "Short **bold**" in html
    assert "Please fix" not in html and "at least 30" not in html
    assert not Answer.objects.exists()


def test_answer_form_offers_preview_and_returns_to_its_anchor(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'action="/questions/{question.pk}/answer/#your-answer"' in html
    assert 'name="preview"' in html
    refused = client.post(f"/questions/{question.pk}/answer/", {"body": "too short"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'id="your-answer"' in page and 'class="form-errors" role="alert"' in page


def test_ask_preview_shows_the_body_without_topics(client, make_user):
    client.force_login(make_user())
    response = client.post(
        "/questions/ask/", {"title": "", "body": "Just *this* so far", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>this</em>" in html
    assert "Please fix the highlighted fields" not in html
    assert not Question.objects.exists()
    # Posting still checks everything.
    posted = client.post("/questions/ask/", {"title": "", "body": "Just *this* so far"})
    assert (
        posted.status_code == 400 and "Please fix the highlighted fields" in posted.content.decode()
    )


def test_preview_refuses_an_oversized_body_without_rendering_it(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    body = "[" * 20_001
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body, "preview": "1"})
    assert "Posts are limited to" in response.content.decode()
    response = client.post("/questions/ask/", {"body": body, "preview": "1"})
    assert "Posts are limited to" in response.content.decode()


def test_signed_out_readers_are_told_once_how_to_answer(client, make_question):
    html = client.get(make_question().get_absolute_url()).content.decode()
    assert "Log in to post" not in html
    assert html.count("to answer.") == 1
