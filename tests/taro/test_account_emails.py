"""Account emails (allauth's) name the site and link to it as settings say, like notification
emails: never the Host a request came in on, nor the Sites framework's "example.com"."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

SITE_URL = "https://taro.example"
ODD_HOST = "127.0.0.1:8301"  # a request's Host, allowed but not the site's address
LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def only_site_links(message) -> list[str]:
    links = LINK.findall(message.body)
    assert links and all(link.startswith(SITE_URL + "/") for link in links), links
    for text in (message.subject, message.body):
        assert "127.0.0.1" not in text and "example.com" not in text and "testserver" not in text
    return [link.removeprefix(SITE_URL) for link in links]


def test_signup_confirmation_names_the_site_from_settings(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@amazon.com",
            "username": "newcomer",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
        HTTP_HOST=ODD_HOST,
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject.startswith("[Taro] ")
    assert "Hello from Taro!" in message.body and "taro.example" in message.body
    [path] = [p for p in only_site_links(message) if "/confirm-email/" in p]
    assert client.post(path).status_code == 302  # the link works on the site
    assert client.get("/settings/profile/").status_code == 200


def test_a_reset_for_an_unknown_address_links_to_signup_on_the_site(client):
    client.post("/accounts/password/reset/", {"email": "unknown@amazon.com"}, HTTP_HOST=ODD_HOST)
    [unknown] = mail.outbox
    assert any(p.startswith("/accounts/signup/") for p in only_site_links(unknown))


def test_password_reset_key_link_works(client, make_user):
    user = make_user("forgetful")
    client.post("/accounts/password/reset/", {"email": user.email}, HTTP_HOST=ODD_HOST)
    [message] = mail.outbox
    assert message.subject.startswith("[Taro] ")
    [path] = [p for p in LINK.findall(message.body) if "/password/reset/key/" in p]
    assert path.startswith(SITE_URL + "/accounts/password/reset/key/")
    assert client.get(path.removeprefix(SITE_URL)).status_code in (200, 302)
    assert "127.0.0.1" not in message.body and "Taro" in message.body
