"""Writes to the ledger. Each service checks its own rules, whatever view calls it."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction

from outcomes.cycles import reportable_cycles
from outcomes.models import CHOICE_FIELDS, Report
from outcomes.permissions import report_refusal
from outcomes.tokens import report_token

ALREADY_REPORTED = (
    "You have already contributed a report for the {cycle} cycle. Withdraw it first if you want "
    "to change it."
)


class ReportRefused(Exception):
    """The report was not stored; the message says why, for the person."""


def submit_report(*, user: User, cycle: int, answers: dict[str, Any]) -> Report:
    """Store one report for `cycle`, linked to `user` only through the one-way token."""
    reason = report_refusal(user)
    if reason:
        raise ReportRefused(reason)
    if cycle not in reportable_cycles():
        raise ReportRefused("Pick one of the last three review cycles.")
    fields = {name: answers[name] for name in [*CHOICE_FIELDS, "manager_changed"]}
    try:
        with transaction.atomic():
            return Report.objects.create(token=report_token(user, cycle), cycle=cycle, **fields)
    except IntegrityError as error:
        # The unique token: a second report for the same cycle (also when two arrive at once).
        # A value outside the choices is refused by the form first; the check constraints are
        # the last line, and are reported the same way rather than as a 500.
        if Report.objects.filter(token=report_token(user, cycle)).exists():
            raise ReportRefused(ALREADY_REPORTED.format(cycle=cycle)) from error
        raise ReportRefused("That report has a value outside the choices offered.") from error


def withdraw_report(*, user: User | AnonymousUser, cycle: int) -> bool:
    """Delete `user`'s report for `cycle`, found by recomputing the token; False if none."""
    if not user.is_authenticated:
        return False
    deleted, _ = Report.objects.filter(token=report_token(user, cycle)).delete()
    return bool(deleted)
