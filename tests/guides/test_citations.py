"""Citations as readers see them: numbered links, the Sources list, the dates sources were
checked, the legal notice; rendered at sync time from tests/guides/fixtures/sourced/."""

import pytest

from guides.models import Guide, GuideSection
from guides.rendering import render_guide
from guides.services import sync_guides
from tests.guides.conftest import SOURCED_FIXTURES_DIR as FIXTURES
from tests.guides.html_helpers import find, parse


@pytest.fixture
def guide(db) -> Guide:
    sync_guides(content_dir=FIXTURES)
    return Guide.objects.get(slug="sourced-guide")


def test_references_are_numbered_by_first_use_and_link_to_their_source(guide):
    links = [sup.children[0] for sup in find(guide.body_html, "sup", class_="cite")]
    assert [a.text for a in links] == ["[1]", "[2]", "[2]", "[1]", "[2]", "[3]"]
    assert [a.attrs["href"] for a in links][:3] == ["#source-1", "#source-2", "#source-2"]
    ids = [a.attrs["id"] for a in links]
    assert ids == ["cite-1-1", "cite-2-1", "cite-2-2", "cite-1-2", "cite-2-3", "cite-3-1"]
    targets = {li.attrs["id"] for li in find(guide.body_html, "li") if "id" in li.attrs}
    assert {a.attrs["href"][1:] for a in links} == targets == {"source-1", "source-2", "source-3"}
    assert "[^" not in guide.body_html.replace("<code>[^vesting]</code>", "").replace(
        "[^not-a-source]", ""
    )


def test_the_guide_ends_with_its_sources_in_citation_order(guide):
    sources = find(guide.body_html, "ol", class_="sources")
    assert len(sources) == 1
    assert guide.body_html.rstrip().endswith("</ol>")
    tags = [(e.tag, e.attrs.get("id") or e.attrs.get("class")) for e in parse(guide.body_html)]
    assert tags.index(("h2", "sources")) < tags.index(("ol", "sources"))
    items = [child for child in sources[0].children if child.tag == "li"]
    assert [item.text for item in items] == [
        "The yearly review, explained (news.example.com). Example News, 15 Jan 2026. "
        "Checked on 4 Dec 2026.",
        "How stock vests (pay.example.org). Example Pay Data, Mar 2024. Checked on 2 Dec 2026.",
        "Appeals to a panel (law.example.net). Example Law LLP, 10 Jun 2021. "
        "Checked on 30 Nov 2026.",
    ]
    first = find(guide.body_html, "a", rel="nofollow noopener")[0]
    assert first.attrs["href"] == "https://news.example.com/yearly-review?a=1&b=2"
    times = [t.attrs["datetime"] for t in find(str(guide.body_html), "time")]
    assert "2024-03" in times and "2026-01-15" in times


def test_each_h2_shows_the_oldest_checked_date_of_what_it_cites(guide):
    checked = {}
    elements = parse(guide.body_html)
    for index, element in enumerate(elements):
        if element.tag == "p" and element.attrs.get("class") == "sources-checked":
            heading = next(e for e in reversed(elements[:index]) if e.tag == "h2")
            checked[heading.attrs["id"]] = element.text
    # Vesting cites 2 Dec (itself) and, in its h3, 4 Dec: the oldest wins.
    assert checked == {
        "vesting": "Sources checked on 2 Dec 2026",
        "appeals": "Sources checked on 30 Nov 2026",
    }


def test_code_keeps_reference_syntax_as_typed(guide):
    codes = [code.text for code in find(guide.body_html, "code")]
    assert "[^vesting]" in codes
    assert "Example: 30 days [^not-a-source]" in codes


def test_a_definition_inside_a_fence_is_an_example_not_a_source():
    example = "[^x]: T | P | 2026-11 | https://x.example/ | checked 2026-12-04"
    html = render_guide(f"How to write one:\n\n~~~~\n{example}\n~~~\n~~~~\n\nDone.\n").html
    assert [code.text for code in find(html, "code")] == [f"{example} ~~~"]
    assert "sources" not in html


def test_the_legal_notice_is_a_note_box(guide):
    notes = find(guide.body_html, "aside", class_="notice", role="note")
    assert len(notes) == 1
    assert notes[0].text.startswith("US rules; not legal, tax or immigration advice.")
    assert "<blockquote>" not in guide.body_html


def test_search_text_and_word_count_leave_out_numbers_and_source_lines(guide):
    texts = {s.anchor: s.body_text for s in GuideSection.objects.filter(guide=guide)}
    assert texts["vesting"].startswith("Stock vests 5% after the first year. Read")
    joined = "\n".join(texts.values())
    assert "[1]" not in joined and "[2]" not in joined
    assert "example.com" not in joined and "checked 2026" not in joined
    assert texts["sources"] == ""
    assert guide.toc[-1] == {"id": "sources", "name": "Sources", "level": 2}
    source = "[^a]: T | P | 2026-11 | https://x.example/ | checked 2026-12-04"
    assert render_guide(f"Words here.[^a]\n\n{source}\n").word_count == 2


def test_hostile_sources_are_escaped_and_only_https_is_linked():
    body = (
        "Claim one.[^x] Claim two.[^y] Hidden \ue0009\ue001 marker.\n\n## Sources\n\n"
        '[^x]: <script>alert(1)</script> | "Pub" & <b>Co</b> | 2026-11 | '
        "javascript:alert(1) | checked 2026-12-04\n"
        '[^y]: T | P | 2026-11 | https://ok.example/"onmouseover="x | checked 2026-12-04\n'
    )
    html = render_guide(body).html
    assert "<script" not in html and "<b>Co" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;Pub&quot; &amp; &lt;b&gt;Co&lt;/b&gt;" in html
    assert "javascript:" not in html and "onmouseover" not in html
    assert not find(html, "a", rel="nofollow noopener")
    # A marker typed into the file is dropped, not turned into a link to a ninth source.
    assert "source-9" not in html and "\ue000" not in html


def test_a_reference_inside_an_attribute_is_dropped_not_injected():
    html = render_guide(
        'A [link](https://x.example/ "title[^a] > x") and ![alt[^a]](https://i.example/p.png) '
        "and text.[^a]\n\n[^a]: T | P | 2026-11 | https://a.example/ | checked 2026-12-04\n"
    ).html
    assert find(html, "a", href="https://x.example/")[0].attrs["title"] == "title > x"
    assert find(html, "img")[0].attrs["alt"] == "alt"
    assert [a.attrs["id"] for a in find(html, "a") if "id" in a.attrs] == ["cite-1-1"]


def test_the_guide_page_shows_sources_and_checked_dates(
    client, guide, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):  # as tests/guides/test_views.py
        response = client.get(guide.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert len(find(html, "sup", class_="cite")) == 6
    assert len(find(html, "ol", class_="sources")) == 1
    assert "Sources checked on" in html
    assert find(html, "aside", class_="notice")
    # The header says how many sources there are and links the date to the change log.
    header = find(html, "p", class_="guide-meta muted")[0].text
    assert header == "Last reviewed 4 December 2026 · 1 min read · 3 sources"
    to_log = [a.text for a in find(html, "a") if a.attrs.get("href") == "#what-changed"]
    assert to_log.count("Last reviewed") == 1 and "What changed" in to_log
    assert [a.text for a in find(html, "a") if a.attrs.get("href") == "#sources"][0] == (
        "3 sources"
    )
