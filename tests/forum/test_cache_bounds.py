"""The cache stays bounded whatever URLs arrive: only canonical pages are stored, and every
entry expires (taro/pagecache.py: "Every entry has a TTL ... and only canonical URLs are stored").

These tests look at the real Redis the suite uses (django-redis, database 15, emptied around
every test by the autouse fixture in tests/conftest.py). Whole-page entries are the keys made by
pagecache.page_key: "<prefix>:<version>:page:gz:<release>:<versions>:<sha256 of the URL>".
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django_redis import get_redis_connection

from forum.pagination import PAGE_SIZE
from forum.search import SEARCH_TTL_SECONDS

pytestmark = pytest.mark.django_db

PAGE_PATTERN = "*:page:*"


def redis():
    return get_redis_connection("default")


def page_keys() -> set[bytes]:
    return set(redis().keys(PAGE_PATTERN))


def all_keys() -> set[bytes]:
    return set(redis().keys("*"))


def ttls(keys) -> dict[bytes, int]:
    found = {key: redis().ttl(key) for key in keys}
    return {key: ttl for key, ttl in found.items() if ttl != -2}  # -2: gone since keys() (expired)


@pytest.fixture
def forum(make_question, make_answer):
    """25 questions: two pages of the list (PAGE_SIZE is 20)."""
    questions = [make_question() for _ in range(25)]
    make_answer(questions[0])
    assert len(questions) > PAGE_SIZE
    return questions


def test_page_keys_are_recognised(forum):
    # Guards the other tests: if page entries stopped matching PAGE_PATTERN, "nothing stored" would
    # pass vacuously. A canonical anonymous page must show up as exactly one page key.
    before = page_keys()
    assert Client().get("/questions/").status_code == 200
    assert len(page_keys() - before) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/questions/?page=999",
        "/questions/?page=1",
        "/questions/?page=abc",
        "/questions/?sort=bogus",
        "/?page=0",
    ],
)
def test_non_canonical_list_urls_are_never_stored(forum, url):
    # Catches: paginate()/feed_context() not calling pagecache.skip() for a page past the end, a
    # page number that isn't a number, ?page=1 (same page as none) or an unknown sort. Each such
    # spelling would otherwise be stored, and a crawler's endless variants would fill the cache.
    client = Client()
    before = page_keys()
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert page_keys() == before, f"{url} was stored in the page cache"


@pytest.mark.parametrize("url", ["/questions/?page=2", "/questions/", "/", "/?sort=new"])
def test_canonical_list_urls_are_stored_once(forum, url):
    # Catches: the skip rule being too broad (canonical pages never cached, every read renders),
    # or a key that varies per request (the second read would store a second entry).
    client = Client()
    before = page_keys()
    assert client.get(url).status_code == 200
    stored = page_keys() - before
    assert len(stored) == 1, f"{url} should be stored as one page entry"
    assert client.get(url).status_code == 200
    assert page_keys() - before == stored


def test_unknown_parameters_store_nothing_per_request(forum):
    # Catches: pages (or any other per-URL entry) stored for query strings with unknown parameters:
    # 200 unique ?utm= values must not add 200 entries. After the first request has warmed the
    # shared fragments, the key set must not grow at all.
    client = Client()
    before_pages = page_keys()
    assert client.get("/questions/?utm=0").status_code == 200
    warmed = all_keys()
    for n in range(1, 200):
        assert client.get(f"/questions/?utm={n}").status_code == 200
    assert page_keys() == before_pages
    assert all_keys() == warmed


def test_every_cache_entry_has_a_ttl(forum, make_user):
    # Catches: an entry stored without expiry (TTL -1). Django reads timeout=None as "never
    # expire", so passing None through instead of the default timeout makes entries immortal,
    # and a cache that only ever grows relies on Redis eviction (or runs out of memory).
    call_command("sync_guides", verbosity=0)
    question = forum[0]
    reader = make_user()
    urls = [
        "/",
        "/questions/",
        "/questions/?page=2",
        question.get_absolute_url(),
        "/guides/",
        "/guides/promotion/",
        "/search/?q=promotion",
        f"/users/{question.author.username}/",
        "/topics/",
        "/topics/promotion/",
    ]
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(reader)
    for client in (anonymous, signed_in):
        for url in urls:
            assert client.get(url).status_code == 200, url
    found = ttls(all_keys())
    assert any(b":page:" in key for key in found), "expected anonymous pages in the cache"
    assert any(b":frag:" in key for key in found), "expected fragments in the cache"
    immortal = sorted(key.decode() for key, ttl in found.items() if ttl < 0)
    assert not immortal, f"cache entries without a TTL: {immortal}"
    assert all(ttl > 0 for ttl in found.values())


def test_a_unique_search_expires_quickly(make_question):
    # Catches: per-query entries (the ranked hits, and the page if it is ever cached) kept for the
    # long default TTL or forever: every distinct search text makes new keys, so they must go
    # within about a minute, and nothing a search stores may outlive the default TTL.
    make_question(
        title="What is the saffronfalcon review process?",
        body="A body about the saffronfalcon review, long enough to pass validation rules.",
    )
    make_question(
        title="What is the indigomarmot review process?",
        body="A body about the indigomarmot review, long enough to pass validation rules.",
    )
    client = Client()
    # A first search warms what every search page shares (sidebar fragments, counts…).
    assert client.get("/search/?q=saffronfalcon").status_code == 200
    before = all_keys()
    response = client.get("/search/?q=indigomarmot")
    assert response.status_code == 200 and "indigomarmot" in response.content.decode()
    new = ttls(all_keys() - before)
    per_query = {key: ttl for key, ttl in new.items() if b":search:" in key or b":page:" in key}
    assert any(b":search:" in key for key in per_query), f"the ranked hits should be cached: {new}"
    for key, ttl in per_query.items():
        assert 0 < ttl <= SEARCH_TTL_SECONDS, (key, ttl)
    # Whatever else the searches stored expires within the default TTL (settings.CACHE_TTL_SECONDS).
    for key, ttl in ttls(all_keys()).items():
        assert 0 < ttl <= 600, (key, ttl)
