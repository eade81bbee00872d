from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix


def render(source: str) -> str:
    return Template("{% load shell %}" + source).render(Context())


def test_fixed_url_is_reverse_remembered():
    assert render("{% fixed_url 'forum:questions' %}") == reverse("forum:questions")
    assert render("{% fixed_url 'guides:index' %}") == reverse("guides:index")


def test_fixed_url_follows_the_script_prefix():
    """Remembered per prefix: a site mounted under a path links under it, and the plain
    answer stays right for the next request."""
    plain = render("{% fixed_url 'forum:questions' %}")
    set_script_prefix("/career/")
    try:
        assert render("{% fixed_url 'forum:questions' %}") == "/career" + plain
    finally:
        clear_script_prefix()
    assert render("{% fixed_url 'forum:questions' %}") == plain


def test_verified_mark_is_its_own_and_stays_with_the_last_word():
    from django.template import Context, Template

    html = Template('{% load taro_tags %}{% badge "SDE 2 at Amazon" True %}').render(Context())
    assert '<span class="nowrap">Amazon&nbsp;<span class="badge__verified"' in html
    assert "<svg" in html and "✓" not in html  # not the accepted answer's tick
    assert "SDE 2 at" in html and "verified" in html
    plain = Template('{% load taro_tags %}{% badge "SDE 2 at Amazon" %}').render(Context())
    assert "badge__verified" not in plain and "SDE 2 at Amazon" in plain
