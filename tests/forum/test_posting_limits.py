"""Every posting limit through the views: asking, answering, voting and the live preview.

Over the limit the answer is a 429 with the reason (and when to try again), what was typed is
still on the page, and nothing is written. The limits count the rows they limit, each action its
own (settings.TARO_POSTING_LIMITS), newcomers' and established accounts' rules apart; staff are
never limited; an undone vote frees its place.
"""

from datetime import timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from forum.models import Answer, Question, Vote

pytestmark = pytest.mark.django_db

LIMITS = {
    "question": {"new": (2, 86400), "established": (3, 86400)},
    "answer": {"new": (2, 86400), "established": (3, 3600)},
    "vote": {"new": (2, 3600), "established": (3, 3600)},
}


@pytest.fixture
def small_limits(settings):
    settings.TARO_POSTING_LIMITS = LIMITS


def established(user):
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def asking(n):
    return {
        "title": f"Question number {n} about the promotion bar for SDE 2",
        "body": f"The body of question number {n}, long enough for the form to take it.",
        "topics": ["promotion"],
    }


@pytest.mark.parametrize("age, allowed", [("new", 2), ("established", 3)])
def test_question_limit_is_429_and_keeps_the_text(client, make_user, small_limits, age, allowed):
    user = make_user()
    if age == "established":
        established(user)
    client.force_login(user)
    for n in range(allowed):
        assert client.post("/questions/ask/", asking(n)).status_code == 302
    typed = asking("ninety-nine with an aardvark")
    response = client.post("/questions/ask/", typed)
    html = response.content.decode()
    assert response.status_code == 429
    assert f"limit of {allowed} questions" in html and "You can post again after" in html
    assert typed["body"] in html and typed["title"] in html
    assert Question.objects.filter(author=user).count() == allowed


@pytest.mark.parametrize("age, allowed", [("new", 2), ("established", 3)])
def test_answer_limit_is_429_and_keeps_the_text(
    client, make_user, make_question, small_limits, age, allowed
):
    user = make_user()
    if age == "established":
        established(user)
    client.force_login(user)
    questions = [make_question() for _ in range(allowed + 1)]
    for n, question in enumerate(questions[:-1]):
        body = {"body": f"Answer number {n}, long enough for the answer form to accept it."}
        assert client.post(f"/questions/{question.pk}/answer/", body).status_code == 302
    typed = "One answer too many, about a distinctive armadillo, that I want to keep."
    response = client.post(f"/questions/{questions[-1].pk}/answer/", {"body": typed})
    html = response.content.decode()
    assert response.status_code == 429
    assert f"limit of {allowed} answers" in html and typed in html
    assert Answer.objects.filter(author=user).count() == allowed


def test_each_action_counts_only_its_own_rows(client, make_user, make_question, small_limits):
    # Two questions (the newcomer's limit) don't use up answers or votes, and the reverse.
    user = make_user()
    client.force_login(user)
    for n in range(2):
        assert client.post("/questions/ask/", asking(n)).status_code == 302
    question = make_question()
    body = {"body": "An answer after two questions, long enough for the answer form."}
    assert client.post(f"/questions/{question.pk}/answer/", body).status_code == 302
    assert client.post(f"/questions/{question.pk}/vote/").status_code == 302
    assert client.post("/questions/ask/", asking(3)).status_code == 429


def test_other_peoples_posts_do_not_count(
    client, make_user, make_question, make_answer, small_limits
):
    question = make_question()
    for _ in range(3):
        make_answer(question)  # three other people
    user = make_user()
    client.force_login(user)
    body = {"body": "My first answer of the day, long enough for the answer form."}
    assert client.post(f"/questions/{question.pk}/answer/", body).status_code == 302


def voting(client, posts, **headers):
    return [client.post(f"/questions/{p.pk}/vote/", **headers).status_code for p in posts]


def test_vote_limit_is_429_as_json(client, make_user, make_question, small_limits):
    user = make_user()
    client.force_login(user)
    questions = [make_question() for _ in range(3)]
    json = {"HTTP_ACCEPT": "application/json"}
    assert voting(client, questions[:2], **json) == [200, 200]
    response = client.post(f"/questions/{questions[2].pk}/vote/", **json)
    assert response.status_code == 429
    assert "limit of 2 votes" in response.json()["error"]
    assert Vote.objects.filter(user=user).count() == 2
    questions[2].refresh_from_db()
    assert questions[2].score == 0


def test_vote_limit_without_javascript_says_why(client, make_user, make_question, small_limits):
    user = established(make_user())
    client.force_login(user)
    questions = [make_question() for _ in range(4)]
    assert voting(client, questions[:3]) == [302, 302, 302]
    response = client.post(f"/questions/{questions[3].pk}/vote/", follow=True)
    assert "limit of 3 votes" in response.content.decode()
    assert Vote.objects.filter(user=user).count() == 3


def test_an_undone_vote_frees_its_place(client, make_user, make_question, small_limits):
    user = make_user()
    client.force_login(user)
    questions = [make_question() for _ in range(3)]
    json = {"HTTP_ACCEPT": "application/json"}
    assert voting(client, questions[:2], **json) == [200, 200]
    undo = client.post(f"/questions/{questions[0].pk}/vote/", {"action": "undo"}, **json)
    assert undo.status_code == 200 and undo.json() == {"score": 0, "voted": False}
    assert voting(client, questions[2:], **json) == [200]


def test_old_votes_leave_the_window(client, make_user, make_question, small_limits):
    user = make_user()
    client.force_login(user)
    questions = [make_question() for _ in range(3)]
    assert voting(client, questions[:2]) == [302, 302]
    Vote.objects.filter(user=user).update(created_at=timezone.now() - timedelta(hours=2))
    assert voting(client, questions[2:], HTTP_ACCEPT="application/json") == [200]


def test_staff_are_never_limited(client, make_user, make_question, small_limits):
    moderator = make_user(staff=True)
    client.force_login(moderator)
    for n in range(3):
        assert client.post("/questions/ask/", asking(n)).status_code == 302
    assert voting(client, [make_question() for _ in range(3)]) == [302, 302, 302]


def test_preview_limit_is_429_per_person(client, make_user, settings):
    settings.TARO_PREVIEW_LIMIT = (2, 60)
    user = make_user()
    client.force_login(user)
    codes = [client.post("/questions/preview/", {"body": "*hi*"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.post("/questions/preview/", {"body": "*hi*"})
    assert refused.status_code == 429 and "previewing very fast" in refused.json()["error"]
    client.force_login(make_user())
    assert client.post("/questions/preview/", {"body": "*hi*"}).json() == {
        "html": "<p><em>hi</em></p>"
    }


def test_the_refusal_says_when_the_oldest_post_leaves_the_window(client, make_user, small_limits):
    user = make_user()
    client.force_login(user)
    for n in range(2):
        assert client.post("/questions/ask/", asking(n)).status_code == 302
    oldest = timezone.now() - timedelta(hours=5)
    Question.objects.filter(author=user, title=asking(0)["title"]).update(created_at=oldest)
    html = client.post("/questions/ask/", asking(2)).content.decode()
    retry_at = (oldest + timedelta(days=1)).astimezone(dt_timezone.utc)
    when = f"{retry_at.day} {retry_at:%b %Y, %H:%M} UTC"  # the site's one format (taro/dates.py)
    assert f"You can post again after {when}" in html


@pytest.mark.parametrize("hours, rule", [(23, "new"), (25, "established")])
def test_accounts_are_new_for_their_first_day(client, make_user, small_limits, hours, rule):
    user = make_user()
    user.date_joined = timezone.now() - timedelta(hours=hours)
    user.save(update_fields=["date_joined"])
    client.force_login(user)
    allowed = LIMITS["question"][rule][0]
    codes = [client.post("/questions/ask/", asking(n)).status_code for n in range(allowed + 1)]
    assert codes == [302] * allowed + [429]


LINKS = "See https://a.example/x and http://b.example/y and www.c.example for the details."


@pytest.mark.parametrize(
    "who, body, status",
    [
        ("new", "Two links: https://a.example/x and www.b.example are fine for a newcomer.", 302),
        ("new", LINKS, 400),
        ("new", LINKS.upper(), 400),
        ("established", LINKS, 302),
        ("staff", LINKS, 302),
    ],
)
def test_new_accounts_may_include_two_links(client, make_user, who, body, status):
    user = make_user(staff=who == "staff")
    if who == "established":
        established(user)
    client.force_login(user)
    response = client.post("/questions/ask/", {**asking(1), "body": body})
    assert response.status_code == status
    if status == 400:
        assert "at most 2 links per post" in response.content.decode()


def test_the_same_text_twice_within_a_minute_is_refused(client, make_user, make_question):
    user = established(make_user())
    client.force_login(user)
    question = make_question()
    body = "The same answer text, typed twice, long enough for the answer form."
    url = f"/questions/{question.pk}/answer/"
    assert client.post(url, {"body": body}).status_code == 302
    # Whitespace doesn't make it new text.
    refused = client.post(url, {"body": body.replace(" ", "   ") + "\n"})
    assert refused.status_code == 400 and "less than a minute ago" in refused.content.decode()
    Answer.objects.filter(author=user).update(created_at=timezone.now() - timedelta(seconds=55))
    assert client.post(url, {"body": body}).status_code == 400
    Answer.objects.filter(author=user).update(created_at=timezone.now() - timedelta(seconds=60.5))
    assert client.post(url, {"body": body}).status_code == 302
    # Another person's identical text is theirs to post.
    client.force_login(established(make_user()))
    assert client.post(url, {"body": body}).status_code == 302
