"""Reads for the ledger's pages. The public figures come only from PublishedTable."""

from django.contrib.auth.models import AnonymousUser, User

from outcomes.cycles import reportable_cycles
from outcomes.models import PublishedTable, Report
from outcomes.tokens import report_token


def published_tables() -> list[PublishedTable]:
    return list(PublishedTable.objects.all())


def my_reported_cycles(user: User | AnonymousUser) -> list[int]:
    """The offered cycles `user` has a report for, found through their tokens (one query)."""
    if not user.is_authenticated:
        return []
    tokens = {report_token(user, cycle): cycle for cycle in reportable_cycles()}
    found = Report.objects.filter(token__in=tokens).values_list("token", flat=True)
    return sorted((tokens[token] for token in found), reverse=True)
