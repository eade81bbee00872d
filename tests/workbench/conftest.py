import datetime

import pytest

from workbench import services


@pytest.fixture
def add_entry(db):
    """add_entry(owner, title=..., scopes=[...], principles=[...], days_ago=0, impact=...)."""

    def make(
        owner,
        *,
        title="Cut checkout latency",
        did="Traced the retry storm.",
        impact="",
        scopes=(),
        principles=(),
        days_ago=0,
        links="",
    ):
        return services.add_entry(
            owner=owner,
            date=datetime.date.today() - datetime.timedelta(days=days_ago),
            title=title,
            did=did,
            impact=impact,
            links=links,
            scopes=list(scopes),
            principles=list(principles),
        )

    return make
