"""Thread views counted off the request path (forum/viewcounts.py): once per visitor per hour,
anonymous readers served from the page cache included, nothing counted twice and nothing lost
when the worker stops halfway."""

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_redis import get_redis_connection

from forum import viewcounts
from forum.models import Question, ViewBatch
from forum.viewcounts import flush_pending_views
from taro import periodic


def count(question) -> int:
    return Question.objects.get(pk=question.pk).view_count


def visit(url, address: str, agent: str = "phone"):
    response = Client(HTTP_USER_AGENT=agent).get(url, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def test_cached_anonymous_views_count_once_per_visitor_per_hour(
    make_question, django_assert_num_queries
):
    question = make_question()
    url = question.get_absolute_url()
    visit(url, "198.51.100.1")  # renders the page (and mirrors the versions)
    visit(url, "198.51.100.1")  # stores the page for the versions read
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.1"):
        with django_assert_num_queries(0):  # served from the page cache, counted in Redis
            visit(url, address)
    assert count(question) == 0  # nothing written on the request path
    assert flush_pending_views() == 2
    assert count(question) == 2
    visit(url, "198.51.100.1")  # within the hour: not again
    assert flush_pending_views() == 0 and count(question) == 2


def test_a_flush_that_dies_after_its_commit_is_not_counted_twice(make_question):
    question = make_question()
    url = question.get_absolute_url()
    for n in range(3):
        visit(url, f"203.0.113.{n}")
    client = get_redis_connection("default")
    keys = [cache.make_key(viewcounts.PENDING), cache.make_key(viewcounts.BATCH)]
    # The first half of a flush: the batch is taken and applied, then the worker is killed
    # before it deletes the batch from Redis.
    fields = client.eval(viewcounts.TAKE_BATCH, 2, *keys, viewcounts.ID_FIELD, "ab" * 16, 60)
    batch = {fields[i].decode(): fields[i + 1].decode() for i in range(0, len(fields), 2)}
    batch_id = batch.pop(viewcounts.ID_FIELD)
    viewcounts._apply_once(batch_id, {int(k): int(v) for k, v in batch.items()})
    assert count(question) == 3
    visit(url, "203.0.113.9")  # a view that arrives meanwhile waits in a new pending hash

    assert flush_pending_views() == 0  # the restarted worker finds the batch already applied
    assert count(question) == 3 and not client.exists(keys[1])
    assert flush_pending_views() == 1 and count(question) == 4  # and nothing was lost


def test_a_flush_that_dies_before_its_commit_applies_the_batch_next_time(make_question):
    question = make_question()
    url = question.get_absolute_url()
    visit(url, "203.0.113.1")
    visit(url, "203.0.113.2")
    client = get_redis_connection("default")
    keys = [cache.make_key(viewcounts.PENDING), cache.make_key(viewcounts.BATCH)]
    client.eval(viewcounts.TAKE_BATCH, 2, *keys, viewcounts.ID_FIELD, "cd" * 16, 60)  # then killed
    assert count(question) == 0 and not ViewBatch.objects.exists()
    assert flush_pending_views() == 2 and count(question) == 2
    assert ViewBatch.objects.count() == 1


def test_the_worker_moves_views_into_the_database(make_question):
    question = make_question()
    visit(question.get_absolute_url(), "192.0.2.7")
    # What each turn of the per-event worker's loop runs (forum.notifications.worker.tick).
    assert "thread views" in periodic.run_due()
    assert count(question) == 1
    call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # nothing left: no error
    assert count(question) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_readers_and_flushes_lose_and_double_nothing(make_question):
    question = make_question()
    url = question.get_absolute_url()
    readers, start = 12, threading.Barrier(12 + 2)
    errors = []

    def read(n):
        start.wait()
        try:
            visit(url, f"10.9.8.{n}")
        except Exception as problem:  # noqa: BLE001 - reported below
            errors.append(problem)
        finally:
            connection.close()

    def flush():
        start.wait()
        try:
            for _ in range(5):
                flush_pending_views()
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    threads += [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flush_pending_views()
    assert not errors
    assert count(question) == readers
