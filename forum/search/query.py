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
from django.db.models import F, Value

from forum.search.intent import read_intent
from forum.search.synonyms import expansion_table, level_keys, split_words

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
CONCEPT_WEIGHT = 2
# ts_rank's 32: rank / (rank + 1), so that a text repeating a word many times stays below 1 and
# a title or heading that says the search (ranking.HEADING_WEIGHT) can lead it.
RANK_NORMALIZATION = 32


@dataclass(frozen=True)
class Term:
    """One thing to match: a sequence of slots that must be adjacent (one slot unless a phrase),
    each slot any of its spellings (a spelling is a tuple of adjacent words)."""

    slots: tuple[tuple[tuple[str, ...], ...], ...]
    negated: bool = False
    typed: tuple[str, ...] = ()  # the words as typed, for a one-slot term
    concept: bool = False  # what a question asks for (intent.py), not a word typed

    def tsquery(self, *, for_highlight: bool = False, weight: str = "") -> str:
        """`weight` ("A"): match only words of that weight (a title or a heading)."""
        slots = self.slots
        if for_highlight and len(slots) == 1:
            slots = (tuple(s for s in slots[0] if s == self.typed or not _marks_noise(s)),)
        text = " <-> ".join(_slot(slot, weight) for slot in slots)
        if len(self.slots) > 1:
            text = f"({text})"
        return f"!{text}" if self.negated else text


@dataclass(frozen=True)
class ParsedQuery:
    """A search text, parsed: `clauses` must all match (a clause is terms joined by `or`)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()
    words: tuple[str, ...] = field(default=())  # the words typed, not negated, not stop words
    echoes: tuple[str, ...] = ()  # question words a heading may say (intent.py), not required

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

    def heading_texts(self, weight: str = "A") -> list[tuple[str, int]]:
        """One to_tsquery text per positive clause, matching only the words of `weight` (A: a
        title or heading), and what saying it counts for: how much of the search a heading
        says (ranking.py). The concept a question asks for counts double: "How long the
        document runs" answers "how many pages is a promo doc" better than "The promotion
        document"."""
        said = [
            (
                " | ".join(term.tsquery(weight=weight) for term in clause),
                CONCEPT_WEIGHT if any(term.concept for term in clause) else 1,
            )
            for clause in self.positive
        ]
        echoes = [(f"{word}:{weight}", CONCEPT_WEIGHT) for word in self.echoes]
        return said + echoes if said else []

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
    """Read a cleaned search text into terms, expanded and joined (see the module's doc).
    Question words are intent, not content (intent.py): dropped, and the concept they ask for
    added as a term."""
    items, concepts, echoes = _without_intent(_tokens(text))
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
                term = Term((spellings,), negated, tuple(run[:length]))
                if negated or not any(term.slots == t.slots for t in terms if isinstance(t, Term)):
                    terms.append(term)  # "unvested RSUs": one term, said once
            elif negated or (value not in STOP_WORDS and not _said_before(value, terms)):
                terms.append(Term((((value,),),), negated, (value,)))
            index += length
    clauses = _join_or(terms) + [(concept,) for concept in concepts]
    words = tuple(
        word
        for kind, value, negated in items
        if kind == "word" and not negated and value not in STOP_WORDS
        for word in [value]
    )
    return ParsedQuery(text=text, clauses=tuple(clauses), words=words, echoes=echoes)


def _said_before(word: str, terms: list) -> bool:
    """Whether a word typed earlier is this one, or its singular ("peer feedback how many
    peers"): a word counts once in how much of the search a heading says."""
    singular = _singular(word)
    return any(
        isinstance(term, Term)
        and not term.negated
        and len(term.typed) == 1
        and _singular(term.typed[0]) == singular
        for term in terms
    )


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _without_intent(items: list) -> tuple[list, list[Term], tuple[str, ...]]:
    """The items without the words that only say what kind of answer is wanted, the concept
    terms they ask for, and the question words a heading may echo (intent.py)."""
    positions = [i for i, item in enumerate(items) if item[0] == "word"]
    words = [(items[i][1], items[i][2]) for i in positions]
    levels = _level_starts()

    def names_a_level(index: int) -> bool:
        return any(
            tuple(word for word, _ in words[index : index + length]) in levels
            for length in range(1, LONGEST_SPELLING + 1)
        )

    intent = read_intent(words, names_a_level=names_a_level, stop_words=STOP_WORDS)
    dropped = {positions[i] for i in intent.dropped}
    kept = [item for i, item in enumerate(items) if i not in dropped]
    concepts = [
        Term(
            ((tuple(tuple(split_words(spelling)) for spelling in concept)),),
            typed=concept[:1],
            concept=True,
        )
        for concept in intent.concepts
    ]
    return kept, concepts, intent.echoes


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
    return SearchRank(F("search_vector"), query, normalization=Value(RANK_NORMALIZATION))


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


def _slot(spellings: tuple[tuple[str, ...], ...], weight: str = "") -> str:
    suffix = f":{weight}" if weight else ""
    texts = [" <-> ".join(word + suffix for word in words) for words in spellings]
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


@cache
def _level_starts() -> frozenset[tuple[str, ...]]:
    return frozenset(level_keys())
