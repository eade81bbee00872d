"""Feeds, sitemap and structured data: valid XML/JSON, the right items, no anonymous author
leaks."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from guides.models import Guide

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Every feed Taro publishes (tests/forum/test_visibility.py adds the sitemap to these).
FEED_URLS = [
    "/feeds/questions/",
    "/feeds/questions/atom/",
    "/feeds/topics/promotion/",
    "/feeds/companies/amazon/",
]


def fetch_xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def rss_items(client, url) -> list[dict]:
    channel = fetch_xml(client, url).find("channel")
    return [
        {
            "title": i.findtext("title"),
            "link": i.findtext("link"),
            "author": i.findtext(DC_CREATOR),
            "description": i.findtext("description"),
            "categories": [c.text for c in i.findall("category")],
        }
        for i in channel.findall("item")
    ]


@pytest.fixture
def secret_author(make_user):
    return make_user("secretposter", level="SDE 2", display_name="Sam Secretname")


def assert_no_leak(content: bytes):
    text = content.decode()
    assert "secretposter" not in text and "Secretname" not in text


# Feeds ------------------------------------------------------------------------------------------


def test_questions_feed_lists_newest_visible_questions(client, make_user, make_question):
    author = make_user(display_name="Dana Public")
    older = make_question(
        author,
        title="How are OLR ratings decided at Amazon?",
        body="Who is in the room for the OLR meeting?",
    )
    deleted = make_question(title="This one was deleted by its author later")
    services.delete_post(user=deleted.author, post=deleted)
    newer = make_question(title="Does an HV3 rating affect my refresher grant?")
    items = rss_items(client, "/feeds/questions/")
    assert [i["title"] for i in items] == [newer.title, older.title]
    assert items[1]["author"] == "Dana Public"
    assert items[1]["description"] == older.excerpt == "Who is in the room for the OLR meeting?"
    assert items[1]["link"].endswith(older.get_absolute_url()) and items[1]["link"].startswith(
        "http"
    )
    assert items[1]["categories"] == ["Promotion"]


def test_feeds_show_anonymous_authors_as_anonymous_badge(client, secret_author, make_question):
    make_question(
        secret_author,
        title="I was put on Focus, what should I do first?",
        anonymous=True,
        topic_slugs=("pip",),
    )
    for url in ("/feeds/questions/", "/feeds/topics/pip/", "/feeds/companies/amazon/"):
        response = client.get(url)
        assert_no_leak(response.content)
        [item] = rss_items(client, url)
        assert item["author"] == "Anonymous · SDE 2 at Amazon"
    atom = client.get("/feeds/questions/atom/")
    assert_no_leak(atom.content)
    [entry] = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Anonymous · SDE 2 at Amazon"


def test_atom_feed_parses_with_entries(client, make_question):
    question = make_question(title="When is the promotion document due?")
    root = fetch_xml(client, "/feeds/questions/atom/")
    assert root.tag == f"{ATOM}feed"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == question.title
    assert entry.find(f"{ATOM}link").get("href").endswith(question.get_absolute_url())


def test_topic_feed_has_only_its_topic(client, make_question):
    pip = make_question(title="Is Pivot better than a PIP?", topic_slugs=("pip",))
    make_question(title="How many peer feedbacks for promotion?", topic_slugs=("promotion",))
    assert [i["title"] for i in rss_items(client, "/feeds/topics/pip/")] == [pip.title]


def test_unknown_topic_or_company_feed_is_404(client):
    assert client.get("/feeds/topics/no-such-topic/").status_code == 404
    assert client.get("/feeds/companies/no-such-company/").status_code == 404


def test_questions_feed_caps_at_thirty(client, make_question):
    for _ in range(32):
        make_question()
    assert len(rss_items(client, "/feeds/questions/")) == 30


def test_questions_feed_query_count_is_constant(client, make_question):
    def count_queries() -> int:
        cache.clear()  # rendered from scratch each time, not from the page or fragment caches
        with CaptureQueriesContext(connection) as queries:
            client.get("/feeds/questions/")
        return len(queries)

    make_question()
    one = count_queries()
    for _ in range(5):
        make_question(anonymous=True)
    assert count_queries() == one


def test_guides_feed_lists_guides_newest_change_first(client):
    call_command("sync_guides", verbosity=0)
    Guide.objects.filter(slug="pip").update(title="PIP guide, freshly revised")
    Guide.objects.filter(slug="pip").first().save()  # bumps updated_at like a sync would
    items = rss_items(client, "/feeds/guides/")
    assert items[0]["title"] == "PIP guide, freshly revised"
    assert len(items) == Guide.objects.count()
    assert items[0]["description"] == Guide.objects.get(slug="pip").summary


def test_question_pages_advertise_the_feed(client, make_question):
    question = make_question()
    html = client.get(question.get_absolute_url()).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in html
        and 'href="/feeds/questions/"' in html
    )


# Sitemap ----------------------------------------------------------------------------------------


def sitemap_paths(client) -> set[str]:
    root = fetch_xml(client, "/sitemap.xml")
    return {re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iter(f"{SITEMAP}loc")}


def test_sitemap_lists_guides_questions_topics_and_not_deleted(client, make_question):
    call_command("sync_guides", verbosity=0)
    question = make_question()
    deleted = make_question()
    services.delete_post(user=deleted.author, post=deleted)
    paths = sitemap_paths(client)
    assert "/guides/promotion/" in paths and "/topics/pip/" in paths and "/guides/" in paths
    assert question.get_absolute_url() in paths
    assert deleted.get_absolute_url() not in paths


def test_sitemap_sets_lastmod_for_questions(client, make_question):
    question = make_question()
    root = fetch_xml(client, "/sitemap.xml")
    [entry] = [
        u
        for u in root.findall(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith(question.get_absolute_url())
    ]
    assert entry.findtext(f"{SITEMAP}lastmod") == question.last_activity_at.date().isoformat()
    assert entry.findtext(f"{SITEMAP}changefreq") == "weekly"


def test_sitemap_profiles_never_reveal_anonymous_authorship(
    client, make_user, make_question, make_answer, secret_author
):
    public_asker, public_answerer, deleted_only, inactive = (make_user() for _ in range(4))
    question = make_question(public_asker)
    make_answer(question, public_answerer)
    make_question(secret_author, anonymous=True)
    make_answer(question, secret_author, anonymous=True)
    gone = make_question(deleted_only)
    services.delete_post(user=deleted_only, post=gone)
    make_question(inactive)
    inactive.is_active = False
    inactive.save()
    response = client.get("/sitemap.xml")
    assert_no_leak(response.content)
    paths = sitemap_paths(client)
    assert (
        f"/users/{public_asker.username}/" in paths
        and f"/users/{public_answerer.username}/" in paths
    )
    for hidden in (secret_author, deleted_only, inactive):
        assert f"/users/{hidden.username}/" not in paths


def test_robots_txt_points_at_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


# JSON-LD ----------------------------------------------------------------------------------------


def json_ld(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_question_page_has_qapage_json_ld(
    client, make_user, make_question, make_answer, secret_author
):
    asker = make_user(display_name="Asha Asker")
    question = make_question(
        asker, title="Should I accept a Pivot?", body="My manager offered **Pivot** or a PIP."
    )
    accepted = make_answer(
        question, body="Take the time to think it through; Pivot has a fixed deadline."
    )
    make_answer(
        question,
        secret_author,
        body="I chose the PIP route and passed it, it is doable.",
        anonymous=True,
    )
    services.accept_answer(user=accepted.question.author, answer=accepted)
    data = json_ld(client.get(question.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question" and entity["name"] == question.title
    assert entity["text"] == "My manager offered Pivot or a PIP." and entity["answerCount"] == 2
    assert (
        entity["author"]["name"] == "Asha Asker"
        and entity["upvoteCount"] == 0
        and entity["dateCreated"]
    )
    assert entity["acceptedAnswer"]["text"].startswith("Take the time")
    [suggested] = entity["suggestedAnswer"]
    assert suggested["author"] == {"@type": "Person", "name": "Anonymous"}
    assert suggested["url"].endswith(f"#answer-{suggested['url'].rsplit('-', 1)[1]}")


def test_anonymous_question_json_ld_names_no_one(client, make_question, secret_author):
    question = make_question(secret_author, anonymous=True)
    response = client.get(question.get_absolute_url())
    assert json_ld(response.content.decode())["mainEntity"]["author"] == {
        "@type": "Person",
        "name": "Anonymous",
    }
    assert_no_leak(response.content)


def test_script_tags_in_a_title_cannot_break_out_of_json_ld(client, make_question):
    title = 'Why </script><script>alert("x")</script> & <!-- in titles?'
    question = make_question(
        title=title, body="A body quoting `</SCRIPT>` inside it too, just to be sure."
    )
    html = client.get(question.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["mainEntity"]["name"] == title
    assert "A body quoting </SCRIPT> inside" in data["mainEntity"]["text"]
    assert '<script>alert("x")' not in html


def test_question_page_queries_do_not_grow_with_answers(client, make_question, make_answer):
    question = make_question()
    make_answer(question)

    def count_queries() -> int:
        cache.clear()  # rendered from scratch each time, not from the page or fragment caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(question.get_absolute_url()).status_code == 200
        return len(queries)

    count_queries()  # the first visit also counts a view
    one = count_queries()
    for _ in range(4):
        make_answer(question)
    assert count_queries() == one


@pytest.mark.parametrize("url", FEED_URLS)
def test_control_characters_stored_in_a_post_never_break_a_feed(client, make_question, url):
    # A title with \x01 or a body with a pasted ESC[31m made every feed listing it answer 500
    # (XML cannot carry them). Rows stored by other paths must not break the feeds either.
    question = make_question(
        title="Bad \x01 title with a control character",
        body="Pasted from a terminal: \x1b[31mred\x1b[0m and enough words here.",
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"\x01" not in response.content and b"\x1b" not in response.content
    assert "Bad  title with a control character" in response.content.decode()
    assert question.pk


def test_control_and_bidi_characters_are_removed_when_asking(client, make_user, topics):
    from forum.models import Question

    client.force_login(make_user())
    response = client.post(
        "/questions/ask/",
        {
            "title": "Why \u202edoes\u202c my \x01 title look odd?",
            "topics": ["promotion"],
            "body": "A body with a \x1b[31mcolour code\x1b[0m pasted from a terminal window.",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.title == "Why does my title look odd?"
    assert question.body_source == "A body with a [31mcolour code[0m pasted from a terminal window."


def test_structured_data_is_for_crawlers_only(client, make_user, make_question):
    """Crawlers are never signed in: members' thread pages skip the QAPage data (and its
    cache lookup), and keep the feed link."""
    question = make_question(title="Is a QAPage shown to members?")
    client.force_login(make_user())
    html = client.get(question.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html
    assert 'type="application/rss+xml"' in html
    client.logout()
    assert "application/ld+json" in client.get(question.get_absolute_url()).content.decode()
