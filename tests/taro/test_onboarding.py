"""The first-login step: new members are asked for their role badge (company and position) once,
can skip it, and go back to where they were going; nobody else is ever sent there."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taro.models import Profile

pytestmark = pytest.mark.django_db

PAGE = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


def sign_up_and_confirm(client, username="newbie"):
    response = client.post(
        "/accounts/signup/",
        {
            "email": f"{username}@example.com",
            "username": username,
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body)
    assert client.post(link.group(1)).status_code == 302  # confirms and logs in
    return get_user_model().objects.get(username=username)


def test_signup_then_first_page_asks_for_the_badge_and_returns_to_next(client, position):
    user = sign_up_and_confirm(client)
    assert Profile.objects.get(user=user).needs_onboarding
    response = client.get("/questions/?sort=new", **PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/welcome/?next=/questions/%3Fsort%3Dnew"
    page = client.get(response["Location"], **PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your role badge: company and position" in html and "verified mark" in html
    assert "Skip for now" in html
    chosen = position("SDE 2")
    saved = client.post(
        "/welcome/", {"position": str(chosen.pk), "next": "/questions/?sort=new"}, **PAGE
    )
    assert saved.status_code == 302 and saved["Location"] == "/questions/?sort=new"
    profile = Profile.objects.get(user=user)
    assert profile.position == chosen and not profile.needs_onboarding
    assert client.get("/questions/", **PAGE).status_code == 200  # not asked again


def test_skip_keeps_no_badge_and_stops_asking(client):
    user = sign_up_and_confirm(client, "skipper")
    response = client.post("/welcome/", {"skip": "1", "next": "/guides/"}, **PAGE)
    assert response.status_code == 302 and response["Location"] == "/guides/"
    profile = Profile.objects.get(user=user)
    assert profile.position is None and not profile.needs_onboarding
    assert client.get("/", **PAGE).status_code == 200
    # A later login does not ask again either.
    client.logout()
    client.force_login(user)
    assert client.get("/", **PAGE).status_code == 200


def test_still_asked_after_logging_in_again_until_set_or_skipped(client):
    user = sign_up_and_confirm(client, "later")
    client.logout()
    client.force_login(user)
    response = client.get("/guides/", **PAGE)
    assert response.status_code == 302 and response["Location"] == "/welcome/?next=/guides/"


def test_saving_without_a_position_is_refused_with_a_message(client):
    sign_up_and_confirm(client, "emptyform")
    response = client.post("/welcome/", {"position": "", "next": "/"}, **PAGE)
    assert response.status_code == 400
    assert "Choose a position, or skip" in response.content.decode()


def test_next_must_be_a_local_path(client):
    sign_up_and_confirm(client, "offsite")
    response = client.post("/welcome/", {"skip": "1", "next": "https://evil.example/"}, **PAGE)
    assert response["Location"] == "/"
    response = client.get("/welcome/?next=//evil.example/", **PAGE)
    assert response["Location"] == "/"  # already done: straight to the safe target


def test_json_posts_accounts_and_settings_are_never_redirected(client):
    sign_up_and_confirm(client, "busy")
    assert client.get("/accounts/email/", **PAGE).status_code == 200
    assert client.get("/settings/profile/", **PAGE).status_code == 200
    similar = client.get("/questions/similar/?title=promotion", HTTP_ACCEPT="application/json")
    assert similar.status_code == 200
    assert client.post("/questions/preview/", {"body": "hi"}).status_code == 200


def test_setting_the_badge_in_profile_settings_ends_the_step(client, position):
    user = sign_up_and_confirm(client, "settler")
    client.post(
        "/settings/profile/",
        {
            "display_name": "",
            "position": str(position("SDE 1").pk),
            "bio_source": "",
            "email_preference": "each",
        },
    )
    assert not Profile.objects.get(user=user).needs_onboarding
    response = client.get("/", **PAGE)
    assert response.status_code == 302  # the session still says so: the step lets them through
    assert client.get(response["Location"], **PAGE)["Location"] == "/"
    assert client.get("/", **PAGE).status_code == 200


def test_people_who_are_done_pay_no_query_for_the_check(client, make_user, settings):
    # Existing accounts (and everyone made without signing up) are never asked, and the check
    # reads only the session: a page runs the same queries with the middleware as without it.
    user = make_user()
    client.force_login(user)

    def queries_for_a_page():
        client.get("/questions/", **PAGE)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/questions/", **PAGE).status_code == 200
        return len(queries)

    with_check = queries_for_a_page()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "Onboarding" not in m]
    assert queries_for_a_page() == with_check
