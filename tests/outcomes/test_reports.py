"""Contributing and withdrawing a report (issue 30): who may, once per cycle, closed values only
(form and database), and nothing that links the row, or the request log, to the person."""

import logging
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from forum.moderation.suspensions import suspend_user
from outcomes.cycles import reportable_cycles
from outcomes.models import Report
from outcomes.tokens import report_token

pytestmark = pytest.mark.django_db
REPORT_URL = "/outcomes/report/"
WITHDRAW_URL = "/outcomes/withdraw/"


def is_checked(response, name: str, value: str) -> bool:
    radio = re.compile(rf'<input type="radio" name="{name}" value="{value}"[^>]*\bchecked\b')
    return bool(radio.search(response.content.decode()))


def test_a_verified_member_submits_one_report_linked_only_by_the_token(client, member, answers):
    response = client.post(REPORT_URL, answers)
    assert response.status_code == 302 and response["Location"] == "/outcomes/"
    report = Report.objects.get()
    cycle = int(answers["cycle"])
    assert (report.cycle, report.level, report.tier, report.manager_changed) == (
        cycle,
        "sde1",
        "high",
        False,
    )
    assert report.token == report_token(member, cycle)
    assert report.made_up is False
    page = client.get("/outcomes/")
    assert f"Withdraw my {cycle} report" in page.content.decode()


def test_the_token_depends_on_the_server_key_and_the_cycle(member, settings):
    this_year, last_year = reportable_cycles()[:2]
    token = report_token(member, this_year)
    assert report_token(member, last_year) != token
    settings.OUTCOMES_TOKEN_KEY = "another server's key"
    assert report_token(member, this_year) != token


def test_report_ids_are_random_not_a_sequence(client, make_user, login, answers):
    for _ in range(3):
        login(make_user(amazon_email=True))
        client.post(REPORT_URL, answers)
    ids = [report.id for report in Report.objects.all()]
    assert len(ids) == 3 and all(report_id.version == 4 for report_id in ids)


def test_a_second_report_for_the_same_cycle_is_refused_and_nothing_stored(client, member, answers):
    client.post(REPORT_URL, answers)
    response = client.post(REPORT_URL, {**answers, "level": "sde2"})
    assert response.status_code == 409
    assert "already contributed a report for the" in response.content.decode()
    assert list(Report.objects.values_list("level", flat=True)) == ["sde1"]
    # What they picked is still on the form.
    assert is_checked(response, "level", "sde2")


def test_the_same_member_may_report_another_cycle(client, member, answers):
    client.post(REPORT_URL, answers)
    client.post(REPORT_URL, {**answers, "cycle": str(reportable_cycles()[1])})
    assert Report.objects.count() == 2


def test_an_anonymous_visitor_is_told_to_sign_in_and_nothing_is_stored(client, answers):
    response = client.post(REPORT_URL, answers)
    assert response.status_code == 403
    assert "Sign in to contribute a report." in response.content.decode()
    assert not Report.objects.exists()


def test_a_member_without_a_verified_company_is_refused(client, make_user, login, answers):
    login(make_user())  # a personal address only
    page = client.get("/outcomes/")
    assert "Only members whose company is verified" in page.content.decode()
    assert 'action="/outcomes/report/"' not in page.content.decode()
    response = client.post(REPORT_URL, answers)
    assert response.status_code == 403
    assert "Only members whose company is verified" in response.content.decode()
    assert not Report.objects.exists()


def test_a_suspended_member_cannot_submit(client, make_user, member, answers):
    moderator = make_user(staff=True)
    suspend_user(moderator=moderator, user=member, reason="Posting confidential documents")
    response = client.post(REPORT_URL, answers)
    assert response.status_code == 403
    assert "suspended" in response.content.decode().lower()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", "sde9"),
        ("tier", "stellar"),
        ("months_in_level", "13"),
        ("providers", "7"),
        ("manager_changed", "maybe"),
        ("outcome", ""),
        ("cycle", "1999"),
        ("cycle", str(timezone.localdate().year - 3)),  # older than the last three
        ("cycle", "not a year"),
    ],
)
def test_out_of_range_values_are_refused_by_the_form(client, member, answers, field, value):
    response = client.post(REPORT_URL, {**answers, field: value})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_missing_answer_keeps_the_others(client, member, answers):
    del answers["focus"]
    response = client.post(REPORT_URL, answers)
    assert response.status_code == 400
    assert is_checked(response, "org", "aws") and is_checked(response, "tier", "high")


VALID_ROW = {
    "token": "a" * 64,
    "cycle": 2025,
    "level": "sde1",
    "org": "aws",
    "tier": "high",
    "promotion": "none",
    "months_in_level": "lt12",
    "providers": "0-3",
    "manager_changed": False,
    "focus": "none",
    "outcome": "stayed",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", "sde9"),
        ("org", "retail"),
        ("tier", "stellar"),
        ("promotion", "maybe"),
        ("months_in_level", "13"),
        ("providers", "7"),
        ("focus", "pip"),
        ("outcome", "fired"),
        ("cycle", 1999),
        ("cycle", 2101),
        ("token", "user-42"),
    ],
)
def test_the_database_refuses_out_of_range_values(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(**{**VALID_ROW, field: value})
    Report.objects.create(**VALID_ROW)  # the same row with valid values is accepted


def test_the_report_table_has_no_column_that_references_a_user_session_or_address():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [Report._meta.db_table],
        )
        columns = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM information_schema.table_constraints "
            "WHERE table_name = %s AND constraint_type = 'FOREIGN KEY'",
            [Report._meta.db_table],
        )
        [foreign_keys] = cursor.fetchone()
    assert foreign_keys == 0
    assert set(columns) == {
        "id",
        "token",
        "cycle",
        "level",
        "org",
        "tier",
        "promotion",
        "months_in_level",
        "providers",
        "manager_changed",
        "focus",
        "outcome",
        "made_up",
    }
    suspicious = re.compile(r"user|account|session|ip|addr|agent|email|created|time|date")
    assert not [name for name in columns if suspicious.search(name)]
    assert columns["id"] == "uuid"  # not a sequence that orders reports by time
    assert not {"timestamp with time zone", "timestamp without time zone", "date"} & set(
        columns.values()
    )


def test_a_member_withdraws_their_own_report_and_no_one_elses(client, make_user, login, answers):
    other = make_user(amazon_email=True)
    login(other)
    client.post(REPORT_URL, answers)
    member = make_user(amazon_email=True)
    login(member)
    client.post(REPORT_URL, answers)
    assert Report.objects.count() == 2

    response = client.post(WITHDRAW_URL, {"cycle": answers["cycle"]}, follow=True)
    assert f"Your report for the {answers['cycle']} cycle is deleted." in response.content.decode()
    assert list(Report.objects.values_list("token", flat=True)) == [
        report_token(other, int(answers["cycle"]))
    ]
    again = client.post(WITHDRAW_URL, {"cycle": answers["cycle"]}, follow=True)
    assert "You had no report for the" in again.content.decode()
    assert Report.objects.count() == 1
    # Withdrawn, the cycle can be reported again.
    assert client.post(REPORT_URL, answers).status_code == 302


def test_withdrawing_needs_a_sign_in_and_a_cycle_on_offer(client, member, answers):
    client.post(REPORT_URL, answers)
    assert client.post(WITHDRAW_URL, {"cycle": "1999"}).status_code == 400
    client.logout()
    assert client.post(WITHDRAW_URL, {"cycle": answers["cycle"]}).status_code == 403
    assert Report.objects.count() == 1


def test_get_on_the_post_urls_is_refused(client, member):
    assert client.get(REPORT_URL).status_code == 405
    assert client.get(WITHDRAW_URL).status_code == 405


def test_posts_without_csrf_are_refused(member, answers):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(REPORT_URL, answers).status_code == 403
    assert not Report.objects.exists()


def test_the_request_log_does_not_say_who_posted_a_report(client, member, answers, caplog):
    caplog.set_level(logging.INFO, logger="taro.requests")
    client.post(REPORT_URL, answers)
    client.post(WITHDRAW_URL, {"cycle": answers["cycle"]})
    lines = [r.getMessage() for r in caplog.records if r.name == "taro.requests"]
    assert [line.split()[:2] for line in lines] == [
        ["POST", REPORT_URL],
        ["POST", WITHDRAW_URL],
    ]
    assert all(line.endswith("user=withheld") for line in lines)
    assert not any(f"user={member.pk}" in line for line in lines)
    # Other pages still name the user (the marking is per request).
    caplog.clear()
    client.get("/settings/profile/")
    assert caplog.records[-1].getMessage().endswith(f"user={member.pk}")


def test_the_form_says_exactly_what_is_stored_before_submitting(client, member):
    page = client.get("/outcomes/").content.decode()
    stored = page.index("Exactly what is stored")
    assert stored < page.index('action="/outcomes/report/"')
    for promise in ("one-way token", "your IP address or browser", "the date or time you sent"):
        assert promise in page


# Threads write on connections of their own, which commit: a transactional test, so the flush
# after it takes their rows away (serialized_rollback brings back the seeded company).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_double_submits_store_one_report(member, answers):
    import threading

    from outcomes import services

    errors, barrier = [], threading.Barrier(2)
    data = {**answers, "manager_changed": False}
    cycle = int(data.pop("cycle"))

    def submit():
        barrier.wait()
        try:
            services.submit_report(user=member, cycle=cycle, answers=data)
        except services.ReportRefused as refused:
            errors.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Report.objects.count() == 1
    assert len(errors) == 1 and "already contributed" in errors[0]


def test_a_suspended_member_is_told_why_and_can_still_withdraw(client, make_user, member, answers):
    client.post(REPORT_URL, answers)
    suspend_user(moderator=make_user(staff=True), user=member, reason="Doxxing")
    page = client.get("/outcomes/").content.decode()
    assert "suspended" in page.lower() and 'action="/outcomes/report/"' not in page
    client.post(WITHDRAW_URL, {"cycle": answers["cycle"]})
    assert not Report.objects.exists()  # withdrawing what is yours is never refused
