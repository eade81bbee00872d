"""Companions (taro.entries.declare_companion): values fetched in the same round trip as the
request's versions, kept with the stamp they were made under and made again when it moves."""

import pytest
from django.test import RequestFactory

from taro import entries, versions

pytestmark = pytest.mark.django_db

MADE: list[tuple] = []


def make_note(*parts, colour="plain"):
    MADE.append(parts)
    return f"note {parts} {colour}"


@pytest.fixture
def note():
    MADE.clear()
    before = entries.declared()
    yield entries.declare_companion("test-note", load="tests.taro.test_companions.make_note")
    entries._declared.clear()
    entries._declared.update(before)


def test_kept_while_its_stamp_holds_and_made_again_when_it_moves(note):
    assert note.get(7, stamp=1, colour="red") == "note (7,) red"
    assert note.get(7, stamp=1) == "note (7,) red", "from the cache: the loader isn't called"
    assert MADE == [(7,)]
    assert note.get(7, stamp=2) == "note (7,) plain"
    assert MADE == [(7,), (7,)]
    assert note.get(8, stamp=2) == "note (8,) plain", "other parts, another value"


def test_forget_drops_it(note):
    note.get(1, stamp="a")
    note.forget(1)
    note.get(1, stamp="a")
    assert MADE == [(1,), (1,)]


def test_wanted_it_comes_with_the_versions_in_one_round_trip(note):
    note.get(3, stamp=5)  # stored
    versions.current(request=RequestFactory().get("/"))  # the versions mirrored in Redis
    request = RequestFactory().get("/")
    note.want(request, 3)
    versions.current(request=request)
    from taro import requestcache

    assert requestcache.of(request).fetched == {note.key(3): (5, "note (3,) plain")}
    assert note.get(3, stamp=5, request=request) == "note (3,) plain"
    assert MADE == [(3,)]


def test_a_name_is_declared_once(note):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        entries.declare_companion("test-note", load="builtins.str")
