"""Cleaning what people type, before it is stored.

Control characters never belong in a title, a post or a name: no keyboard types them on purpose,
a pasted terminal colour code (ESC [31m) or a stray \\x01 made every RSS/Atom feed that listed the
post fail (XML 1.0 cannot carry them), and PostgreSQL refuses NUL. Tab, newline and carriage
return stay. Bidirectional overrides (U+202A-U+202E, U+2066-U+2069) can make a one-line text read
backwards or hide a part of it, so single lines (titles, names) drop them too.
"""

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """Multi-line text (a post body, a bio) without control characters."""
    return CONTROL_CHARACTERS.sub("", value or "")


def clean_line(value: str) -> str:
    """One line (a title, a display name): no control characters, no bidi overrides, and runs of
    whitespace collapsed to single spaces."""
    return " ".join(BIDI_OVERRIDES.sub("", clean_text(value)).split())


def sentence(text: str) -> str:
    """`text` ending in exactly one full stop (or its own ? or !): a reason typed with or
    without one reads the same inside a longer message."""
    text = (text or "").strip()
    return text if text[-1:] in {".", "?", "!"} else f"{text}."
