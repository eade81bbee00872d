"""What sync stores: the guides' HTML, tables, lists, heading anchors and table of contents."""

import re

import pytest

from guides.models import Guide
from guides.rendering import add_heading_anchors, render_guide, wrap_tables
from tests.guides.html_helpers import find, parse

LEADERSHIP_PRINCIPLES = [
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
]
OLR_RATINGS = ["TT", "HV3", "HV2", "HV1", "LE"]


@pytest.fixture
def guides(synced) -> dict[str, Guide]:
    return {guide.slug: guide for guide in Guide.objects.all()}


def test_olr_table_renders_as_a_table_with_all_five_ratings(guides):
    html = guides["performance-review"].body_html
    tables = find(html, "table")
    olr = [table for table in tables if "OLR rating" in table.text]
    assert len(olr) == 1
    first_cells = [row.children[0].text for row in parse_rows(olr[0])]
    assert [cell.split()[0] for cell in first_cells] == OLR_RATINGS
    for label in ("Exceeds", "Meets", "Needs Improvement", "1-2%", "35-40%", "10%"):
        assert label in olr[0].text


def parse_rows(table):
    body = next(child for child in table.children if child.tag == "tbody")
    return [row for row in body.children if row.tag == "tr"]


def test_all_sixteen_leadership_principles_are_list_items(guides):
    items = [li.text for li in find(guides["performance-review"].body_html, "li")]
    for principle in LEADERSHIP_PRINCIPLES:
        assert principle in items, principle
    assert len(LEADERSHIP_PRINCIPLES) == 16


def test_leadership_principles_guide_has_a_section_per_principle(guides):
    headings = [
        h3.text.removesuffix(" #") for h3 in find(guides["leadership-principles"].body_html, "h3")
    ]
    assert [h for h in headings if h in LEADERSHIP_PRINCIPLES] == LEADERSHIP_PRINCIPLES


def test_every_heading_has_an_id_a_permalink_and_a_matching_toc_entry(guides):
    for guide in guides.values():
        headings = [e for e in parse(guide.body_html) if e.tag in {"h2", "h3"}]
        assert headings, guide.slug
        assert not [e for e in parse(guide.body_html) if e.tag == "h1"], (
            "the page supplies the only h1"
        )
        toc = [(entry["id"], entry["name"], entry["level"]) for entry in guide.toc]
        assert toc == [(h.attrs["id"], h.text.removesuffix(" #"), int(h.tag[1])) for h in headings]
        for heading in headings:
            anchor = heading.children[-1]
            assert anchor.tag == "a" and anchor.attrs["href"] == f"#{heading.attrs['id']}"
            assert anchor.attrs["class"] == "anchor" and anchor.attrs["aria-label"]


def test_every_table_is_wrapped_in_a_uniquely_named_scroll_region(guides):
    labels = []
    for guide in guides.values():
        for table in find(guide.body_html, "table"):
            wrapper = table.parent
            assert wrapper.tag == "div" and wrapper.attrs["class"] == "table-scroll"
            assert wrapper.attrs["tabindex"] == "0" and wrapper.attrs["role"] == "region"
            labels.append((guide.slug, wrapper.attrs["aria-label"]))
    assert len(labels) >= 4
    assert len(set(labels)) == len(labels)


def test_links_between_and_within_guides_resolve(guides):
    # Headings (the toc) and every other anchor on the page: citations link to "#source-N".
    ids = {
        slug: {entry["id"] for entry in guide.toc}
        | set(re.findall(r'\bid="([^"]+)"', guide.body_html))
        for slug, guide in guides.items()
    }
    for slug, guide in guides.items():
        for link in find(guide.body_html, "a"):
            href = link.attrs.get("href", "")
            match = re.fullmatch(r"/guides/([\w-]+)/(?:#([\w-]+))?", href)
            if href.startswith("#"):
                assert href[1:] in ids[slug], f"{slug}: {href}"
            elif match:
                target, fragment = match.groups()
                assert target in ids, f"{slug}: {href}"
                assert fragment is None or fragment in ids[target], f"{slug}: {href}"


def test_word_count_and_reading_time_are_stored(guides):
    guide = guides["performance-review"]
    assert 1000 < guide.word_count < 3000
    assert guide.reading_minutes == -(-guide.word_count // 230)


def test_toc_names_are_plain_text_and_html_stays_sanitized():
    rendered = render_guide(
        "## Pay & perks\n\n<script>alert(1)</script>\n\n### <em>Why</em> it matters\n"
    )
    assert rendered.toc[0] == {"id": "pay-perks", "name": "Pay & perks", "level": 2}
    assert rendered.toc[1]["name"] == "Why it matters"
    assert "<script" not in rendered.html


def test_anchors_only_go_on_h2_and_h3():
    html = '<h2 id="a">A</h2><h4 id="d">D</h4>'
    assert add_heading_anchors(html) == (
        '<h2 id="a">A <a class="anchor" href="#a" aria-label="Link to this section">#</a></h2>'
        '<h4 id="d">D</h4>'
    )


def test_tables_under_the_same_heading_get_distinct_labels():
    html = wrap_tables(
        '<table><tr><td>1</td></tr></table><h2 id="x">Pay &amp; <em>more</em></h2>'
        "<table></table><table></table>"
    )
    labels = [div.attrs["aria-label"] for div in find(html, "div")]
    assert labels == ["Table", "Table: Pay & more", "Table: Pay & more (2)"]
    assert html.count("</table></div>") == 3


def test_wide_tables_are_followed_by_the_same_rows_as_cards_for_phones(guides):
    html = guides["performance-review"].body_html
    olr = next(t for t in find(html, "table") if "OLR" in t.text)
    wrapper = olr.parent
    cards = wrapper.parent.children[wrapper.parent.children.index(wrapper) + 1]
    assert cards.tag == "div" and cards.attrs["class"] == "table-cards"
    rows = parse_rows(olr)
    assert len(cards.children) == len(rows) == 5
    for row, card in zip(rows, cards.children, strict=True):
        assert card.tag == "dl" and card.attrs["class"] == "table-card"
        pairs = [(pair.children[0].text, pair.children[1].text) for pair in card.children]
        assert [name for name, _ in pairs] == [
            "OLR rating",
            "Label you see",
            "What it means",
            "Share of engineers",
        ]
        assert [value for _, value in pairs] == [cell.text for cell in row.children]


def test_narrow_tables_get_no_cards_and_column_names_are_plain_escaped_text():
    two = render_guide("| A | B |\n|---|---|\n| 1 | 2 |\n").html
    assert "table-cards" not in two
    three = render_guide('| A & "b" | <i>C</i> | D |\n|---|---|---|\n| 1 | *2* | 3 |\n| 4 |\n').html
    assert "<div><dt>A &amp; &quot;b&quot;</dt><dd>1</dd></div>" in three
    assert "<dt>C</dt><dd><em>2</em></dd>" in three  # the column's text; the value's markup
    assert three.count('<dl class="table-card">') == 2
    assert three.count("<dt>") == 4  # the short row's empty cells make no empty pairs
    assert three.index("</table></div>") < three.index('<div class="table-cards">')
