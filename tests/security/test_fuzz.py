"""Random unicode, huge and malformed input to every form and query parameter: never a 500,
and never a change to another person's data."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.models import Question

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Hypothesis can't draw 20 kB strings itself, so huge input is built by repetition.
huge = st.builds(
    lambda chunk, n: chunk * n,
    st.sampled_from(["ab<>&\"' \n", "x", "🙂"]),
    st.integers(2_000, 7_000),
)
text = st.one_of(
    st.text(max_size=300),
    huge,
    st.sampled_from(
        ["", "\x00", "'", "&", ":*", '"', "-", "((", "\ud7ff", "🙂" * 50, "%00", "../../etc/passwd"]
    ),
)


@pytest.fixture
def world(make_user, make_question, client, settings):
    settings.TARO_POSTING_LIMITS = {
        a: {"new": (10_000, 60), "established": (10_000, 60)}
        for a in ("question", "answer", "vote")
    }
    victim = make_user("victim", display_name="Victim")
    question = make_question(victim, title="The victim's question stays as it is")
    client.force_login(make_user("fuzzer"))
    return victim, question


def assert_untouched(victim, question):
    victim.profile.refresh_from_db()
    assert victim.profile.display_name == "Victim"
    fresh = Question.objects.get(pk=question.pk)
    assert (
        fresh.title == question.title
        and fresh.body_source == question.body_source
        and not fresh.is_deleted
    )


@FUZZ
@given(title=text, body=text, topic=text, anonymous=text)
def test_ask_form(client, world, title, body, topic, anonymous):
    response = client.post(
        "/questions/ask/", {"title": title, "body": body, "topics": [topic], "anonymous": anonymous}
    )
    assert response.status_code < 500
    assert_untouched(*world)


@FUZZ
@given(body=text, action=text)
def test_answer_vote_flag_and_edit(client, world, body, action):
    _, question = world
    for url, data in (
        (f"/questions/{question.pk}/answer/", {"body": body}),
        (f"/questions/{question.pk}/vote/", {"action": action}),
        (f"/questions/{question.pk}/flag/", {"reason": action, "note": body}),
        (f"/questions/{question.pk}/edit/", {"title": body, "body": body, "topics": [action]}),
        (f"/questions/{question.pk}/bookmark/", {"action": action, "next": body}),
        ("/notifications/read/", {"id": action}),
    ):
        assert client.post(url, data).status_code < 500, url
    assert_untouched(*world)


@FUZZ
@given(name=text, position=text, bio=text, pref=text)
def test_profile_settings(client, world, name, position, bio, pref):
    response = client.post(
        "/settings/profile/",
        {"display_name": name, "position": position, "bio_source": bio, "email_preference": pref},
    )
    assert response.status_code < 500
    assert_untouched(*world)


@FUZZ
@given(q=text, kind=text, topic=text, page=text, sort=text)
def test_query_parameters(client, world, q, kind, topic, page, sort):
    for url, params in (
        ("/search/", {"q": q, "kind": kind, "topic": topic, "page": page}),
        ("/questions/", {"sort": sort, "page": page}),
        ("/", {"sort": sort, "page": page}),
        ("/questions/similar/", {"title": q}),
        ("/notifications/", {"page": page}),
    ):
        assert client.get(url, params).status_code < 500, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/users/a%00b/",
        "/questions/1/a%00b/",
        "/guides/a%00/",
        "/topics/%01/",
        "/users/a%1bb/",
        "/questions/%7f/",
    ],
)
def test_control_characters_in_the_path_are_a_404_not_a_500(client, path):
    # /users/a%00b/ answered 500: the NUL reached PostgreSQL in the profile lookup.
    assert client.get(path).status_code == 404
