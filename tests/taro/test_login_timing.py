"""A wrong password takes as long for a registered address as for an unknown one
(ACCOUNT_PREVENT_ENUMERATION holds against a stopwatch too): both paths compute the same number
of password hashes, measured with a real (counting) PBKDF2 hasher and then timed in alternating
pairs."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.test import Client


class CountingPBKDF2(PBKDF2PasswordHasher):
    """Django's PBKDF2 with fewer iterations (a hash still dwarfs the rest of a login), counting
    every hash it computes: checking a password and the dummy hash for unknown accounts."""

    iterations = 120_000
    computed = 0

    def encode(self, password, salt, iterations=None):
        type(self).computed += 1
        return super().encode(password, salt, iterations)


@pytest.fixture
def real_hashing(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingPBKDF2"]


def failed_login(login: str, address: str) -> float:
    cache.clear()  # the attempt must reach the password check, not allauth's throttle
    started = time.perf_counter()
    response = Client().post(
        "/accounts/login/", {"login": login, "password": "not the password"}, REMOTE_ADDR=address
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert "and/or password you specified are not correct." in (response.content.decode())
    return elapsed


def hashes_for(login: str) -> int:
    before = CountingPBKDF2.computed
    failed_login(login, "192.0.2.10")
    return CountingPBKDF2.computed - before


@pytest.mark.django_db
def test_both_paths_compute_the_same_hashes(real_hashing, make_user):
    member = make_user("timing_member")
    registered, unknown = hashes_for(member.email), hashes_for("nobody-here@example.com")
    assert registered == unknown == 2  # one per authentication backend
    assert hashes_for(member.username) == hashes_for("nobody_here") == 2


@pytest.mark.django_db
def test_a_wrong_password_takes_as_long_for_a_registered_address(real_hashing, make_user):
    member = make_user("timing_pairs")
    failed_login(member.email, "192.0.2.1")  # warm up both paths
    failed_login("warm-up@example.com", "192.0.2.1")
    registered, unknown = [], []
    for pair in range(8):  # alternating, so load on the machine falls on both alike
        registered.append(failed_login(member.email, f"192.0.2.{20 + pair}"))
        unknown.append(failed_login(f"nobody{pair}@example.com", f"192.0.2.{40 + pair}"))
    ratio = statistics.median(registered) / statistics.median(unknown)
    # Before the fix: about 2 (four hashes against two).
    assert 0.75 < ratio < 1.3, (registered, unknown)


@pytest.mark.django_db
def test_a_username_that_looks_like_an_address_still_logs_in(make_user):
    from django.contrib.auth import get_user_model

    alias = make_user("email_like_name")
    get_user_model().objects.filter(pk=alias.pk).update(username="alias@example.org")
    response = Client().post(
        "/accounts/login/", {"login": "alias@example.org", "password": "correct horse battery"}
    )
    # The password is accepted (allauth then asks to confirm the address typed, as before).
    assert response.status_code == 302
    assert response["Location"] in ("/", "/accounts/confirm-email/")


@pytest.mark.django_db
def test_members_log_in_by_address_and_by_username(make_user):
    member = make_user("login_both_ways")
    for login in (member.email, member.username):
        response = Client().post(
            "/accounts/login/", {"login": login, "password": "correct horse battery"}
        )
        assert response.status_code == 302 and response["Location"] == "/"
