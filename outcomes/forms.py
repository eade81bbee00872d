"""The report form: closed choices only, no free text."""

from typing import cast

from django import forms

from outcomes.choices import Focus, Level, MonthsInLevel, Org, Outcome, Promotion, Providers, Tier
from outcomes.cycles import reportable_cycles

YES_NO = (("yes", "Yes"), ("no", "No"))


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
    )


class ReportForm(forms.Form):
    cycle = forms.TypedChoiceField(label="Review cycle", coerce=int, widget=forms.RadioSelect)
    level = _choice("Level at the start of the cycle", Level.choices)
    org = _choice("Org family", Org.choices)
    tier = _choice("Rating tier, as you understand it", Tier.choices)
    promotion = _choice("Promotion", Promotion.choices)
    months_in_level = _choice("Months in level at the end of the cycle", MonthsInLevel.choices)
    providers = _choice("Feedback providers used", Providers.choices)
    manager_changed = _choice("Did your manager change during the cycle?", YES_NO)
    focus = _choice("Focus or PIP", Focus.choices)
    outcome = _choice("Outcome", Outcome.choices)

    def __init__(self, *args, reported=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cycle"]).choices = [
            (cycle, f"{cycle}{' (already reported)' if cycle in reported else ''}")
            for cycle in reportable_cycles()
        ]

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["manager_changed"] = data["manager_changed"] == "yes"
        return data


class WithdrawForm(forms.Form):
    cycle = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cycle"]).choices = [
            (cycle, cycle) for cycle in reportable_cycles()
        ]
