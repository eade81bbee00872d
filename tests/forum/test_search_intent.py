"""Question-shaped searches (forum/search/intent.py, through query.parse): question words are
intent, not content; the concept a question asks for becomes a term of its own, and what matches
it is checked on PostgreSQL's real english configuration."""

import pytest
from django.db import connection

from forum.search.query import parse

pytestmark = pytest.mark.django_db


def matches(query: str, text: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('english', %s) @@ to_tsquery('english', %s)",
            [text, parse(query).strict_text],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        # "many", "long" and "each year" need not appear: they say what kind of answer is wanted.
        ("how many pages is a promo doc", "Promotion document: 5 pages or more"),
        ("promo doc length", "How long the promotion document runs"),
        ("how long from SDE 1 to SDE 2", "SDE 1 to SDE 2 usually takes two years"),
        ("how long does focus last", "Focus runs for about 60 days"),
        ("how much of a raise do I get each year", "Raises by rating"),
        ("what does HV2 mean", "HV2 is the middle tier"),
        ("can I appeal a pip", "Appealing a PIP decision"),
        ("is there a cap on base pay", "The base pay cap"),
    ],
)
def test_question_words_are_not_required(query, text):
    assert matches(query, text), parse(query).strict_text


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("how many pages is a promo doc", "The promotion document has a template"),  # no length
        ("how long from SDE 1 to SDE 2", "SDE 1 to SDE 2 promotion document"),  # no time
        ("promo doc length", "Promotion document template"),
    ],
)
def test_the_concept_asked_for_is_required(query, text):
    assert not matches(query, text), parse(query).strict_text


def test_pages_without_a_document_stay_a_word():
    """ "pages" names a document's length only beside a document word: on-call pages are
    pages."""
    assert parse("on-call pages").strict_text == "on-call & pages"
    assert "length" in parse("promo doc pages").strict_text


def test_a_word_typed_twice_counts_once_in_the_heading_share():
    parsed = parse("peer feedback how many peers")
    assert parsed.strict_text == "peer & feedback"
    assert [weight for _, weight in parsed.heading_texts()] == [1, 1, 2]  # peer, feedback, many
    assert parse("unvested RSUs").strict_text.count("&") == 0


def test_a_status_question_looks_for_a_heading_about_finding_out():
    assert parse("am I on focus").echoes == ("find", "whether")
    assert parse("how do I know if I am on a pip").echoes == ("find", "whether")
    assert parse("focus goals").echoes == ()


def test_amazon_narrows_nothing_beside_another_word():
    assert parse("how much severance does amazon pay").strict_text == "severance & pay"
    assert parse("amazon").strict_text == "amazon"
    assert parse("amazon -pip").strict_text.startswith("amazon & !")


def test_negated_words_keep_their_meaning():
    assert parse("promo -length").strict_text == "(promo | promotion) & !length"
