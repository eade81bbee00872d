"""Reads of the workbench, always for one owner. Each page runs a fixed number of queries,
whatever the size of the log (asserted in tests/workbench)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from workbench import catalog, drafts, evidence
from workbench.models import Draft, Entry, FeedbackDraft, Goal, GrowthArea, Peer, Plan


def entries(
    owner: User,
    *,
    scope: str | None = None,
    principle: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
) -> QuerySet[Entry]:
    """The owner's entries, newest first, optionally filtered (arguments already validated)."""
    rows = Entry.objects.filter(owner=owner)
    if scope:
        rows = rows.filter(scopes__contains=[scope])
    if principle:
        rows = rows.filter(principles__contains=[principle])
    if since:
        rows = rows.filter(date__gte=since)
    if until:
        rows = rows.filter(date__lte=until)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-date", "-pk")


def work_entries(owner: User) -> list[Entry]:
    """What the documents are built from: work, not the notes saved from answers."""
    return list(entries(owner, kind=Entry.Kind.WORK))


def get_plan(owner: User) -> Plan | None:
    return Plan.objects.filter(owner=owner).first()


@dataclass
class ScopeStatus:
    key: str
    label: str
    question: str
    count: int = 0
    recent: int = 0  # in the last GAP_DAYS
    latest: date | None = None
    readiness: str = ""
    expects: tuple[str, ...] = ()
    gap: str = ""
    usual_gap: bool = False
    primary: int = 0  # entries whose primary scope this is
    grades: dict[str, int] = field(default_factory=dict)  # weak/fair/strong -> entries with it
    missing: list[str] = field(default_factory=list)  # advice, most often missing signal first
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def strength(self) -> str:
        """The scope's evidence: strong when it has a strong entry, fair when a fair one."""
        for grade in (evidence.STRONG, evidence.FAIR):
            if self.grades.get(grade):
                return grade
        return evidence.WEAK

    @property
    def strength_label(self) -> str:
        return evidence.GRADE_LABELS[self.strength]

    @property
    def readiness_label(self) -> str:
        return catalog.READINESS_LABELS.get(self.readiness, "Not assessed")


def scope_counts(owner: User) -> dict[str, tuple[Any, ...]]:
    """scope key -> (entries, entries in the last GAP_DAYS, latest date, primary here,
    strong, fair): one query."""
    since = timezone.localdate() - timedelta(days=catalog.GAP_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT scope, count(*), count(*) FILTER (WHERE date >= %s), max(date),
                   count(*) FILTER (WHERE primary_scope = scope),
                   count(*) FILTER (WHERE strength_score >= %s),
                   count(*) FILTER (WHERE strength_score >= %s AND strength_score < %s)
            FROM workbench_entry, unnest(scopes) AS scope
            WHERE owner_id = %s AND kind = 'work'
            GROUP BY scope
            """,
            [since, evidence.STRONG_AT, evidence.FAIR_AT, evidence.STRONG_AT, owner.pk],
        )
        return {row[0]: row[1:] for row in cursor}


def missing_by_scope(owner: User) -> dict[str, list[str]]:
    """scope key -> the signals its entries lack, most often missing first: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT scope, signal, count(*)
            FROM workbench_entry, unnest(scopes) AS scope, unnest(strength_missing) AS signal
            WHERE owner_id = %s AND kind = 'work'
            GROUP BY scope, signal
            ORDER BY scope, count(*) DESC, signal
            """,
            [owner.pk],
        )
        found: dict[str, list[str]] = {}
        for scope, signal, _ in cursor:
            found.setdefault(scope, []).append(signal)
        return found


def readiness(owner: User, plan: Plan | None) -> dict[str, Any]:
    """The readiness page: per scope, what's logged, how strong its evidence is, what the next
    level expects and the gaps; the self-check and its share against the 80% line. Three
    queries (plan given)."""
    move = catalog.MOVES_BY_KEY[plan.move if plan else default_move(owner)]
    counts = scope_counts(owner)
    missing = missing_by_scope(owner)
    checks = plan.readiness if plan else {}
    months = round(catalog.GAP_DAYS / 30.5)
    scopes = []
    for key, label, question in catalog.SCOPES:
        total, recent, latest, primary, strong, fair = counts.get(key, (0, 0, None, 0, 0, 0))
        status = ScopeStatus(
            primary=primary,
            grades={
                evidence.STRONG: strong,
                evidence.FAIR: fair,
                evidence.WEAK: total - strong - fair,
            },
            missing=evidence.advice(missing.get(key, ()))[:3],
            key=key,
            label=label,
            question=question,
            count=total,
            recent=recent,
            latest=latest,
            readiness=checks.get(key, ""),
            expects=move.expects[key],
            usual_gap=key == move.usual_gap,
        )
        if total == 0:
            status.gap = f"Nothing tagged {label} yet."
        elif recent == 0:
            status.gap = f"Nothing tagged {label} in the last {months} months."
        scopes.append(status)
    assessed = [catalog.READINESS_POINTS[s.readiness] for s in scopes if s.readiness]
    share = sum(assessed) / len(scopes) if assessed else None
    return {
        "move": move,
        "scopes": scopes,
        "share": share,
        "share_percent": round(share * 100) if share is not None else None,
        "assessed": len(assessed),
        "line_percent": round(catalog.READY_LINE * 100),
        "gaps": [s for s in scopes if s.gap],
    }


def default_move(owner: User) -> str:
    """Before they choose: the move up from the position on their profile, when there is one."""
    position = getattr(getattr(owner, "profile", None), "position", None)
    return catalog.MOVE_FOR_LEVEL.get(getattr(position, "level", ""), catalog.DEFAULT_MOVE)


def peers(owner: User) -> list[Peer]:
    """The owner's providers with the entries each can speak to: two queries."""
    return list(
        Peer.objects.filter(owner=owner)
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.order_by("-date", "-pk")))
        .order_by("asked_on", "pk")
    )


def peer_summary(peer_list: list[Peer]) -> dict[str, Any]:
    """Counts against what applies: 5–6 for a review cycle, 4 (6+ recommended) for a case."""
    summary: dict[str, Any] = {}
    for purpose in Peer.Purpose:
        mine = [p for p in peer_list if p.purpose == purpose]
        summary[purpose.value] = {
            "label": purpose.label,
            "asked": len(mine),
            "received": sum(1 for p in mine if p.received_on),
        }
    promo = summary[Peer.Purpose.PROMOTION]
    promo["minimum"] = catalog.PEERS_FOR_PROMOTION_MIN
    promo["recommended"] = catalog.PEERS_FOR_PROMOTION_RECOMMENDED
    promo["met"] = promo["received"] >= catalog.PEERS_FOR_PROMOTION_MIN
    review = summary[Peer.Purpose.REVIEW]
    review["minimum"], review["recommended"] = catalog.PEERS_FOR_REVIEW
    review["met"] = review["received"] >= catalog.PEERS_FOR_REVIEW[0]
    spoken = {key for p in peer_list for key in p.principles}
    summary["principles_covered"] = [label for key, label in catalog.PRINCIPLES if key in spoken]
    return summary


def feedback_drafts(owner: User) -> list[FeedbackDraft]:
    return list(FeedbackDraft.objects.filter(owner=owner))


def get_draft(owner: User, kind: str) -> Draft | None:
    return Draft.objects.filter(owner=owner, kind=kind).first()


def counts(owner: User) -> dict[str, int]:
    """How much the owner has stored, by table (the data page): one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
              (SELECT count(*) FROM workbench_entry WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_peer WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_feedbackdraft WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_draft WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_growtharea WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_goal WHERE owner_id = %(o)s),
              (SELECT count(*) FROM workbench_plan WHERE owner_id = %(o)s)
            """,
            {"o": owner.pk},
        )
        row = cursor.fetchone()
    names = ("entries", "peers", "feedback", "drafts", "growth", "goals", "plan")
    return dict(zip(names, row, strict=True))


def growth_areas(owner: User) -> list[GrowthArea]:
    """The growth-area ledger with the entries answering each theme: two queries."""
    return list(
        GrowthArea.objects.filter(owner=owner)
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.order_by("-date", "-pk")))
        .order_by("theme", "cycle", "pk")
    )


def goals(owner: User) -> list[Goal]:
    return list(Goal.objects.filter(owner=owner).order_by(F("due_on").asc(nulls_last=True), "pk"))


def move_for(owner: User, plan: Plan | None) -> catalog.Move:
    return catalog.MOVES_BY_KEY[plan.move if plan else default_move(owner)]


def case(owner: User, *, with_people: bool = True) -> drafts.Case:
    """What the documents are built from. Two queries, six with the providers and the ledger
    (the manager input pack needs them; the self-review doesn't)."""
    plan = get_plan(owner)
    return drafts.Case(
        entries=work_entries(owner),
        move=move_for(owner, plan),
        plan=plan,
        providers=peers(owner) if with_people else [],
        growth_areas=growth_areas(owner) if with_people else [],
    )


@dataclass
class Calendar:
    months_in_level: int | None  # None before a level start is entered
    next_label: str = ""
    next_date: date | None = None
    weeks_left: int | None = None


CYCLE_DATES = (
    ("feedback_requests_on", "Feedback requests"),
    ("self_review_due", "Self-review due"),
    ("calibration_on", "Calibration"),
)


def calendar(plan: Plan | None, today: date) -> Calendar:
    """Time in level and the weeks left before the next date of the cycle (no query)."""
    if plan is None:
        return Calendar(months_in_level=None)
    months = None
    if plan.level_start:
        months = (today.year - plan.level_start.year) * 12 + today.month - plan.level_start.month
        months -= today.day < plan.level_start.day
    upcoming = sorted(
        (when, label)
        for name, label in CYCLE_DATES
        if (when := getattr(plan, name)) is not None and when >= today
    )
    result = Calendar(months_in_level=max(months, 0) if months is not None else None)
    if upcoming:
        when, label = upcoming[0]
        result.next_label, result.next_date = label, when
        result.weeks_left = -(-(when - today).days // 7)  # a part week counts as a week
    return result
