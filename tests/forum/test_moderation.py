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
        data = {"action": action, "reason": "test", "confirmed": "1"}
        assert client.post(f"/moderation/questions/{question.pk}/", data).status_code == 302
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
        {"action": "suspend", "reason": "Repeated spam", "ends_on": "2099-01-01", "confirmed": "1"},
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
        # Bad input is a 4xx on the member's page, the problem beside its field and what was
        # typed still there (it was a redirect, 302).
        response = client.post("/moderation/users/target/", data)
        html = response.content.decode()
        assert response.status_code == 400 and 'class="error"' in html
        assert f'value="{data["reason"]}"' in html or not data["reason"]
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


def test_hiding_asks_first_on_a_page_that_needs_no_javascript(client, make_question, make_user):
    question = make_question(title="A question a moderator may hide")
    client.force_login(make_user(staff=True))
    url = f"/moderation/questions/{question.pk}/"
    first = client.post(url, {"action": "hide", "reason": "Off topic <b>", "back": "post"})
    html = first.content.decode()
    assert first.status_code == 200 and "Hide this question?" in html
    assert "A question a moderator may hide" in html and "Off topic &lt;b&gt;" in html
    # The page repeats the request as a plain form, with confirmed=1, and cancels back to the post.
    assert f'action="{url}"' in html and 'name="confirmed" value="1"' in html
    assert 'name="back" value="post"' in html
    assert 'name="reason" value="Off topic &lt;b&gt;"' in html
    assert f'href="{question.get_absolute_url()}">Cancel' in html
    assert not Question.objects.get(pk=question.pk).is_deleted
    assert not ModerationAction.objects.exists()
    second = client.post(
        url, {"action": "hide", "reason": "Off topic <b>", "back": "post", "confirmed": "1"}
    )
    assert second.status_code == 302 and second["Location"] == question.get_absolute_url()
    assert Question.objects.get(pk=question.pk).is_deleted
    assert ModerationAction.objects.get().reason == "Off topic <b>"


def test_hiding_an_answer_from_the_queue_cancels_back_to_the_queue(
    client, make_question, make_answer, make_user
):
    answer = make_answer(make_question(title="Where the answer lives"))
    client.force_login(make_user(staff=True))
    page = client.post(f"/moderation/answers/{answer.pk}/", {"action": "hide"})
    html = page.content.decode()
    assert "Hide this answer?" in html and "Answer on “Where the answer lives”" in html
    assert 'href="/moderation/">Cancel' in html and not ModerationAction.objects.exists()


def test_only_hiding_is_confirmed_first_among_post_actions(client, make_question, make_user):
    # Lock, unlock, dismiss and restore are undone in one click: no second step.
    question = make_question()
    client.force_login(make_user(staff=True))
    for action in ("lock", "unlock", "dismiss"):
        response = client.post(f"/moderation/questions/{question.pk}/", {"action": action})
        assert response.status_code == 302
    assert ModerationAction.objects.count() == 3


def test_suspending_asks_first_and_shows_the_reason_and_end(client, make_user):
    from forum.models import Suspension

    make_user("rowdy")
    client.force_login(make_user(staff=True))
    data = {"action": "suspend", "reason": "Spam links", "ends_on": "2099-03-04"}
    first = client.post("/moderation/users/rowdy/", data)
    html = first.content.decode()
    assert first.status_code == 200 and "Suspend rowdy?" in html
    assert "Spam links" in html and "4 Mar 2099, 00:00 UTC" in html
    assert 'name="ends_on" value="2099-03-04"' in html and 'name="confirmed" value="1"' in html
    assert not Suspension.objects.exists() and not ModerationAction.objects.exists()
    assert client.post("/moderation/users/rowdy/", {**data, "confirmed": "1"}).status_code == 302
    suspension = Suspension.objects.get(user__username="rowdy")
    assert f"{suspension.ends_at:%Y-%m-%d}" == "2099-03-04" and suspension.reason == "Spam links"


def test_suspension_refused_before_the_confirmation_step(client, make_user):
    make_user("other_mod", staff=True)
    client.force_login(make_user(staff=True))
    response = client.post("/moderation/users/other_mod/", {"action": "suspend", "reason": "r"})
    html = response.content.decode()
    assert response.status_code == 403 and "can’t suspend other moderators" in html
    assert "Suspend other_mod?" not in html


def test_lock_is_offered_to_staff_on_every_question(client, make_question, make_user):
    question = make_question()  # never flagged
    url, lock_url = question.get_absolute_url(), f"/moderation/questions/{question.pk}/"
    client.force_login(make_user())
    assert lock_url not in client.get(url).content.decode()
    client.force_login(make_user(staff=True))
    html = client.get(url).content.decode()
    assert f'action="{lock_url}"' in html and 'value="lock">Lock</button>' in html
    response = client.post(lock_url, {"action": "lock", "back": "post"})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()  # the thread's version moved: the block is fresh
    assert 'value="unlock">Unlock</button>' in html
    assert Question.objects.get(pk=question.pk).is_locked


def test_staff_hide_someone_elses_post_from_the_thread_through_the_confirmation(
    client, make_question, make_answer, make_user
):
    question = make_question(title="A thread a moderator reads")
    answer = make_answer(question)
    staff = make_user(staff=True)
    client.force_login(staff)
    html = client.get(question.get_absolute_url()).content.decode()
    # Someone else's posts offer Hide (the moderation step), not the one-click Delete.
    for post in (question, answer):
        assert f'action="{post.urls.moderate}"' in html
        assert f'action="{post.urls.delete}"' not in html
    assert html.count('value="hide">Hide</button>') == 2
    page = client.post(answer.urls.moderate, {"action": "hide", "back": "post"})
    assert page.status_code == 200 and "Hide this answer?" in page.content.decode()
    assert not ModerationAction.objects.exists()
    confirmed = {"action": "hide", "back": "post", "confirmed": "1"}
    again = client.post(answer.urls.moderate, confirmed)  # no reason: the author would see none
    assert again.status_code == 400 and "Give a reason" in again.content.decode()
    assert not ModerationAction.objects.exists()
    done = client.post(answer.urls.moderate, {**confirmed, "reason": "Spam"})
    assert done.status_code == 302 and done["Location"] == answer.get_absolute_url()
    # Their own post: still Delete.
    own = make_question(staff, title="A question the moderator asked")
    html = client.get(own.get_absolute_url()).content.decode()
    assert f'action="{own.urls.delete}"' in html
