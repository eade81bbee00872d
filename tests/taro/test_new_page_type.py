"""Issue 29: a new page type needs declarations, not keys. tests/taro/page_type_urls.py adds
one (a cached value, a cached fragment, the anonymous page cache): this checks that it is
cached, shared, and fresh after a write, with no key written by hand anywhere."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from taro import entries
from tests.taro import page_type_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.taro.page_type_urls")]


@pytest.fixture(autouse=True)
def no_loads_yet():
    page_type_urls.LOADED.clear()


def test_the_new_page_is_cached_and_fresh_after_a_write(
    client, make_user, make_question, django_capture_on_commit_callbacks
):
    make_question(title="The first widget")
    client.force_login(make_user())
    first = client.get("/widgets/").content.decode()
    assert "<li>The first widget</li>" in first and page_type_urls.LOADED == ["all"]
    assert client.get("/widgets/").content.decode() == first
    assert page_type_urls.LOADED == ["all"]  # the entry came from the cache
    with django_capture_on_commit_callbacks(execute=True):
        make_question(title="A second widget")  # moves the forum version
    assert "<li>A second widget</li>" in client.get("/widgets/").content.decode()
    assert page_type_urls.LOADED == ["all", "all"]


def test_anonymous_readers_get_the_whole_page_from_the_page_cache(
    client, make_question, django_assert_num_queries
):
    make_question(title="Seen by anonymous readers")
    client.get("/widgets/")
    with django_assert_num_queries(0):
        page = client.get("/widgets/")
    assert "<li>Seen by anonymous readers</li>" in page.content.decode()


def test_an_entry_is_refused_for_a_name_taken_or_a_version_that_does_not_exist():
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        entries.declare("test-widgets", depends_on=(), load="builtins.list")
    with pytest.raises(ImproperlyConfigured, match="unknown versions"):
        entries.declare("test-other", depends_on=("weather",), load="builtins.list")
    assert "test-widgets" in entries.declared()
