import pytest

from outcomes.cycles import reportable_cycles

ANSWERS = {
    "level": "sde1",
    "org": "aws",
    "tier": "high",
    "promotion": "promoted",
    "months_in_level": "12-23",
    "providers": "4-5",
    "manager_changed": "no",
    "focus": "none",
    "outcome": "stayed",
}


@pytest.fixture
def answers():
    """A complete, valid report form for this year's cycle."""
    return {"cycle": str(reportable_cycles()[0]), **ANSWERS}


@pytest.fixture
def member(make_user, login):
    """A signed-in member whose company (Amazon) is verified."""
    user = make_user(amazon_email=True)
    login(user)
    return user
