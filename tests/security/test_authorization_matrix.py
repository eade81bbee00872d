"""Every state-changing URL × every kind of actor, with the expected outcome for each cell."""

import pytest
from django.test import Client

from forum import moderation

pytestmark = pytest.mark.django_db

LOGIN, DENY, OK = "login", "deny", "ok"
ACTORS = ["anonymous", "other", "owner", "suspended", "staff"]

# action: (url template, POST data, expected per actor in ACTORS order)
MATRIX = {
    "ask": (
        "/questions/ask/",
        {"title": "A brand new question title here?", "body": "Body " * 10, "topics": ["pip"]},
        [LOGIN, OK, OK, DENY, OK],
    ),
    "answer": (
        "/questions/{q}/answer/",
        {"body": "An answer body that is long enough."},
        [LOGIN, OK, OK, DENY, OK],
    ),
    "edit_question": (
        "/questions/{q}/edit/",
        {"title": "An edited question title here?", "body": "Edited " * 10, "topics": ["pip"]},
        [LOGIN, DENY, OK, DENY, OK],
    ),
    "edit_answer": (
        "/answers/{a}/edit/",
        {"body": "An edited answer body, long enough."},
        [LOGIN, DENY, DENY, DENY, OK],
    ),
    "delete_question": ("/questions/{q}/delete/", {}, [LOGIN, DENY, OK, DENY, OK]),
    "restore_question": ("/questions/{q}/restore/", {}, [LOGIN, DENY, DENY, DENY, OK]),
    "vote_question": ("/questions/{q}/vote/", {"action": "up"}, [LOGIN, OK, DENY, DENY, OK]),
    "accept": ("/answers/{a}/accept/", {}, [LOGIN, DENY, OK, DENY, DENY]),
    "bookmark": ("/questions/{q}/bookmark/", {}, [LOGIN, OK, OK, OK, OK]),
    "flag_question": ("/questions/{q}/flag/", {"reason": "spam"}, [LOGIN, OK, DENY, DENY, OK]),
    "moderate": ("/moderation/questions/{q}/", {"action": "lock"}, [LOGIN, DENY, DENY, DENY, OK]),
    "suspend": (
        "/moderation/users/{other}/",
        {"action": "suspend", "reason": "r", "confirmed": "1"},
        [LOGIN, DENY, DENY, DENY, OK],
    ),
    "settings": (
        "/settings/profile/",
        {"display_name": "New", "position": "", "bio_source": "", "email_preference": "each"},
        # A suspension freezes the public profile too (hardening issue, item 8).
        [LOGIN, OK, OK, DENY, OK],
    ),
}


@pytest.fixture
def world(make_user, make_question, make_answer):
    owner = make_user("owner")
    users = {
        "owner": owner,
        "other": make_user("other"),
        "staff": make_user("staff", staff=True),
        "suspended": make_user("suspended"),
    }
    moderation.suspend_user(moderator=users["staff"], user=users["suspended"], reason="testing")
    question = make_question(owner)
    answer = make_answer(question, make_user("answerer"))
    return users, question, answer


def outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (403, 404, 405):
        return DENY
    assert response.status_code < 500, response.status_code
    return OK


CELLS = [(action, i, actor) for action in MATRIX for i, actor in enumerate(ACTORS)]


@pytest.mark.parametrize(
    "action, index, actor", CELLS, ids=[f"{a}-{actor}" for a, _, actor in CELLS]
)
def test_matrix_cell(world, action, index, actor):
    users, question, answer = world
    url, data, expected = MATRIX[action]
    client = Client()
    if actor != "anonymous":
        client.force_login(users[actor])
    target = url.format(q=question.pk, a=answer.pk, other="other")
    assert outcome(client.post(target, data)) == expected[index]


def test_matrix_size():
    assert len(CELLS) == len(MATRIX) * len(ACTORS) >= 60


@pytest.mark.parametrize(
    "url",
    [
        "/questions/ask/",
        "/questions/preview/",
        "/settings/profile/",
        "/notifications/read/",
        "/accounts/logout/",
    ],
)
def test_csrf_is_enforced(make_user, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    response = client.post(url, {"body": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"],
)
def test_login_next_is_never_an_open_redirect(client, make_user, next_url):
    make_user("nextuser")
    response = client.post(
        f"/accounts/login/?next={next_url}",
        {"login": "nextuser", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert not response["Location"].startswith(("http", "//", "javascript", "/\\"))


def test_password_reset_does_not_enumerate_users(client, make_user):
    make_user("known")
    known = client.post("/accounts/password/reset/", {"email": "known@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_logout_and_signup_next_stay_on_site(client, make_user, next_url):
    client.force_login(make_user())
    response = client.post(f"/accounts/logout/?next={next_url}")
    assert response.status_code == 302 and not response["Location"].startswith(("http", "//"))
    response = client.post(
        f"/accounts/signup/?next={next_url}",
        {
            "email": "nextsignup@example.com",
            "username": "nextsignup",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    )
    assert response.status_code == 302 and not response["Location"].startswith(("http", "//"))
