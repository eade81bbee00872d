import datetime

import pytest

from workbench import services


@pytest.fixture
def add_entry(db):
    """add_entry(owner, title=..., scopes=[...], principles=[...], days_ago=0, impact=...).
    The primary scope is the first scope given unless `primary_scope` says otherwise; any
    structured evidence field (metric_to, audience, ...) passes through."""

    def make(
        owner,
        *,
        title="Cut checkout latency",
        did="Traced the retry storm.",
        impact="",
        scopes=(),
        primary_scope=None,
        principles=(),
        days_ago=0,
        links="",
        **structured,
    ):
        return services.add_entry(
            owner=owner,
            date=datetime.date.today() - datetime.timedelta(days=days_ago),
            title=title,
            did=did,
            impact=impact,
            links=links,
            scopes=list(scopes),
            primary_scope=scopes[0] if primary_scope is None and scopes else primary_scope or "",
            principles=list(principles),
            **structured,
        )

    return make
