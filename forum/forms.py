from django import forms

from taro.confidentiality import ConfidentialityGuardMixin, confirm_field
from taro.markdown import check_rendered_size
from taro.models import Topic
from taro.text import clean_line, clean_text

TITLE_MIN, TITLE_MAX = 15, 150
BODY_MIN, BODY_MAX = 30, 20_000
ANSWER_MIN = 30
TOPICS_MAX = 5


def _clean_text(value: str) -> str:
    return clean_text(value).strip()


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.all(),
            to_field_name="slug",
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "“%(value)s” is not one of Taro’s topics.",
                "required": "Choose at least one topic.",
                "invalid_pk_value": "“%(pk)s” is not one of Taro’s topics.",
            },
            **kwargs,
        )


class QuestionForm(ConfidentialityGuardMixin, forms.Form):
    title = forms.CharField(
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        help_text=f"Be specific, as if asking a peer: {TITLE_MIN}–{TITLE_MAX} characters.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=(
            "Markdown: **bold**, *italic*, lists, links, `code`, > quotes and tables. "
            "Don’t share anything confidential."
        ),
    )
    topics = TopicChoiceField(help_text=f"Pick 1 to {TOPICS_MAX}.")
    anonymous = forms.BooleanField(
        required=False,
        label="Post anonymously",
        help_text=(
            "Your name is hidden; only your level and company show, "
            "e.g. “Anonymous · SDE 2 at Amazon”."
        ),
    )
    confirm_not_confidential = confirm_field()
    # A field people never see: bots fill every input they find.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off", "class": "honeypot"}
        ),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.check_confidentiality(f"{cleaned.get('title', '')}\n{cleaned.get('body', '')}")
        return cleaned

    def clean_title(self):
        title = clean_line(self.cleaned_data["title"])
        if len(title) < TITLE_MIN:
            raise forms.ValidationError(f"The title needs at least {TITLE_MIN} characters.")
        return title

    def clean_body(self):
        body = _clean_text(self.cleaned_data["body"])
        if len(body) < BODY_MIN:
            raise forms.ValidationError(
                f"The question needs at least {BODY_MIN} characters of detail."
            )
        check_rendered_size(body)
        return body

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        if len(topics) > TOPICS_MAX:
            raise forms.ValidationError(f"Choose at most {TOPICS_MAX} topics.")
        return topics


class EditQuestionForm(QuestionForm):
    """Editing keeps the anonymity chosen when asking: flipping it would expose the author."""

    anonymous = None  # type: ignore[assignment]  # Django's way to drop an inherited field


class AnswerForm(ConfidentialityGuardMixin, forms.Form):
    body = forms.CharField(
        label="Your answer",
        min_length=ANSWER_MIN,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown supported. Share what you’ve seen work; link guides where they help.",
    )
    anonymous = forms.BooleanField(required=False, label="Answer anonymously")
    confirm_not_confidential = confirm_field()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.check_confidentiality(cleaned.get("body", ""))
        return cleaned

    def clean_body(self):
        body = _clean_text(self.cleaned_data["body"])
        if len(body) < ANSWER_MIN:
            raise forms.ValidationError(f"An answer needs at least {ANSWER_MIN} characters.")
        check_rendered_size(body)
        return body


class EditAnswerForm(AnswerForm):
    anonymous = None  # type: ignore[assignment]  # as EditQuestionForm
