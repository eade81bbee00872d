"""What the workbench knows without a database: the five scopes, the 16 Leadership Principles,
the promotion moves with what the next level expects, and how much peer feedback applies.

Written in our own words from guides/content/promotion.md and performance-review.md. Kept as
data so a form validates against it, the readiness page reads it and a test can check it.
"""

from dataclasses import dataclass

# (key, label, the question a reader of the case asks)
SCOPES = (
    ("scope", "Scope and influence", "Who outside your own team was touched by this?"),
    ("ambiguity", "Ambiguity", "Did you turn a fuzzy problem into a plan others could follow?"),
    ("complexity", "Technical complexity", "Was the engineering genuinely hard, and why?"),
    ("execution", "Execution", "Did you deliver reliably, and handle the risks on the way?"),
    ("impact", "Impact", "What got measurably better because of it?"),
)
SCOPE_KEYS = tuple(key for key, _, _ in SCOPES)
SCOPE_LABELS = {key: label for key, label, _ in SCOPES}
SCOPE_QUESTIONS = {key: question for key, _, question in SCOPES}

# (key, label)
PRINCIPLES = (
    ("customer-obsession", "Customer Obsession"),
    ("ownership", "Ownership"),
    ("invent-and-simplify", "Invent and Simplify"),
    ("are-right-a-lot", "Are Right, A Lot"),
    ("learn-and-be-curious", "Learn and Be Curious"),
    ("hire-and-develop", "Hire and Develop the Best"),
    ("highest-standards", "Insist on the Highest Standards"),
    ("think-big", "Think Big"),
    ("bias-for-action", "Bias for Action"),
    ("frugality", "Frugality"),
    ("earn-trust", "Earn Trust"),
    ("dive-deep", "Dive Deep"),
    ("backbone", "Have Backbone; Disagree and Commit"),
    ("deliver-results", "Deliver Results"),
    ("best-employer", "Strive to be Earth's Best Employer"),
    ("broad-responsibility", "Success and Scale Bring Broad Responsibility"),
)
PRINCIPLE_KEYS = tuple(key for key, _ in PRINCIPLES)
PRINCIPLE_LABELS = dict(PRINCIPLES)

# The readiness self-check, per scope. Points count towards the share drawn against the 80% line.
READINESS = (
    ("not_yet", "Not yet", 0.0),
    ("partly", "Partly", 0.5),
    ("operating", "Operating at the next level", 1.0),
)
READINESS_LABELS = {key: label for key, label, _ in READINESS}
READINESS_POINTS = {key: points for key, _, points in READINESS}
READY_LINE = 0.8  # the guides' bar: working at 80% or more of the next level

# A scope with nothing logged in this many days is a gap.
GAP_DAYS = 183

# Peer feedback: how many peers apply to what.
PEERS_FOR_REVIEW = (5, 6)  # a review cycle: aim for five or six
PEERS_FOR_PROMOTION_MIN = 4
PEERS_FOR_PROMOTION_RECOMMENDED = 6

# Feedback providers: their level, how they know you, and when an ask has gone stale.
LEVELS = (
    ("L4", "L4"),
    ("L5", "L5"),
    ("L6", "L6"),
    ("L7", "L7"),
    ("L8", "L8"),
    ("manager", "Manager"),
)
LEVEL_RANK = {"L4": 4, "L5": 5, "L6": 6, "L7": 7, "L8": 8}
RELATIONSHIPS = (
    ("peer", "Peer engineer"),
    ("senior", "Senior engineer"),
    ("pm", "PM or stakeholder"),
    ("principal", "Principal"),
    ("manager", "Manager"),
)
RELATIONSHIP_LABELS = dict(RELATIONSHIPS)
LEVEL_LABELS = dict(LEVELS)
STALE_ASK_DAYS = 10  # an ask older than this with nothing received is worth a nudge
BRIEF_WORD_LIMIT = 150  # a provider brief must fit in a chat message
BRIEF_ENTRIES = 3


def at_or_above(level: str, target: str) -> bool:
    """Is a provider at `level` at or above the `target` grade? A manager counts as above."""
    if level == "manager":
        return True
    return LEVEL_RANK.get(level, 0) >= LEVEL_RANK.get(target, 99)


# The peer feedback form: two written sections, each capped in words, and ticked principles.
FEEDBACK_WORD_LIMIT = 60
FEEDBACK_PRINCIPLES_MAX = 3

# The manager input pack: the person's words per section, a budget rather than a page meter
# (a manager pastes from it; a long section is one they will cut).
SECTION_BUDGETS = {
    "Summary: why now": 150,
    "Scope of role": 500,
    "Stories": 1_800,
    "Leadership Principles highlights": 250,
    "Growth areas": 100,
    "Risks and rebuttals": 300,
}

# The weekly capture reminder: the day of the week it goes (Python's weekday numbers).
WEEKDAYS = (
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
)
DEFAULT_REMINDER_DAY = 4  # Friday

# The weekly capture form: each prompt with the scope it tags by default (the person can change
# it). (key, prompt, default scope)
CAPTURE_PROMPTS = (
    ("shipped", "What shipped?", "execution"),
    ("moved", "What number moved?", "impact"),
    ("outside", "Who outside the team used it?", "scope"),
    ("clarified", "What was unclear that you made clear?", "ambiguity"),
    ("hard", "What was hard, and what did you reject?", "complexity"),
    ("unblocked", "Whom did you unblock?", "scope"),
)

# The review's accomplishments: the person picks this many entries.
ACCOMPLISHMENTS_MIN = 3
ACCOMPLISHMENTS_MAX = 5

# Where the rules of thumb (providers, pages, the 80% line) come from: the guide's sources.
RULES_OF_THUMB_URL = "/guides/promotion/#sources"


@dataclass(frozen=True)
class Move:
    key: str
    from_level: str
    to_level: str
    to_grade: str  # the target's level number, which providers are compared against
    pages: int  # the documentation the guides expect, at least
    usual_gap: str  # the scope key where cases at this move tend to stall
    expects: dict[str, tuple[str, ...]]  # scope key -> the next level, in a few lines

    @property
    def label(self) -> str:
        return f"{self.from_level} → {self.to_level}"


MOVES = (
    Move(
        key="sde1-sde2",
        from_level="SDE 1",
        to_level="SDE 2",
        to_grade="L5",
        pages=5,
        usual_gap="complexity",
        expects={
            "scope": (
                "You own a feature or component end to end, and your team relies on your "
                "judgement about it.",
                "Your reviews of teammates' changes catch real problems, not only style.",
            ),
            "ambiguity": (
                "Given a task with loose edges, you settle the open questions yourself and "
                "write down what you decided.",
                "You need a senior engineer to shape the work less often than you did a year ago.",
            ),
            "complexity": (
                "You have taken the hard part of a project (a migration, a performance problem, "
                "an awkward integration) rather than the routine parts.",
                "You have written a design doc comparing two or three approaches and defended "
                "the one you chose.",
                "You have traced an operational problem to its root cause and shipped the "
                "lasting fix.",
            ),
            "execution": (
                "Your estimates hold, and when they slip you say so early.",
                "You ship in small, safe steps with tests and a way back.",
            ),
            "impact": (
                "Each piece of work you log has a before and after you can measure.",
                "Your team's metrics or operational load moved because of something you built.",
            ),
        },
    ),
    Move(
        key="sde2-sde3",
        from_level="SDE 2",
        to_level="SDE 3",
        to_grade="L6",
        pages=15,
        usual_gap="scope",
        expects={
            "scope": (
                "You lead work that several teams share, and they change how they build because "
                "of it.",
                "You mentor engineers and run design reviews, so your influence shows in other "
                "people's work.",
            ),
            "ambiguity": (
                "You take a goal with no plan attached and turn it into a roadmap other engineers "
                "execute.",
                "You decide what not to build, and explain why in writing.",
            ),
            "complexity": (
                "You own the architecture of a system or a cross-team change, including its "
                "failure modes.",
                "Your designs weigh cost, latency and operability with numbers, not taste.",
            ),
            "execution": (
                "You deliver multi-quarter projects through other people: milestones, risks "
                "raised early, stakeholders kept informed.",
                "Launches you lead are boring: clean rollouts, clear rollback plans.",
            ),
            "impact": (
                "You choose projects by the size of their outcome and measure it from day one.",
                "Your results are visible at the level of the organisation, not only the team.",
            ),
        },
    ),
)
MOVES_BY_KEY = {move.key: move for move in MOVES}
DEFAULT_MOVE = MOVES[0].key
MOVE_FOR_LEVEL = {move.from_level: move.key for move in MOVES}


def scope_choices():
    return [(key, label) for key, label, _ in SCOPES]


def principle_choices():
    return list(PRINCIPLES)


def move_choices():
    return [(move.key, move.label) for move in MOVES]
