"""Published base rates ("people at your level were promoted in X of Y reports") for pages that
help a person plan, without those pages importing the app that publishes them.

taro knows no app and the workbench imports only taro (.importlinter): the outcome ledger
registers its lookup here in its AppConfig.ready(), and the workbench's readiness page calls
`sentences(level, tier)`. With no provider registered, or nothing published, it answers [].
"""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(level, tier)` returns a list of sentences (plain text) or []."""
    if provider not in _providers:
        _providers.append(provider)


def sentences(level: str, tier: str | None = None) -> list[str]:
    return [line for provider in _providers for line in provider(level, tier)]
