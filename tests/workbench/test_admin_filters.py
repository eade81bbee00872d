"""The workbench usage list can't be filtered by URL: `?workbench_entries=<id>` (or any other
relation) would tell staff which account owns an entry, peer or draft."""

import pytest

pytestmark = pytest.mark.django_db

USAGE = "/admin/workbench/workbenchusage/"


@pytest.fixture
def staff_and_entries(client, make_user, add_entry):
    owner, bystander = make_user("entry_owner"), make_user("bystander")
    entry = add_entry(owner, title="Private work", did="Private details")
    add_entry(bystander, title="Other work", did="Other details")
    staff = make_user("usage_staff", staff=True)
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client, entry


@pytest.mark.parametrize(
    "query",
    [
        "workbench_entries={entry}",
        "workbench_entries__id={entry}",
        "workbench_entries__id__exact={entry}",
        "workbench_entries__title__icontains=Private",
        "workbench_peers__isnull=False",
        "id={owner}",
    ],
)
def test_relation_filters_are_refused(staff_and_entries, query):
    client, entry = staff_and_entries
    response = client.get(f"{USAGE}?{query.format(entry=entry.pk, owner=entry.owner_id)}")
    assert response.status_code == 400
    assert "entry_owner" not in response.content.decode()


def test_the_list_and_its_username_search_still_work(staff_and_entries):
    client, _ = staff_and_entries
    body = client.get(USAGE).content.decode()
    assert "entry_owner" in body and "bystander" in body
    searched = client.get(f"{USAGE}?q=bystander").content.decode()
    assert "bystander" in searched and "entry_owner" not in searched
