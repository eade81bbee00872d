"""Amazon's manager positions carry their real levels (taro/migrations/0005): a Director is L8."""

import pytest

from taro.models import Position

pytestmark = pytest.mark.django_db


def test_manager_badges_show_amazon_levels():
    badges = {
        position.title: position.badge_label
        for position in Position.objects.select_related("company").filter(company__slug="amazon")
    }
    assert badges["Software Development Manager"].endswith("[L5-L6] at Amazon")
    assert badges["Senior Software Development Manager"].endswith("[L7] at Amazon")
    assert badges["Director of Software Development"] == (
        "Director of Software Development [L8] at Amazon"
    )
    assert badges["Principal Software Engineer"].endswith("[L7] at Amazon")
    assert not [badge for badge in badges.values() if "SDM" in badge]
