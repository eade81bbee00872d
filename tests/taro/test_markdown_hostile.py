"""Hostile Markdown cannot hold a worker: every input the forms accept renders quickly.

The guard is loose (1 s per input, on a loaded CI machine) so it only catches super-linear
growth: before the pipeline moved to cmark-gfm, the first input took Python-Markdown tens of
seconds, and 20,000 nested blockquotes took the sanitizer 2.7 s. `make bench` prints the real
figures (bench/markdown_timings.py); the target there is < 100 ms for any input.
"""

import time

import pytest

from taro.markdown import MAX_NESTING, render_markdown
from tests.hostile_markdown import CORPUS, LIMIT

GUARD_SECONDS = 1.0


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_input_renders_fast(name):
    text = CORPUS[name]
    assert len(text) <= LIMIT
    start = time.perf_counter()
    html = render_markdown(text)
    elapsed = time.perf_counter() - start
    assert elapsed < GUARD_SECONDS, f"{name}: {elapsed:.2f} s"
    assert "<script" not in html


def test_nesting_past_the_limit_is_shown_as_the_text_typed():
    html = render_markdown(">" * (MAX_NESTING + 5) + " deep <b>bold</b>")
    assert "<blockquote>" not in html
    assert "&gt;" * (MAX_NESTING + 5) + " deep &lt;b&gt;bold&lt;/b&gt;" in html


def test_ordinary_nesting_still_renders():
    html = render_markdown("> > > quoted three times\n\n- a\n  - b\n    - c")
    assert html.count("<blockquote>") == 3 and html.count("<ul>") == 3


def test_ids_in_peoples_text_are_dropped_so_they_cannot_hijack_page_anchors():
    html = render_markdown('<h1 id="main">Hi</h1> <a id="answer-12" href="https://x.org">x</a>')
    assert "id=" not in html
    assert "<h1>Hi</h1>" in html


def test_peoples_images_become_links_so_no_reader_loads_a_remote_pixel():
    html = render_markdown(
        "![a chart](https://x.org/c.png) [![logo](https://x.org/l.png)](https://y.org) "
        "<img src=https://z.org/pixel.gif>"
    )
    assert "<img" not in html
    assert '<a href="https://x.org/c.png" rel="nofollow ugc noopener">Image: a chart</a>' in html
    assert '<a href="https://y.org" rel="nofollow ugc noopener">Image: logo</a>' in html
    assert '<a href="https://z.org/pixel.gif" rel="nofollow ugc noopener">Image</a>' in html
