"""Logging an operator can use: one line per request in production (no personal text), errors
with tracebacks on stderr, each line once, and the notification worker's sends and failures."""

import logging
import os
import re
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client
from django.urls import include, path

from forum.notifications.outbox import send_each_event

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(GET|POST|HEAD) (\S+) (\d{3}) \d+\.\dms user=(\S+)$")


def crash(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("crash/", crash), path("", include("taro.urls"))]


def request_lines(caplog) -> list[tuple[str, ...]]:
    records = [r for r in caplog.records if r.name == "taro.requests"]
    return [LINE.match(r.getMessage()).groups() for r in records]


@pytest.fixture
def requests_logged(caplog):
    caplog.set_level(logging.INFO, logger="taro.requests")
    return caplog


@pytest.mark.django_db
def test_one_line_per_request_for_an_anonymous_reader(client, requests_logged):
    assert client.get("/healthz").status_code == 200
    assert request_lines(requests_logged) == [("GET", "/healthz", "200", "anonymous")]


@pytest.mark.django_db
def test_signed_in_requests_name_the_user_id_and_never_the_search_text(
    client, make_user, login, requests_logged
):
    user = make_user()
    login(user)
    requests_logged.clear()
    client.get("/search/", {"q": "my manager put me on focus"})
    [line] = request_lines(requests_logged)
    assert line == ("GET", "/search/", "200", str(user.pk))
    assert "focus" not in requests_logged.text and user.username not in requests_logged.text


@pytest.mark.django_db
def test_keys_in_paths_are_not_logged(client, requests_logged):
    client.get("/accounts/confirm-email/MTY:1v2Secret:AbCdEf/")
    client.get("/email/unsubscribe/abc.def-Secret-Token/")
    paths = [line[1] for line in request_lines(requests_logged)]
    assert paths == ["/accounts/confirm-email/…/", "/email/unsubscribe/…/"]
    assert "Secret" not in requests_logged.text


@pytest.mark.django_db
def test_an_error_is_logged_with_its_traceback_and_its_request_line(settings, caplog):
    settings.ROOT_URLCONF = __name__
    caplog.set_level(logging.INFO, logger="taro.requests")
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.levelno == logging.ERROR and error.exc_info[0] is RuntimeError
    assert request_lines(caplog) == [("GET", "/crash/", "500", "anonymous")]


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "taro.settings", **env}
    environment.setdefault("SECRET_KEY", "s" * 60)
    script = "import django, logging; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_line_is_printed_once_on_stderr_with_the_traceback(debug):
    """`make run` (DEBUG=1) printed Django's lines twice: Django's own console handler and ours."""
    result = run_django(
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error: /x')\n"
        "logging.getLogger('django.db.backends').warning('a django warning')\n",
        DEBUG=debug,
    )
    assert result.stdout == ""
    assert result.stderr.count("Internal Server Error: /x") == 1, result.stderr
    assert result.stderr.count("Traceback (most recent call last)") == 1
    assert "ZeroDivisionError" in result.stderr
    assert result.stderr.count("a django warning") == 1


def test_make_run_prints_runserver_s_line_for_every_request_once():
    result = run_django(
        "logging.getLogger('django.server').info('\"GET / HTTP/1.1\" 200 1234')\n"
        "logging.getLogger('django.server').warning('\"GET /x HTTP/1.1\" 404 99')\n",
        DEBUG="1",
    )
    assert result.stderr.count('"GET / HTTP/1.1" 200 1234') == 1, result.stderr
    assert result.stderr.count('"GET /x HTTP/1.1" 404 99') == 1, result.stderr
    assert "django.server" not in result.stderr  # Django's own format: "[date] message"


def test_production_logs_requests_and_the_worker_at_info_and_nothing_else_by_default():
    result = run_django(
        "from django.conf import settings\n"
        "for name in ('taro.requests', 'forum.notifications.outbox', 'django', 'taro.views'):\n"
        "    print(name, logging.getLogger(name).getEffectiveLevel())\n",
        DEBUG="0",
    )
    assert result.stdout.split("\n")[:4] == [
        "taro.requests 20",
        "forum.notifications.outbox 20",
        "django 30",
        "taro.views 30",
    ], result.stderr


# The notification worker ----------------------------------------------------------------------


def smtp_down(self, messages):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_the_worker_logs_what_it_sent_and_what_failed(
    monkeypatch, caplog, make_user, make_question, make_answer
):
    caplog.set_level(logging.INFO, logger="forum.notifications")
    asker = make_user()
    answer = make_answer(make_question(asker))
    with monkeypatch.context() as patch:
        patch.setattr(LocmemBackend, "send_messages", smtp_down)
        send_each_event()
    [failed] = [r for r in caplog.records if r.name == "forum.notifications.outbox"]
    assert failed.levelno == logging.WARNING
    assert failed.getMessage().startswith(
        f"Notification email failed, kept for the next run: user={asker.pk} kind=new_answer "
        "notification="
    )
    assert failed.exc_info[0] is smtplib.SMTPServerDisconnected  # the traceback says why
    caplog.clear()
    send_each_event()
    [sent] = [r for r in caplog.records if r.name == "forum.notifications.outbox"]
    assert sent.levelno == logging.INFO
    assert sent.getMessage().startswith(
        f"Notification email sent: user={asker.pk} kind=new_answer notification="
    )
    # No address and no text of the post.
    assert asker.email not in caplog.text and answer.body_source[:20] not in caplog.text
