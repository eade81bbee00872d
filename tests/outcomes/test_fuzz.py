"""Hostile input to the report and withdraw forms: never a 500, and nothing stored unless every
answer is one of the choices."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes.models import Report
from tests.outcomes.conftest import ANSWERS

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hostile = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", "\x00", "sde1\x00", "SDE1", " sde1", "2026.0", "-1", "9" * 400, "🙂"]),
)


@FUZZ
@given(field=st.sampled_from(["cycle", *ANSWERS]), value=hostile)
def test_hostile_values_get_a_4xx_and_store_nothing(client, member, answers, field, value):
    response = client.post("/outcomes/report/", {**answers, field: value})
    if response.status_code == 302:  # the hostile value happened to be a valid choice
        assert Report.objects.filter().delete()[0] == 1
        return
    assert response.status_code == 400
    assert not Report.objects.exists()


@FUZZ
@given(value=hostile)
def test_hostile_withdraw_cycles_are_a_400(client, member, value):
    assert client.post("/outcomes/withdraw/", {"cycle": value}).status_code in (302, 400)
