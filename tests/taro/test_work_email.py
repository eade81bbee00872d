"""Verifying the company with a separate work email that Taro never keeps (taro/workemail.py)."""

import logging
import re
import subprocess

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from taro import workemail
from taro.models import Profile, WorkEmailProof

WORK = "Priya.Kumar@Amazon.com"


def link_in(message) -> str:
    return re.search(r"https?://\S+/settings/company/confirm/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def send(client, address=WORK):
    return client.post(reverse("company_settings"), {"address": address})


def verify(client, address=WORK):
    assert send(client, address).status_code == 302
    path = path_of(link_in(mail.outbox[-1]))
    assert client.get(path).status_code == 200  # a page with a button: mail scanners only GET
    return client.post(path)


@pytest.fixture
def member(make_user, client):
    user = make_user("priya", level="SDE 2")  # signs in with a personal address
    client.force_login(user)
    return user


def test_a_member_verifies_with_a_separate_work_email(client, member):
    assert not member.profile.badge_verified
    response = send(client)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [WORK]
    assert "keyed hash" in message.body
    assert client.get(reverse("company_settings")).content.count(WORK.encode()) == 0

    confirmed = client.post(path_of(link_in(message)))
    assert confirmed.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.verified_company.slug == "amazon"
    assert member.profile.badge_verified
    proof = WorkEmailProof.objects.get(user=member)
    assert proof.address_hash == workemail.hash_address("priya.kumar@amazon.com")
    page = client.get(reverse("company_settings")).content.decode()
    assert "verified for <strong>Amazon</strong>" in page


# Committed, so pg_dump (another connection) sees it; serialized_rollback brings back the seeded
# company and positions that the flush after a transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_address_is_nowhere_in_the_database_the_cache_or_the_logs(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    assert verify(client).status_code == 302
    client.get(reverse("company_settings"))
    client.get(reverse("profile", args=["priya"]))

    dump = subprocess.run(
        ["pg_dump", "--data-only", "--dbname", _database_url()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    proof = WorkEmailProof.objects.get(user=member)
    assert proof.address_hash in dump and "priya@example.com" in dump  # the dump is the real one
    for needle in ("priya.kumar@amazon.com", "priya.kumar"):
        assert needle not in dump.lower()

    client_redis = cache.client.get_client()
    for key in client_redis.scan_iter(count=1000):
        value = client_redis.dump(key) or b""
        assert b"priya.kumar" not in key.lower() and b"priya.kumar" not in value.lower()

    assert "priya.kumar" not in caplog.text.lower()


def _database_url() -> str:
    params = connection.settings_dict
    host = params.get("HOST") or ""
    user = params.get("USER") or "postgres"
    if host.startswith("/"):
        return (
            f"postgresql://{user}@/{params['NAME']}?host={host}&port={params.get('PORT') or 5432}"
        )
    return (
        f"postgresql://{user}@{host or '127.0.0.1'}:{params.get('PORT') or 5432}/{params['NAME']}"
    )


def test_one_address_verifies_one_account(client, member, make_user):
    assert verify(client).status_code == 302
    other = make_user("other")
    client.force_login(other)
    # The link is sent all the same: whether an address is on Taro is told only to its owner.
    response = verify(client, WORK.lower())
    assert response.status_code == 409
    assert "already verifies another Taro account" in response.content.decode()
    assert not WorkEmailProof.objects.filter(user=other).exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "This field is required."),
        ("not an address", "Enter a whole email address"),
        ("me@gmail.com", "Taro can verify addresses at amazon.com only."),
        ("x" * 250 + "@amazon.com", "at most 254 characters"),
    ],
)
def test_bad_addresses_are_400_and_kept(client, member, address, message):
    response = send(client, address)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if address:
        assert f'value="{address}"' in page
    assert mail.outbox == []


def test_links_that_are_tampered_expired_or_for_someone_else_are_refused(
    client, member, make_user, settings
):
    send(client)
    path = path_of(link_in(mail.outbox[-1]))
    tampered = path[:-6] + ("A" if path[-6] != "A" else "B") + path[-5:]
    response = client.post(tampered)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()

    expired = signing.dumps(
        {"u": member.pk, "c": 1, "h": "0" * 64}, salt=workemail.TOKEN_SALT, compress=True
    )
    original = workemail.LINK_MAX_AGE_SECONDS
    workemail.LINK_MAX_AGE_SECONDS = -1
    try:
        response = client.post(reverse("work_email_confirm", args=[expired]))
    finally:
        workemail.LINK_MAX_AGE_SECONDS = original
    assert response.status_code == 400
    assert "expired" in response.content.decode()

    client.force_login(make_user("mallory"))
    assert client.post(path).status_code == 403
    assert not WorkEmailProof.objects.exists()


def test_signed_out_people_are_sent_to_log_in(client):
    for name in ("company_settings", "work_email_remove", "work_email_move"):
        response = client.post(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    token = signing.dumps({"u": 1, "c": 1, "h": "0" * 64}, salt=workemail.TOKEN_SALT)
    response = client.get(reverse("work_email_confirm", args=[token]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_removing_the_verification(client, member):
    verify(client)
    assert client.post(reverse("work_email_remove")).status_code == 302
    assert not WorkEmailProof.objects.filter(user=member).exists()
    assert Profile.objects.get(user=member).verified_company is None
    assert client.get(reverse("work_email_remove")).status_code == 405


def test_sending_is_limited_per_hour(client, member):
    for _ in range(workemail.SENDS_PER_HOUR):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 400
    assert "several links this hour" in response.content.decode()
    assert len(mail.outbox) == workemail.SENDS_PER_HOUR


def test_members_verified_by_an_address_on_file_keep_the_badge_and_can_move(client, make_user):
    user = make_user("legacy", amazon_email=True)  # its login address is at amazon.com
    client.force_login(user)
    assert user.profile.badge_verified
    page = client.get(reverse("company_settings")).content.decode()
    assert "Keep only a hash of your work address" in page and "make it primary first" in page
    refused = client.post(reverse("work_email_move"))
    assert refused.status_code == 400
    assert "also your main email" in refused.content.decode()

    EmailAddress.objects.filter(user=user).update(primary=False)
    EmailAddress.objects.create(user=user, email="legacy@example.org", verified=True, primary=True)
    assert client.post(reverse("work_email_move")).status_code == 302
    assert not EmailAddress.objects.filter(user=user, email__iendswith="@amazon.com").exists()
    proof = WorkEmailProof.objects.get(user=user)
    assert proof.address_hash == workemail.hash_address("legacy@amazon.com")
    assert Profile.objects.get(user=user).badge_verified


def test_pages_query_counts(client, member, django_assert_max_num_queries):
    verify(client)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("company_settings")).status_code == 200
