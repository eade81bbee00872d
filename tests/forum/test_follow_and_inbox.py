"""Following a question (without bookmarking it), the inbox grouped per thread, a thread's
notifications read when it is opened, and the unfollow link in the email."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Bookmark, Follow, Notification
from forum.notifications.outbox import send_each_event

pytestmark = pytest.mark.django_db


def follow(client, question, action="follow"):
    return client.post(f"/questions/{question.pk}/follow/", {"action": action})


def test_follow_and_unfollow_without_bookmarking(client, make_question, make_user):
    question = make_question()
    reader = make_user()
    client.force_login(reader)
    response = follow(client, question)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert Follow.objects.filter(user=reader, question=question).exists()
    assert not Bookmark.objects.exists()
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'value="unfollow"' in page and ">Following</button>" in page
    follow(client, question)  # twice: still one row
    assert Follow.objects.count() == 1
    follow(client, question, "unfollow")
    assert not Follow.objects.exists()
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'value="follow"' in page and ">Follow</button>" in page


def test_follow_needs_login_post_and_a_visible_question(client, make_question, make_user):
    from forum.models import Question

    question = make_question()
    assert follow(client, question).status_code == 302  # to the login page
    assert not Follow.objects.exists()
    client.force_login(make_user())
    assert client.get(f"/questions/{question.pk}/follow/").status_code == 405
    Question.objects.filter(pk=question.pk).update(is_deleted=True)
    assert follow(client, question).status_code == 404
    assert follow(client, type("Q", (), {"pk": 999999})()).status_code == 404
    assert not Follow.objects.exists()


def test_followers_hear_of_new_answers_once_each(make_question, make_answer, make_user):
    asker, follower, both = make_user(), make_user(), make_user()
    question = make_question(asker)
    Follow.objects.create(user=follower, question=question)
    Follow.objects.create(user=both, question=question)
    Bookmark.objects.create(user=both, question=question)
    Follow.objects.create(user=asker, question=question)
    make_answer(question)
    # Every row, not a dict of them: a member who bookmarked *and* follows must get one
    # notification (and one email) for one answer, and a dict would hide the second.
    assert sorted(Notification.objects.values_list("recipient_id", "kind")) == sorted(
        [(asker.pk, "new_answer"), (follower.pk, "follow_answer"), (both.pk, "bookmark_answer")]
    )
    send_each_event()
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        [asker.email, follower.email, both.email]
    )
    make_answer(question, follower)  # never of your own answer
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_the_email_to_a_follower_has_a_working_unfollow_link(make_question, make_answer, make_user):
    follower = make_user()
    question = make_question()
    Follow.objects.create(user=follower, question=question)
    make_answer(question)
    send_each_event()
    [email] = [m for m in mail.outbox if m.to == [follower.email]]
    assert email.subject.startswith("New answer on a question you follow")
    link = re.search(r"https?://[^/\s]+(/email/unfollow/[^\s]+/)", email.body).group(1)
    assert "Stop following this question" in email.alternatives[0][0]
    anonymous = Client()
    page = anonymous.get(link)  # a GET (a mail scanner) changes nothing
    assert page.status_code == 200 and question.title in page.content.decode()
    assert Follow.objects.filter(user=follower).exists()
    done = anonymous.post(link)
    assert done.status_code == 200 and "no longer follow" in done.content.decode()
    assert not Follow.objects.filter(user=follower).exists()
    assert anonymous.post(link[:-3] + "xx/").status_code == 400  # tampered
    # Other kinds of email carry no unfollow link.
    mail.outbox.clear()
    make_answer(question)
    send_each_event()
    assert all("/email/unfollow/" not in m.body for m in mail.outbox)


def test_the_daily_digest_carries_the_unfollow_link_too(make_question, make_answer, make_user):
    from forum.notifications.digest import send_digests
    from taro.models import Profile

    follower = make_user()
    Profile.objects.filter(user=follower).update(email_preference="digest")
    question = make_question()
    Follow.objects.create(user=follower, question=question)
    make_answer(question)
    send_digests()
    [email] = [m for m in mail.outbox if m.to == [follower.email]]
    assert "Stop following this question: " in email.body
    assert "/email/unfollow/" in email.alternatives[0][0]


def test_inbox_groups_a_threads_notifications_into_one_item(
    client, make_question, make_answer, make_user
):
    asker = make_user()
    busy, quiet = make_question(asker, title="Busy thread title"), make_question(asker)
    for _ in range(3):
        make_answer(busy)
    make_answer(quiet)
    client.force_login(asker)
    response = client.get("/notifications/")
    html = response.content.decode()
    groups = response.context["notifications"]
    assert [g.question_id for g in groups] == [quiet.pk, busy.pk]  # newest thread first
    assert [(g.in_thread, g.unread_in_thread) for g in groups] == [(1, 1), (3, 3)]
    assert html.count('class="notification notification--unread"') == 2
    assert "and 2 earlier updates" in html and "3 new" in html
    # "Mark as read" on a group reads that thread only.
    client.post("/notifications/read/", {"question": busy.pk})
    assert Notification.objects.filter(question=busy, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(question=quiet, read_at__isnull=True).count() == 1


def test_inbox_query_count_does_not_grow_with_notifications(
    client, make_question, make_answer, make_user
):
    asker = make_user()
    client.force_login(asker)

    def inbox_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        return len(queries)

    question = make_question(asker)
    make_answer(question)
    few = inbox_queries()
    for _ in range(2):  # three questions: the daily limit
        make_answer(make_question(asker))
        make_answer(question)
        make_answer(question)
    assert inbox_queries() == few


def test_opening_a_thread_marks_its_notifications_read_and_only_its_own(
    client, make_question, make_answer, make_user
):
    asker = make_user()
    opened, other = make_question(asker), make_question(asker)
    make_answer(opened)
    make_answer(opened)
    make_answer(other)
    client.force_login(asker)
    page = client.get("/questions/").content.decode()
    assert "3 unread" in page  # the header's bell on every page
    thread = client.get(opened.get_absolute_url()).content.decode()
    assert "Notifications, 1 unread" in thread  # the bell on the thread itself already agrees
    assert not Notification.objects.filter(question=opened, read_at__isnull=True).exists()
    assert Notification.objects.filter(question=other, read_at__isnull=True).count() == 1
    page = client.get("/guides/").content.decode()
    assert "1 unread" in page


def test_opening_a_thread_with_nothing_unread_writes_nothing(
    client, make_question, make_answer, make_user
):
    asker = make_user()
    question = make_question(asker)
    make_answer(question)
    client.force_login(asker)
    client.get(question.get_absolute_url())  # reads the notification
    client.get(question.get_absolute_url())  # warm caches
    with CaptureQueriesContext(connection) as queries:
        client.get(question.get_absolute_url())
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert not [q for q in queries if "forum_notification" in q["sql"] and "SET" in q["sql"]]


def test_someone_elses_thread_id_reads_nothing_of_theirs(
    client, make_question, make_answer, make_user
):
    asker, stranger = make_user(), make_user()
    question = make_question(asker)
    make_answer(question)
    client.force_login(stranger)
    client.post("/notifications/read/", {"question": question.pk})
    client.get(question.get_absolute_url())
    assert Notification.objects.get(recipient=asker).read_at is None
    assert client.post("/notifications/read/", {"question": "x"}).status_code == 302


def test_bookmarks_are_linked_from_the_menu_the_message_and_the_profile(
    client, make_question, make_user
):
    user = make_user("saver")
    question = make_question()
    client.force_login(user)
    assert 'href="/bookmarks/"' in client.get("/").content.decode()  # account menu
    response = client.post(f"/questions/{question.pk}/bookmark/", {"action": "add"}, follow=True)
    assert 'Saved to <a href="/bookmarks/">your bookmarks</a>.' in response.content.decode()
    profile = client.get("/users/saver/").content.decode()
    assert profile.count('href="/bookmarks/"') >= 2  # the menu and the profile's own link
    other = client.get(f"/users/{question.author.username}/").content.decode()
    assert other.count('href="/bookmarks/"') == 1  # only the menu on someone else's
