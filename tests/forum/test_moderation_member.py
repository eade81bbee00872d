"""The member page moderators act from (/moderation/users/<name>/), and the queue's links to it."""

from datetime import timedelta

from django.utils import timezone

from forum import moderation
from forum.models import ModerationAction, Suspension


def test_moderators_see_a_members_posts_flags_and_actions(
    client, make_user, make_question, make_answer, django_assert_max_num_queries
):
    staff, member = make_user("mod", staff=True), make_user("rowdy")
    public = make_question(member, title="A public question about promotion timing")
    secret = make_question(member, title="An anonymous question about a PIP", anonymous=True)
    answer = make_answer(make_question(), member)
    moderation.flag_post(reporter=make_user(), post=answer, reason="spam", note="Links to a shop")
    moderation.hide_post(moderator=staff, post=public, reason="Off-topic rant")

    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get("/moderation/users/rowdy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert public.title in html and secret.title in html  # hidden and anonymous posts too
    assert "anonymous</span>" in html and "hidden or deleted" in html
    assert "Links to a shop" in html and "Spam or advertising" in html
    assert "Hid post" in html and "Off-topic rant" in html
    assert "Not suspended." in html and 'name="ends_on"' in html


def test_suspend_and_lift_from_the_member_page(client, make_user):
    staff, member = make_user("mod", staff=True), make_user("rowdy")
    client.force_login(staff)
    data = {"action": "suspend", "reason": "Spam links.", "ends_on": "2099-12-11"}
    assert "Suspend rowdy?" in client.post("/moderation/users/rowdy/", data).content.decode()
    response = client.post("/moderation/users/rowdy/", {**data, "confirmed": "1"})
    assert response.status_code == 302 and response["Location"] == "/moderation/users/rowdy/"
    html = client.get("/moderation/users/rowdy/").content.decode()
    assert "Suspended until 11 Dec 2099, 00:00 UTC" in html and "Lift the suspension" in html

    response = client.post("/moderation/users/rowdy/", {"action": "unsuspend", "reason": "ok"})
    assert response.status_code == 302
    assert not Suspension.objects.filter(user=member, lifted_at__isnull=True).exists()
    kinds = list(ModerationAction.objects.filter(target_user=member).values_list("kind", flat=True))
    assert sorted(kinds) == ["suspend", "unsuspend"]


def test_only_moderators_reach_the_member_page(client, make_user):
    make_user("rowdy")
    assert client.get("/moderation/users/rowdy/").status_code == 302  # to the login page
    client.force_login(make_user("curious"))
    assert client.get("/moderation/users/rowdy/").status_code == 403
    assert client.post("/moderation/users/rowdy/", {"action": "suspend"}).status_code == 403
    client.force_login(make_user(staff=True))
    assert client.get("/moderation/users/nobody/").status_code == 404


def test_the_queue_says_who_is_already_suspended_and_links_members(
    client, make_user, make_question
):
    staff, member = make_user("mod", staff=True), make_user("rowdy")
    question = make_question(member)
    moderation.flag_post(reporter=make_user(), post=question, reason="spam", note="")
    ends = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7)
    moderation.suspend_user(moderator=staff, user=member, reason="Spam", ends_at=ends)
    client.force_login(staff)
    html = client.get("/moderation/").content.decode()
    assert f"already suspended until {ends.day} {ends:%b %Y}, 00:00 UTC" in html
    assert "1 earlier action" in html
    assert html.count('href="/moderation/users/rowdy/"') >= 3  # the item, the list, the audit row
    assert 'name="action" value="suspend"' not in html  # no second suspension offered


def test_profiles_link_to_the_member_page_for_moderators_only(client, make_user):
    make_user("rowdy")
    client.force_login(make_user("curious"))
    assert "/moderation/users/rowdy/" not in client.get("/users/rowdy/").content.decode()
    client.force_login(make_user(staff=True))
    assert "/moderation/users/rowdy/" in client.get("/users/rowdy/").content.decode()
