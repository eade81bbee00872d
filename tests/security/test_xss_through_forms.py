"""Every hostile payload, posted through the real forms, is stored and rendered inert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Answer, Question
from tests.xss_corpus import HOSTILE, assert_inert

pytestmark = pytest.mark.django_db
PADDING = "\n\nPadding so the post passes the minimum length rule."


@pytest.fixture
def author(make_user, settings):
    # An established account with generous limits: this test is about markup, not rate limits.
    settings.TARO_POSTING_LIMITS = {
        a: {"new": (10_000, 60), "established": (10_000, 60)}
        for a in ("question", "answer", "vote")
    }
    user = make_user("xss_author")
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save()
    return user


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_payload_through_ask_answer_edit_bio_and_preview(client, author, make_question, index):
    payload = HOSTILE[index]
    client.force_login(author)
    body = payload + PADDING
    title = f"Hostile payload number {index} checked"
    data = {"title": title, "body": body, "topics": ["pip"], "confirm_not_confidential": "on"}
    assert client.post("/questions/ask/", data).status_code == 302
    question = Question.objects.get(title=title)
    assert_inert(question.body_html)
    page = client.get(question.get_absolute_url()).content.decode()
    assert question.body_html in page

    assert (
        client.post(
            f"/questions/{question.pk}/answer/",
            {"body": body + " (answer)", "confirm_not_confidential": "on"},
        ).status_code
        == 302
    )
    answer = Answer.objects.get(question=question)
    assert_inert(answer.body_html)

    edited = payload + PADDING + " (edited)"
    client.post(f"/answers/{answer.pk}/edit/", {"body": edited, "confirm_not_confidential": "on"})
    answer.refresh_from_db()
    assert_inert(answer.body_html)
    assert answer.body_html in client.get(question.get_absolute_url()).content.decode()

    assert_inert(client.post("/questions/preview/", {"body": body}).json()["html"])
    ask_preview = client.post(
        "/questions/ask/", {**data, "title": title + " again", "preview": "1"}
    )
    assert_inert(ask_preview.context["preview_html"])

    client.post(
        "/settings/profile/",
        {"display_name": "X", "position": "", "bio_source": payload, "email_preference": "each"},
    )
    author.profile.refresh_from_db()
    assert_inert(author.profile.bio_html)
    assert author.profile.bio_html in client.get("/users/xss_author/").content.decode()


def test_title_and_display_name_are_escaped(client, author):
    client.force_login(author)
    title = "<script>alert(1)</script> is this escaped?"
    client.post(
        "/questions/ask/",
        {"title": title, "body": "A perfectly normal body for this question.", "topics": ["pip"]},
    )
    client.post(
        "/settings/profile/",
        {
            "display_name": "<img src=x onerror=alert(1)>",
            "position": "",
            "bio_source": "",
            "email_preference": "each",
        },
    )
    question = Question.objects.get()
    for url in (
        question.get_absolute_url(),
        "/",
        "/questions/",
        "/users/xss_author/",
        "/search/?q=escaped",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x onerror" not in html, url
