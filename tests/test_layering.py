"""The layering `taro` ← `guides` ← `forum` in templates, where `lint-imports` cannot see it.

A template of taro or guides must not load a forum tag library, reverse a `forum:` URL or
include or extend a forum template: forum content reaches guide pages only through guides'
extension point (guides/panels.py), which forum fills in its AppConfig.ready().

The site's shell (templates/base.html, the error pages, templates/includes/ and the allauth
overrides) is the template counterpart of the root URLconf: its header and footer link to every
section of the site, so it may name forum URLs, but it loads no app's tag library either, bar
taro's `shell` library, which is made for it (URL names in, paths out; nothing of any app).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

TEMPLATES = Path(settings.BASE_DIR) / "templates"
APP_TEMPLATES = ("taro", "guides", "workbench", "money")  # held to: nothing of forum's
SHELL = ("*.html", "includes/**/*.html", "allauth/**/*.html")  # held to: no app's tag library
SHELL_LIBRARY = "shell"  # taro/templatetags/shell.py, the shell's own

LOAD = re.compile(r"{%-?\s*load\s+(.+?)\s*-?%}")
URL = re.compile(r"""{%-?\s*url\s+["']([\w:-]+)["']""")
INCLUDE = re.compile(r"""{%-?\s*(?:include|extends)\s+["']([^"']+)["']""")


def tag_libraries_of(*apps: str) -> set[str]:
    """Names under which `{% load %}` finds the tag libraries of these apps."""
    libraries = engines["django"].engine.template_libraries
    return {
        name
        for name, library in libraries.items()
        if any(
            getattr(func, "__module__", "").startswith(tuple(f"{app}." for app in apps))
            for func in [*library.tags.values(), *library.filters.values()]
        )
    }


def loaded_libraries(source: str) -> set[str]:
    names = set()
    for match in LOAD.finditer(source):
        words = match.group(1).split()
        # `{% load name from library %}` loads from the last word; `{% load a b %}` loads each.
        names.update(words[-1:] if "from" in words else words)
    return names


def violations(source: str, *, forum_libraries: set[str]) -> list[str]:
    libraries = sorted(loaded_libraries(source) & forum_libraries)
    found = [f"loads forum's tag library {name!r}" for name in libraries]
    found += [
        f"reverses the forum URL {name!r}"
        for name in URL.findall(source)
        if name.startswith("forum:")
    ]
    found += [
        f"includes or extends {name!r}"
        for name in INCLUDE.findall(source)
        if name.startswith("forum/")
    ]
    return found


def templates_in(*patterns: str) -> list[Path]:
    return sorted({path for pattern in patterns for path in TEMPLATES.glob(pattern)})


def test_forum_tag_libraries_are_found():
    # The check below is only as good as this list: forum's libraries, by their {% load %} names.
    assert "seo_tags" in tag_libraries_of("forum")
    assert "guide_tags" in tag_libraries_of("guides")
    assert "guide_tags" not in tag_libraries_of("forum")


@pytest.mark.parametrize("app", APP_TEMPLATES)
def test_app_templates_name_nothing_of_forum(app):
    forum_libraries = tag_libraries_of("forum")
    paths = templates_in(f"{app}/**/*.html")
    assert paths, f"no templates found under templates/{app}/"
    found = {
        str(path.relative_to(TEMPLATES)): problems
        for path in paths
        if (problems := violations(path.read_text(), forum_libraries=forum_libraries))
    }
    assert not found, f"templates of {app} reach into forum (use guides/panels.py): {found}"


def test_the_site_shell_loads_no_app_tag_library():
    app_libraries = tag_libraries_of("taro", "guides", "forum") - {SHELL_LIBRARY}
    found = {
        str(path.relative_to(TEMPLATES)): sorted(loaded_libraries(path.read_text()) & app_libraries)
        for path in templates_in(*SHELL)
    }
    assert templates_in("base.html")
    assert not {path: names for path, names in found.items() if names}


def test_the_check_finds_each_kind_of_violation():
    forum_libraries = tag_libraries_of("forum")
    source = (
        "{% load static seo_tags %}{% load json_ld from seo_tags %}"
        "{% load guide_tags cache %}<a href=\"{% url 'forum:ask' %}\">Ask</a>"
        "{% include 'forum/includes/related.html' %}"
        "{% url 'guides:index' %}{% include 'guides/toc.html' %}"
    )
    assert violations(source, forum_libraries=forum_libraries) == [
        "loads forum's tag library 'seo_tags'",
        "reverses the forum URL 'forum:ask'",
        "includes or extends 'forum/includes/related.html'",
    ]


@pytest.mark.django_db
def test_only_the_bench_routes_its_ceiling(client, settings):
    assert client.get("/bench/ceiling").status_code == 404  # production's URLconf (taro/urls.py)
    settings.ROOT_URLCONF = "bench.urls"  # what bench/settings.py sets for `make bench`
    response = client.get("/bench/ceiling")
    assert response.status_code == 200 and len(response.content) > 20_000
    assert client.get("/healthz").status_code == 200  # and every page of the site besides
