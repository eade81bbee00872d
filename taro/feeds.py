"""Feed generators that cannot be broken by what people typed.

XML 1.0 cannot carry control characters: one stored title with \\x01 (or a body with a pasted
terminal colour code) made Django's feed writer raise, and every feed listing that post answered
500 until it dropped out of the newest 30. Forms now remove them on the way in (taro/text.py);
these generators remove them again on the way out, for rows stored before or by other paths.
"""

from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from taro.text import clean_text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


class CleanItemsMixin(SyndicationFeed):
    # Django's Feed passes every field by keyword; each is cleaned whatever its declared type.
    def add_item(self, **fields: Any) -> None:  # type: ignore[override]
        super().add_item(**{name: _clean(value) for name, value in fields.items()})


class CleanRssFeed(CleanItemsMixin, Rss201rev2Feed):
    pass


class CleanAtomFeed(CleanItemsMixin, Atom1Feed):
    pass
