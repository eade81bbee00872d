"""reverse() for the URLs a page prints many times over: the same shape, different ids.

A thread prints a dozen links for each of its fifty answers (vote, accept, edit, flag, the
author's profile…), and Django's reverse() walks the resolver for every one of them: it was a
tenth of a thread's first render. Here each URL name's shape is reversed once per process (and
script prefix and URLconf), with markers in its argument slots, and a link is the shape with the
arguments put in. An argument the shape can't take as it is (anything but ASCII letters, digits,
`-` and `_`; a non-digit where the pattern wants a number) goes through reverse() itself, so
the answer is always reverse()'s, errors included (tests/taro/test_reversing.py).
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[-A-Za-z0-9_]+\Z")  # what every slot takes unquoted, as reverse() would
_MARKERS = ("7319046285", "7319046286", "7319046287", "7319046288")


@dataclass(frozen=True)
class _Shape:
    pieces: tuple[str, ...]  # the URL around its slots: len(slots) + 1 pieces
    digits_only: tuple[bool, ...]  # whether each slot takes only digits (an <int:…>)


def url_for(name: str, *args: object) -> str:
    """reverse(name, args=args), from the name's remembered shape when the arguments allow."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    shape = _shape(name, len(args), get_script_prefix(), urlconf)
    texts = [str(arg) for arg in args]
    if shape is None or not all(
        _PLAIN.match(text) and (text.isdigit() or not digits)
        for text, digits in zip(texts, shape.digits_only, strict=True)
    ):
        return reverse(name, args=args, urlconf=urlconf)
    parts = [shape.pieces[0]]
    for text, piece in zip(texts, shape.pieces[1:], strict=True):
        parts += [text, piece]
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def _shape(name: str, arity: int, script_prefix: str, urlconf: str) -> _Shape | None:
    """The shape of `name` with `arity` arguments; None when markers can't stand in for them."""
    if arity > len(_MARKERS):
        return None
    markers = _MARKERS[:arity]
    try:
        url = reverse(name, args=markers, urlconf=urlconf)
    except NoReverseMatch:
        return None
    if any(url.count(marker) != 1 for marker in markers):
        return None
    pieces, rest = [], url
    for marker in markers:
        head, rest = rest.split(marker)
        pieces.append(head)
    pieces.append(rest)
    return _Shape(
        tuple(pieces), tuple(_digits_only(name, markers, i, urlconf) for i in range(arity))
    )


def _digits_only(name: str, markers: tuple[str, ...], slot: int, urlconf: str) -> bool:
    trial = [*markers]
    trial[slot] = "a-b"
    try:
        reverse(name, args=trial, urlconf=urlconf)
    except NoReverseMatch:
        return True
    return False
