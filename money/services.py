"""Writes for the money map: a member keeps or deletes a scenario of their own. Only validated
inputs are stored, as their canonical query string."""

from django.contrib.auth.models import User

from money.forms import ScenarioForm
from money.models import SCENARIO_QUERY_MAX, SavedScenario

SCENARIOS_PER_OWNER_MAX = 200


class ScenarioLimit(Exception):
    pass


def save_scenario(*, owner: User, name: str, form: ScenarioForm) -> SavedScenario:
    if SavedScenario.objects.filter(owner=owner).count() >= SCENARIOS_PER_OWNER_MAX:
        raise ScenarioLimit(f"You can keep up to {SCENARIOS_PER_OWNER_MAX} scenarios.")
    query = form.query()[:SCENARIO_QUERY_MAX]
    return SavedScenario.objects.create(owner=owner, name=name.strip(), query=query)


def delete_scenario(scenario: SavedScenario) -> None:
    scenario.delete()
