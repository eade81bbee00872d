"""The signed-in member's account, profile and unread count come in one query
(forum.members.MemberBackend), and sessions made by allauth's own backend keep working."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.members import MemberBackend, load_member


def test_member_comes_with_profile_and_unread_count_in_one_query(
    make_user, make_question, make_answer
):
    asker = make_user("asker", display_name="Asha")
    question = make_question(asker)
    make_answer(question)
    make_answer(question)
    with CaptureQueriesContext(connection) as queries:
        member = load_member(asker.pk)
        assert member.username == "asker"
        assert member.profile.name == "Asha"
        assert member.profile.position.level == "SDE 1"  # the position is a separate read
        assert member.unread_notifications == 2
    assert len(queries) == 2  # the member, then the position the test asked for
    assert member.check_password("correct horse battery")


def test_unknown_or_malformed_ids_are_nobody(db):
    assert load_member(999_999) is None
    assert load_member("not a number") is None
    assert MemberBackend().get_user(999_999) is None


def test_inactive_accounts_are_not_signed_in(make_user):
    user = make_user()
    user.is_active = False
    user.save()
    assert MemberBackend().get_user(user.pk) is None


def test_the_bell_shows_the_count_loaded_with_the_member(
    client, make_user, make_question, make_answer
):
    asker = make_user()
    make_answer(make_question(asker))
    client.force_login(asker)
    page = client.get("/questions/").content.decode()
    assert "Notifications, 1 unread" in page


def test_a_session_made_by_allauths_own_backend_still_signs_in(client, make_user):
    """Sessions name the backend that logged them in; those from before MemberBackend name
    allauth's, which stays listed."""
    user = make_user("returning")
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.session[BACKEND_SESSION_KEY] == (
        "allauth.account.auth_backends.AuthenticationBackend"
    )
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert page.context["user"].username == "returning"


def test_logging_in_by_username_or_email_goes_through_member_backend(client, make_user):
    user = make_user("byname")
    for login in ("byname", user.email):
        client.logout()
        response = client.post(
            "/accounts/login/", {"login": login, "password": "correct horse battery"}
        )
        assert response.status_code == 302, login
        assert client.session[BACKEND_SESSION_KEY] == "forum.members.MemberBackend"
