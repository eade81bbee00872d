"""The account pages speak like the rest of the site: sentence case in titles, headings and
buttons (allauth's own templates say "Reset My Password"; templates/allauth/elements fix it)."""

import re

import pytest

from taro.templatetags.shell import sentence_case

HEADINGS = re.compile(r"<(?:title|h1|h2|button)\b[^>]*>\s*([^<]+?)\s*<", re.S)


def title_case_words(text: str) -> list[str]:
    words = text.replace("·", " ").split()[1:]
    return [
        w for w in words if w[:1].isupper() and w not in {"Taro", "Amazon", "I"} and not w.isupper()
    ]


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_signed_out_account_pages_are_in_sentence_case(client, url):
    texts = HEADINGS.findall(client.get(url).content.decode())
    assert texts and all(not title_case_words(t) for t in texts), texts


@pytest.mark.parametrize("url", ["/accounts/email/", "/accounts/password/change/"])
def test_signed_in_account_pages_are_in_sentence_case(client, make_user, url):
    client.force_login(make_user())
    texts = HEADINGS.findall(client.get(url).content.decode())
    assert texts and all(not title_case_words(t) for t in texts), texts


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Reset My Password", "Reset my password"),
        ("Sign In to Taro", "Sign in to Taro"),
        ("Add TOTP Code", "Add TOTP code"),
        ("Log in", "Log in"),
    ],
)
def test_sentence_case(given, expected):
    assert sentence_case(given) == expected
