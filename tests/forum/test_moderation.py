import pytest

from forum import moderation
from forum.models import Flag, ModerationAction, Question

pytestmark = pytest.mark.django_db


def test_flag_once_per_post_and_three_flags_hide(client, make_question, make_user):
    question = make_question()
    reporters = [make_user() for _ in range(3)]
    client.force_login(reporters[0])
    client.post(f"/questions/{question.pk}/flag/", {"reason": "spam"})
    client.post(f"/questions/{question.pk}/flag/", {"reason": "spam"})
    assert Flag.objects.count() == 1
    for reporter in reporters[1:]:
        client.force_login(reporter)
        client.post(f"/questions/{question.pk}/flag/", {"reason": "off_topic"})
    question.refresh_from_db()
    assert question.is_deleted
    assert ModerationAction.objects.filter(kind="auto_hide").exists()


def test_flag_needs_reason_and_note_for_other(client, make_question, make_user):
    question = make_question()
    client.force_login(make_user())
    client.post(f"/questions/{question.pk}/flag/", {"reason": "bogus"})
    client.post(f"/questions/{question.pk}/flag/", {"reason": "other", "note": ""})
    assert not Flag.objects.exists()


def test_moderation_queue_is_staff_only_and_shows_real_author(
    client, make_question, make_user, django_assert_max_num_queries
):
    secret = make_user("hidden_author")
    question = make_question(secret, anonymous=True)
    moderation.flag_post(reporter=make_user(), post=question, reason="spam", note="")
    client.force_login(make_user())
    assert client.get("/moderation/").status_code == 403
    client.force_login(make_user(staff=True))
    with django_assert_max_num_queries(12):
        html = client.get("/moderation/").content.decode()
    assert "hidden_author" in html and "posted anonymously" in html


def test_moderator_actions_are_audited(client, make_question, make_user):
    question = make_question()
    staff = make_user(staff=True)
    client.force_login(staff)
    for action in ("lock", "hide", "restore", "unlock", "dismiss"):
        assert (
            client.post(
                f"/moderation/questions/{question.pk}/", {"action": action, "reason": "test"}
            ).status_code
            == 302
        )
    kinds = list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["lock", "hide", "restore", "unlock", "dismiss_flags"]
    assert all(a.moderator_id == staff.pk for a in ModerationAction.objects.all())


def test_suspended_user_can_read_but_not_post_vote_or_flag(client, make_question, make_user):
    user = make_user("troublemaker")
    question = make_question()
    staff = make_user(staff=True)
    client.force_login(staff)
    response = client.post(
        "/moderation/users/troublemaker/",
        {"action": "suspend", "reason": "Repeated spam", "ends_on": "2099-01-01"},
    )
    assert response.status_code == 302
    client.force_login(user)
    assert client.get(question.get_absolute_url()).status_code == 200
    ask = client.get("/questions/ask/")
    assert ask.status_code == 403 and "Repeated spam" in ask.content.decode()
    assert client.post(f"/questions/{question.pk}/vote/", {"action": "up"}).status_code == 403
    assert client.post(f"/questions/{question.pk}/flag/", {"reason": "spam"}).status_code == 403
    assert client.post(f"/questions/{question.pk}/answer/", {"body": "x" * 50}).status_code == 403
    client.force_login(staff)
    client.post("/moderation/users/troublemaker/", {"action": "unsuspend"})
    client.force_login(user)
    assert client.get("/questions/ask/").status_code == 200


def test_suspension_bad_input(client, make_user):
    make_user("target")
    client.force_login(make_user(staff=True))
    for data in (
        {"action": "suspend", "reason": ""},
        {"action": "suspend", "reason": "x", "ends_on": "not-a-date"},
        {"action": "suspend", "reason": "x", "ends_on": "2001-01-01"},
    ):
        # Bad input is a 4xx with the reason on the page (it was a redirect, 302).
        response = client.post("/moderation/users/target/", data)
        assert response.status_code == 400 and 'class="message' in response.content.decode()
    assert not ModerationAction.objects.exists()
    assert (
        client.post("/moderation/users/nobody/", {"action": "suspend", "reason": "x"}).status_code
        == 404
    )


def test_locked_question_refuses_answers(make_question, make_user, client):
    question = make_question()
    moderation.set_locked(moderator=make_user(staff=True), question=question, locked=True)
    client.force_login(make_user())
    assert client.post(f"/questions/{question.pk}/answer/", {"body": "y" * 50}).status_code == 403
    assert Question.objects.get(pk=question.pk).is_locked
