"""Every route reaches its own view. The URL lists are ordered for speed (the pages read most are
tried first), and a route with a catch-all part, like the thread's <slug>, must never swallow
another route's address: each named route's own URL must resolve back to that route."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse

SAMPLE = {"int": 7, "str": "some-words", "slug": "some-words", "path": "a/b"}


def named_routes(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def sample_kwargs(pattern: URLPattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    kinds = {
        name: type(converter).__name__.replace("Converter", "").lower()
        for name, converter in converters.items()
    }
    return {name: SAMPLE.get(kind, "x") for name, kind in kinds.items()}


def test_every_named_route_resolves_to_itself():
    checked = 0
    for name, pattern in named_routes():
        try:
            url = reverse(name, kwargs=sample_kwargs(pattern))
        except NoReverseMatch:  # a library's regex route (the admin's): not ours to order
            continue
        assert resolve(url).view_name == name, f"{url} reaches {resolve(url).view_name}, not {name}"
        checked += 1
    assert checked > 40


def test_the_thread_route_comes_after_the_questions_actions():
    for action in (
        "answer",
        "vote",
        "bookmark",
        "follow",
        "edit",
        "revisions",
        "delete",
        "restore",
        "flag",
    ):
        assert resolve(f"/questions/7/{action}/").view_name != "forum:question", action
    assert resolve("/questions/7/some-title/").view_name == "forum:question"
