"""Staff edit the reported assumptions (value, source and dates; a value the computation can't
use is refused by Assumption.clean). Members' saved scenarios are not registered: they are
private, like the workbench."""

from django import forms
from django.contrib import admin

from money.models import Assumption


class AssumptionForm(forms.ModelForm):
    source_url = forms.URLField(max_length=500, assume_scheme="https", label="Source URL")

    class Meta:
        model = Assumption
        fields = [
            "key",
            "label",
            "value",
            "unit",
            "explanation",
            "source_url",
            "publisher",
            "published",
            "as_of",
            "order",
        ]


@admin.register(Assumption)
class AssumptionAdmin(admin.ModelAdmin):
    form = AssumptionForm
    list_display = ["label", "value", "unit", "publisher", "published", "as_of"]
    search_fields = ["key", "label", "publisher"]
    ordering = ["order", "key"]
