"""Every response says how it may be kept (Cache-Control), and only pages that carry no secret
are compressed: pages shared by anonymous readers are public for a minute and sent gzipped (from
their first render on); signed-in pages, forms with a CSRF token, pages with a message and errors
are `private, no-store` and sent as they are (see the README, "HTML compression")."""

import gzip

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

from taro.middleware import CacheControlMiddleware

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60"
PRIVATE = "private, no-store"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def private(response) -> bool:
    """Kept by nobody: ours, or never_cache (allauth's forms, /healthz), which says more."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


@pytest.fixture
def key_pages(make_question, make_answer):
    call_command("sync_guides", verbosity=0)
    question = make_question(title="Which pages may a browser keep?")
    make_answer(question)
    return [
        "/",
        "/questions/",
        question.get_absolute_url(),
        "/guides/performance-review/",
        "/search/?q=promotion",
    ]


def test_anonymous_key_pages_are_public_for_a_minute_and_gzipped(key_pages):
    for url in key_pages:
        for attempt in ("first render", "from the cache"):
            response = Client(**GZIP).get(url)
            assert response.status_code == 200, (url, attempt)
            assert response["Cache-Control"] == PUBLIC, (url, attempt)
            assert response["Content-Encoding"] == "gzip", (url, attempt)
            vary = response["Vary"]
            assert "Accept-Encoding" in vary and "Cookie" in vary, (url, attempt)
            html = gzip.decompress(response.content).decode()
            assert "csrfmiddlewaretoken" not in html and "</html>" in html
            assert not response.cookies
        plain = Client().get(url)  # a client that doesn't accept gzip gets plain HTML
        assert not plain.has_header("Content-Encoding") and b"</html>" in plain.content
        assert plain["Cache-Control"] == PUBLIC


def test_signed_in_pages_are_private_and_not_compressed(client, make_user, key_pages):
    client.force_login(make_user())
    for url in [*key_pages, "/notifications/", "/settings/profile/"]:
        for _ in range(2):
            response = client.get(url, **GZIP)
            assert response.status_code == 200, url
            assert private(response), url
            assert not response.has_header("Content-Encoding"), url


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_anonymous_forms_with_a_token_are_private_and_not_compressed(url):
    response = Client(**GZIP).get(url)
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    assert private(response) and not response.has_header("Content-Encoding")


def test_a_page_with_a_message_is_not_shared(client, make_question, make_user):
    question = make_question()
    client.get(question.get_absolute_url())  # stored for anonymous readers
    client.force_login(make_user())
    client.post("/accounts/logout/")  # leaves "You have signed out." for the next page
    response = client.get(question.get_absolute_url(), **GZIP)
    assert private(response) and not response.has_header("Content-Encoding")


@pytest.mark.parametrize("url", ["/healthz", "/no-such-page/", "/questions/999999/x/"])
def test_other_responses_are_private(url):
    response = Client(**GZIP).get(url)
    assert private(response)


def test_a_response_that_sets_a_cookie_is_never_public():
    def view(request):
        response = HttpResponse("hello")
        response["Cache-Control"] = PUBLIC
        response.set_cookie("someone", "value")
        return response

    response = CacheControlMiddleware(view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == PRIVATE
    kept = CacheControlMiddleware(
        lambda request: HttpResponse(headers={"Cache-Control": "no-cache"})
    )
    assert kept(RequestFactory().get("/"))["Cache-Control"] == "no-cache"
