"""The synonym and level map (forum/search/synonyms.py), one test per entry: a text that says
one spelling is found by a search for every other spelling of the same thing, through the real
query (to_tsquery on PostgreSQL's english configuration). Operators keep their meaning for
every term, levels included."""

import itertools

import pytest
from django.db import connection

from forum.search.query import parse
from forum.search.synonyms import SYNONYMS, level_groups

pytestmark = pytest.mark.django_db


def matches(query: str, text: str, *, loose: bool = False) -> bool:
    parsed = parse(query)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('english', %s) @@ to_tsquery('english', %s)",
            [text, parsed.loose_text if loose else parsed.strict_text],
        )
        return cursor.fetchone()[0]


def said(spelling: str) -> str:
    return f"Someone wrote about {spelling} here, in passing."


@pytest.mark.parametrize("group", SYNONYMS, ids=[group[0] for group in SYNONYMS])
def test_each_synonym_matches_every_other_spelling_both_ways(group):
    for typed, written in itertools.permutations(group, 2):
        assert matches(typed, said(written)), f"{typed!r} should find {written!r}"
        assert matches(typed.upper(), said(written.title())), "case never matters"


@pytest.mark.parametrize(
    ("typed", "found"), level_groups(), ids=[typed[0] for typed, _ in level_groups()]
)
def test_each_level_matches_every_spelling(typed, found):
    for query, written in itertools.product(typed, found):
        assert matches(query, said(written.upper())), f"{query!r} should find {written!r}"


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("SDE 2", "Promoted to SDE-II last year"),  # a hyphen is a word break
        ("SDE II", "I'm an SDE2 in retail"),
        ("L5", "I'm an SDM 1 on payments"),
        ("SDM1", "Hired at L5 as a manager"),
        ("L6", "promoted to SDE III"),
        ("HV3", "rated high value 3 last cycle"),
        ("SDE 1", "new grad SDE I role, L4"),
    ],
)
def test_level_spellings_people_use(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("SDE 2", "SDE 3 promo, 2 years in"),  # the number must follow the title
        ("SDE 2", "an SDE and 2 managers"),
        ("L5", "L6 offer"),
        ("SDE I", "an SDE III role"),  # "I" alone would be a stop word: never "any SDE"
        ("HV2", "HV3 rating"),
        ("PIP", "performance plan improvement"),  # the long form is a phrase
    ],
)
def test_levels_and_phrases_do_not_overmatch(query, text):
    assert not matches(query, text)


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        # -word excludes every spelling of the term, levels included.
        ("promotion -HV3", "promo case with an HV3 rating", False),
        ("promotion -HV3", "promo case with a high value 3 rating", False),
        ("promotion -HV3", "promo case with an HV2 rating", True),
        ("promo -SDE 2", "SDE2 promo document", False),
        ("promo -SDE 2", "SDE II promo document", False),
        ("promo -SDE 2", "L5 promo document", False),
        ("promo -SDE 2", "SDE 3 promo document", True),
        ("promo -L5", "SDE 2 promo document", False),
        ("pip -performance improvement plan", "a PIP", False),
        # "a phrase" stays a phrase, with each level inside it in any spelling.
        ('"SDE 2 promo"', "my SDE 2 promo document", True),
        ('"SDE 2 promo"', "my SDE2 promotion document", True),
        ('"SDE 2 promo"', "my L5 promo", True),
        ('"SDE 2 promo"', "promo for my SDE 2", False),
        ('"SDE 2 promo"', "SDE 3 promo, 2 years", False),
        ('-"SDE 2 promo" document', "my SDE2 promo document", False),
        ('-"SDE 2 promo" document', "my SDE 2 design document", True),
        # or joins two terms, levels included.
        ("HV2 or HV3", "rated high value 2", True),
        ("HV2 or HV3", "rated HV3", True),
        ("HV2 or HV3", "rated HV1", False),
        ("SDE2 or L6 promo", "SDE III promo", True),
        ("SDE2 or L6 promo", "SDE III calibration", False),
        # Filler and stop words never have to match.
        ("HV2 vs HV3", "HV2 and HV3 compared", True),
        ("what about my stock", "unvested RSUs in a layoff", True),
    ],
)
def test_operators_keep_their_meaning(query, text, expected):
    assert matches(query, text) is expected


def test_the_fallback_matches_any_term_and_keeps_exclusions():
    assert not matches("pivot severance calibration", "pivot package")
    assert matches("pivot severance calibration", "pivot package", loose=True)
    assert not matches("pivot severance -package", "pivot package", loose=True)


@pytest.mark.parametrize(
    "query",
    ['"', '""', "-", "- -", "or", "OR or", "!!", "(", "a & b | c", "':*", "<->", "\\", '- "x'],
)
def test_no_input_is_a_syntax_error(query):
    parsed = parse(query)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsquery('english', %s), to_tsquery('english', %s)",
            [parsed.strict_text, parsed.loose_text],
        )


@pytest.mark.parametrize("query", ['"', "-", '- "', "or", "-promo", "the of and", "x" * 200])
def test_the_search_page_answers_any_input(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "No results for" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "highlight"),
    [
        ("HV1", "hv1"),  # not "hv <-> 1", "hv-1" or "high <-> value <-> 1": every "1" lit up
        ("SDE 2 promo", "(sde2 | sde <-> 2 | l5) | (promo | promotion)"),  # typed so: kept
        ("top tier -HV3", "(tt | top <-> tier | top-tier)"),  # exclusions are not highlighted
        ("pip", "(pip | performance <-> improvement <-> plan)"),
    ],
)
def test_snippets_highlight_meaningful_spellings(query, highlight):
    assert parse(query).highlight_text == highlight
