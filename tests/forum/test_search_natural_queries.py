"""Search relevance on natural queries, against the real guides (guides/content, synced by
`sync_guides`) and the demo threads: question-shaped, misspelt and abbreviated queries, each with
the guide section or thread that must be among the first three results.

The acceptance bar (issue #25 §3): at least 90% of the table answered in the top three, and
every REQUIRED query (the questions quoted in §3 and one per topic of §2) answered. Queries on
content the guides are gaining (Forte, Overall Value, URA, appeals, vesting split, base pay cap,
layoffs and severance, visa clocks, internal transfers, managing your manager) are in the same
table: they pass once that content is in guides/content.
"""

from dataclasses import dataclass

import pytest

pytestmark = pytest.mark.django_db

PASS_RATE = 0.90


@dataclass(frozen=True)
class Section:
    """A section of one of `slugs` whose heading contains one of `headings` (any case); ""
    accepts any section of the guide."""

    slugs: tuple[str, ...]
    headings: tuple[str, ...]

    def found_in(self, hit) -> bool:
        return (
            hit.kind == "guide"
            and any(hit.url.startswith(f"/guides/{slug}/") for slug in self.slugs)
            and any(h.lower() in hit.section.lower() for h in self.headings)
        )

    def __str__(self):
        return f"{'|'.join(self.slugs)} › {'|'.join(self.headings)}"


@dataclass(frozen=True)
class Thread:
    """A question (or its answers, shown under it) whose title contains `title`."""

    title: str

    def found_in(self, hit) -> bool:
        return hit.kind == "question" and self.title.lower() in hit.title.lower()

    def __str__(self):
        return f"thread “{self.title}”"


def S(slugs: str, *headings: str) -> Section:  # noqa: N802 - reads as a table
    return Section(tuple(slugs.split("|")), headings or ("",))


PERF, PIP, PROMO, COMP, LPS = (
    "performance-review",
    "pip",
    "promotion",
    "compensation",
    "leadership-principles",
)
LAYOFFS, VISAS, TRANSFERS, MANAGER = (
    "layoffs-and-severance",
    "visa-clocks",
    "internal-transfers",
    "managing-your-manager",
)
STOCK_GRANT = ("stock grant", "Vesting")  # the section's heading before and after the rewrite

# Issue #25 §3's questions, and one query per topic of §2.
REQUIRED = [
    ("how many pages is a promo doc", S(PROMO, "How long the document runs")),
    ("promo doc length", S(PROMO, "How long the document runs")),
    ("how long from SDE 1 to SDE 2", S(PROMO, "Time in level")),
    ("what is URA", S(PERF, "Unregretted attrition")),
    ("can I appeal a pip", S(PIP, "appeal")),
    ("is there a cap on base pay", S(COMP, "base pay cap")),
    ("LP bias for action examples", S(LPS, "Bias for Action")),
    ("unregretted attrition", S(PERF, "Unregretted attrition")),
    ("appeal a pivot decision", S(PIP, "appeal")),
    ("vesting split", S(COMP, "Vesting")),
    ("refresher", S(COMP, "Refresher")),
    ("H-1B grace period", S(VISAS, "H-1B")),
    ("severance", S(LAYOFFS, "Severance")),
    ("transfer during focus", S(f"{TRANSFERS}|{PIP}", "during Focus")),
    ("manager change", S(MANAGER, "manager changes")),
    ("Forte", S(PERF, "Forte")),
    ("Overall Value", S(PERF, "Overall Value")),
]

MORE = [
    # Question-shaped: question words are intent, not content.
    ("what is forte", S(PERF, "Forte")),
    ("what is OV", S(PERF, "Overall Value")),
    ("how does the overall value rating work", S(PERF, "Overall Value")),
    ("what is a role model rating", S(PERF, "Overall Value")),
    ("how is unregretted attrition counted", S(PERF, "Unregretted attrition")),
    ("what is the bottom 6 percent", S(PERF, "bottom 6")),
    ("how many peers should I ask for feedback", S(PERF, "How many peers")),
    ("how many peer feedbacks for promo", S(PROMO, "Peer feedback for promotion")),
    ("what are OLR ratings", S(PERF, "OLR ratings")),
    ("what does HV2 mean", S(PERF, "OLR ratings")),
    ("how long does focus last", S(PIP, "Focus")),
    ("how do I know if I am on focus", S(PIP, "whether you are on Focus")),
    ("am I on focus", S(PIP, "whether you are on Focus")),
    ("can I transfer while on a PIP", Thread("Can someone on a PIP still transfer")),
    ("can I transfer teams during focus", S(f"{TRANSFERS}|{PIP}", "during Focus")),
    ("what happens to my stock in a layoff", Thread("What happens to unvested stock")),
    ("what happens to unvested RSUs if I am laid off", S(LAYOFFS, "Unvested stock")),
    ("how much severance does amazon pay", S(LAYOFFS, "Severance")),
    ("how long can I stay on H1B after a layoff", S(VISAS, "H-1B")),
    ("how many unemployment days on OPT", S(VISAS, "OPT")),
    ("does a layoff affect my green card", S(VISAS, "Green card")),
    ("can I be rehired after a layoff", S(LAYOFFS, "Rehire")),
    ("how do I explain a layoff in interviews", Thread("How do I explain a layoff")),
    ("what is the notice period for an internal transfer", S(TRANSFERS, "Notice periods")),
    ("who can transfer internally", S(TRANSFERS, "Who can transfer")),
    ("does my rating carry over after a transfer", S(TRANSFERS, "after a move")),
    ("my manager changed mid cycle", S(MANAGER, "manager changes")),
    ("what happens to me in a reorg", S(MANAGER, "Reorgs")),
    ("should I ask for skip level meetings", S(MANAGER, "Skip-level")),
    ("how do I get written goals from my manager", S(MANAGER, "Written goals")),
    ("do I have to pay back my sign-on bonus", S(COMP, "sign-on")),
    ("why is my refresher zero", S(COMP, "Refreshers can be zero")),
    ("when do RSUs vest", S(COMP, *STOCK_GRANT)),
    ("what is the vesting schedule", S(COMP, *STOCK_GRANT)),
    ("what is TCT", S(COMP, "target")),
    ("how do I read my compensation statement", S(COMP, "compensation statement")),
    ("what is PCS", S(COMP, "compensation statement")),
    ("how much of a raise do I get each year", S(COMP, "Raises")),
    ("how much does a promotion raise pay", S(f"{COMP}|{PROMO}", "Promotion is", "Pay after")),
    ("what ratings do I need for promo", S(PROMO, "Ratings you usually need")),
    ("what is the 80 percent rule", S(PROMO, "80 percent")),
    ("what are the five scopes", S(PROMO, "five scopes")),
    ("what blocks a promotion", S(PROMO, "What blocks")),
    ("what goes in a promo doc", S(PROMO, "promotion document")),
    ("how many LP stories for an interview", Thread("How many LP stories")),
    ("what does the bar raiser look for", Thread("What is the bar raiser")),
    ("how do I disagree and commit", S(LPS, "Disagree and Commit")),
    ("customer obsession examples", S(LPS, "Customer Obsession")),
    ("ownership LP", S(LPS, "Ownership")),
    ("how do I write a self review", S(PERF, "Self")),
    ("who sees my peer feedback", S(PERF, "Who sees the feedback")),
    ("does my rating affect pay", S(PERF, "Effect on pay")),
    ("is it normal to work 55 hours a week", Thread("55-hour weeks")),
    ("how do I keep on-call from eating weekends", Thread("on-call weeks")),
    # Misspelt: corrected against the words in use.
    ("promtion document", S(PROMO, "promotion document")),
    ("perfomance improvement plan", S(PIP, "PIP")),
    ("leadrship principles", S(LPS, "")),
    ("compensaton refresher", S(COMP, "Refresher")),
    ("severence package", S(LAYOFFS, "Severance")),
    ("vestng schedule", S(COMP, *STOCK_GRANT)),
    ("unregreted attrition", S(PERF, "Unregretted attrition")),
    ("bar raisr interview", Thread("What is the bar raiser")),
    ("sign on bonus payback", S(COMP, "sign-on")),
    ("custmer obsession", S(LPS, "Customer Obsession")),
    ("calibraton OLR", S(PERF, "Two ratings", "OLR")),
    # Abbreviated: the words Amazon engineers use.
    ("PIP", S(PIP, "PIP")),
    ("OLR", S(PERF, "OLR")),
    ("LE rating", S(PIP, "How the risk starts")),
    ("NI rating", S(f"{PERF}|{PIP}", "Two ratings", "How the risk starts")),
    ("RSU", S(COMP, *STOCK_GRANT)),
    ("TC drop year 3", Thread("total comp drop in year 3")),
    ("URA target", S(PERF, "Unregretted attrition")),
    ("OV rating", S(PERF, "Overall Value")),
    ("DnS", S(COMP, "Dive and save")),
    ("SDE2 promo doc", Thread("SDE 1 to SDE 2 promo document")),
    ("L6 scope", Thread("SDE 3 promo was deferred")),
    ("HV1", Thread("HV1 rating")),
    ("TT promo", Thread("Top Tier rating")),
    ("dev plan", S(PIP, "Focus")),
    ("BR interview loop", Thread("What is the bar raiser")),
    ("LP stories SDE II", Thread("How many LP stories")),
    ("RIF", S(LAYOFFS, "")),
    ("raise", S(COMP, "Raises")),
    ("bar raiser", Thread("What is the bar raiser")),
    ("dive and save", S(COMP, "Dive and save")),
    ("boomerang", S(COMP, "boomerang")),
]

TABLE = REQUIRED + MORE


def top_three(client, query: str) -> list:
    """Once per query and test: a second anonymous request would be served from the page
    cache, without a context to read."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return list(response.context["page"].paginator.object_list[:3])


def answered(client, query: str, expected) -> bool:
    return any(expected.found_in(hit) for hit in top_three(client, query))


def test_the_table_is_large_and_its_queries_unique():
    queries = [query for query, _ in TABLE]
    assert len(queries) >= 80
    assert len(set(queries)) == len(queries)


@pytest.mark.parametrize(("query", "expected"), REQUIRED, ids=[q for q, _ in REQUIRED])
def test_required_queries_are_answered_in_the_top_three(client, demo_content, query, expected):
    top = top_three(client, query)
    labels = [f"{hit.title} › {hit.section}" for hit in top]
    assert any(expected.found_in(hit) for hit in top), f"{query!r}: {expected} not in {labels}"


def test_at_least_ninety_percent_of_the_table_is_answered_in_the_top_three(client, demo_content):
    missed = [
        f"{query!r} → {expected}"
        for query, expected in TABLE
        if not answered(client, query, expected)
    ]
    score = 1 - len(missed) / len(TABLE)
    print(f"\nRelevance: {len(TABLE) - len(missed)}/{len(TABLE)} ({score:.0%}) in the top three")
    assert score >= PASS_RATE, f"{score:.0%} answered; missed:\n" + "\n".join(missed)


def test_a_heading_that_says_the_phrase_comes_first(client, demo_content):
    """ "LP bias for action examples": the Bias for Action section first, before the sections
    that only mention the words."""
    first = top_three(client, "LP bias for action examples")[0]
    assert (first.title, first.section) == (
        "Amazon's Leadership Principles for engineers",
        "Bias for Action",
    )
