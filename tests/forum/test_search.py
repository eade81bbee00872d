import pytest
from django.core.management import call_command

from forum import services

pytestmark = pytest.mark.django_db


def titles(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    page = response.context["page"]
    return [hit.title for hit in page.object_list] if page else []


def test_title_match_outranks_body_match(client, make_question):
    make_question(
        title="Questions about my manager and feedback",
        body="I want to understand calibration better than now.",
    )
    make_question(
        title="How does calibration decide my rating?",
        body="Asking for a friend who wants to know details.",
    )
    assert (
        titles(client, "calibration", kind="questions")[0]
        == "How does calibration decide my rating?"
    )


def test_stemming_finds_other_word_forms(client, make_question):
    make_question(
        title="Got promoted after two cycles, here is what changed",
        body="Sharing notes for others in the same spot.",
    )
    assert "Got promoted after two cycles, here is what changed" in titles(client, "promotion")


def test_phrase_and_exclusion(client, make_question):
    make_question(
        title="Writing the promotion document as an SDE 1", body="Mine got long and messy quickly."
    )
    make_question(
        title="Document review for a design, not a promotion",
        body="Separate question entirely here.",
    )
    assert titles(client, '"promotion document"', kind="questions") == [
        "Writing the promotion document as an SDE 1"
    ]
    assert titles(client, "promotion -design", kind="questions") == [
        "Writing the promotion document as an SDE 1"
    ]


@pytest.mark.parametrize("term", ["SDE 2", "L6", "HV3", "TT"])
def test_level_terms_are_findable(client, make_question, term):
    make_question(
        title=f"What does {term} mean for my next review cycle?",
        body="Trying to decode the jargon of levels.",
    )
    assert titles(client, term, kind="questions")


def test_answers_and_guides_are_searched_with_highlighted_snippets(
    client, make_question, make_answer
):
    call_command("sync_guides", verbosity=0)
    question = make_question(
        title="Unrelated title on a different subject", body="Nothing relevant in this body text."
    )
    make_answer(
        question, body="Try writing a narrative about unregretted attrition and Pivot timelines."
    )
    response = client.get("/search/", {"q": "pivot"})
    hits = list(response.context["page"].object_list)
    assert "guide" in {h.kind for h in hits}
    # The answer shows under its question, which itself doesn't match.
    [thread] = [h for h in hits if h.kind == "question"]
    assert (thread.pk, thread.matched, thread.answers_matching) == (question.pk, False, 1)
    assert [a.kind for a in thread.answers] == ["answer"]
    assert "<mark>Pivot</mark>" in str(thread.answers[0].snippet)
    html = response.content.decode()
    assert "<mark>" in html and "1 answer matches" in html


def test_deleted_posts_never_appear(client, make_question):
    question = make_question(title="A deleted thread about refreshers and vesting")
    services.delete_post(user=question.author, post=question)
    assert titles(client, "refreshers") == []


def test_snippets_escape_html(client, make_question):
    make_question(
        title="Sanitized snippet check for search results",
        body="Text <script>alert(1)</script> about escalation paths.",
    )
    html = client.get("/search/", {"q": "escalation"}).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "q", ["", "'", "&", ":*", '"unbalanced', "\x00promo", "!!!", "a" * 500, "(((", "| & !"]
)
def test_hostile_queries_get_a_page_not_a_500(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200


def test_long_query_is_shortened_with_a_note(client):
    html = client.get("/search/", {"q": "promotion " * 40}).content.decode()
    assert "shortened" in html


def test_no_results_suggests_asking(client):
    html = client.get("/search/", {"q": "xyzzyplugh"}).content.decode()
    assert "No results" in html and "/questions/ask/" in html


def test_search_query_count_is_constant(client, make_question, django_assert_max_num_queries):
    for i in range(30):
        make_question(title=f"Compensation question number {i} about refreshers")
    with django_assert_max_num_queries(8):
        client.get("/search/", {"q": "refreshers"})


@pytest.mark.parametrize("query", ["SDE2", "SDE 2", "sde2 promotion"])
def test_levels_match_either_spelling(client, make_question, query):
    make_question(
        title="Promotion timeline from SDE 2 to the next level",
        body="Body text about a promotion timeline.",
    )
    make_question(
        title="Promotion case as an SDE2 in retail", body="Body text about a promotion case here."
    )
    assert len(titles(client, query, kind="questions")) == 2


def test_a_later_page_of_a_cached_ranking_shows_its_own_hits_with_snippets(
    client, make_user, make_question
):
    client.force_login(make_user())  # members' pages are rendered each time, from the ranking
    for i in range(25):
        make_question(title=f"Refresher grant question {i:02d} for the ranking cache")
    first = titles(client, "refresher")
    second = client.get("/search/", {"q": "refresher", "page": 2})
    hits = second.context["page"].object_list
    assert len(first) == 20 and len(hits) == 5 and not set(first) & {h.title for h in hits}
    assert all(hit.snippet is not None for hit in hits)
    again = client.get("/search/", {"q": "refresher", "page": 2})  # the ranking from the cache
    assert [h.title for h in again.context["page"].object_list] == [h.title for h in hits]
    assert all(hit.snippet is not None for hit in again.context["page"].object_list)


def test_a_vote_shows_on_a_signed_in_search_page_while_the_ranking_is_cached(
    client, make_user, make_question
):
    question = make_question(title="How are refresher grants sized for a narwhal team?")
    reader = make_user()
    client.force_login(reader)
    assert "0 votes" in client.get("/search/", {"q": "narwhal"}).content.decode()
    services.upvote(user=make_user(), post=question)
    assert "1 vote ·" in client.get("/search/", {"q": "narwhal"}).content.decode()
