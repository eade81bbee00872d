"""A write is visible to every following anonymous request, whichever gunicorn worker answers.

Three gunicorn workers with production settings serve the test database. Every worker first
caches the pages; then the test writes through the services (committed) and reads each page
twenty times on new connections. With a cache or a version kept per process, most of those
reads came from a worker that never heard of the write. Run once with Redis (REDIS_URL) and
once with the production default without it (PostgreSQL's database cache).
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from forum import moderation, services

ROOT = Path(__file__).resolve().parents[2]
READS = 20

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(params=["redis", "database"])
def gunicorn(request, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "taro.settings",
        "CONN_MAX_AGE": "0",
        # Collected into this test's own folder: the working tree's staticfiles/ may be what
        # another run is serving.
        "STATIC_ROOT": str(tmp_path / "static"),
        # The workers read and write the same keys as this suite (settings_test's prefix).
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
        if request.param == "redis"
        else "",
    }
    env.pop("DEBUG", None)
    # Production settings serve static files from the collected manifest, as a deploy does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "taro.wsgi:application",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_ready(port, process)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def get(port: int, path: str) -> tuple[int, str]:
    """One request on a new connection: the kernel hands it to whichever worker accepts first."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def wait_ready(port: int, process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def read_everywhere(port: int, path: str) -> list[tuple[int, str]]:
    return [get(port, path) for _ in range(READS)]


def test_every_worker_serves_each_write_to_the_next_reader(
    gunicorn, make_user, make_question, make_answer
):
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        pytest.fail("the suite must run with a shared cache")
    question = make_question(title="Which worker has seen this answer?")
    make_answer(question, body="The first answer, seen by everyone from the start.")
    thread = question.get_absolute_url()
    for path in (thread, "/questions/"):
        assert all(
            status == 200 for status, _ in read_everywhere(gunicorn, path)
        )  # cached by every worker

    services.post_answer(
        author=make_user(),
        question=question,
        body_source="A second answer, written just now.",
        is_anonymous=False,
    )
    pages = read_everywhere(gunicorn, thread)
    assert all(
        status == 200 and "A second answer, written just now." in html for status, html in pages
    )
    lists = read_everywhere(gunicorn, "/questions/")
    assert all("<strong>2</strong> answers" in html for _, html in lists)

    question.refresh_from_db()
    services.edit_question(
        editor=question.author,
        question=question,
        title="Renamed so every worker must know",
        body_source=question.body_source,
        topics=question.topics.all(),
    )
    renamed = f"/questions/{question.pk}/renamed-so-every-worker-must-know/"
    assert all(
        status == 200 and "Renamed so every worker must know" in html
        for status, html in read_everywhere(gunicorn, renamed)
    )
    assert all(status == 301 for status, _ in read_everywhere(gunicorn, thread))

    answer = question.answers.get(body_source="A second answer, written just now.")
    moderation.hide_post(moderator=make_user(staff=True), post=answer, reason="test")
    assert not any(
        "A second answer, written just now." in html
        for _, html in read_everywhere(gunicorn, renamed)
    )
