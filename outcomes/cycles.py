"""Which review cycles a person may report on: the last three, the current year first."""

from django.utils import timezone

from outcomes.choices import CYCLES_OFFERED


def reportable_cycles(today=None) -> list[int]:
    year = (today or timezone.localdate()).year
    return [year - back for back in range(CYCLES_OFFERED)]
