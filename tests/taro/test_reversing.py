"""taro.reversing.url_for: reverse()'s answer from a remembered shape, or from reverse() itself
whenever the arguments need more than putting in (quoting, a converter's check)."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from taro.reversing import url_for

SAME_AS_REVERSE = [
    ("forum:questions", ()),
    ("forum:question", (12, "how-do-i-read-my-olr-rating")),
    ("forum:question", (7, "a_b-C9")),
    ("forum:vote_answer", (345,)),
    ("forum:accept", (1,)),
    ("forum:topic", ("pip",)),
    ("profile", ("bench00001",)),
    # Arguments the shape can't take as they are: reverse() quotes them.
    ("profile", ("ana.maría+test@x",)),
    ("forum:question", (3, "café-naïve")),
    ("profile", ("with space",)),
]


@pytest.mark.parametrize(("name", "args"), SAME_AS_REVERSE)
def test_the_same_url_as_reverse(name, args):
    assert url_for(name, *args) == reverse(name, args=args)
    assert url_for(name, *args) == reverse(name, args=args), "and again, from the shape"


def test_a_number_slot_refuses_what_reverse_refuses():
    url_for("forum:accept", 5)  # the shape is remembered
    with pytest.raises(NoReverseMatch):
        url_for("forum:accept", "abc")
    with pytest.raises(NoReverseMatch):
        url_for("forum:question", 1, "")  # an empty slug matches no pattern
    with pytest.raises(NoReverseMatch):
        url_for("forum:no-such-name", 1)


def test_the_script_prefix_is_part_of_the_shape():
    plain = url_for("forum:vote_answer", 9)
    set_script_prefix("/career/")
    try:
        assert (
            url_for("forum:vote_answer", 9)
            == "/career" + plain
            == reverse("forum:vote_answer", args=[9])
        )
    finally:
        clear_script_prefix()
    assert url_for("forum:vote_answer", 9) == plain


@override_settings(ROOT_URLCONF="tests.taro.page_type_urls")
def test_another_urlconf_has_its_own_shapes():
    with pytest.raises(NoReverseMatch):
        url_for("forum:vote_answer", 9)  # that URLconf has no forum
