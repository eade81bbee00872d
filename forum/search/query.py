"""What people type, made into PostgreSQL full-text queries: parsed once per search.

A search text is read as terms: words, "quoted phrases", -excluded words or phrases, and `or`
between two terms. Each term is expanded into every spelling of what it names (synonyms.py:
promo/promotion, SDE 2/SDE2/SDE II/L5, ...), keeping its operator: an excluded level excludes
every spelling, a quoted phrase stays a phrase with each level inside it in any spelling.

Two queries come out of one parse: `strict` (every term must match) and `loose` (any term may
match, exclusions still hold), for the fallback when the strict query finds little. The query
text is built from words the parser kept (letters, digits, inner hyphens) and operators, and
given to to_tsquery as a parameter, so no input can be a syntax error.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from forum.search.synonyms import expansion_table, split_words

MAX_QUERY_LENGTH = 200
KINDS = {"all", "questions", "guides"}
CONFIG = "english"
# PostgreSQL's English stop words (to_tsquery drops them anyway), plus filler people type in
# questions ("HV2 vs HV3", "is it actually bad"): none of them has to match, and a title's
# filler doesn't make two questions related.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now vs versus v actually really
    basically anyone someone something anything also even still much ever quite get got getting
    would could""".split()
)
# A token: an optionally negated quoted phrase (the closing quote may be missing), or a run of
# anything else.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
LONGEST_SPELLING = 5


@dataclass(frozen=True)
class Term:
    """One thing to match: a sequence of slots that must be adjacent (one slot unless a phrase),
    each slot any of its spellings (a spelling is a tuple of adjacent words)."""

    slots: tuple[tuple[tuple[str, ...], ...], ...]
    negated: bool = False
    typed: tuple[str, ...] = ()  # the words as typed, for a one-slot term

    def tsquery(self, *, for_highlight: bool = False) -> str:
        slots = self.slots
        if for_highlight and len(slots) == 1:
            slots = (tuple(s for s in slots[0] if s == self.typed or not _marks_noise(s)),)
        text = " <-> ".join(_slot(slot) for slot in slots)
        if len(self.slots) > 1:
            text = f"({text})"
        return f"!{text}" if self.negated else text


@dataclass(frozen=True)
class ParsedQuery:
    """A search text, parsed: `clauses` must all match (a clause is terms joined by `or`)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()
    words: tuple[str, ...] = field(default=())  # the words typed, not negated, not stop words

    @property
    def positive(self) -> list[tuple[Term, ...]]:
        return [clause for clause in self.clauses if not _is_negation(clause)]

    @property
    def negative(self) -> list[tuple[Term, ...]]:
        return [clause for clause in self.clauses if _is_negation(clause)]

    @property
    def is_empty(self) -> bool:
        return not self.positive

    @property
    def has_fallback(self) -> bool:
        """Whether the any-word query differs from the strict one."""
        return len(self.positive) > 1

    @property
    def strict_text(self) -> str:
        """The to_tsquery text where every term must match."""
        return " & ".join(_clause(clause) for clause in self.clauses)

    @property
    def loose_text(self) -> str:
        """The to_tsquery text where any term may match; exclusions still hold."""
        if self.is_empty:
            return ""
        any_term = " | ".join(_clause(clause) for clause in self.positive)
        exclusions = [_clause(clause) for clause in self.negative]
        return " & ".join([f"({any_term})", *exclusions])

    @property
    def highlight_text(self) -> str:
        """The to_tsquery text for snippets: any positive term. ts_headline marks each word of a
        phrase wherever it stands, so spellings like "high value 1" or "sde 2", which would mark
        every "1" or "2", are left out unless typed so."""
        if self.is_empty:
            return ""
        return " | ".join(
            term.tsquery(for_highlight=True) for clause in self.positive for term in clause
        )

    def strict(self) -> SearchQuery:
        return _raw(self.strict_text)

    def loose(self) -> SearchQuery:
        return _raw(self.loose_text)

    def excluded(self) -> SearchQuery | None:
        """What the -terms name, as a query that matches it (None without exclusions)."""
        named = [
            Term(term.slots, False, term.typed).tsquery()
            for clause in self.negative
            for term in clause
        ]
        return _raw(" | ".join(named)) if named else None

    def highlight(self) -> SearchQuery:
        return _raw(self.highlight_text)


def clean_query(raw: str) -> tuple[str, str]:
    """The query to run and a note for the reader when it had to be changed."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        note = f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
        return text[:MAX_QUERY_LENGTH], note
    return text, ""


def parse(text: str) -> ParsedQuery:
    """Read a cleaned search text into terms, expanded and joined (see the module's doc)."""
    items = _tokens(text)
    terms: list[Term | str] = []
    index = 0
    while index < len(items):
        kind, value, negated = items[index]
        if kind == "or":
            terms.append("or")
            index += 1
        elif kind == "phrase":
            slots = _expand_sequence(value)
            if slots:
                terms.append(Term(tuple(slots), negated))
            index += 1
        else:
            # Words typed one after another: the longest run that names something in the map
            # ("performance improvement plan", "SDE 2") is one term; a minus before its first
            # word excludes all of it.
            run = [value]
            while (
                len(run) < LONGEST_SPELLING
                and index + len(run) < len(items)
                and items[index + len(run)][0] == "word"
                and not items[index + len(run)][2]
            ):
                run.append(items[index + len(run)][1])
            length, spellings = _longest_match(run)
            if spellings:
                terms.append(Term((spellings,), negated, tuple(run[:length])))
            elif value not in STOP_WORDS or negated:
                terms.append(Term((((value,),),), negated, (value,)))
            index += length
    clauses = _join_or(terms)
    words = tuple(
        word
        for kind, value, negated in items
        if kind == "word" and not negated and value not in STOP_WORDS
        for word in [value]
    )
    return ParsedQuery(text=text, clauses=tuple(clauses), words=words)


def any_of(words: Iterable[str], *, max_length: int | None = None) -> SearchQuery:
    """A query matching any of `words` (a guide's related questions), its text cut at
    `max_length` characters when given."""
    text = " OR ".join(words)
    return SearchQuery(
        text[:max_length] if max_length else text, search_type="websearch", config=CONFIG
    )


def relevance(query: SearchQuery) -> SearchRank:
    """How well a row's stored vector matches `query`, to annotate and order by. F(): the stored
    column; a bare "search_vector" would make Django wrap it in to_tsvector() and recompute it
    for every candidate row (300 ms on the reference data)."""
    return SearchRank(F("search_vector"), query)


def _tokens(text: str) -> list[tuple[str, object, bool]]:
    """("word", word, negated), ("phrase", [words], negated) and ("or", None, False) items."""
    items: list[tuple[str, object, bool]] = []
    for match in TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare is None:
            words = split_words(phrase)
            if words:
                items.append(("phrase", words, bool(minus)))
            continue
        negated = bare.startswith("-") and len(bare) > 1
        words = split_words(bare[1:] if negated else bare)
        if bare.lower() == "or" and items and items[-1][0] != "or":
            items.append(("or", None, False))
        elif negated and len(words) > 1:
            items.append(("phrase", words, True))  # -sign-on, -"HV3/HV2": one excluded unit
        else:
            items.extend(("word", word, negated and i == 0) for i, word in enumerate(words))
    while items and items[-1][0] == "or":
        items.pop()
    return items


def _longest_match(run: list[str]) -> tuple[int, tuple[tuple[str, ...], ...]]:
    table = _table()
    for length in range(len(run), 0, -1):
        spellings = table.get(tuple(run[:length]))
        if spellings:
            return length, spellings
    return 1, ()


def _expand_sequence(words: list[str]) -> list[tuple[tuple[str, ...], ...]]:
    """A phrase's slots: each run of words the map knows becomes one slot of its spellings."""
    slots, index = [], 0
    while index < len(words):
        length, spellings = _longest_match(words[index : index + LONGEST_SPELLING])
        slots.append(spellings or ((words[index],),))
        index += length
    return slots


def _join_or(terms: list) -> list[tuple[Term, ...]]:
    clauses: list[list[Term]] = []
    joining = False
    for term in terms:
        if term == "or":
            joining = bool(clauses)
            continue
        if joining:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joining = False
    return [tuple(clause) for clause in clauses]


def _is_negation(clause: tuple[Term, ...]) -> bool:
    return all(term.negated for term in clause)


def _clause(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].tsquery()
    return "(" + " | ".join(term.tsquery() for term in clause) + ")"


def _slot(spellings: tuple[tuple[str, ...], ...]) -> str:
    texts = [" <-> ".join(words) for words in spellings]
    if len(texts) == 1 and len(spellings[0]) == 1:
        return texts[0]
    return "(" + " | ".join(texts) + ")"


def _marks_noise(spelling: tuple[str, ...]) -> bool:
    """A phrase (or hyphenated word: "hv-2") with a part that means nothing alone: a number, a
    roman numeral, one letter."""
    parts = [part for word in spelling for part in word.split("-")]
    return len(parts) > 1 and any(
        part.isdigit() or len(part) == 1 or part in {"ii", "iii"} for part in parts
    )


def _raw(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config=CONFIG)


@cache
def _table():
    return expansion_table()
