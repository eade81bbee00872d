"""The words Amazon engineers use for the same thing, as data: applied when a query is parsed.

PostgreSQL's synonym and thesaurus dictionaries need files on the database server, which managed
services and the embedded server can't take; so the map lives here and the parser expands each
term into every spelling (forum/search/query.py). Each entry is one group: any spelling in it
matches all the others, both ways. A spelling is a word or a phrase (its words must be adjacent).
"""

import re

# One group per line; each spelling as people write it. Stemming (PostgreSQL's english config)
# already joins word forms ("promoted", "promotions"), so only different words need a group.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("promo", "promotion"),
    ("pip", "performance improvement plan"),
    ("olr", "organization and leadership review", "organisation and leadership review"),
    ("tt", "top tier", "top-tier"),
    ("le", "least effective"),
    ("ni", "needs improvement"),
    ("lp", "lps", "leadership principle", "leadership principles"),
    (
        "tc",
        "tct",
        "total compensation",
        "total comp",
        "total compensation target",
        "target compensation",
        "target comp",
    ),
    ("affect", "effect"),  # "does my rating affect pay": "Effect on pay"
    ("rsu", "rsus", "stock", "vesting", "unvested", "restricted stock unit"),
    ("dns", "dive and save", "dive-and-save"),
    ("sign-on", "sign-on bonus", "signing bonus", "sign on bonus"),
    ("layoff", "laid off", "laid-off", "rif", "reduction in force"),
    # The 2024-2026 vocabulary (reported names of Amazon's review, ratings and programmes).
    ("forte", "forte review", "annual review", "yearly review"),
    ("ov", "overall value"),
    ("ura", "unregretted attrition", "unregretted"),
    ("rto", "return to office", "return-to-office", "office mandate"),
    # "pivot program": the second word need not appear.
    ("pivot", "pivot program", "pivot plan"),
    ("appeal", "appeal panel", "appeals panel", "jury"),
    ("refresher", "refresher grant", "refresh grant", "stock refresher"),
    ("cliff", "vesting cliff", "one-year cliff", "cliff vest"),
    ("focus", "dev plan", "development plan", "coaching plan"),
    ("pcs", "pay conversation", "compensation statement", "comp statement"),
    ("bar raiser", "bar-raiser", "br"),
    ("role model", "role-model"),
    ("doc", "document"),
    ("h-1b", "h1b", "h1-b"),
)

ROMAN = {1: "i", 2: "ii", 3: "iii"}
# Amazon's engineering levels: SDE 1-3 are L4-L6, SDM 1-3 are L5-L7.
LEVELS = {"sde": {1: 4, 2: 5, 3: 6}, "sdm": {1: 5, 2: 6, 3: 7}}
HV_LEVELS = (1, 2, 3)


def level_spellings(title: str, number: int) -> tuple[str, ...]:
    """Every way people write one title's level: SDE2, SDE 2, SDE II (not "SDE I": "i" is a
    stop word, so that phrase would match every SDE)."""
    spellings = [f"{title}{number}", f"{title} {number}", f"{title}-{number}"]
    if number > 1:
        spellings.append(f"{title} {ROMAN[number]}")
    return tuple(spellings)


def level_groups() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(what a query may say, what it then matches) for every level: a title's level matches its
    L-level, and an L-level matches every title at that level."""
    groups = []
    by_l_level: dict[int, list[str]] = {}
    for title, numbers in LEVELS.items():
        for number, l_level in numbers.items():
            spellings = level_spellings(title, number)
            typed = spellings + ((f"{title} i",) if number == 1 else ())
            groups.append((typed, (*spellings, f"l{l_level}")))
            by_l_level.setdefault(l_level, []).extend(spellings)
    for l_level, same_level in sorted(by_l_level.items()):
        l_spellings = (f"l{l_level}", f"l {l_level}")
        groups.append((l_spellings, (*l_spellings, *same_level)))
    for number in HV_LEVELS:
        spellings = (
            f"hv{number}",
            f"hv {number}",
            f"hv-{number}",
            f"high value {number}",
            f"highly valued {number}",
        )
        groups.append((spellings, spellings))
    # "HV" or "Highly Valued" alone: the tier, whichever number follows.
    # "HV 2", "high value 2" and the like hold "HV" or "high value": matched without listing.
    tier = ("hv", "highly valued", "high value")
    groups.append((tier, (*tier, *(f"hv{number}" for number in HV_LEVELS))))
    return groups


def level_keys() -> list[tuple[str, ...]]:
    """Every typed spelling of an engineering level (SDE 2, L5, ...), as a tuple of words."""
    return [
        tuple(split_words(spelling))
        for typed, _ in level_groups()
        for spelling in typed
        if not spelling.startswith(("hv", "high"))
    ]


def expansion_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What each typed spelling (as a tuple of lower-case words) expands to: every spelling of its
    group, each as a tuple of words."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    groups = [(group, group) for group in SYNONYMS] + level_groups()
    for typed, matches in groups:
        expanded = _without_redundant(tuple(tuple(split_words(s)) for s in matches))
        for spelling in typed:
            table[tuple(split_words(spelling))] = expanded
    return table


def _without_redundant(spellings: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The spellings without the phrases that hold a one-word spelling of the same group
    ("restricted stock unit" beside "stock"): they match nothing more, and a phrase costs
    PostgreSQL a recheck of every row that has its words."""
    single = {_plain(words[0]) for words in spellings if len(words) == 1}
    return tuple(
        words
        for words in spellings
        if len(words) == 1 or not any(_plain(word) in single for word in words)
    )


def _plain(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# A word as the parser keeps it: letters and digits, hyphens inside ("sign-on"). Nothing else
# reaches to_tsquery, so no input can be a syntax error there.
WORD = re.compile(r"\w+(?:-\w+)*")


def split_words(text: str) -> list[str]:
    return [word.strip("_") for word in WORD.findall(text.lower()) if word.strip("_")]
