"""What other apps show on a guide page, without guides naming them: the extension point.

guides sits below forum (taro ← guides ← forum), yet a guide page shows forum content: the
questions citing it, related discussions, a way to ask. Rather than guides reaching up, an app
registers a `Panel` here from its AppConfig.ready() (forum does in forum/apps.py). A guide page
renders every panel registered for `GUIDE` below the guide, in registration order, and puts
their `notes` under the headings of the sections they name; the guides index renders the
panels for `NO_GUIDES` in its empty state. Templates render them with
guides/templatetags/guide_tags.py.

Caching: the guide page and its content fragment are keyed on `depends_on()`, the guides'
version plus every version a registered panel names (taro/versions.py), so a write that changes
what a panel shows retires the cached page in its own transaction. A panel that forgets a
version it reads would serve stale content: tests/test_freshness.py reads the guide page after
every public write.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from taro import versions

GUIDE = "guide"  # below a guide, on its page
NO_GUIDES = "no-guides"  # in the empty state of the guides index (before the first sync)


@dataclass(frozen=True)
class Panel:
    name: str
    template: str  # rendered with `guide` (on a guide page) and what `context(guide)` returns
    context: Callable[..., dict] | None = None  # (guide) -> more context; runs on a cache miss only
    depends_on: tuple[str, ...] = ()  # site-wide versions of everything the panel shows
    place: str = GUIDE
    # (the panel's context) -> {section id: HTML shown under that section's heading}
    notes: Callable[[dict], dict[str, SafeString]] | None = None


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Show `panel` in its place on guide pages (registering a name again replaces it)."""
    if panel.place not in (GUIDE, NO_GUIDES):
        raise ValueError(f"panel {panel.name!r}: unknown place {panel.place!r}")
    unknown = set(panel.depends_on) - set(versions.SITE)
    if unknown:
        raise ValueError(f"panel {panel.name!r} depends on unknown versions {sorted(unknown)}")
    _panels[panel.name] = panel


def panels(place: str = GUIDE) -> tuple[Panel, ...]:
    return tuple(panel for panel in _panels.values() if panel.place == place)


def depends_on(place: str = GUIDE) -> tuple[str, ...]:
    """The versions a page showing the panels of `place` is keyed on: the guides' and every
    such panel's, in one fixed order (that of taro.versions.SITE)."""
    names = {versions.GUIDES, *(name for panel in panels(place) for name in panel.depends_on)}
    return tuple(name for name in versions.SITE if name in names)


@dataclass(frozen=True)
class LoadedPanel:
    template: str
    context: dict
    notes: dict[str, SafeString]


def load(guide=None, place: str = GUIDE) -> list[LoadedPanel]:
    """The panels of `place` with their context (their queries run here, on a cache miss only)."""
    loaded = []
    for panel in panels(place):
        context = {"guide": guide, **(panel.context(guide) if panel.context else {})}
        notes = panel.notes(context) if panel.notes else {}
        loaded.append(LoadedPanel(panel.template, context, notes))
    return loaded


def body_with_notes(guide, loaded: list[LoadedPanel]) -> SafeString:
    """The guide's stored HTML with the panels' notes after the headings they belong to."""
    html = guide.body_html
    for panel in loaded:
        for anchor, note in panel.notes.items():
            if not anchor:
                continue
            # Section ids come from the guide's own table of contents (slug characters only).
            heading = rf'(<h([23]) id="{re.escape(anchor)}">.*?</h\2>)'

            def add_note(m: re.Match[str], note: str = note) -> str:
                return m.group(1) + note

            html = re.sub(heading, add_note, html, count=1, flags=re.S)
    return mark_safe(html)
