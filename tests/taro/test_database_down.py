"""PostgreSQL refusing connections: pages answer 503 with Retry-After (as /healthz does), not a
500; other errors still get the 500 page. The database is really unreachable here: the
connection is pointed at a local port where nothing listens."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client


@contextmanager
def refusing_database(django_db_blocker):
    """The default connection, closed and pointed at a port that refuses connections."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connecting is refused
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed.getsockname()[1]))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
            closed.close()


@pytest.mark.parametrize("path", ["/", "/questions/", "/guides/", "/users/somebody/"])
def test_pages_answer_503_with_retry_after_when_postgresql_refuses(django_db_blocker, path):
    client = Client(raise_request_exception=False)
    with refusing_database(django_db_blocker):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Taro is briefly unavailable" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_visitor_gets_the_503_page_too(django_db_blocker):
    """A session cookie makes the session and the user load first, before any view runs."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "k" * 32
    with refusing_database(django_db_blocker):
        response = client.get("/settings/profile/")
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_healthz_says_503_on_the_same_outage(django_db_blocker):
    with refusing_database(django_db_blocker):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM no_such_table",  # a bug: ProgrammingError
        "SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)",  # OperationalError 57014
    ],
)
def test_queries_that_fail_for_their_own_reasons_are_still_500(rf, sql):
    """Only an unreachable database is an outage: a query that fails on a working connection
    gets Django's 500 page, without Retry-After."""
    from django.db import DatabaseError, transaction

    from taro.views import server_error

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        response = server_error(rf.get("/questions/"))
    assert response.status_code == 500 and "Retry-After" not in response
