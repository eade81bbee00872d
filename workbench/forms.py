"""The workbench's forms. Every limit the models hold is checked here first, with a message
that says what to change; the view answers 400 and shows the form again with the text kept."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from taro import base_rates
from taro.markdown import validate_rendered_size
from workbench import catalog
from workbench.models import (
    AUDIENCE_MAX,
    CYCLE_MAX,
    DID_MAX,
    DRAFT_MAX,
    FEEDBACK_SECTION_MAX,
    GOAL_MAX,
    IMPACT_MAX,
    LINKS_MAX,
    METRIC_NAME_MAX,
    METRIC_UNIT_MAX,
    METRIC_VALUE_MAX,
    NAME_MAX,
    NEXT_MAX,
    SITUATION_MAX,
    SUPPORT_CHOICES,
    TEAM_CHOICES,
    THEME_MAX,
    TITLE_MAX,
    WHY_NOW_MAX,
    WORKED_ON_MAX,
    Entry,
    Peer,
)
from workbench.services import word_count

LINKS_COUNT_MAX = 20


def _too_long(limit: int) -> dict:
    return {"max_length": f"Keep this under {limit:,} characters (it has %(show_value)d)."}


class Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices, label, help_text="", most=None):
        super().__init__(choices=choices, label=label, help_text=help_text, required=False)
        self.most = most
        self.error_messages["invalid_choice"] = "“%(value)s” isn't one of the choices."

    def validate(self, value):
        super().validate(value)
        if self.most is not None and len(value) > self.most:
            raise ValidationError(f"Tick at most {self.most} (you ticked {len(value)}).")


def scope_field(label="Scopes it shows", help_text=""):
    return Checkboxes(choices=catalog.scope_choices(), label=label, help_text=help_text)


def short_text(label, limit, help_text="", required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        error_messages=_too_long(limit),
        help_text=help_text,
    )


def principle_field(label="Leadership Principles it shows", most=None, help_text=""):
    return Checkboxes(
        choices=catalog.principle_choices(), label=label, most=most, help_text=help_text
    )


class QuickAddForm(forms.Form):
    title = forms.CharField(
        label="What did you do?", max_length=TITLE_MAX, error_messages=_too_long(TITLE_MAX)
    )
    did = forms.CharField(
        label="Details",
        max_length=DID_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_too_long(DID_MAX),
        validators=[validate_rendered_size],  # Markdown: its HTML is bounded too
        help_text="A line or two is enough: add the impact and tags later.",
    )


class EntryForm(forms.Form):
    date = forms.DateField(
        label="Date",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-11-27."},
        help_text="When it shipped or ended.",
    )
    started_on = forms.DateField(
        label="Started on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-09-01."},
        help_text="Optional: with the date above, the range it ran.",
    )
    title = forms.CharField(
        label="Title", max_length=TITLE_MAX, error_messages=_too_long(TITLE_MAX)
    )
    situation = forms.CharField(
        label="Situation",
        required=False,
        max_length=SITUATION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_too_long(SITUATION_MAX),
        help_text="Optional: the problem before you started, in a sentence or two.",
    )
    did = forms.CharField(
        label="What you did",
        max_length=DID_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_too_long(DID_MAX),
        validators=[validate_rendered_size],  # Markdown: its HTML is bounded too
        help_text="Markdown works. Your part, the hard bits, what you decided.",
    )
    impact = forms.CharField(
        label="Impact",
        required=False,
        max_length=IMPACT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_too_long(IMPACT_MAX),
        validators=[validate_rendered_size],  # Markdown: its HTML is bounded too
        help_text="What got better, with numbers where you have them (latency, cost, hours).",
    )
    metric_name = short_text("Metric", METRIC_NAME_MAX, "Optional: e.g. p99 latency.")
    metric_from = short_text("From", METRIC_VALUE_MAX, "Before, e.g. 900.")
    metric_to = short_text("To", METRIC_VALUE_MAX, "After, e.g. 310.")
    metric_unit = short_text("Unit", METRIC_UNIT_MAX, "e.g. ms, %, hours a week.")
    audience = short_text(
        "Who beyond your team",
        AUDIENCE_MAX,
        "Optional: the customers, teams or org that used it or felt it.",
    )
    links = forms.CharField(
        label="Links",
        required=False,
        max_length=LINKS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_too_long(LINKS_MAX),
        help_text="One address a line: design docs, dashboards, launch notes.",
    )
    primary_scope = forms.ChoiceField(
        label="Primary scope",
        required=False,
        choices=[("", "None yet"), *catalog.scope_choices()],
        widget=forms.RadioSelect,
        help_text="The one this entry shows most: the documents place it there.",
        error_messages={"invalid_choice": "Pick one of the five scopes."},
    )
    scopes = scope_field(
        label="Secondary scopes", help_text="Optional: other scopes it also shows."
    )
    principles = principle_field()
    next_step = short_text("Next", NEXT_MAX, "Optional: what you'll build on this next.")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        primary, scopes = data.get("primary_scope"), set(data.get("scopes") or ())
        if not primary and len(scopes) > 1:
            self.add_error(
                "primary_scope", "Pick the primary scope: the one this entry shows most."
            )
        if not data.get("metric_to") and (data.get("metric_from") or data.get("metric_unit")):
            self.add_error("metric_to", "Give the value after (the “to”) with the metric.")
        started, ended = data.get("started_on"), data.get("date")
        if started and ended and started > ended:
            self.add_error("started_on", "Started on must be on or before the date.")
        return data

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > LINKS_COUNT_MAX:
            raise ValidationError(f"Keep it to {LINKS_COUNT_MAX} links.")
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    f"“{line[:80]}” isn't a web address (start it with https://)."
                ) from None
        return "\n".join(lines)


class FilterForm(forms.Form):
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=[("", "Any scope"), *catalog.scope_choices()]
    )
    principle = forms.ChoiceField(
        label="Principle",
        required=False,
        choices=[("", "Any principle"), *catalog.principle_choices()],
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("“From” must be on or before “To”.")
        return data


class MoveForm(forms.Form):
    move = forms.ChoiceField(
        label="Where you're going",
        choices=catalog.move_choices(),
        error_messages={
            "invalid_choice": "“%(value)s” isn't a move we know: pick one from the list."
        },
    )


class TierForm(forms.Form):
    """The rating tier the base rate is matched on: a GET filter, used for the page, not saved."""

    tier = forms.ChoiceField(
        label="Your last rating tier, as you understand it",
        required=False,
        error_messages={"invalid_choice": "“%(value)s” isn't a tier: pick one from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tier"]).choices = [
            ("", "Not given")
        ] + base_rates.tiers()

    def chosen(self) -> str | None:
        """The tier picked, or None when none was (or the choice was refused)."""
        return (self.cleaned_data["tier"] or None) if self.is_bound and self.is_valid() else None


class ReadinessForm(forms.Form):
    """One radio group per scope: your own view of where you stand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(key, label) for key, label, _ in catalog.READINESS]
        for key, label, _ in catalog.SCOPES:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Pick one of the three answers."},
            )


class EntryChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.date:%b %Y})"


class PeerForm(forms.Form):
    name = forms.CharField(
        label="Name or initials",
        max_length=NAME_MAX,
        error_messages=_too_long(NAME_MAX),
        help_text="Initials are enough: this stays private to you.",
    )
    purpose = forms.ChoiceField(label="For", choices=Peer.Purpose.choices)
    level = forms.ChoiceField(
        label="Their level", required=False, choices=[("", "—"), *catalog.LEVELS]
    )
    relationship = forms.ChoiceField(
        label="How they know your work",
        required=False,
        choices=[("", "—"), *catalog.RELATIONSHIPS],
    )
    team = forms.ChoiceField(label="Team", required=False, choices=[("", "—"), *TEAM_CHOICES])
    will_support = forms.ChoiceField(
        label="Will they support the case?",
        required=False,
        choices=[("", "—"), *SUPPORT_CHOICES],
    )
    worked_on = forms.CharField(
        label="What you worked on together",
        required=False,
        max_length=WORKED_ON_MAX,
        error_messages=_too_long(WORKED_ON_MAX),
    )
    asked_on = forms.DateField(
        label="Asked on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_on = forms.DateField(
        label="Received on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    entries = EntryChoices(
        label="Log entries they can speak to",
        queryset=Entry.objects.none(),
        required=False,
        help_text="Pick the two or three they saw up close: their brief is built from these.",
        error_messages={"invalid_choice": "Pick entries from your own log."},
    )
    principles = principle_field(
        label="Principles they can speak to", most=catalog.FEEDBACK_PRINCIPLES_MAX
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the owner's own work: another person's entry id is "not one of the choices".
        cast(forms.ModelChoiceField, self.fields["entries"]).queryset = Entry.objects.filter(
            owner=owner, kind=Entry.Kind.WORK
        ).order_by("-date", "-pk")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        asked, received = data.get("asked_on"), data.get("received_on")
        if asked and received and received < asked:
            self.add_error("received_on", "Received can't be before you asked.")
        return data


class AccomplishmentsForm(forms.Form):
    """Three to five entries for the review, offered strongest evidence first."""

    entries = EntryChoices(
        label="Entries for your accomplishments",
        queryset=Entry.objects.none(),
        help_text=(
            f"Pick {catalog.ACCOMPLISHMENTS_MIN} to {catalog.ACCOMPLISHMENTS_MAX}: "
            "the strongest evidence is listed first."
        ),
        error_messages={
            "invalid_choice": "Pick entries from your own log.",
            "required": f"Pick at least {catalog.ACCOMPLISHMENTS_MIN} entries.",
        },
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        rows = Entry.objects.filter(owner=owner, kind=Entry.Kind.WORK)
        cast(forms.ModelChoiceField, self.fields["entries"]).queryset = rows.order_by(
            "-strength_score", "-date", "-pk"
        )

    def clean_entries(self):
        chosen = list(self.cleaned_data["entries"])
        least, most = catalog.ACCOMPLISHMENTS_MIN, catalog.ACCOMPLISHMENTS_MAX
        rows = cast(forms.ModelChoiceField, self.fields["entries"]).queryset  # set in __init__
        available = rows.count() if rows is not None else 0
        if len(chosen) > most:
            raise ValidationError(f"Pick at most {most} (you picked {len(chosen)}).")
        if len(chosen) < min(least, available):
            raise ValidationError(f"Pick at least {least} (you picked {len(chosen)}).")
        return chosen


def date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=help_text,
        error_messages={"invalid": "Enter a date like 2026-11-27."},
    )


class PlanForm(forms.Form):
    move = MoveForm.base_fields["move"]
    level_start = date_field("In your current level since", "Shows your time in level.")
    why_now = forms.CharField(
        label="Why now",
        required=False,
        max_length=WHY_NOW_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_too_long(WHY_NOW_MAX),
        help_text="The pack's summary, in your words: why you are ready for the next level now.",
    )
    feedback_requests_on = date_field("Feedback requests go out", "As your org announces it.")
    self_review_due = date_field("Self-review due")
    calibration_on = date_field("Calibration")
    manager_name = short_text("Manager", NAME_MAX, "Optional; initials are fine.")
    skip_level_name = short_text("Skip-level manager", NAME_MAX, "Optional.")

    def clean_level_start(self):
        value = self.cleaned_data["level_start"]
        if value and value > timezone.localdate():
            raise ValidationError("The level start can't be in the future.")
        return value


class GrowthAreaForm(forms.Form):
    theme = short_text(
        "Theme",
        THEME_MAX,
        "A growth area from feedback, in a few words: “share designs earlier”.",
        required=True,
    )
    cycle = short_text("Cycle", CYCLE_MAX, "Which review it came from: “2025 mid-year”.")
    entries = EntryChoices(
        label="Entries that address it",
        queryset=Entry.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Pick entries from your own log."},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["entries"]).queryset = Entry.objects.filter(
            owner=owner, kind=Entry.Kind.WORK
        ).order_by("-date", "-pk")


class GoalForm(forms.Form):
    text = short_text("Goal", GOAL_MAX, "As agreed with your manager.", required=True)
    agreed_on = date_field("Agreed on")
    due_on = date_field("Due")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        agreed, due = data.get("agreed_on"), data.get("due_on")
        if agreed and due and due < agreed:
            self.add_error("due_on", "Due can't be before it was agreed.")
        return data


CAPTURE_ANSWER_MAX = 2_000


class CaptureForm(forms.Form):
    """The weekly capture: a short answer per prompt, each tagged with a scope. Each answered
    prompt becomes a log entry with that scope as its primary scope."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, prompt, scope in catalog.CAPTURE_PROMPTS:
            self.fields[key] = forms.CharField(
                label=prompt,
                required=False,
                max_length=CAPTURE_ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=_too_long(CAPTURE_ANSWER_MAX),
            )
            self.fields[f"{key}_scope"] = forms.ChoiceField(
                label="Scope",
                choices=catalog.scope_choices(),
                initial=scope,
                error_messages={"invalid_choice": "Pick one of the five scopes."},
            )

    def prompts(self):
        """(answer field, scope field) per prompt, for the template."""
        return [(self[key], self[f"{key}_scope"]) for key, _, _ in catalog.CAPTURE_PROMPTS]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not any((data.get(key) or "").strip() for key, _, _ in catalog.CAPTURE_PROMPTS):
            raise ValidationError("Answer at least one prompt: one line is enough.")
        return data

    def answers(self) -> list[tuple[str, str, str]]:
        """(prompt, answer, scope) for each prompt answered."""
        data = self.cleaned_data
        return [
            (prompt, data[key].strip(), data[f"{key}_scope"])
            for key, prompt, _ in catalog.CAPTURE_PROMPTS
            if data.get(key, "").strip()
        ]


class ReminderForm(forms.Form):
    reminder_on = forms.BooleanField(label="Email me a weekly reminder", required=False)
    reminder_day = forms.TypedChoiceField(
        label="On",
        choices=catalog.WEEKDAYS,
        coerce=int,
        initial=catalog.DEFAULT_REMINDER_DAY,
        error_messages={"invalid_choice": "Pick a day of the week."},
    )


class WordLimitedText(forms.CharField):
    def __init__(self, *, label, help_text):
        limit = catalog.FEEDBACK_WORD_LIMIT
        super().__init__(
            label=label,
            max_length=FEEDBACK_SECTION_MAX,
            error_messages=_too_long(FEEDBACK_SECTION_MAX),
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 4, "data-word-limit": limit}),
        )

    def validate(self, value):
        super().validate(value)
        words = word_count(value)
        limit = catalog.FEEDBACK_WORD_LIMIT
        if words > limit:
            raise ValidationError(
                f"The real form stops at {limit} words: this has {words}. "
                f"Cut {words - limit} and lead with the example."
            )


class FeedbackForm(forms.Form):
    most = catalog.FEEDBACK_PRINCIPLES_MAX
    about = forms.CharField(
        label="Feedback for", max_length=NAME_MAX, error_messages=_too_long(NAME_MAX)
    )
    superpowers = WordLimitedText(
        label="Superpowers",
        help_text="One strength, one concrete example. Up to 60 words.",
    )
    improvement = WordLimitedText(
        label="Areas of improvement",
        help_text="One growth area, framed so they can act on it. Up to 60 words.",
    )
    championed = principle_field(
        label="Principles they championed", most=most, help_text=f"Up to {most}."
    )
    to_improve = principle_field(
        label="Principles they could show more strongly", most=most, help_text=f"Up to {most}."
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        both = set(data.get("championed", [])) & set(data.get("to_improve", []))
        if both:
            labels = ", ".join(catalog.PRINCIPLE_LABELS[key] for key in sorted(both))
            raise ValidationError(f"A principle can't be in both lists: {labels}.")
        return data


class DraftForm(forms.Form):
    text = forms.CharField(
        label="Your draft (Markdown)",
        max_length=DRAFT_MAX,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        error_messages=_too_long(DRAFT_MAX),
        validators=[validate_rendered_size],  # Markdown: its HTML is bounded too
    )


DELETE_PHRASE = "delete everything"


class DeleteEverythingForm(forms.Form):
    confirm = forms.CharField(
        label=f"Type “{DELETE_PHRASE}” to confirm",
        max_length=40,
        error_messages={"required": f"Type “{DELETE_PHRASE}” to confirm."},
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != DELETE_PHRASE:
            raise ValidationError(
                f"Type “{DELETE_PHRASE}” exactly to confirm. Nothing was deleted."
            )
        return value
