"""How strong an entry's evidence is: six signals a promotion reader looks for, checked by plain
rules on save (no model, no network), so the same entry always gets the same grade and the owner
can see exactly what would raise it.

The signals: a number with a unit, a before and after, a link, a named audience beyond the
team, an ownership verb, and a date beyond the day it was logged (a range, or a date named in
the text). Structured fields count first; the free text counts too, so a well-written paragraph
is not marked down for skipping the boxes.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# (key, what it is, what to add when it's missing)
SIGNALS = (
    ("number", "a number with a unit", "Add a number with its unit (ms, %, hours, $, tickets)."),
    ("before_after", "a before and after", "Say what it was before and what it is now."),
    ("link", "a link", "Link the design doc, dashboard or launch note."),
    ("audience", "an audience beyond the team", "Name who outside your team used or felt it."),
    ("ownership", "an ownership verb", "Say what you did yourself: led, designed, decided…"),
    ("date", "a date or date range", "Give the dates it ran (a start date or a month)."),
)
SIGNAL_KEYS = tuple(key for key, _, _ in SIGNALS)
SIGNAL_LABELS = {key: label for key, label, _ in SIGNALS}
SIGNAL_ADVICE = {key: advice for key, _, advice in SIGNALS}

WEAK, FAIR, STRONG = "weak", "fair", "strong"
GRADE_LABELS = {WEAK: "Weak", FAIR: "Fair", STRONG: "Strong"}


STRONG_AT, FAIR_AT = 5, 3  # of the six signals


def advice(keys: Iterable[str]) -> list[str]:
    """What to add, for the missing signals' keys (unknown keys ignored)."""
    return [SIGNAL_ADVICE[key] for key in keys if key in SIGNAL_ADVICE]


def grade(score: int) -> str:
    """Six signals: five or six is strong, three or four fair, fewer weak."""
    if score >= STRONG_AT:
        return STRONG
    if score >= FAIR_AT:
        return FAIR
    return WEAK


UNITS = (
    r"%|percent|ms|milliseconds?|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|"
    r"months?|x\b|times|k\b|m\b|tps|rps|qps|requests?|calls?|tickets?|pages?|alarms?|incidents?|"
    r"customers?|users?|sellers?|teams?|engineers?|services?|gb|tb|mb|cpu|hosts?|instances?|"
    r"builds?|deploys?|deployments?|errors?|bugs?|lines?|dollars?|usd|eur|gbp"
)
NUMBER_WITH_UNIT = re.compile(
    rf"(?:[$€£]\s?\d[\d,.]*\s?[kmb]?\b)|(?:\b\d[\d,.]*\s?(?:{UNITS}))", re.IGNORECASE
)
BEFORE_AFTER = re.compile(
    r"\bfrom\s+[$€£]?\d[\d,.]*.{0,30}?\bto\s+[$€£]?\d|\d[\d,.]*\s?\S{0,12}\s?(?:->|→|=>)\s?[$€£]?\d|"
    r"\b(?:down|up|dropped|fell|rose|grew|cut|reduced|increased|improved)\b.{0,30}?\bfrom\s+\d",
    re.IGNORECASE,
)
AUDIENCE = re.compile(
    r"\b(?:customers?|sellers?|partners?|other teams?|partner teams?|(?:two|three|four|five|six|"
    r"several|many|\d+)\s+teams|org(?:anisation|anization)?[- ]wide|across the org|"
    r"stakeholders?|principal|director)\b",
    re.IGNORECASE,
)
OWNERSHIP = re.compile(
    r"\b(?:led|lead|owned|own|designed|drove|built|wrote|proposed|decided|launched|shipped|"
    r"created|implemented|migrated|mentored|initiated|architected|authored|delivered|rewrote|"
    r"automated|negotiated|convinced|unblocked|debugged|traced|fixed|ran|organised|organized|"
    r"started|established|defined|prototyped|reviewed)\b",
    re.IGNORECASE,
)
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATE_IN_TEXT = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}(?:-\d{{2}})?|(?:{MONTHS})\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\b|"
    rf"q[1-4]\s*\d{{2,4}}|h[12]\s*\d{{2,4}})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Strength:
    score: int
    missing: tuple[str, ...]  # signal keys, in SIGNALS order

    @property
    def grade(self) -> str:
        return grade(self.score)


def assess(
    *,
    title: str,
    situation: str = "",
    did: str,
    impact: str,
    links: list[str],
    metric_from: str = "",
    metric_to: str = "",
    metric_unit: str = "",
    audience: str = "",
    started_on=None,
) -> Strength:
    """Which of the six signals an entry carries. Pure: the same fields give the same answer."""
    text = "\n".join([title, situation, did, impact])
    found = {
        "number": bool(metric_to.strip() and metric_unit.strip())
        or bool(NUMBER_WITH_UNIT.search(text)),
        "before_after": bool(metric_from.strip() and metric_to.strip())
        or bool(BEFORE_AFTER.search(text)),
        "link": bool(links),
        "audience": bool(audience.strip()) or bool(AUDIENCE.search(text)),
        "ownership": bool(OWNERSHIP.search(text)),
        "date": started_on is not None or bool(DATE_IN_TEXT.search(text)),
    }
    missing = tuple(key for key in SIGNAL_KEYS if not found[key])
    return Strength(score=len(SIGNAL_KEYS) - len(missing), missing=missing)
