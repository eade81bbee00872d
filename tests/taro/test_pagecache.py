"""The page cache's rule of what may be stored and shared (taro/pagecache.py), as unit tests.

A shared page must be the same for every anonymous reader: anything that belongs to one reader
(a CSRF token, a cookie, a pending message) or to a URL we don't store (unknown parameters,
repeated ones, a page marked not canonical) makes the page rendered, never stored.
"""

import gzip
import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import INFO
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from taro import pagecache, versions

PARAMS = ("sort", "page")


def anonymous(method="get", path="/questions/", data=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    "request_of",
    [
        lambda: anonymous(),
        lambda: anonymous("head"),
        lambda: anonymous(data={"sort": "new"}),
        lambda: anonymous(data={"sort": "top", "page": "2"}),
    ],
    ids=["get", "head", "known-parameter", "known-parameters"],
)
def test_anonymous_reads_of_canonical_urls_are_cacheable(request_of):
    assert pagecache.is_cacheable_request(request_of(), PARAMS)


def signed_in():
    request = anonymous()
    request.COOKIES["sessionid"] = "a-session"  # Taro signs people in by session only
    request.user = type("User", (), {"is_authenticated": True})()
    return request


def with_pending_message_in_a_cookie():
    request = anonymous()
    request.COOKIES["messages"] = "stored-by-an-earlier-response"
    request._messages = type("Storage", (), {"__len__": lambda self: 1})()
    return request


def with_pending_message():
    request = anonymous()
    request._messages = CookieStorage(request)
    request._messages.add(INFO, "Your question is live.")
    return request


@pytest.mark.parametrize(
    "request_of",
    [
        lambda: anonymous("post"),
        lambda: anonymous("put"),
        lambda: anonymous(data={"utm_source": "mail"}),
        lambda: anonymous(data={"sort": "new", "x": "1"}),
        lambda: anonymous(path="/questions/?sort=new&sort=top"),
        signed_in,
        with_pending_message,
        with_pending_message_in_a_cookie,
    ],
    ids=[
        "post",
        "put",
        "unknown-parameter",
        "known-and-unknown",
        "repeated-parameter",
        "signed-in",
        "pending-message",
        "message-in-a-cookie",
    ],
)
def test_requests_that_are_not_the_shared_page_are_not_cacheable(request_of):
    assert not pagecache.is_cacheable_request(request_of(), PARAMS)


def test_repeated_parameter_is_refused_even_when_known():
    request = anonymous(path="/questions/?page=2&page=3")
    assert dict(request.GET.lists()) == {"page": ["2", "3"]}
    assert not pagecache.is_cacheable_request(request, PARAMS)


def test_a_plain_200_is_cacheable():
    assert pagecache.is_cacheable_response(anonymous(), HttpResponse("page"))


def csrf_token_issued():
    request = anonymous()
    get_token(request)  # what {% csrf_token %} does when a template renders a form
    return request, HttpResponse("page with a form")


def not_canonical():
    request = anonymous()
    pagecache.skip(request)
    return request, HttpResponse("page 999")


def with_cookie():
    response = HttpResponse("page")
    response.set_cookie("sessionid", "one reader's")
    return anonymous(), response


@pytest.mark.parametrize(
    "case",
    [
        lambda: (anonymous(), HttpResponse("gone", status=404)),
        lambda: (anonymous(), HttpResponse(status=301)),
        lambda: (anonymous(), HttpResponse("oops", status=500)),
        lambda: (anonymous(), HttpResponse("limited", status=429)),
        lambda: (anonymous(), StreamingHttpResponse(iter([b"a", b"b"]))),
        csrf_token_issued,
        not_canonical,
        with_cookie,
    ],
    ids=["404", "301", "500", "429", "streaming", "csrf-token", "not-canonical", "cookie"],
)
def test_responses_that_belong_to_one_reader_or_url_are_not_cacheable(case):
    request, response = case()
    assert not pagecache.is_cacheable_response(request, response)


@pytest.mark.django_db
def test_a_page_that_issued_a_csrf_token_is_rendered_for_every_reader():
    # Through serve_anonymous, as the views use it: the page that issued a token is not stored,
    # so the next reader gets a page (and a token) of their own; a page without one is stored.
    renders = {"form": 0, "plain": 0}

    def serve(kind):
        request = anonymous(path=f"/{kind}/")

        def render():
            renders[kind] += 1
            if kind == "form":
                get_token(request)
            return HttpResponse(f"{kind} {renders[kind]}")

        return pagecache.serve_anonymous(
            request,
            render,
            depends_on=(versions.FORUM,),
            version_key=lambda: versions.key((versions.FORUM,), request=request),
        )

    assert [serve("form").content for _ in range(3)] == [b"form 1", b"form 2", b"form 3"]
    assert [serve("plain").content for _ in range(3)] == [b"plain 1"] * 3
    assert renders == {"form": 3, "plain": 1}


@pytest.mark.django_db
def test_every_view_of_a_cached_anonymous_page_is_free_of_csrf_tokens(client, make_question):
    # The pages anonymous readers share carry no CSRF token (the upvote button is a login link).
    question = make_question()
    for url in ["/", "/questions/", "/topics/promotion/", question.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "csrfmiddlewaretoken" not in html, url
        assert "csrftoken" not in client.cookies, url


def counting_view(path="/counted/"):
    """serve_anonymous for one URL, and how many times it rendered."""
    renders = []
    request_of = {}

    def serve():
        request = anonymous(path=path)
        request_of["last"] = request

        def render():
            renders.append(1)
            return HttpResponse(f"render {len(renders)}")

        return pagecache.serve_anonymous(
            request,
            render,
            depends_on=(versions.FORUM,),
            version_key=lambda: versions.key((versions.FORUM,), request=request),
        )

    return serve, renders


@pytest.mark.django_db
def test_a_stored_page_is_served_when_the_version_mirror_is_cold():
    # After a restart (or a write, which drops the mirrored number until it commits) the
    # versions are read from PostgreSQL: the page stored under them is still served.
    serve, renders = counting_view()
    assert serve().content == b"render 1"
    assert serve().content == b"render 1"
    cache.delete(versions.mirror_key(versions.FORUM))
    assert serve().content == b"render 1"
    assert serve().content == b"render 1"
    assert len(renders) == 1


@pytest.mark.django_db
def test_a_reader_waits_for_the_worker_already_rendering_the_page():
    # Another worker holds the render lock and stores the page 50 ms later: this reader gets
    # that page instead of rendering the same one side by side.
    serve, renders = counting_view("/popular/")
    request = anonymous(path="/popular/")
    key = pagecache.page_key(request, versions.key((versions.FORUM,), request=request), ())
    assert cache.add(f"{key}:rendering", 1, pagecache.RENDER_LOCK_SECONDS)

    def other_worker():
        time.sleep(0.05)
        cache.set(key, (gzip.compress(b"rendered by another worker"), "text/html"))

    thread = threading.Thread(target=other_worker)
    thread.start()
    response = serve()
    thread.join()
    assert response.content == b"rendered by another worker"
    assert renders == []


@pytest.mark.django_db
def test_a_reader_renders_itself_when_the_other_worker_takes_too_long():
    serve, renders = counting_view("/slow/")
    request = anonymous(path="/slow/")
    key = pagecache.page_key(request, versions.key((versions.FORUM,), request=request), ())
    cache.add(f"{key}:rendering", 1, pagecache.RENDER_LOCK_SECONDS)
    started = time.monotonic()
    assert serve().content == b"render 1"
    assert time.monotonic() - started >= pagecache.RENDER_WAIT_SECONDS
    assert renders == [1]


@pytest.mark.django_db
def test_a_stored_page_is_sent_gzipped_to_readers_that_accept_it(client, make_question):
    url = make_question(title="A thread read with and without gzip").get_absolute_url()
    first = client.get(url)  # rendered and stored
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content == first.content
    assert "A thread read with and without gzip" in plain.content.decode()
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]


@pytest.mark.django_db
def test_a_cached_page_and_the_visitor_marker_come_in_one_round_trip():
    # The Lua lookup: versions from the mirror, the page under them and the view marker, in one
    # Redis call. It fails open (the slow path still serves the page), so only this notices
    # it broken.
    serve, renders = counting_view("/one-trip/")
    serve()  # renders, mirrors the versions, stores the page
    request = anonymous(path="/one-trip/")
    names = (versions.FORUM,)
    version_key, page, marked = pagecache._lookup(request, names, (), ("visitor-mark", 60))
    assert version_key == versions.key(names)
    assert page is not None and gzip.decompress(page[0]) == b"render 1"
    assert marked is True and 50 < cache.ttl("visitor-mark") <= 60
    assert pagecache._lookup(request, names, (), ("visitor-mark", 60))[2] is False
    assert pagecache._lookup(request, names, (), None)[2] is None
    assert renders == [1]
