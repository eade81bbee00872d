"""The one Markdown pipeline: hostile input must come out with nothing executable in it."""

import pytest

from taro.markdown import render_document, render_markdown
from tests.xss_corpus import HOSTILE, assert_inert


def test_corpus_has_at_least_sixty_payloads():
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_inert(payload):
    assert_inert(render_markdown(payload))
    assert_inert(render_document(payload).html)


def test_user_links_get_nofollow_ugc_noopener():
    html = render_markdown("[site](https://example.com)")
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_guides_render_tables_and_heading_ids():
    document = render_document("## OLR ratings\n\n| Rating | Share |\n|---|---|\n| TT | 1–2% |\n")
    assert '<h2 id="olr-ratings">' in document.html
    assert "<table>" in document.html and "<td>TT</td>" in document.html
    assert document.toc == [{"id": "olr-ratings", "name": "OLR ratings", "level": 2}]


def test_user_content_keeps_useful_markdown():
    html = render_markdown("**bold** and `code`\n\n- one\n- two\n\n```\nx = 1\n```")
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<li>one</li>" in html and "<pre><code>x = 1" in html


def test_entities_stay_text():
    html = render_markdown("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "&lt;script&gt;" in html and "<script" not in html
