"""The guide admin: searchable, filterable, and read-only (the files are the source of truth)."""

import pytest

from guides.models import Guide
from taro.models import Topic


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-12345678")
    )
    return client


def test_changelist_searches_and_filters(synced, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff_client.get(
            "/admin/guides/guide/", {"q": '"Performance Improvement Plans"'}
        )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [Guide.objects.get(slug="pip")]
    layoffs = Topic.objects.get(slug="layoffs")
    filtered = staff_client.get("/admin/guides/guide/", {"topics__id__exact": layoffs.pk})
    with_topic = {guide.slug for guide in Guide.objects.filter(topics=layoffs)}
    assert "pip" in with_topic and len(with_topic) < Guide.objects.count()
    assert {guide.slug for guide in filtered.context["cl"].result_list} == with_topic


def test_guides_cannot_be_added_edited_or_deleted_in_admin(synced, staff_client):
    guide = Guide.objects.get(slug="pip")
    assert staff_client.get("/admin/guides/guide/add/").status_code == 403
    page = staff_client.get(f"/admin/guides/guide/{guide.pk}/change/")
    assert (
        page.status_code == 200
        and b'type="submit"' not in page.content.split(b'id="content-main"')[1]
    )
    assert staff_client.post(f"/admin/guides/guide/{guide.pk}/delete/").status_code == 403
