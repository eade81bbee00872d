"""Under every Redis fault the site survives, an acknowledged write is seen by every reader within
two seconds, and no request waits for the fault to end.

Two gunicorn workers with production settings serve the test database, with a redis-server of
this module's own (started afresh for each test, on a free port: the machine's shared Redis is
never paused). Readers read the thread and the question list until each worker holds them (its
near cache, taro/nearcache.py); then the fault; then the question's title is edited through the
service (committed: the edit is acknowledged when the service returns); then readers read both
pages on new connections (either worker answers) for a few seconds, past the fault's end. From
two seconds after the acknowledgement every read must show the new title, and every request
must be answered within REQUEST_BOUND_SECONDS.

What failed before (issue #24, 7): with CLIENT PAUSE the writer's updates of the version mirror
timed out and were dropped, and the old number stayed in Redis for its minute-long TTL, so the
old title was served for ~55 s; and a request during a pause waited up to 5 s.
"""

import contextlib
import http.client
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from forum import services
from taro import redisconn
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[2]
OLD_TITLE = "Which title do readers see while Redis misbehaves?"
NEW_TITLE = "Renamed during the fault: is the new name shown?"
VISIBLE_WITHIN_SECONDS = 2.0
REQUEST_BOUND_SECONDS = 1.5
FAULT_SECONDS = 3  # how long a pause, a sleep or a stop lasts
WATCH_UNTIL_SECONDS = FAULT_SECONDS + 3  # reads go on this long after the acknowledgement

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def redis_port():
    return free_port()


@pytest.fixture
def redis_server(redis_port):
    server = RedisServer(redis_port)
    server.start()
    cache = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    # The writer (this process) writes to the same Redis as the workers.
    with override_settings(CACHES=cache):
        yield server
    server.stop()
    redisconn.reset()


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, redis_port):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "taro.settings",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        # The workers read and write the same keys as this process, the writer (settings_test's
        # prefix): otherwise the writer's new versions would land where no worker looks.
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
    }
    env.pop("DEBUG", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "taro.wsgi:application", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "gunicorn exited"
            with contextlib.suppress(OSError):
                if get(port, "/healthz")[0] == 200:
                    break
            time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def get(port: int, path: str) -> tuple[int, str, str]:
    """One request on a new connection (either worker may take it): status, body, Location."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode(), response.getheader("Location") or ""
    finally:
        conn.close()


def title_read(port: int, path: str) -> tuple[str, float]:
    """Which title a reader of `path` ends up seeing ("old", "new"; redirects followed), and how
    long the slowest request took."""
    slowest = 0.0
    for _ in range(3):
        started = time.monotonic()
        status, body, location = get(port, path)
        slowest = max(slowest, time.monotonic() - started)
        if status in (301, 302):
            path = location
            continue
        assert status == 200, (path, status, body[:500])
        body = body.replace("&#x27;", "'")
        shown = {NEW_TITLE in body, OLD_TITLE in body}
        assert shown != {False}, f"{path} shows neither title"
        return ("new" if NEW_TITLE in body and OLD_TITLE not in body else "old"), slowest
    # Old and new slug sending readers to each other: one worker still has the old version.
    return "old", slowest


@pytest.fixture
def question(make_question):
    return make_question(title=OLD_TITLE)


def warm(port: int, paths: list[str]) -> None:
    """Each worker renders, stores and then holds the pages (reads on new connections)."""
    for _ in range(8):
        for path in paths:
            assert title_read(port, path)[0] == "old"


def edit_title(question) -> float:
    """The title edited and acknowledged (the service returned after its commit); returns when."""
    services.edit_question(
        editor=question.author,
        question=question,
        title=NEW_TITLE,
        body_source=question.body_source,
        topics=list(question.topics.all()),
    )
    return time.monotonic()


def read_until_settled(port: int, paths: list[str], acknowledged: float, until: float) -> dict:
    """Read every path until `until`; the reads that saw the old title more than
    VISIBLE_WITHIN_SECONDS after the acknowledgement, the last read that saw it, and the
    slowest request."""
    stale_after_bound, slowest, reads, last_stale = [], 0.0, 0, None
    while time.monotonic() < until:
        for path in paths:
            started = time.monotonic()
            seen, took = title_read(port, path)
            reads += 1
            slowest = max(slowest, took)
            if seen == "old":
                last_stale = round(started - acknowledged, 2)
                if started > acknowledged + VISIBLE_WITHIN_SECONDS:
                    stale_after_bound.append((path, last_stale))
        time.sleep(0.05)
    return {
        "stale after the bound": stale_after_bound,
        "last stale read": last_stale,
        "slowest": round(slowest, 3),
        "reads": reads,
    }


# The faults: each a context manager around the write, given the server ---------------------


@contextlib.contextmanager
def pause(server, mode="ALL"):
    server.client().execute_command("CLIENT", "PAUSE", FAULT_SECONDS * 1000, mode)
    yield


@contextlib.contextmanager
def pause_writes(server):
    with pause(server, "WRITE"):
        yield


@contextlib.contextmanager
def sleep(server):
    # DEBUG SLEEP blocks the whole server; its own reply comes when it wakes.
    replies = []

    def sleep_and_reply():
        replies.append(
            server.client(FAULT_SECONDS + 5).execute_command("DEBUG", "SLEEP", FAULT_SECONDS)
        )

    sleeper = threading.Thread(target=sleep_and_reply)
    sleeper.start()
    time.sleep(0.1)
    yield
    sleeper.join()
    assert replies == [b"OK"]


@contextlib.contextmanager
def killed_connections(server):
    control = server.client()
    control.client_kill_filter(_type="normal", skipme=True)
    yield
    control.client_kill_filter(_type="normal", skipme=True)


@contextlib.contextmanager
def restart(server):
    server.stop()
    yield
    server.start()  # empty: no persistence


@contextlib.contextmanager
def flush(server):
    server.client().flushall()
    yield


@contextlib.contextmanager
def eviction(server):
    """Memory full with least-recently-used eviction (production's policy): any key, a version
    mirror included, may go at any write."""
    control = server.client()
    used = control.info("memory")["used_memory"]
    control.config_set("maxmemory-policy", "allkeys-lru")
    control.config_set("maxmemory", used + 200_000)
    for number in range(400):
        control.set(f"filler:{number}", "x" * 2000)
    yield


@contextlib.contextmanager
def out_of_memory(server):
    """Memory full and nothing may be evicted: every write is refused (OOM)."""
    control = server.client()
    control.config_set("maxmemory-policy", "noeviction")
    control.config_set("maxmemory", 1)
    yield
    control.config_set("maxmemory", 0)


@contextlib.contextmanager
def dropped_packets(server):
    """The server accepts connections (the kernel does) and never answers, as behind a network
    that drops packets: the process is stopped, then continued."""
    server.process.send_signal(signal.SIGSTOP)
    timer = threading.Timer(FAULT_SECONDS, server.process.send_signal, [signal.SIGCONT])
    timer.start()
    yield
    timer.join()


FAULTS = [
    pause,
    pause_writes,
    sleep,
    killed_connections,
    restart,
    flush,
    eviction,
    out_of_memory,
    dropped_packets,
]


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.__name__ for fault in FAULTS])
def test_an_acknowledged_edit_is_seen_within_two_seconds_whatever_redis_does(
    fault, redis_server, gunicorn, question
):
    paths = [question.get_absolute_url(), "/questions/"]
    warm(gunicorn, paths)
    with fault(redis_server):
        started = time.monotonic()
        acknowledged = edit_title(question)
        # The writer waits one short timeout at most, then tells PostgreSQL (taro/generation.py).
        assert acknowledged - started < REQUEST_BOUND_SECONDS
        seen = read_until_settled(
            gunicorn, paths, acknowledged, until=acknowledged + WATCH_UNTIL_SECONDS
        )
    print(fault.__name__, seen)  # how long readers saw the old title, for the record (-s)
    assert seen["stale after the bound"] == [], seen
    assert seen["slowest"] < REQUEST_BOUND_SECONDS, seen
    # Still right once the fault is over (the old mirror of a pause came back with Redis).
    seen = read_until_settled(gunicorn, paths, acknowledged, until=time.monotonic() + 1.5)
    assert seen["stale after the bound"] == [] and seen["reads"] > 0, seen
    # And the site is served from the cache again.
    assert redis_server.client().dbsize() > 0


def test_requests_during_a_pause_wait_one_short_timeout_not_the_pause(redis_server, gunicorn):
    # Catches: a client that waits for Redis as long as it is paused, or that retries a timed-out
    # command (redis-py's default), or that meets the timeout once per cache access.
    paths = ["/", "/questions/", "/guides/"]
    for path in paths:
        get(gunicorn, path)
    redis_server.client().execute_command("CLIENT", "PAUSE", 5000, "ALL")
    slowest = 0.0
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        for path in paths:
            started = time.monotonic()
            assert get(gunicorn, path)[0] == 200
            slowest = max(slowest, time.monotonic() - started)
    assert slowest < REQUEST_BOUND_SECONDS
