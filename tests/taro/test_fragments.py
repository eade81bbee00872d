"""Cached fragments through one front door (taro.fragments, `{% cached %}`): a new fragment is
one declaration; its key is built once, by binding; its lifetime comes from settings and never
exceeds CACHE_TTL_SECONDS."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from taro import fragments, pagecache

pytestmark = pytest.mark.django_db

WIDGET = Template("{% load fragment_cache %}{% cached widget %}<p>{{ n }}</p>{% endcached %}")


@pytest.fixture
def declared():
    """Declarations made by a test are forgotten after it."""
    before = fragments.declared()
    yield
    fragments._declared.clear()
    fragments._declared.update(before)


def ttl_of(key: str) -> int:
    with redis.Redis.from_url(settings.REDIS_URL) as connection:
        return connection.ttl(cache.make_key(key))


def test_a_new_fragment_is_one_declaration_and_is_cached_under_its_bound_key(declared):
    widget = fragments.declare("test_widget")
    bound = widget.bind("version-7", 42)
    assert WIDGET.render(Context({"widget": bound, "n": 1})) == "<p>1</p>"
    assert WIDGET.render(Context({"widget": bound, "n": 2})) == "<p>1</p>"  # from the cache
    assert cache.get(bound.key) == "<p>1</p>"
    other = widget.bind("version-8", 42)  # another version: another entry
    assert WIDGET.render(Context({"widget": other, "n": 3})) == "<p>3</p>"
    assert 0 < ttl_of(bound.key) <= settings.CACHE_TTL_SECONDS


def test_what_the_view_prefetched_is_what_the_template_reads(declared):
    bound = fragments.declare("test_prefetched").bind("v1")
    cache.set(bound.key, "<p>stored</p>")
    request = RequestFactory().get("/")
    pagecache.prefetch(request, [bound.key])
    cache.delete(bound.key)  # gone from Redis: only the prefetched copy can answer
    assert WIDGET.render(Context({"widget": bound, "request": request})) == "<p>stored</p>"


def test_a_lifetime_setting_never_outlives_the_cache_ttl(declared, settings):
    results = fragments.declare("test_results", ttl_setting="SEARCH_TTL_SECONDS")
    assert results.bind("q").ttl == settings.SEARCH_TTL_SECONDS
    settings.CACHE_TTL_SECONDS = 30
    settings.SEARCH_TTL_SECONDS = 60
    bound = results.bind("q")
    assert bound.ttl == 30
    WIDGET.render(Context({"widget": bound, "n": 1}))
    assert 0 < ttl_of(bound.key) <= 30


def test_a_name_declared_twice_or_a_missing_setting_is_refused(declared):
    fragments.declare("test_twice")
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        fragments.declare("test_twice")
    with pytest.raises(ImproperlyConfigured, match="isn't a setting"):
        fragments.declare("test_unset", ttl_setting="NO_SUCH_TTL_SECONDS")


def test_a_template_cannot_build_its_own_key():
    with pytest.raises(TemplateSyntaxError, match="needs a fragment the view bound"):
        WIDGET.render(Context({"widget": "feed:some-key", "n": 1}))
    with pytest.raises(TemplateSyntaxError, match="usage"):
        Template("{% load fragment_cache %}{% cached 600 feed key %}{% endcached %}")


def test_every_app_declares_its_fragments_in_its_cache_entries():
    from forum import cache_entries as forum_entries
    from guides import cache_entries as guide_entries

    names = set(fragments.declared())
    assert {"feed", "topic_chips", "search_results", "qa_page", "profile_activity"} <= names
    assert "guide_content" in names
    assert forum_entries.SEARCH_RESULTS.ttl_setting == "SEARCH_TTL_SECONDS"
    assert guide_entries.GUIDE_CONTENT.ttl_setting == "CACHE_TTL_SECONDS"
