"""The flag form on every post and the moderators' forms: bad input is a message, never a 500."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from forum.models import Flag, Question
from forum.moderation.actions import POST_ACTIONS

NOTE_LENGTH = REASON_LENGTH = 500  # longer text is cut, as the inputs' maxlength does


def first_error(form: forms.Form) -> str:
    """The first problem with the form, in field order, as one sentence for a message."""
    return str(next(iter(form.errors.values()))[0])


class FlagForm(forms.Form):
    CHOOSE = "Choose why you are flagging this post."
    OTHER_NEEDS_NOTE = "Tell moderators what is wrong when you choose “Something else”."

    reason = forms.ChoiceField(
        choices=Flag.Reason.choices, error_messages={"required": CHOOSE, "invalid_choice": CHOOSE}
    )
    note = forms.CharField(required=False)

    def clean_note(self):
        return self.cleaned_data["note"][:NOTE_LENGTH]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("reason") == Flag.Reason.OTHER and not cleaned.get("note"):
            self.add_error("note", self.OTHER_NEEDS_NOTE)
        return cleaned


class PostActionForm(forms.Form):
    UNKNOWN = "Unknown moderation action."

    action = forms.ChoiceField(
        choices=[(name, name) for name in POST_ACTIONS],
        error_messages={"required": UNKNOWN, "invalid_choice": UNKNOWN},
    )
    reason = forms.CharField(required=False)
    back = forms.CharField(required=False)  # "post": return to the post rather than the queue
    # Sent by the confirmation page's button: hiding is only done once the moderator has seen it.
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_reason(self):
        return self.cleaned_data["reason"][:REASON_LENGTH]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("action") in {"lock", "unlock"} and self.post.kind != Question.kind:
            self.add_error("action", "Only questions can be locked or unlocked.")
        return cleaned


class SuspensionForm(forms.Form):
    UNKNOWN = PostActionForm.UNKNOWN

    action = forms.ChoiceField(
        choices=[("suspend", "Suspend"), ("unsuspend", "Lift it")],
        error_messages={"required": UNKNOWN, "invalid_choice": UNKNOWN},
    )
    reason = forms.CharField(
        required=False,
        label="Reason (shown to them)",
        widget=forms.TextInput(attrs={"maxlength": REASON_LENGTH}),
    )
    ends_on = forms.DateField(
        required=False,
        label="Ends on (optional)",
        help_text="It ends at 00:00 UTC on this day. Leave it empty to suspend until lifted.",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "The end date must look like 2026-12-31."},
    )
    confirmed = forms.BooleanField(required=False)  # sent by the confirmation page's button

    def clean_ends_on(self):
        """Midnight UTC starting the day given, which must be in the future; None: until lifted."""
        day = self.cleaned_data["ends_on"]
        if day is None:
            return None
        if day <= timezone.now().date():
            raise forms.ValidationError("The end date must be in the future.")
        return timezone.make_aware(datetime.combine(day, time.min))

    def clean_reason(self):
        return self.cleaned_data["reason"][:REASON_LENGTH]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("action") == "suspend" and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason: the user will see it.")
        return cleaned
