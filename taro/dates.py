"""The site's one way of writing dates for people, on every page, email and export:
"4 Dec 2026" for a day, "4 Dec 2026, 19:08 UTC" where the time matters. Times are always given
in UTC and say so, so "until 11 Dec 2026, 00:00 UTC" means the same moment to every reader."""

import datetime


def day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.timezone.utc)
    return f"{value.day} {value:%b %Y}"


def machine(value) -> str:
    """A moment for machines (a <time datetime> attribute): "2026-12-04T19:08:00+0000", in UTC.
    What Django's `date:'Y-m-d\\TH:i:sO'` printed under TIME_ZONE = "UTC", at a twentieth of
    its cost (it was a fifth of a list item's render)."""
    if not value:  # None, or a missing variable ("") as the date filter allows
        return ""
    return f"{value.astimezone(datetime.timezone.utc):%Y-%m-%dT%H:%M:%S+0000}"


def moment(value) -> str:
    if value is None:
        return ""
    value = value.astimezone(datetime.timezone.utc)
    return f"{value.day} {value:%b %Y, %H:%M} UTC"
