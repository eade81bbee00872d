"""Per-client limits and counts key on the real client behind the proxy (TRUSTED_PROXY_COUNT),
and on the socket's peer when no proxy is declared, whatever X-Forwarded-For says."""

import pytest
from django.test import Client, RequestFactory

from forum.viewcounts import flush_pending_views
from taro.clientip import client_ip

ATTACKER, MEMBER = "203.0.113.66", "198.51.100.7"


def request_from(peer: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


@pytest.mark.parametrize(
    "count, peer, forwarded, expected",
    [
        (0, "127.0.0.1", None, "127.0.0.1"),
        (0, "127.0.0.1", ATTACKER, "127.0.0.1"),  # no proxy declared: the header is anyone's
        (1, "127.0.0.1", MEMBER, MEMBER),
        # The client sent its own header; Caddy appended the address it saw: the last one counts.
        (1, "127.0.0.1", f"10.9.9.9, {MEMBER}", MEMBER),
        (2, "127.0.0.1", f"10.9.9.9, {MEMBER}, 192.0.2.1", MEMBER),
        (1, "127.0.0.1", "", "127.0.0.1"),  # reached directly, not through the proxy
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", f"{MEMBER}:51234", MEMBER),
        (1, "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (2, "127.0.0.1", MEMBER, MEMBER),  # fewer entries than proxies: the trusted leftmost
    ],
)
def test_client_ip(settings, count, peer, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(peer, forwarded)) == expected


def test_the_setting_comes_from_the_environment_and_reaches_allauth(settings):
    from taro import settings as production

    assert production.TRUSTED_PROXY_COUNT == 0  # the safe default: the header is ignored
    assert production.ALLAUTH_TRUSTED_PROXY_COUNT == production.TRUSTED_PROXY_COUNT


def test_a_bad_setting_is_refused_at_start_up():
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import taro.settings"],
        env={**os.environ, "TRUSTED_PROXY_COUNT": "one", "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def fail_logins(client: Client, times: int, **headers) -> None:
    for attempt in range(times):
        response = client.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}@example.com", "password": "wrong password"},
            **headers,
        )
        assert response.status_code == 200  # the form again, with its error


def log_in(user, **headers):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "correct horse battery"},
        **headers,
    )
    return response


@pytest.mark.django_db
def test_behind_the_proxy_one_attackers_failures_do_not_lock_out_members(settings, make_user):
    """Eleven failed logins for made-up accounts from one address (allauth: 10/m/ip) lock out
    that address, not every member behind the same proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    member = make_user("lockout_member")
    attacker = Client()
    fail_logins(attacker, 11, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    refused = attacker.post(
        "/accounts/login/",
        {"login": member.email, "password": "correct horse battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert refused.status_code == 429 or "Too many failed login attempts" in (
        refused.content.decode()
    )
    response = log_in(member, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=MEMBER)
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_without_a_declared_proxy_a_spoofed_header_escapes_no_limit(settings, make_user):
    """With TRUSTED_PROXY_COUNT = 0 a client can't pick a new address per attempt by writing
    X-Forwarded-For: its failures count against its real address."""
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client()
    for attempt in range(11):
        attacker.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}@example.com", "password": "wrong password"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    member = make_user("spoof_member")
    refused = log_in(member, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert refused.status_code == 429 or "Too many failed login attempts" in (
        refused.content.decode()
    )
    # Someone else, at another address, is not affected.
    assert log_in(member, REMOTE_ADDR=MEMBER).status_code == 302


@pytest.mark.django_db
def test_views_count_each_visitor_behind_the_proxy(settings, make_question):
    settings.TRUSTED_PROXY_COUNT = 1
    question = make_question()
    url = question.get_absolute_url()
    for address in (MEMBER, ATTACKER, MEMBER):  # same browser, two people
        Client(HTTP_USER_AGENT="same browser").get(
            url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address
        )
    flush_pending_views()
    question.refresh_from_db()
    assert question.view_count == 2


@pytest.mark.django_db
def test_without_a_declared_proxy_a_spoofed_header_adds_no_views(settings, make_question):
    settings.TRUSTED_PROXY_COUNT = 0
    question = make_question()
    url = question.get_absolute_url()
    for fake in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        Client(HTTP_USER_AGENT="same browser").get(
            url, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=fake
        )
    flush_pending_views()
    question.refresh_from_db()
    assert question.view_count == 1
