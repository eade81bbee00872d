"""Cache round trips per signed-in page, once its fragments are cached: what every page
a member reads costs besides its queries (the session, the versions with what rides along
with them, the page's fragments in one batch). Counted on the real Redis connection."""

import pytest
from django.core.management import call_command

from tests.redis_trips import counted_round_trips

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, make_user, make_question, make_answer):
    question = make_question(title="What does the OLR decide for an SDE 2 this year?")
    for _ in range(3):
        make_answer(question)
    call_command("sync_guides", verbosity=0)
    client.force_login(make_user("reader"))
    client.question_url = question.get_absolute_url()
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/questions/",
        "/questions/?sort=new",
        "/questions/?topic=promotion",
        "thread",
        "/users/reader/",
        "/guides/performance-review/",
    ],
)
def test_a_members_page_is_three_round_trips(member_client, url):
    url = member_client.question_url if url == "thread" else url
    member_client.get(url)  # renders and stores the fragments
    with counted_round_trips() as trips:
        assert member_client.get(url).status_code == 200
    # The session, then the versions (with the account menu and what the page asked to bring
    # along), then the page's fragments in one batch.
    assert len(trips) <= 3, trips


def test_a_members_search_is_four_round_trips(member_client):
    url = "/search/?q=OLR+decide"
    member_client.get(url)
    with counted_round_trips() as trips:
        page = member_client.get(url)
    assert page.status_code == 200 and "What does the OLR decide" in page.content.decode()
    # The ranking and the topic options come together; the list's HTML is keyed on the scores
    # read fresh, so it is one more.
    assert len(trips) <= 4, trips
