"""Saved scenarios: explicit, private to their owner (404 for anyone else, staff included),
listed at /money/saved/ with a bounded number of queries, deleted with a POST."""

import pytest

from money.models import SavedScenario

pytestmark = pytest.mark.django_db
QUERY = "base=160000&grant_shares=100&grant_price=200&signon1=60000&leave_month=14"


def save(client, name="Offer, L5", query=QUERY):
    return client.post("/money/save/", {"name": name, "query": query})


def test_signed_out_people_are_offered_a_log_in_not_a_save(client):
    page = client.get("/money/?" + QUERY).content.decode()
    assert "Save privately" not in page
    assert "to save scenarios privately" in page
    response = save(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedScenario.objects.exists()


def test_a_member_saves_the_canonical_inputs_and_finds_them_in_the_list(
    client, make_user, django_assert_max_num_queries
):
    lena = make_user("lena")
    client.force_login(lena)
    assert "Save privately" in client.get("/money/?" + QUERY).content.decode()
    response = save(client, query=QUERY + "&junk=1&growth=")
    assert response.status_code == 302 and response["Location"] == "/money/saved/"
    kept = SavedScenario.objects.get()
    assert kept.owner == lena and kept.name == "Offer, L5"
    assert kept.query == "base=160000&grant_shares=100&grant_price=200&signon1=60000&leave_month=14"
    with django_assert_max_num_queries(6):
        listing = client.get("/money/saved/")
    assert listing.status_code == 200
    assert listing["Cache-Control"] == "private, no-store"
    assert "Offer, L5" in listing.content.decode()
    opened = client.get(f"/money/saved/{kept.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/money/?" + kept.query
    assert "Your four years" in client.get(opened["Location"]).content.decode()


def test_the_list_costs_the_same_queries_for_many_scenarios(
    client, make_user, django_assert_max_num_queries
):
    lena = make_user("lena")
    SavedScenario.objects.bulk_create(
        SavedScenario(owner=lena, name=f"S{n}", query=QUERY) for n in range(30)
    )
    client.force_login(lena)
    with django_assert_max_num_queries(6):
        assert client.get("/money/saved/").content.decode().count("S2") >= 1


@pytest.mark.parametrize("who", ["other", "staff", "anonymous"])
def test_another_persons_scenario_is_a_404(client, make_user, who):
    kept = SavedScenario.objects.create(owner=make_user("lena"), name="Mine", query=QUERY)
    if who != "anonymous":
        client.force_login(make_user(who, staff=who == "staff"))
        assert client.get(f"/money/saved/{kept.pk}/").status_code == 404
        assert client.post(f"/money/saved/{kept.pk}/delete/").status_code == 404
        assert "Mine" not in client.get("/money/saved/").content.decode()
    else:
        assert client.get(f"/money/saved/{kept.pk}/").status_code == 302  # to log in
        assert client.post(f"/money/saved/{kept.pk}/delete/").status_code == 302
    assert SavedScenario.objects.filter(pk=kept.pk).exists()


def test_delete_needs_a_post_and_removes_only_the_owners_row(client, make_user):
    lena = make_user("lena")
    kept = SavedScenario.objects.create(owner=lena, name="Mine", query=QUERY)
    client.force_login(lena)
    assert client.get(f"/money/saved/{kept.pk}/delete/").status_code == 405
    assert client.post(f"/money/saved/{kept.pk}/delete/").status_code == 302
    assert not SavedScenario.objects.exists()


def test_saving_needs_a_name_and_valid_inputs_and_keeps_them(client, make_user):
    client.force_login(make_user("lena"))
    unnamed = save(client, name="")
    assert unnamed.status_code == 400
    assert "Give the scenario a name" in unnamed.content.decode()
    assert 'value="160000"' in unnamed.content.decode()
    broken = save(client, query="base=-1&grant_shares=1&grant_price=1")
    assert broken.status_code == 400
    assert "Enter at least 0." in broken.content.decode()
    too_long = save(client, name="x" * 101)
    assert too_long.status_code == 400 and "under 100 characters" in too_long.content.decode()
    assert not SavedScenario.objects.exists()


def test_saving_needs_the_csrf_token(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("lena"))
    assert save(client).status_code == 403


def test_deleting_the_account_deletes_its_scenarios(make_user):
    lena = make_user("lena")
    SavedScenario.objects.create(owner=lena, name="Mine", query=QUERY)
    lena.delete()
    assert not SavedScenario.objects.exists()


def test_the_workbench_export_and_delete_all_cover_saved_scenarios(client, make_user):
    import json

    lena, other = make_user("lena"), make_user("other")
    SavedScenario.objects.create(owner=lena, name="Mine", query=QUERY)
    SavedScenario.objects.create(owner=other, name="Theirs", query=QUERY)
    client.force_login(lena)
    data = json.loads(client.get("/workbench/data/export.json").content)
    assert [s["name"] for s in data["money_scenarios"]] == ["Mine"]
    assert data["money_scenarios"][0]["inputs"] == QUERY
    client.post("/workbench/data/", {"confirm": "Delete everything"})
    assert list(SavedScenario.objects.values_list("name", flat=True)) == ["Theirs"]


def test_later_grants_and_a_rating_round_trip_through_a_saved_scenario(client, make_user):
    client.force_login(make_user("lena"))
    query = (
        QUERY + "&later_shares=200&later_month=12&later2_shares=100&later2_month=24"
        "&later4_shares=50&later4_month=36&rating=middle&rating_before=high"
    )
    assert save(client, name="Two refreshers", query=query).status_code == 302
    kept = SavedScenario.objects.get()
    assert kept.query == (
        "base=160000&grant_shares=100&grant_price=200&signon1=60000"
        "&later_shares=200&later_month=12&later2_shares=100&later2_month=24"
        "&later4_shares=50&later4_month=36&rating=middle&rating_before=high&leave_month=14"
    )
    page = client.get(client.get(f"/money/saved/{kept.pk}/")["Location"]).content.decode()
    for name, value in (("later2_shares", "100"), ("later4_month", "36")):
        assert f'name="{name}" value="{value}"' in page
    assert '<option value="high" selected>' in page
    assert 'href="#assumption-rating-middle-down"' in page
