"""Guide pages: content, query counts, 404, and the anonymous page cache."""

import pytest
from django.urls import reverse

from guides.models import Guide
from guides.services import sync_guides
from tests.guides.html_helpers import find, parse

INDEX_MAX_QUERIES = 3
DETAIL_MAX_QUERIES = 5  # the guide (2), the content versions, citations and related discussions


@pytest.fixture
def get(client):
    def fetch(url, status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, url
        return response

    return fetch


def detail_url(slug: str) -> str:
    return reverse("guides:detail", args=[slug])


def test_index_lists_guides_in_order_as_cards(synced, get, django_assert_max_num_queries):
    with django_assert_max_num_queries(INDEX_MAX_QUERIES):
        html = get(reverse("guides:index")).content.decode()
    cards = find(html, "li", class_="card card--link guide-card")
    assert [card.children[0].text for card in cards] == list(
        Guide.objects.values_list("title", flat=True)
    )
    assert cards[0].children[0].text == "Performance review at Amazon"
    first = cards[0].text
    minutes = Guide.objects.get(slug="performance-review").reading_minutes
    assert "How Amazon rates engineers" in first and f"{minutes} min read" in first
    chips = [chip.text for chip in find(html, "a", class_="chip")]
    assert chips[:2] == ["Performance review", "Leadership Principles"]


def test_index_without_guides_shows_an_empty_state(db, get):
    assert "No guides yet" in get(reverse("guides:index")).content.decode()


def test_detail_page_shows_the_guide(synced, get, django_assert_max_num_queries):
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        html = get(detail_url("pip")).content.decode()
    guide = Guide.objects.get(slug="pip")
    assert f"<title>{guide.title} · Taro</title>" in html
    assert find(html, "h1")[0].text == guide.title
    assert find(html, "meta", name="description")[0].attrs["content"] == guide.summary
    reviewed = find(html, "time", datetime=f"{guide.last_reviewed:%Y-%m-%d}")[0].text
    assert reviewed == f"{guide.last_reviewed.day} {guide.last_reviewed:%B %Y}"
    assert f"{guide.reading_minutes} min read" in html
    assert guide.body_html in html


def test_detail_has_open_graph_and_canonical_meta(synced, get):
    html = get(detail_url("pip")).content.decode()
    meta = {
        m.attrs["property"]: m.attrs["content"] for m in find(html, "meta") if "property" in m.attrs
    }
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Performance Improvement Plans at Amazon"
    assert meta["og:description"].startswith("How Amazon's low-performance track")
    assert meta["og:url"] == "http://testserver/guides/pip/"
    assert find(html, "link", rel="canonical")[0].attrs["href"] == "http://testserver/guides/pip/"


def test_contents_nav_is_built_from_the_stored_toc(synced, get):
    html = get(detail_url("performance-review")).content.decode()
    guide = Guide.objects.get(slug="performance-review")
    navs = find(html, "nav", aria_label="Contents")
    assert navs, "a Contents nav"
    for nav in navs:  # the phone <details> copy and the wide-screen side copy
        links = [a.attrs["href"] for a in parse_links(nav)]
        assert links == [f"#{entry['id']}" for entry in guide.toc]
    assert any(ancestor.tag == "details" for ancestor in navs[0].ancestors())


def parse_links(element):
    found = []
    for child in element.children:
        if child.tag == "a":
            found.append(child)
        found.extend(parse_links(child))
    return found


def test_previous_and_next_follow_the_order(synced, get):
    html = get(detail_url("pip")).content.decode()
    assert find(html, "a", rel="prev")[0].attrs["href"] == detail_url("performance-review")
    assert find(html, "a", rel="next")[0].attrs["href"] == detail_url("promotion")
    first = get(detail_url("performance-review")).content.decode()
    assert not find(first, "a", rel="prev") and find(first, "a", rel="next")
    last = get(detail_url("managing-your-manager")).content.decode()
    assert find(last, "a", rel="prev") and not find(last, "a", rel="next")


def test_ask_link_preselects_the_guides_first_topic(synced, get):
    html = get(detail_url("pip")).content.decode()
    ask = [a for a in find(html, "a") if a.text == "Ask about this guide"]
    assert ask[0].attrs["href"] == "/questions/ask/?topic=pip"


def test_related_discussions_section_is_present(synced, get):
    html = get(detail_url("pip")).content.decode()
    assert find(html, "h2", id="related-heading")[0].text == "Related discussions"


def test_detail_page_ids_are_unique_and_scripts_are_external(synced, get):
    for slug in Guide.objects.values_list("slug", flat=True):
        html = get(detail_url(slug)).content.decode()
        ids = [element.attrs["id"] for element in parse(html) if "id" in element.attrs]
        assert len(ids) == len(set(ids)), slug
        assert all(script.attrs.get("src") for script in find(html, "script")), (
            "the CSP forbids inline scripts"
        )


def test_unknown_slug_is_a_404_in_the_site_layout(db, get):
    html = get(detail_url("no-such-guide"), status=404).content.decode()
    assert "We couldn’t find that page" in html


def test_writes_are_not_allowed(synced, client):
    assert client.post(detail_url("pip")).status_code == 405
    assert client.post(reverse("guides:index")).status_code == 405


@pytest.mark.parametrize("url", [reverse("guides:index"), detail_url("promotion")])
def test_anonymous_pages_are_served_from_cache(synced, get, url, django_assert_num_queries):
    first = get(url)
    with django_assert_num_queries(0):
        second = get(url)
    assert second.content == first.content


def test_sync_clears_cached_pages(db, content_dir, get, django_capture_on_commit_callbacks):
    sync_guides(content_dir=content_dir)
    assert "Getting promoted at Amazon" in get(detail_url("promotion")).content.decode()
    path = content_dir / "promotion.md"
    path.write_text(
        path.read_text().replace(
            "title: Getting promoted at Amazon", "title: Promotions, explained"
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        sync_guides(content_dir=content_dir)
    html = get(detail_url("promotion")).content.decode()
    assert "Promotions, explained" in html and "Getting promoted at Amazon" not in html
    assert "Promotions, explained" in get(reverse("guides:index")).content.decode()


def test_every_reader_gets_the_page_of_the_current_guides_version(
    synced, client, get, django_user_model
):
    """Signed-in readers share the cached guide content too; what keeps it fresh is the guides
    version, which every change of the guides moves in its own transaction (as sync_guides does)."""
    from django.db import transaction

    from taro import versions

    get(detail_url("pip"))
    client.force_login(
        django_user_model.objects.create_user("reader", "reader@example.com", "pw-12345678")
    )
    get(detail_url("pip"))
    client.logout()
    with transaction.atomic():
        versions.bump(versions.GUIDES)
        Guide.objects.filter(slug="pip").update(title="Changed with the version")
    assert "Changed with the version" in get(detail_url("pip")).content.decode()
    client.force_login(django_user_model.objects.get(username="reader"))
    assert "Changed with the version" in get(detail_url("pip")).content.decode()


def test_requests_with_a_query_string_are_not_cached(synced, get, django_assert_max_num_queries):
    get(detail_url("pip") + "?utm_source=x")
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = get(detail_url("pip") + "?utm_source=x")
    assert response.status_code == 200


def test_index_without_guides_offers_the_questions(db, get):
    # Through guides' extension point: forum registers the link (forum/guide_panels.py).
    html = get(reverse("guides:index")).content.decode()
    assert (
        "The guides are being written. In the meantime, "
        f'<a href="{reverse("forum:questions")}">browse the questions</a>.'
    ) in html
