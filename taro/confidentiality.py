"""The confidentiality guard: text that looks internal to Amazon (the patterns are the
TARO_CONFIDENTIAL_PATTERNS setting) must be confirmed before it is published. Every form that
publishes text uses it: asking, answering, both edits (forum/forms.py) and the bio."""

import re
from typing import Any

from django import forms
from django.conf import settings


def confidential_findings(text: str) -> list[str]:
    patterns = settings.TARO_CONFIDENTIAL_PATTERNS
    return sorted(
        {label for pattern, label in patterns if re.search(pattern, text, flags=re.IGNORECASE)}
    )


def confirm_field() -> forms.BooleanField:
    """The form's `confirm_not_confidential`: hidden until the guard asks for it."""
    return forms.BooleanField(
        required=False, label="This is not confidential", widget=forms.HiddenInput
    )


class ConfidentialityGuardMixin:
    """Asks the author to confirm before publishing text that looks internal."""

    guarded_text_name = "post"
    # Provided by the form this is mixed into.
    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]

    def check_confidentiality(self, text: str) -> None:
        findings = confidential_findings(text)
        if findings and not self.cleaned_data.get("confirm_not_confidential"):
            self.fields["confirm_not_confidential"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                f"Your {self.guarded_text_name} seems to contain {', '.join(findings)}. "
                "Taro is public: sharing internal Amazon systems or documents can break your "
                "confidentiality agreement. Edit it out, or tick "
                "“This is not confidential” below if you are sure."
            )
