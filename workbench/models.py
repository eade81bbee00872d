"""The workbench's tables. Every row has an owner and is only ever read through the owner
(selectors filter by `owner=request.user`): no other person's page, search, feed, sitemap or
notification reads these tables."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from workbench import catalog, evidence

TITLE_MAX = 200
DID_MAX = 20_000  # as long as a forum post: an answer saved as a note fits
IMPACT_MAX = 5_000
LINKS_MAX = 2_000
DRAFT_MAX = 200_000
NAME_MAX = 100
WORKED_ON_MAX = 300
FEEDBACK_SECTION_MAX = 1_000  # characters; the 60-word cap is checked separately
SITUATION_MAX = 2_000
METRIC_NAME_MAX = 100
METRIC_VALUE_MAX = 40
METRIC_UNIT_MAX = 30
AUDIENCE_MAX = 200
NEXT_MAX = 300
WHY_NOW_MAX = 3_000
THEME_MAX = 200
CYCLE_MAX = 60
GOAL_MAX = 300


class Entry(models.Model):
    """One piece of work (or a note of advice saved from an answer) in someone's log."""

    class Kind(models.TextChoices):
        WORK = "work", "Work"
        NOTE = "note", "Note"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_entries"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.WORK)
    date = models.DateField(default=timezone.localdate)
    title = models.CharField(max_length=TITLE_MAX)
    did_source = models.TextField(max_length=DID_MAX)
    did_html = models.TextField(blank=True)
    impact_source = models.TextField(max_length=IMPACT_MAX, blank=True)
    impact_html = models.TextField(blank=True)
    links = models.TextField(max_length=LINKS_MAX, blank=True, help_text="One address a line.")
    # Every scope the entry shows; `primary_scope` (one of them) is where the documents place
    # it, the others are its secondary scopes.
    scopes = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    primary_scope = models.CharField(max_length=20, blank=True)
    # Structured evidence (all optional; the free text stays).
    situation = models.TextField(max_length=SITUATION_MAX, blank=True)
    metric_name = models.CharField(max_length=METRIC_NAME_MAX, blank=True)
    metric_from = models.CharField(max_length=METRIC_VALUE_MAX, blank=True)
    metric_to = models.CharField(max_length=METRIC_VALUE_MAX, blank=True)
    metric_unit = models.CharField(max_length=METRIC_UNIT_MAX, blank=True)
    audience = models.CharField(max_length=AUDIENCE_MAX, blank=True)
    started_on = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=NEXT_MAX, blank=True)
    # Computed on save by workbench.evidence (deterministic): signals found, and the missing ones.
    strength_score = models.PositiveSmallIntegerField(default=0)
    strength_missing = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    principles = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    # What the confidentiality guard found when it was last saved (a warning, never a block).
    warnings = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owner", "date"], name="workbench_entry_owner_date")]
        verbose_name_plural = "entries"

    def __str__(self):
        return f"Entry {self.pk}"  # never the title: the admin shows counts, not contents

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def scope_labels(self) -> list[str]:
        return [catalog.SCOPE_LABELS[key] for key in self.scopes if key in catalog.SCOPE_LABELS]

    @property
    def principle_labels(self) -> list[str]:
        labels = catalog.PRINCIPLE_LABELS
        return [labels[key] for key in self.principles if key in labels]

    @property
    def is_note(self) -> bool:
        return self.kind == self.Kind.NOTE

    @property
    def primary_scope_label(self) -> str:
        return catalog.SCOPE_LABELS.get(self.primary_scope, "")

    @property
    def secondary_scope_labels(self) -> list[str]:
        labels = catalog.SCOPE_LABELS
        return [labels[k] for k in self.scopes if k != self.primary_scope and k in labels]

    @property
    def strength(self) -> str:
        return evidence.grade(self.strength_score)

    @property
    def strength_label(self) -> str:
        return evidence.GRADE_LABELS[self.strength]

    @property
    def missing_advice(self) -> list[str]:
        return evidence.advice(self.strength_missing)

    @property
    def metric_line(self) -> str:
        """ "p99 latency: 900 → 310 ms", or "" when no metric was given."""
        if not self.metric_to:
            return ""
        unit = f" {self.metric_unit}" if self.metric_unit else ""
        change = f"{self.metric_from} → {self.metric_to}" if self.metric_from else self.metric_to
        name = f"{self.metric_name}: " if self.metric_name else ""
        return f"{name}{change}{unit}"


class Plan(models.Model):
    """Where the owner is going and their own readiness check, one row per person."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_plan"
    )
    move = models.CharField(max_length=20, choices=catalog.move_choices())
    readiness = models.JSONField(default=dict, blank=True)  # scope key -> READINESS key
    # The case's summary in the owner's words, and the cycle as they enter it.
    why_now = models.TextField(max_length=WHY_NOW_MAX, blank=True)
    level_start = models.DateField(null=True, blank=True)
    feedback_requests_on = models.DateField(null=True, blank=True)
    self_review_due = models.DateField(null=True, blank=True)
    calibration_on = models.DateField(null=True, blank=True)
    manager_name = models.CharField(max_length=NAME_MAX, blank=True)
    skip_level_name = models.CharField(max_length=NAME_MAX, blank=True)
    # The 3–5 entries picked for the review's accomplishments, in the owner's order.
    accomplishment_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # The weekly capture reminder: the weekday (0 Monday … 6 Sunday) or None when off, and the
    # day it last went (so the worker sends it once per chosen week).
    reminder_day = models.PositiveSmallIntegerField(null=True, blank=True, choices=catalog.WEEKDAYS)
    reminder_last_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Plan {self.pk}"


TEAM_CHOICES = (("same", "Same team"), ("other", "Other team"))
SUPPORT_CHOICES = (("yes", "Yes"), ("unsure", "Unsure"))


class Peer(models.Model):
    """A feedback provider ("feedback about me"): someone asked for feedback, for a review
    cycle or a promotion case. The name may be initials only."""

    class Purpose(models.TextChoices):
        PROMOTION = "promotion", "Promotion case"
        REVIEW = "review", "Review cycle"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_peers"
    )
    name = models.CharField(max_length=NAME_MAX)
    worked_on = models.CharField(max_length=WORKED_ON_MAX, blank=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.PROMOTION)
    level = models.CharField(max_length=8, choices=catalog.LEVELS, blank=True)
    relationship = models.CharField(max_length=10, choices=catalog.RELATIONSHIPS, blank=True)
    team = models.CharField(max_length=6, choices=TEAM_CHOICES, blank=True)
    will_support = models.CharField(max_length=6, choices=SUPPORT_CHOICES, blank=True)
    # The log entries they saw and can speak to (the owner's own: the form offers no others).
    entries = models.ManyToManyField(Entry, blank=True, related_name="providers")
    asked_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    principles = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_on", "pk"]
        indexes = [models.Index(fields=["owner", "asked_on"], name="workbench_peer_owner_asked")]

    def __str__(self):
        return f"Peer {self.pk}"

    @property
    def is_outside_team(self) -> bool:
        return self.team == "other"

    @property
    def principle_labels(self) -> list[str]:
        labels = catalog.PRINCIPLE_LABELS
        return [labels[key] for key in self.principles if key in labels]


class FeedbackDraft(models.Model):
    """Practice peer feedback, written the way the real form works."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_feedback"
    )
    about = models.CharField(max_length=NAME_MAX)
    superpowers = models.TextField(max_length=FEEDBACK_SECTION_MAX)
    improvement = models.TextField(max_length=FEEDBACK_SECTION_MAX)
    championed = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    to_improve = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "updated_at"], name="workbench_feedback_owner_upd")
        ]

    def __str__(self):
        return f"Feedback draft {self.pk}"

    def as_text(self) -> str:
        """The plain text copied out into the real form."""
        labels = catalog.PRINCIPLE_LABELS
        lines = [
            f"Superpowers:\n{self.superpowers}",
            f"\nAreas of improvement:\n{self.improvement}",
        ]
        if self.championed:
            lines.append("\nChampioned: " + ", ".join(labels[k] for k in self.championed))
        if self.to_improve:
            lines.append(
                "Could show more strongly: " + ", ".join(labels[k] for k in self.to_improve)
            )
        return "\n".join(lines)


class Draft(models.Model):
    """The owner's edited text of a document (the promotion document or the self-review).
    Until they save an edit there is no row: the page shows the document assembled from the log.
    `edited_at` is when they last saved; entries created or changed after it are "new since your
    last edit"."""

    class Kind(models.TextChoices):
        PROMOTION = "promotion", "Manager input pack"
        SELF_REVIEW = "self-review", "Self-review"
        ACCOMPLISHMENTS = "accomplishments", "Accomplishments"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_drafts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=DRAFT_MAX)
    edited_at = models.DateTimeField(default=timezone.now)
    entry_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="workbench_draft_one_per_kind")
        ]

    def __str__(self):
        return f"Draft {self.pk}"


class GrowthArea(models.Model):
    """A theme from a past cycle's feedback ("write designs down earlier"), with the entries
    that answer it: the growth-area ledger, and the pack's risks and rebuttals."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_growth"
    )
    theme = models.CharField(max_length=THEME_MAX)
    cycle = models.CharField(max_length=CYCLE_MAX, blank=True)
    entries = models.ManyToManyField(Entry, blank=True, related_name="growth_areas")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme", "pk"]
        indexes = [models.Index(fields=["owner", "theme"], name="workbench_growth_owner_theme")]

    def __str__(self):
        return f"Growth area {self.pk}"

    @property
    def theme_key(self) -> str:
        """The theme as compared across cycles: case and spacing don't matter."""
        return " ".join(self.theme.casefold().split())


class Goal(models.Model):
    """A goal agreed with a manager, with its dates: carried into a manager-change handover."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbench_goals"
    )
    text = models.CharField(max_length=GOAL_MAX)
    agreed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "due_on"], name="workbench_goal_owner_due")]

    def __str__(self):
        return f"Goal {self.pk}"
