"""The confidentiality guard on every form that publishes text: asking, answering, editing a
question, editing an answer and the bio. Text that looks internal to Amazon is refused (400)
with the reason and a "This is not confidential" box, nothing is published and what was typed
is kept; ticking the box publishes it.
"""

import pytest

from forum.models import Answer, Question

pytestmark = pytest.mark.django_db

INTERNAL = (
    "As the wiki at https://w.amazon.com/bin/view/Team/Promo says, it is Amazon Confidential."
)
TOPICS = ["promotion"]


def ask(w):
    data = {"title": "What does the promo wiki say about the bar?", "topics": TOPICS}
    return "/questions/ask/", data, "body", lambda: Question.objects.filter(body_source=INTERNAL)


def answer(w):
    question = w["make_question"]()
    return (
        f"/questions/{question.pk}/answer/",
        {},
        "body",
        lambda: Answer.objects.filter(body_source=INTERNAL),
    )


def edit_question(w):
    question = w["make_question"](w["user"])
    data = {"title": question.title, "topics": TOPICS}
    return (
        f"/questions/{question.pk}/edit/",
        data,
        "body",
        lambda: Question.objects.filter(pk=question.pk, body_source=INTERNAL),
    )


def edit_answer(w):
    posted = w["make_answer"](w["make_question"](), w["user"])
    return (
        f"/answers/{posted.pk}/edit/",
        {},
        "body",
        lambda: Answer.objects.filter(pk=posted.pk, body_source=INTERNAL),
    )


def bio(w):
    data = {"display_name": "Sam", "position": "", "email_preference": "each"}
    profile = w["user"].profile
    return (
        "/settings/profile/",
        data,
        "bio_source",
        lambda: type(profile).objects.filter(pk=profile.pk, bio_source=INTERNAL),
    )


FORMS = [ask, answer, edit_question, edit_answer, bio]


@pytest.fixture
def world(make_user, make_question, make_answer):
    return {
        "user": make_user(),
        "make_question": make_question,
        "make_answer": make_answer,
    }


@pytest.mark.parametrize("form", FORMS, ids=[f.__name__ for f in FORMS])
def test_internal_text_must_be_confirmed_and_is_kept_meanwhile(client, world, form):
    url, data, field, published = form(world)
    client.force_login(world["user"])
    response = client.post(url, {**data, field: INTERNAL})
    html = response.content.decode()
    assert response.status_code == 400
    assert "an internal wiki link" in html and "confidential" in html.lower()
    assert 'type="checkbox" name="confirm_not_confidential"' in html
    assert "w.amazon.com/bin/view/Team/Promo" in html  # the text is kept
    assert not published().exists()

    confirmed = client.post(url, {**data, field: INTERNAL, "confirm_not_confidential": "on"})
    assert confirmed.status_code == 302
    assert published().exists()


@pytest.mark.parametrize("form", FORMS, ids=[f.__name__ for f in FORMS])
def test_ordinary_text_needs_no_confirmation(client, world, form):
    url, data, field, _ = form(world)
    client.force_login(world["user"])
    text = "Ask your manager for the promo document template; peers can review it too."
    response = client.post(url, {**data, field: text})
    assert response.status_code == 302
