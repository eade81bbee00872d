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


# The front door's own modules: they build keys and read and write the cache for everyone else.
FRONT_DOOR = {"taro/entries.py", "taro/fragments.py", "taro/pagecache.py", "taro/versions.py"}
# What else may touch the cache directly, and why: none of it is a cached value.
NOT_CACHED_VALUES = {
    "forum/limits.py": "rate limits' counters (atomic add and incr)",
    "taro/workemail.py": "the work-email sending limit's counter",
    "taro/views.py": "the health check's round trip through Redis",
}
CACHE_CALLS = {"get", "set", "add", "delete", "get_many", "set_many", "delete_many", "incr"}


def cache_touches(path):
    """(line, what) for each key built or cache call made in the module at `path`."""
    import ast

    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        if name in ("fragment_key", "make_template_fragment_key"):
            yield node.lineno, name
        elif owner == "cache" and name in CACHE_CALLS:
            yield node.lineno, f"cache.{name}"


def test_no_app_builds_a_cache_key_by_hand():
    """Every cached value and fragment is declared in an app's cache_entries module and read
    through it: no module outside the front door builds a key or calls the cache itself."""
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    apps = ("taro", "forum", "guides", "workbench", "outcomes", "money", "videos")
    found = {
        f"{path.relative_to(root)}:{line} {what}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        and str(path.relative_to(root)) not in FRONT_DOOR | set(NOT_CACHED_VALUES)
        for line, what in cache_touches(path)
    }
    assert not found, f"keys built or the cache used outside the front door: {sorted(found)}"


def test_the_scan_sees_a_hand_built_key(tmp_path):
    """The scan above would catch the ways keys used to be built by hand."""
    module = tmp_path / "hand.py"
    module.write_text(
        "from django.core.cache import cache\n"
        "from taro.pagecache import fragment_key\n"
        "key = fragment_key('related', 1)\n"
        "cache.set(f'question-head:{1}', {})\n"
    )
    assert [what for _, what in cache_touches(module)] == ["fragment_key", "cache.set"]
