"""Rules of the Markdown pipeline that `make mutation` found unpinned: the URL schemes a link
may use, the extensions people's text gets, comments dropped, heading ids in guides."""

import pytest

from taro.markdown import nests_deeper_than, render_document, render_markdown


@pytest.mark.parametrize(
    "source", ["[file](ftp://example.com/f)", "[call](tel:123)", "[chat](irc://example.com/x)"]
)
def test_links_of_other_schemes_lose_their_address(source):
    html = render_markdown(source)
    assert "<a " in html and "href" not in html


@pytest.mark.parametrize(
    "source, href",
    [
        ("[a](https://example.com/a)", "https://example.com/a"),
        ("[b](http://example.com/b)", "http://example.com/b"),
        ("[c](mailto:c@example.com)", "mailto:c@example.com"),
    ],
)
def test_web_and_mail_links_keep_their_address(source, href):
    assert f'href="{href}" rel="nofollow ugc noopener"' in render_markdown(source)


def test_people_get_tables_strikethrough_and_bare_links():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ see www.example.com")
    assert "<table>" in html and "<td>2</td>" in html
    assert "<del>gone</del>" in html
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">' in html


def test_html_comments_are_dropped():
    assert render_markdown("before <!-- a note to self --> after") == "<p>before  after</p>"


def test_guide_headings_keep_their_ids_and_feed_the_table_of_contents():
    document = render_document("# Top\n\n## Part one\n\n### Detail\n")
    assert '<h1 id="top">Top</h1>' in document.html
    assert '<h2 id="part-one">' in document.html and '<h3 id="detail">' in document.html
    assert [entry["id"] for entry in document.toc] == ["part-one", "detail"]


def test_text_nesting_up_to_64_levels_is_rendered_and_deeper_is_shown_as_typed():
    # n ">" make n blockquotes around a paragraph: n + 1 levels.
    assert render_markdown(">" * 63 + " deep").count("<blockquote>") == 63
    deeper = render_markdown(">" * 64 + " deep")
    assert "<blockquote>" not in deeper and "&gt;" * 64 + " deep" in deeper


@pytest.mark.parametrize(
    "html, deeper",
    [
        ("<b>" * 64, False),
        ("<b>" * 65, True),
        ("<b>" * 64 + "</b>" * 64 + "<i>" * 64, False),  # closed tags leave the count
        ("<i></i>" * 100, False),
        ("<b><i></i>" * 65, True),  # one more open level each time
        ("</b></b>" + "<i>" * 64, False),  # stray closings don't go below zero
        ("<br>" * 100 + "<hr>" * 100 + "<img src=x>" * 100, False),  # void tags open nothing
        ("<span/>" * 100, False),  # neither do self-closed ones
        ("<B>" * 65, True),
    ],
)
def test_nesting_depth_counts_open_tags(html, deeper):
    assert nests_deeper_than(html, 64) is deeper
