"""Each worker's near cache (taro/nearcache.py): pages served with no round trip while the
worker holds them, and never once Redis has said a version moved, whoever moved it."""

import time

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from forum import services
from taro import nearcache, versions
from tests.redis_trips import counted_round_trips

pytestmark = pytest.mark.django_db


@pytest.fixture
def near():
    found = nearcache.near_cache()
    assert found is not None, "the suite runs with Redis"
    found.close()  # a watch of this test's own, holding nothing yet
    yield found
    found.close()


def answer_committed(author, question, body: str, capture_on_commit) -> None:
    """An answer posted and committed, with what runs after commit (the mirrors' raise) run."""
    with capture_on_commit(execute=True):
        services.post_answer(author=author, question=question, body_source=body, is_anonymous=False)


def other_client():
    """Another connection to the same Redis, as another gunicorn worker would have."""
    return redis.Redis.from_url(settings.REDIS_URL)


def test_a_held_page_is_served_without_a_round_trip(near, client, make_question):
    url = make_question(title="Served from the own memory of the worker").get_absolute_url()
    client.get(url)  # rendered and stored in Redis
    client.get(url)  # read from Redis, now held by this worker
    with counted_round_trips() as trips:
        page = client.get(url)
    assert page.status_code == 200 and "Served from the own memory of the worker" in (
        page.content.decode()
    )
    assert trips == []


def test_a_write_retires_the_held_page_at_once(
    near, client, make_user, make_question, make_answer, django_capture_on_commit_callbacks
):
    question = make_question(title="Who has seen the new answer?")
    url = question.get_absolute_url()
    for _ in range(3):
        client.get(url)
    answer_committed(
        make_user(),
        question,
        "Written after the page was held.",
        django_capture_on_commit_callbacks,
    )
    assert "Written after the page was held." in client.get(url).content.decode()


def test_a_version_moved_by_another_worker_drops_the_numbers_held(near):
    epoch = near.check()
    near.remember(epoch, versions={versions.FORUM: 7}, page=("page@forum7", b"held"), marker="seen")
    assert near.versions([versions.FORUM]) == {versions.FORUM: 7}
    other_client().set(cache.make_key(versions.mirror_key(versions.FORUM)), 8)
    # No wait: Redis writes the message to every watcher in the pass that answers the writer.
    assert near.check() is not None
    assert near.versions([versions.FORUM]) is None  # the next lookup reads 8 from Redis…
    # …and the page keyed on 7 can't be reached by it; pages keyed on versions that didn't move
    # (and the view markers) stay warm while people vote.
    assert near.page("page@forum7") == b"held" and near.marker_seen("seen")


def test_a_members_page_keeps_its_held_parts_when_a_vote_moves_other_versions(
    near, client, make_user, make_question, make_answer, django_capture_on_commit_callbacks
):
    """Only the numbers are dropped: the thread's parts, keyed on the thread's own versions,
    are still served from the worker's memory after a vote on another question."""
    quiet = make_question(title="Nobody votes here")
    make_answer(quiet, body="A quiet answer.")
    url = quiet.get_absolute_url()
    busy = make_answer(make_question(title="Everyone votes here"), body="Voted on.")
    client.force_login(make_user("member"))
    for _ in range(2):
        client.get(url)  # rendered, then read from Redis: held
    with django_capture_on_commit_callbacks(execute=True):
        services.upvote(user=make_user(), post=busy)
    with counted_round_trips() as trips:
        page = client.get(url)
    assert "A quiet answer." in page.content.decode()
    # The session and the versions, read again once: the parts themselves come from memory.
    assert len(trips) == 2, trips


def test_what_is_held_expires_on_its_own_when_no_message_comes(near):
    """A watch that goes quiet without closing (a hung Redis, a dead link nobody noticed) can't
    keep a worker serving what it holds for longer than HELD_SECONDS."""
    epoch = near.check()
    near.remember(epoch, versions={versions.FORUM: 3}, page=("page@forum3", b"held"))
    near.remember(epoch, fragments={"fragment@forum3": "<p>held</p>"})
    assert near.versions([versions.FORUM]) and near.page("page@forum3")
    time.sleep(2.2)  # the promise (docs/architecture.md): two seconds at most
    assert near.versions([versions.FORUM]) is None and near.page("page@forum3") is None
    assert near.fragments(["fragment@forum3"]) == {}


def test_what_was_read_before_a_change_came_in_is_not_held(near):
    epoch = near.check()  # a lookup starts, then reads the versions from Redis…
    other_client().set(cache.make_key(versions.mirror_key(versions.FORUM)), 9)
    near.check()  # …meanwhile another request takes in the change
    near.remember(epoch, versions={versions.FORUM: 8})
    assert near.versions([versions.FORUM]) is None


def test_other_keys_and_other_databases_leave_it_alone_but_a_flush_does_not(near):
    epoch = near.check()
    near.remember(epoch, versions={versions.FORUM: 3}, marker="seen")
    other_client().set(cache.make_key("fragment:unrelated"), 1)
    near.check()
    assert near.versions([versions.FORUM]) == {versions.FORUM: 3}
    cache.clear()
    near.check()
    assert near.versions([versions.FORUM]) is None and not near.marker_seen("seen")
    assert near.page("page@forum3") is None


def test_a_lost_watch_stands_aside_and_comes_back(near, client, make_question, monkeypatch):
    monkeypatch.setattr(nearcache, "WATCH_RETRY_SECONDS", 0)
    url = make_question(title="Read while the watch was cut").get_absolute_url()
    for _ in range(3):
        client.get(url)
    killer = other_client()
    [watch] = [c for c in killer.client_list() if c["name"] == nearcache.watch_name()]
    killer.client_kill_filter(_id=watch["id"])
    assert near.check() is None  # the broken watch is thrown away with all it held
    with counted_round_trips() as trips:
        assert client.get(url).status_code == 200
    assert trips  # served, from Redis
    assert near.check() is not None  # a new watch
    assert near.versions(versions.SITE) is None


def test_no_redis_no_near_cache_and_pages_still_served(client, make_question):
    url = make_question(title="Served with the cache down").get_absolute_url()
    dead = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead):
        near = nearcache.near_cache()
        assert near is not None and near.check() is None
        for _ in range(2):
            assert "Served with the cache down" in client.get(url).content.decode()


def test_a_members_page_takes_its_fragments_from_the_worker_and_still_sees_each_write(
    near, client, make_user, make_question, make_answer, django_capture_on_commit_callbacks
):
    question = make_question(title="Held for members too")
    make_answer(question, body="The first answer.")
    url = question.get_absolute_url()
    client.force_login(make_user("member"))
    client.get(url)  # renders and stores the thread's parts
    client.get(url)  # reads them from Redis: now held
    with counted_round_trips() as trips:
        assert client.get(url).status_code == 200
    # The session and the versions (with the account menu and the reader's state); the
    # thread's parts and related box come from the worker.
    assert len(trips) == 2, trips
    answer_committed(
        make_user(),
        question,
        "A second answer, after the parts were held.",
        django_capture_on_commit_callbacks,
    )
    assert "A second answer, after the parts were held." in client.get(url).content.decode()


def test_only_strings_and_numbers_are_held(near):
    epoch = near.check()
    near.remember(epoch, fragments={"html": "<p>held</p>", "count": 12, "object": {"a": 1}})
    assert near.fragments(["html", "count", "object"]) == {"html": "<p>held</p>", "count": 12}
