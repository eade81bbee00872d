"""The weekly capture: opt in with a day (Friday by default), the notification worker sends it
once per chosen week with no work content, one click stops it, and the capture form's answers
become entries under the scopes they were tagged with."""

import datetime
import html as html_lib
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from taro.models import Profile
from workbench import reminders, services
from workbench.models import Entry, Plan

pytestmark = pytest.mark.django_db

SECRET = "ZEBRAQUARTZ7731"


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def member(make_user, add_entry):
    owner = make_user("weekly")
    add_entry(owner, title=f"Secret {SECRET}", did=SECRET, impact=SECRET, scopes=["impact"])
    services.save_peer(owner=owner, name=f"Peer {SECRET}", purpose="promotion")
    services.save_plan(owner=owner, move="sde1-sde2", why_now=SECRET, manager_name=SECRET)
    return owner


def test_opt_in_defaults_to_friday_and_can_be_changed(login, member):
    client = login(member)
    page = client.get("/workbench/plan/").content.decode()
    assert re.search(r'<option value="4" selected>Friday</option>', page)
    assert Plan.objects.get(owner=member).reminder_day is None  # opt-in: off until asked
    response = client.post(
        "/workbench/plan/", {"action": "reminder", "reminder_on": "on", "reminder_day": "2"}
    )
    assert response.status_code == 302
    assert Plan.objects.get(owner=member).reminder_day == 2
    response = client.post("/workbench/plan/", {"action": "reminder", "reminder_day": "9"})
    assert response.status_code == 400 and "Pick a day of the week." in text(response)
    client.post("/workbench/plan/", {"action": "reminder", "reminder_day": "4"})
    assert Plan.objects.get(owner=member).reminder_day is None  # unticked: off


def test_the_worker_sends_it_once_per_chosen_week_without_work_content(member, make_user):
    today = timezone.localdate()
    services.set_reminder(owner=member, day=today.weekday())
    services.set_reminder(owner=make_user("otherday"), day=(today.weekday() + 1) % 7)
    make_user("never")  # no plan, no reminder
    out = StringIO()
    call_command("send_notification_emails", stdout=out)
    assert "Workbench reminders: 1 sent" in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html, str(message.extra_headers)):
        assert SECRET not in part and "Peer" not in part
    assert re.search(r"https?://\S+/workbench/capture/\s", message.body)
    assert "/workbench/capture/" in html
    stop = re.search(r"(https?://\S+/workbench/reminder/stop/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The worker runs every minute: the same week never gets a second one.
    call_command("send_notification_emails", stdout=StringIO())
    assert len(mail.outbox) == 1
    # Last week's doesn't count against this week.
    Plan.objects.filter(owner=member).update(
        reminder_last_sent_on=today - datetime.timedelta(days=7)
    )
    call_command("send_notification_emails", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_over_two_weeks_it_goes_on_the_chosen_day_only(member):
    services.set_reminder(owner=member, day=4)  # Friday
    monday = datetime.date(2026, 11, 2)
    sent_on = []
    for offset in range(14):
        day = monday + datetime.timedelta(days=offset)
        for _ in range(3):  # several worker ticks a day
            if reminders.send_weekly_reminders(today=day).sent:
                sent_on.append(day)
    assert sent_on == [datetime.date(2026, 11, 6), datetime.date(2026, 11, 13)]
    assert len(mail.outbox) == 2


def test_no_reminder_for_people_who_said_no_email(member):
    services.set_reminder(owner=member, day=timezone.localdate().weekday())
    Profile.objects.filter(user=member).update(email_preference=Profile.EmailPreference.NONE)
    assert reminders.send_weekly_reminders().sent == 0
    type(member).objects.filter(pk=member.pk).update(email="")
    Profile.objects.filter(user=member).update(email_preference=Profile.EmailPreference.EACH)
    assert reminders.send_weekly_reminders().sent == 0 and not mail.outbox


def test_one_click_stop_from_the_email(member):
    services.set_reminder(owner=member, day=timezone.localdate().weekday())
    reminders.send_weekly_reminders()
    stop = re.search(r"https?://[^/\s]+(/workbench/reminder/stop/\S+/)", mail.outbox[0].body)
    url = stop.group(1)
    anonymous = Client()
    page = anonymous.get(url)  # a link scanner's GET stops nothing
    assert page.status_code == 200 and "Stop the weekly reminder?" in text(page)
    assert Plan.objects.get(owner=member).reminder_day is not None
    response = anonymous.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF
    assert response.status_code == 200 and "Reminder stopped" in text(response)
    assert Plan.objects.get(owner=member).reminder_day is None
    assert Profile.objects.get(user=member).email_preference != Profile.EmailPreference.NONE
    assert anonymous.post(url[:-3] + "xx/").status_code == 400
    forged = reminders.stop_token(member.pk).replace(":", "x", 1)
    assert anonymous.get(f"/workbench/reminder/stop/{forged}/").status_code == 400


def test_capture_form_makes_entries_under_the_prompt_scopes(login, make_user):
    owner = make_user()
    client = login(owner)
    page = client.get("/workbench/capture/")
    assert page.status_code == 200
    assert page.content.decode().count('class="wb-prompt card"') == 6
    response = client.post(
        "/workbench/capture/",
        {
            "shipped": "The bulk export, behind a flag.",
            "shipped_scope": "execution",
            "moved": "Export time from 40 min to 3 min.",
            "moved_scope": "impact",
            "outside_scope": "scope",
            "clarified_scope": "ambiguity",
            "hard_scope": "complexity",
            "unblocked": "",
            "unblocked_scope": "scope",
        },
    )
    assert response.status_code == 302
    entries = {e.primary_scope: e for e in Entry.objects.filter(owner=owner)}
    assert set(entries) == {"execution", "impact"}
    assert entries["impact"].title == "What number moved: Export time from 40 min to 3 min."
    assert entries["impact"].did_source == "Export time from 40 min to 3 min."
    response = client.post("/workbench/capture/", {"shipped": " ", "shipped_scope": "impact"})
    assert response.status_code == 400 and "Answer at least one prompt" in text(response)
    response = client.post(
        "/workbench/capture/", {"moved": "Kept words", "moved_scope": "charisma"}
    )
    assert response.status_code == 400 and "Kept words" in text(response)
    assert Entry.objects.filter(owner=owner).count() == 2
