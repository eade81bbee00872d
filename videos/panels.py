"""What other apps show on a lesson page, without videos naming them: the extension point.

videos imports only taro (.importlinter), yet a lesson page shows the forum threads that cite
the lesson. Rather than videos reaching into the forum, an app registers a `Panel` here from its
AppConfig.ready() (forum does, in forum/lesson_panels.py) and the lesson page renders every
registered panel below the lesson, in registration order (guides/panels.py does the same for
guide pages).

The lesson page is rendered per request (members see their own progress), so a panel's query
runs on every view and what it shows is fresh the moment a write commits: no version to name.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str  # rendered with `lesson`, and what `context(lesson)` returns as `panel`
    context: Callable[..., dict]  # (lesson) -> context; an empty dict hides the panel


@dataclass(frozen=True)
class LoadedPanel:
    template: str
    context: dict


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Show `panel` on lesson pages (registering a name again replaces it)."""
    _panels[panel.name] = panel


def load(lesson) -> list[LoadedPanel]:
    """The panels with something to show about `lesson`, their context loaded."""
    loaded = []
    for panel in _panels.values():
        context = panel.context(lesson)
        if context:
            loaded.append(LoadedPanel(panel.template, {"lesson": lesson, **context}))
    return loaded
