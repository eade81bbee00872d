"""The assumption rows: created by the data migration with a source and dates, edited by staff
in the admin (a value the computation can't use is refused there)."""

import pytest
from django.core.exceptions import ValidationError

from money.models import Assumption

pytestmark = pytest.mark.django_db


def test_every_default_has_a_row_with_a_source_and_dates():
    rows = {row.key: row for row in Assumption.objects.all()}
    assert rows["model-growth"].value == 15
    assert rows["base-cap"].value == 350_000
    assert [rows[f"vest-year-{n}"].value for n in range(1, 5)] == [5, 15, 40, 40]
    assert rows["vest-cadence"].value == 6
    assert [rows[k].value for k in ("rating-top-first", "rating-high", "rating-low")] == [70, 40, 0]
    for row in rows.values():
        assert row.source_url.startswith("https://") and row.publisher and row.published
        assert row.as_of and row.explanation


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("vest-cadence", 5),
        ("signon1-upfront", 2),
        ("vest-year-1", 101),
        ("signon-months", 0),
        ("rating-top-first", 250),
        ("rating-low", -1),
        ("rating-reference", 0),
    ],
)
def test_a_value_the_computation_cannot_use_is_refused(key, value):
    row = Assumption.objects.get(key=key)
    row.value = value
    with pytest.raises(ValidationError):
        row.full_clean()


def test_staff_edit_a_value_in_the_admin_and_the_page_uses_it(client, make_user):
    client.force_login(make_user("admin", staff=True))
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="admin").update(is_superuser=True)
    row = Assumption.objects.get(key="pivot-payout")
    change = f"/admin/money/assumption/{row.pk}/change/"
    form = client.get(change)
    assert form.status_code == 200
    data = {
        "key": row.key,
        "label": row.label,
        "value": "45000",
        "unit": row.unit,
        "explanation": row.explanation,
        "source_url": row.source_url,
        "publisher": row.publisher,
        "published": row.published.isoformat(),
        "as_of": "2026-12-05",
        "order": row.order,
    }
    assert client.post(change, data).status_code == 302
    page = client.get(
        "/money/", {"base": "1", "grant_shares": "1", "grant_price": "1", "leave_month": "3"}
    )
    html = page.content.decode()
    assert "Pivot severance offered at the start: $45,000" in html
    assert "<td>$45,000</td>" in html
    assert "As of 5 Dec 2026" in html
    bad = client.post(change, data | {"value": "-1", "key": "vest-cadence"})
    assert bad.status_code == 200 and "Use one of" in bad.content.decode()
