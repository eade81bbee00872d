"""Every write checks its own rule, and bad input to a form is a message and a 4xx, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied

from forum import moderation, services
from forum.models import Flag, ModerationAction, Notification, Suspension

pytestmark = pytest.mark.django_db


def test_writes_refuse_who_may_not_do_them(make_user, make_question, make_answer, amazon, topics):
    question = make_question()
    answer = make_answer(question)
    with pytest.raises(PermissionDenied):
        services.upvote(user=question.author, post=question)
    with pytest.raises(PermissionDenied):
        services.ask_question(
            author=make_user(verified=False),
            company=amazon,
            title="An unconfirmed person asks",
            topics=[topics["pip"]],
            body_source="A body long enough for the forms.",
            is_anonymous=False,
        )
    with pytest.raises(PermissionDenied):
        services.edit_answer(editor=make_user(), answer=answer, body_source="Not my words at all.")
    with pytest.raises(PermissionDenied):
        moderation.hide_post(moderator=make_user(), post=answer, reason="not a moderator")
    with pytest.raises(PermissionDenied):
        moderation.flag_post(reporter=answer.author, post=answer, reason=Flag.Reason.SPAM, note="")
    with pytest.raises(PermissionDenied):
        moderation.suspend_user(
            moderator=make_user(staff=True), user=make_user(staff=True), reason="no"
        )
    with pytest.raises(PermissionDenied):  # only the asker accepts
        services.accept_answer(user=answer.author, answer=answer)
    with pytest.raises(PermissionDenied):
        services.unaccept_answer(user=make_user(), answer=answer)
    with pytest.raises(PermissionDenied):  # only its author (or a moderator) deletes a post
        services.delete_post(user=make_user(), post=answer)
    answer.refresh_from_db()
    assert not answer.is_deleted and not answer.is_accepted
    assert not Flag.objects.exists() and not Suspension.objects.exists()


@pytest.mark.parametrize("data", [{}, {"action": "explode"}, {"action": "lock"}])
def test_bad_moderation_action_is_a_400_with_a_message(
    client, make_user, make_question, make_answer, data
):
    answer = make_answer(make_question())
    client.force_login(make_user(staff=True))
    response = client.post(f"/moderation/answers/{answer.pk}/", data)
    assert response.status_code == 400
    assert "moderation action" in response.content.decode() or "locked" in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_moderators_cannot_suspend_moderators(client, make_user):
    make_user("other_moderator", staff=True)
    client.force_login(make_user(staff=True))
    data = {"action": "suspend", "reason": "r"}
    response = client.post("/moderation/users/other_moderator/", data, follow=True)
    assert "can’t suspend other moderators" in response.content.decode()
    assert not Suspension.objects.exists()


@pytest.mark.parametrize("bad_id", ["abc", "1e3", str(10**30) + "x"])
def test_marking_a_notification_with_a_bad_id_is_a_message(
    client, make_question, make_answer, bad_id
):
    question = make_question()
    make_answer(question)
    client.force_login(question.author)
    response = client.post("/notifications/read/", {"id": bad_id}, follow=True)
    assert response.status_code == 200 and "doesn’t exist" in response.content.decode()
    assert Notification.objects.get().read_at is None
