"""taro.dates.machine / {{ when|machine_time }}: what Django's date:'Y-m-d\\TH:i:sO' printed for
<time datetime> attributes (the site's times are in UTC), faster."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone

MOMENTS = [
    datetime.datetime(2026, 12, 4, 19, 8, 3, tzinfo=datetime.UTC),
    datetime.datetime(2025, 1, 1, 0, 0, 0, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 29, 1, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
    datetime.datetime(2026, 7, 1, 23, 59, 59, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
]


@pytest.mark.parametrize("when", MOMENTS)
def test_the_same_as_djangos_date_filter_in_utc(when):
    django_s = Template("{{ when|date:'Y-m-d\\TH:i:sO' }}")
    ours = Template("{% load taro_tags %}{{ when|machine_time }}")
    with timezone.override("UTC"):
        expected = django_s.render(Context({"when": when}))
    assert ours.render(Context({"when": when})) == expected
    assert expected.endswith("+0000")


def test_nothing_for_no_moment():
    assert Template("{% load taro_tags %}{{ when|machine_time }}").render(Context({})) == ""
