"""Published base rates ("people at your level were promoted in X of Y reports") for pages that
help a person plan, without those pages importing the app that publishes them.

taro knows no app and the workbench imports only taro (.importlinter): the outcome ledger
registers its lookup here in its AppConfig.ready(), with the rating tiers a person can pick, and
the workbench's readiness page calls `sentences(level, tier)`. With no provider registered, or
nothing published, it answers [] and `tiers()` is empty.
"""

from collections.abc import Callable, Sequence

_providers: list[Callable] = []
_tiers: list[tuple[str, str]] = []


def register(provider: Callable, tiers: Sequence[tuple[str, str]] = ()) -> None:
    """`provider(level, tier)` returns a list of sentences (plain text) or []; `tiers` are the
    (key, label) pairs the provider understands."""
    if provider not in _providers:
        _providers.append(provider)
        _tiers.extend(pair for pair in tiers if pair not in _tiers)


def tiers() -> list[tuple[str, str]]:
    return list(_tiers)


def sentences(level: str, tier: str | None = None) -> list[str]:
    return [line for provider in _providers for line in provider(level, tier)]
