"""What may stop a person from changing what others read, for writes that taro owns (a profile).

taro knows no app (the layering in .importlinter), yet a suspension is the forum's: so apps
register their checks here in their AppConfig.ready(), and taro's services ask `refusal(user)`.
"""

from collections.abc import Callable

_checks: list[Callable] = []


def register(check: Callable) -> None:
    """`check(user)` returns why the user may not publish right now, or ""."""
    if check not in _checks:
        _checks.append(check)


def refusal(user) -> str:
    """The first reason a registered check gives, or "" when the user may publish."""
    for check in _checks:
        reason = check(user)
        if reason:
            return reason
    return ""
