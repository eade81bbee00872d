"""Search parsing (forum/search/query.py) and the kind filter, each rule pinned by a case
`make mutation` found unpinned: the length cap, control characters, level terms combined
with words, any_of for suggestions, and the kinds."""

import pytest
from django.core.management import call_command

from forum.search.query import MAX_QUERY_LENGTH, clean_query

pytestmark = pytest.mark.django_db


def test_a_query_at_the_cap_is_kept_whole_and_one_past_it_is_cut_with_a_note():
    at_cap = "a" * MAX_QUERY_LENGTH
    assert MAX_QUERY_LENGTH == 200
    assert clean_query(at_cap) == (at_cap, "")
    assert clean_query(at_cap + "b") == (
        at_cap,
        "Your search was shortened to its first 200 characters.",
    )


def test_control_characters_go_and_spaces_are_folded():
    assert clean_query(" pro\x00mo\x07tion \t\n bar ") == ("promotion bar", "")
    assert clean_query("plain words") == ("plain words", "")


def titles(client, q, **params):
    html = client.get("/search/", {"q": q, **params}).content.decode()
    return {title for title in TITLES if title in html}


TITLES = [
    "Promotion timeline as an SDE2 in retail",
    "SDE 2 on-call rotations that never end",
    "Promotion advice for a new manager",
]


@pytest.fixture
def level_questions(make_question):
    for title in TITLES:
        make_question(title=title, body=f"Body text for: {title}, long enough.")


@pytest.mark.parametrize("query", ["sde2 promotion", "promotion SDE 2"])
def test_a_level_term_and_words_must_both_match(client, level_questions, query):
    """Strict matching first: the one thread with both terms leads; the any-word fallback (few
    strict hits) follows it, and the page says so."""
    response = client.get("/search/", {"q": query})
    ranked = [hit.title for hit in response.context["page"].object_list]
    assert ranked[0] == "Promotion timeline as an SDE2 in retail"
    assert set(ranked[1:]) == set(TITLES[1:])
    assert "Showing results for any of these words" in response.content.decode()


def test_a_level_term_alone_matches_both_spellings(client, level_questions):
    assert titles(client, "SDE 2") == set(TITLES[:2])


def test_similar_questions_match_any_of_the_title_words(client, make_question):
    make_question(title="How is calibration decided for my team?")
    make_question(title="What is a zebra striped review at Amazon?")
    found = client.get("/questions/similar/", {"title": "calibration zebra"}).json()["questions"]
    assert {q["title"] for q in found} == {
        "How is calibration decided for my team?",
        "What is a zebra striped review at Amazon?",
    }


def test_kinds_narrow_the_results(client, make_question, make_answer):
    call_command("sync_guides", verbosity=0)
    question = make_question(title="What does a Pivot plan look like in practice?")
    make_answer(question, body="An answer about Pivot timelines, long enough for the form.")

    def kinds(kind):
        response = client.get("/search/", {"q": "pivot", "kind": kind})
        assert response.context["kind"] == kind
        hits = response.context["page"].object_list
        return {hit.kind for hit in hits} | {a.kind for hit in hits for a in hit.answers}

    assert kinds("all") == {"question", "answer", "guide"}  # the answer under its question
    assert kinds("questions") == {"question", "answer"}
    assert kinds("guides") == {"guide"}
