"""Question-shaped searches: the words that say what kind of answer is wanted, not what it is
about ("how many pages is a promo doc", "how long from SDE 1 to SDE 2").

"How", "what", "is", "can", "I" are stop words already; what is left of a question opener
("many", "much", "long", "often") is intent, not content: a page that doesn't say "many" can
still answer "how many". Some intents name a concept that the answer states in other words, and
the concept becomes a term of its own, any of its spellings matching:

- pages, length, or "how long" about a document: its length ("5 pages", "How long the document
  runs");
- "how long" with a level ("SDE 1 to SDE 2"): time in level (years, months);
- "how long" otherwise: a duration.

"each year" or "per cycle" says how often, and is dropped too. "Am I on Focus" or "how do I
know if" asks whether something is so: a heading about finding out whether ranks higher.

The parser (query.py) asks `read_intent` which typed words to drop and which concept terms to
add; everything else is parsed as usual.
"""

from dataclasses import dataclass

# A question opener: its first word is a stop word, its second carries the intent.
OPENERS = {"many": "amount", "much": "amount", "long": "duration", "often": "frequency"}
# Words that carry no content in a question, wherever they stand ("what does X mean").
FILLER = frozenset(
    {"mean", "means", "meaning", "explain", "tell", "know", "wondering", "happen", "happens"}
)
# Every page here is about Amazon: the word narrows nothing beside another one ("how much
# severance does amazon pay"), so it is dropped unless it is all there is.
SITE_WORDS = frozenset({"amazon", "amazons", "amazon's"})
# "each year", "per cycle": how often, not what ("how much of a raise do I get each year").
PERIODS = frozenset({"year", "month", "week", "cycle"})
EVERY = frozenset({"each", "every", "per"})
# "am I on Focus", "how do I know if I am on a PIP": whether something is so; a heading about
# finding out ("How to find out whether you are on Focus") answers it.
STATUS_OPENERS = frozenset({("am", "i"), ("know", "if"), ("know", "whether"), ("tell", "if")})
STATUS_ECHOES = ("find", "whether")
# With "how long", these only restate the question ("how long does Focus last").
DURATION_FILLER = frozenset({"last", "lasts", "take", "takes", "stay"})
# What a document is called in a search; with "pages" or "how long", the length is wanted.
DOCUMENT_WORDS = frozenset(
    {"doc", "docs", "document", "documents", "packet", "narrative", "writeup", "write-up"}
)
LENGTH_WORDS = frozenset({"length", "pages", "page", "lengthy"})
# Concepts: the spellings an answer uses for them (each a word or an adjacent phrase).
DOCUMENT_LENGTH = ("length", "pages", "long", "lengthy", "word count")
TIME_IN_LEVEL = ("time", "years", "months", "long", "takes")
DURATION = ("long", "days", "weeks", "months", "years", "time")


@dataclass(frozen=True)
class Intent:
    dropped: frozenset[int]  # positions of the typed words that are intent, not content
    concepts: tuple[tuple[str, ...], ...]  # each an extra term: any of its spellings
    # The opener's intent word ("many"): not required anywhere, but a heading that says it
    # ("How many peers to ask") answers the question.
    echoes: tuple[str, ...] = ()


def read_intent(
    words: list[tuple[str, bool]], *, names_a_level, stop_words: frozenset[str]
) -> Intent:
    """What the (word, negated) sequence asks, as words to drop and concepts to add.
    `names_a_level(word_index)` says whether a level term ("SDE 2", "L5") starts there."""
    dropped: set[int] = set()
    concepts: list[tuple[str, ...]] = []
    echoes: list[str] = []
    texts = [word for word, _ in words]
    about_a_document = any(word in DOCUMENT_WORDS for word in texts)
    about_levels = any(names_a_level(i) for i in range(len(words)))
    asks_how_long = any(
        texts[i - 1] == "how" and word == "long" for i, word in enumerate(texts) if i > 0
    )
    for i, (word, negated) in enumerate(words):
        if negated:
            continue
        opens_question = i > 0 and texts[i - 1] == "how" and word in OPENERS
        if asks_how_long and word in DURATION_FILLER:
            dropped.add(i)
            continue
        if opens_question:
            dropped.add(i)
            if OPENERS[word] != "duration":  # "long" is in the concept already
                echoes.append(word)
            if OPENERS[word] == "duration":
                concepts.append(
                    DOCUMENT_LENGTH
                    if about_a_document
                    else TIME_IN_LEVEL
                    if about_levels
                    else DURATION
                )
        elif word in FILLER or (word in PERIODS and i > 0 and texts[i - 1] in EVERY):
            dropped.add(i)
        elif word in LENGTH_WORDS and about_a_document:
            dropped.add(i)
            concepts.append(DOCUMENT_LENGTH)
    site_words = {i for i, word in enumerate(texts) if word in SITE_WORDS}
    if len(site_words) < len(texts) and any(
        i not in site_words and i not in dropped and not words[i][1] and texts[i] not in stop_words
        for i in range(len(texts))
    ):
        dropped |= {i for i in site_words if not words[i][1]}
    if any(pair in STATUS_OPENERS for pair in zip(texts, texts[1:], strict=False)):
        echoes.extend(STATUS_ECHOES)
    return Intent(frozenset(dropped), tuple(dict.fromkeys(concepts)), tuple(dict.fromkeys(echoes)))
