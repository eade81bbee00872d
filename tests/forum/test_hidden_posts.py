"""A post moderators hid, as its author lives with it: told why, able to read it and to appeal
(forum/moderation/hidden.py); everyone else still gets a 404."""

from django.core import mail

from forum import moderation
from forum.models import Appeal, ModerationAction, Notification
from forum.moderation.actions import act_on_post


def test_hiding_tells_the_author_who_can_read_it_and_appeal(
    client, make_user, make_question, django_assert_max_num_queries
):
    staff, author = make_user("mod", staff=True), make_user("asker")
    question = make_question(author, title="Is a Focus plan the same as a PIP at Amazon?")
    moderation.hide_post(moderator=staff, post=question, reason="Shares a colleague's name.")

    [note] = Notification.objects.filter(recipient=author, kind="post_hidden")
    assert note.detail == "Shares a colleague's name."
    client.force_login(author)
    inbox = client.get("/notifications/").content.decode()
    assert (
        "Moderators hid your post" in inbox and "Reason: Shares a colleague&#x27;s name." in inbox
    )
    assert f'href="/questions/{question.pk}/hidden/"' in inbox

    # The question's own URL takes its author to the hidden page; the hidden page says why.
    response = client.get(question.get_absolute_url())
    assert (
        response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/hidden/"
    )
    with django_assert_max_num_queries(10):
        page = client.get(f"/questions/{question.pk}/hidden/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hidden by moderators: Shares a colleague&#x27;s name." in html
    assert question.title in html and "Send the appeal" in html

    too_short = client.post(f"/questions/{question.pk}/hidden/", {"message": "pls"})
    assert too_short.status_code == 400 and "pls</textarea>" in too_short.content.decode()
    message = "I removed the name in an edit; the rest is a general question."
    assert client.post(f"/questions/{question.pk}/hidden/", {"message": message}).status_code == 302
    again = client.post(f"/questions/{question.pk}/hidden/", {"message": message + " Again."})
    assert again.status_code == 400 and "You appealed on" in again.content.decode()
    assert Appeal.objects.filter(question=question, resolved_at__isnull=True).count() == 1

    # The appeal is in the queue; restoring the post resolves it.
    client.force_login(staff)
    queue = client.get("/moderation/").content.decode()
    assert "Appeals (1)" in queue and message in queue
    act_on_post(moderator=staff, post=question, action="restore", reason="Name removed")
    assert not Appeal.objects.filter(resolved_at__isnull=True).exists()
    client.force_login(author)
    assert client.get(question.get_absolute_url()).status_code == 200


def test_everyone_else_still_gets_404(client, make_user, make_question, make_answer):
    staff, author = make_user("mod", staff=True), make_user("answerer")
    question = make_question()
    answer = make_answer(question, author)
    moderation.hide_post(moderator=staff, post=answer, reason="Spam")
    url = f"/answers/{answer.pk}/hidden/"
    assert client.get(url).status_code == 302  # signed out: log in first
    client.force_login(make_user("curious"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Let me see it please."}).status_code == 404
    client.force_login(author)
    assert "Hidden by moderators: Spam" in client.get(url).content.decode()
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_post_its_author_deleted_is_not_offered_as_hidden(client, make_user, make_question):
    author = make_user("asker")
    question = make_question(author)
    client.force_login(author)
    client.post(f"/questions/{question.pk}/delete/")
    assert client.get(f"/questions/{question.pk}/hidden/").status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 404


def test_flags_that_hide_a_post_tell_the_author_and_email_them(make_user, make_question):
    author = make_user("asker")
    author.profile.email_preference = "each"
    author.profile.save()
    question = make_question(author)
    for n in range(moderation.AUTO_HIDE_FLAGS):
        moderation.flag_post(
            reporter=make_user(f"flagger{n}"), post=question, reason="spam", note=""
        )
    [note] = Notification.objects.filter(recipient=author, kind="post_hidden")
    assert "Several members flagged it" in note.detail
    auto = ModerationAction.objects.get(kind="auto_hide")
    assert auto.target_user_id == author.pk  # counted on the member page

    from forum.notifications.outbox import send_each_event

    send_each_event()
    [email] = [m for m in mail.outbox if m.to == [author.email]]
    assert email.subject.endswith(f"Your post was hidden: {question.title}")
    assert f"/questions/{question.pk}/hidden/" in email.body


def test_notifications_about_a_post_hidden_since_say_so(
    client, make_user, make_question, make_answer
):
    asker, staff = make_user("asker"), make_user("mod", staff=True)
    question = make_question(asker)
    answer = make_answer(question)
    moderation.hide_post(moderator=staff, post=answer, reason="Spam")
    client.force_login(asker)
    html = client.get("/notifications/").content.decode()
    assert "no longer available" in html
    assert f"#answer-{answer.pk}" not in html


def test_keeping_a_post_hidden_answers_the_appeal(client, make_user, make_question):
    staff, author = make_user("mod", staff=True), make_user("asker")
    question = make_question(author)
    moderation.hide_post(moderator=staff, post=question, reason="Off-topic")
    client.force_login(author)
    client.post(f"/questions/{question.pk}/hidden/", {"message": "It is about promotions."})
    act_on_post(moderator=staff, post=question, action="keep_hidden", reason="Still off-topic")
    html = client.get(f"/questions/{question.pk}/hidden/").content.decode()
    assert "kept the post hidden" in html and "Hidden by moderators: Off-topic" in html
