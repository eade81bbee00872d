"""Notification email: the outbox drained by `send_notification_emails`, exactly once, never
leaking anonymity."""

import re
import smtplib
import threading
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from forum import services
from forum.models import Notification
from forum.notifications import outbox as mail
from taro.models import Profile

pytestmark = pytest.mark.django_db

SITE_URL = "https://taro.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def run(*args) -> str:
    out = StringIO()
    call_command("send_notification_emails", *args, stdout=out)
    return out.getvalue()


def set_preference(user, preference):
    Profile.objects.filter(user=user).update(email_preference=preference)


def html_part(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def unsubscribe_path(message) -> str:
    url = re.search(r"Unsubscribe from all notification emails: (\S+)", message.body).group(1)
    assert url.startswith(SITE_URL + "/email/unsubscribe/")
    return url.removeprefix(SITE_URL)


# Each event, exactly once ---------------------------------------------------------------------


def new_answer_to_asker(make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(asker)
    return asker, question, make_answer(question), "New answer to: "


def accepted_to_answerer(make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question)
    services.accept_answer(user=answer.question.author, answer=answer)
    Notification.objects.exclude(kind=Notification.Kind.ANSWER_ACCEPTED).update(
        emailed_at=timezone.now()
    )
    return answer.author, question, answer, "Your answer was accepted: "


def new_answer_to_bookmarker(make_user, make_question, make_answer):
    question, reader = make_question(), make_user()
    services.bookmark_question(user=reader, question=question)
    answer = make_answer(question)
    Notification.objects.exclude(recipient=reader).update(emailed_at=timezone.now())
    return reader, question, answer, "New answer on a question you saved: "


def staff_edit_to_author(make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question)
    Notification.objects.update(emailed_at=timezone.now())
    services.edit_answer(
        editor=make_user(staff=True),
        answer=answer,
        body_source="Tidied up by a moderator, same advice.",
    )
    return answer.author, question, answer, "A moderator edited your post: "


@pytest.mark.parametrize(
    "event",
    [new_answer_to_asker, accepted_to_answerer, new_answer_to_bookmarker, staff_edit_to_author],
    ids=lambda f: f.__name__,
)
def test_each_event_is_emailed_exactly_once(
    event, make_user, make_question, make_answer, mailoutbox
):
    recipient, question, answer, subject_prefix = event(make_user, make_question, make_answer)
    run()
    run()
    [message] = mailoutbox
    assert message.to == [recipient.email]
    assert message.subject == subject_prefix + question.title
    link = f"{SITE_URL}{question.get_absolute_url()}#answer-{answer.pk}"
    assert link in message.body and f'href="{link}"' in html_part(message)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_email_has_one_click_unsubscribe_headers(make_question, make_answer, mailoutbox):
    make_answer(make_question())
    run()
    [message] = mailoutbox
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE_URL}{unsubscribe_path(message)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_own_actions_are_never_emailed(make_user, make_question, make_answer, mailoutbox):
    asker = make_user()
    question = make_question(asker)
    services.bookmark_question(user=asker, question=question)
    make_answer(question, asker)
    run()
    assert mailoutbox == []


def test_a_deleted_post_is_not_emailed(make_question, make_answer, mailoutbox):
    answer = make_answer(make_question())
    services.delete_post(user=answer.author, post=answer)
    assert "1 closed without mail" in run()
    assert mailoutbox == [] and not Notification.objects.filter(emailed_at__isnull=True).exists()


# Preferences ------------------------------------------------------------------------------------


def test_digest_groups_all_events_into_one_email(make_user, make_question, make_answer, mailoutbox):
    asker = make_user()
    set_preference(asker, Profile.EmailPreference.DIGEST)
    first, second = make_question(asker), make_question(asker)
    make_answer(first), make_answer(first), make_answer(second)
    run()
    assert mailoutbox == []  # the per-event worker leaves digest readers alone
    run("--digest")
    run("--digest")
    [digest] = mailoutbox
    assert digest.to == [asker.email] and digest.subject == "Your Taro digest: 3 updates"
    assert digest.body.count("answered your question") == 3
    assert (
        first.title in digest.body
        and second.title in digest.body
        and second.title in html_part(digest)
    )


def test_digest_is_one_email_per_recipient(make_user, make_question, make_answer, mailoutbox):
    readers = [make_user(), make_user()]
    for reader in readers:
        set_preference(reader, Profile.EmailPreference.DIGEST)
        make_answer(make_question(reader))
        make_answer(make_question(reader))
    assert "2 sent" in run("--digest")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)


def test_preference_none_is_never_emailed_even_after_switching(
    make_user, make_question, make_answer, mailoutbox
):
    asker = make_user()
    set_preference(asker, Profile.EmailPreference.NONE)
    make_answer(make_question(asker))
    run()
    run("--digest")
    set_preference(asker, Profile.EmailPreference.EACH)
    run()
    assert mailoutbox == []


def test_dry_run_sends_nothing(make_question, make_answer, mailoutbox):
    make_answer(make_question())
    assert "1 for 'each'" in run("--dry-run")
    assert mailoutbox == [] and Notification.objects.filter(emailed_at__isnull=True).count() == 1


# Unsubscribe ------------------------------------------------------------------------------------


@pytest.fixture
def emailed_asker(make_user, make_question, make_answer, mailoutbox):
    asker = make_user()
    make_answer(make_question(asker))
    run()
    return asker, unsubscribe_path(mailoutbox[0])


def preference_of(user) -> str:
    return Profile.objects.get(user=user).email_preference


def test_unsubscribe_link_works_logged_out(client, emailed_asker):
    asker, path = emailed_asker
    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe</button>" in page.content
    assert preference_of(asker) == "each"  # a GET (a link scanner) changes nothing
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == path
    assert preference_of(asker) == "none"
    assert "You’re unsubscribed" in client.get(path).content.decode()


def test_one_click_unsubscribe_answers_200(client, emailed_asker):
    asker, path = emailed_asker
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and preference_of(asker) == "none"


@pytest.mark.parametrize(
    "mangle",
    [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t, lambda t: "not-a-token"],
    ids=["signature", "payload", "garbage"],
)
def test_tampered_unsubscribe_token_is_400(client, emailed_asker, mangle):
    asker, path = emailed_asker
    token = path.split("/")[-2]
    bad_path = f"/email/unsubscribe/{mangle(token)}/"
    for response in (client.get(bad_path), client.post(bad_path)):
        assert response.status_code == 400
        assert "This unsubscribe link isn’t valid" in response.content.decode()
    assert preference_of(asker) == "each"


def test_token_for_another_purpose_is_refused(client, make_user):
    from django.core import signing

    user = make_user()
    forged = signing.dumps(user.pk, salt="some.other.salt")
    assert client.post(f"/email/unsubscribe/{forged}/").status_code == 400
    assert preference_of(user) == "each"


# Failures and retries ---------------------------------------------------------------------------


def smtp_down(self, messages):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_smtp_failure_keeps_the_row_and_the_next_run_sends_it(
    monkeypatch, make_question, make_answer, mailoutbox
):
    make_answer(make_question())
    with monkeypatch.context() as patch:
        patch.setattr(LocmemBackend, "send_messages", smtp_down)
        assert "1 failed" in run()
    assert Notification.objects.get().emailed_at is None
    assert "1 sent" in run()
    assert len(mailoutbox) == 1 and Notification.objects.get().emailed_at is not None


def test_a_broken_mail_server_never_breaks_posting(
    monkeypatch, client, make_user, make_question, mailoutbox
):
    monkeypatch.setattr(LocmemBackend, "send_messages", smtp_down)
    question = make_question()
    client.force_login(make_user())
    response = client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "Posting works while mail is down, and it waits."},
    )
    assert response.status_code == 302
    assert Notification.objects.filter(question=question, emailed_at__isnull=True).count() == 1


def test_a_run_gives_up_after_repeated_failures(monkeypatch, make_user, make_question, make_answer):
    attempts = []

    def count_and_fail(self, messages):
        attempts.append(1)
        smtp_down(self, messages)

    for _ in range(mail.MAX_CONSECUTIVE_FAILURES + 2):
        make_answer(make_question())
    monkeypatch.setattr(LocmemBackend, "send_messages", count_and_fail)
    run()
    assert len(attempts) == mail.MAX_CONSECUTIVE_FAILURES
    assert (
        Notification.objects.filter(emailed_at__isnull=True).count()
        == mail.MAX_CONSECUTIVE_FAILURES + 2
    )


def test_a_failed_digest_is_retried_whole(
    monkeypatch, make_user, make_question, make_answer, mailoutbox
):
    asker = make_user()
    set_preference(asker, Profile.EmailPreference.DIGEST)
    question = make_question(asker)
    make_answer(question), make_answer(question)
    with monkeypatch.context() as patch:
        patch.setattr(LocmemBackend, "send_messages", smtp_down)
        run("--digest")
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    run("--digest")
    [digest] = mailoutbox
    assert digest.subject == "Your Taro digest: 2 updates"


def in_own_connection(work):
    """Run `work` in a thread, so on its own connection and committed at once."""
    results = []

    def target():
        try:
            results.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return results[0] if results else None


def test_two_workers_at_once_mail_each_event_once(
    monkeypatch, make_user, make_question, make_answer, mailoutbox
):
    # Workers need committed rows to race on. They are committed from threads and deleted at the
    # end, instead of a transactional test whose flush would wipe the migrated seed data for later
    # tests.
    answers = in_own_connection(lambda: [make_answer(make_question()) for _ in range(6)])
    user_ids = [a.author_id for a in answers] + [a.question.author_id for a in answers]
    real_send = LocmemBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.05)  # hold the row lock long enough for the other workers to reach it
        return real_send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", slow_send)
    try:
        workers = [
            threading.Thread(target=in_own_connection, args=(mail.send_each_event,))
            for _ in range(3)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        recipients = sorted(Notification.objects.values_list("recipient__email", flat=True))
        assert len(recipients) == 6 and sorted(m.to[0] for m in django_mail.outbox) == recipients
        assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    finally:
        in_own_connection(lambda: get_user_model().objects.filter(pk__in=user_ids).delete())


# Anonymity --------------------------------------------------------------------------------------


def test_anonymous_answer_email_never_names_the_answerer(
    make_user, make_question, make_answer, mailoutbox
):
    asker = make_user()
    secret = make_user("secretanswerer", level="SDE 2", display_name="Priya Secretname")
    make_answer(make_question(asker), secret, anonymous=True)
    run()
    [message] = mailoutbox
    for text in (message.subject, message.body, html_part(message)):
        assert "secretanswerer" not in text.lower() and "Secretname" not in text
    assert "Anonymous · SDE 2 at Amazon answered your question" in message.body


def test_anonymous_asker_is_not_revealed_when_accepting(
    make_user, make_question, make_answer, mailoutbox
):
    hidden = make_user("hiddenasker", display_name="Hidden Asker")
    question = make_question(hidden, anonymous=True)
    answer = make_answer(question)
    services.accept_answer(user=answer.question.author, answer=answer)
    run()
    [message] = [m for m in mailoutbox if m.to == [answer.author.email]]
    for text in (message.body, html_part(message)):
        assert "hiddenasker" not in text.lower() and "Hidden Asker" not in text
    assert "Anonymous · SDE 1 at Amazon accepted your answer" in message.body


def test_html_part_escapes_the_title(make_user, make_question, make_answer, mailoutbox):
    asker = make_user()
    question = make_question(
        asker, title="Is <b>HV2</b> & a <script>alert(1)</script> raise normal?"
    )
    make_answer(question)
    run()
    [message] = mailoutbox
    assert "<script>" not in html_part(message) and "&lt;script&gt;" in html_part(message)
    assert question.title in message.body  # the text part is plain text, not HTML


# The worker loop --------------------------------------------------------------------------------


def test_loop_drains_until_stopped(monkeypatch, make_question, make_answer, mailoutbox):
    from forum.notifications import worker as command
    from taro import worker as loop  # the signal-aware loop the worker runs in

    class OneTick(threading.Event):
        def wait(self, timeout=None):
            self.set()  # stop after the first drain instead of sleeping
            return True

    monkeypatch.setattr(loop.threading, "Event", OneTick)
    monkeypatch.setattr(loop.signal, "signal", lambda *args: None)
    monkeypatch.setattr(
        command, "close_old_connections", lambda: None
    )  # it would end the test's transaction
    make_answer(make_question())
    assert "1 sent" in run("--loop", "30")
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("args", [("--loop", "0"), ("--digest", "--loop", "60")])
def test_bad_loop_options_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
