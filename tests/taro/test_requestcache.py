"""A request's cache state lives on one attribute (taro.requestcache): the versions read once,
what rode along with them, the prefetched fragments, the page cache's flags."""

import pytest

from taro.requestcache import RequestCache

pytestmark = pytest.mark.django_db

# What used to be hung on the request, one private attribute each.
RETIRED = {
    "_content_versions",
    "_cache_wanted",
    "_cache_add",
    "_cache_fetched",
    "_cache_added",
    "_prefetched",
    "_pagecache_url_digest",
    "_fragments_csrf_token",
    "pagecache_marked",
    "pagecache_skip",
}


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_pages_cache_state_is_the_one_attribute(
    client, make_user, make_question, make_answer, signed_in
):
    question = make_question(title="Where does the request keep its cache state?")
    make_answer(question)
    if signed_in:
        client.force_login(make_user())
    for url in ("/", "/questions/", question.get_absolute_url(), "/search/?q=cache"):
        request = client.get(url).wsgi_request
        state = request.__dict__["cache"]
        assert isinstance(state, RequestCache) and state.versions, url
        assert not RETIRED & set(request.__dict__), url
        if signed_in and url != "/search/?q=cache":
            assert state.prefetched, url  # the page's fragments came in one batch
