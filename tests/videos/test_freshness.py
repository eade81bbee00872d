"""Pages that list lessons (the hub and topic pages, through lesson_cards.html) are cached under
the GUIDES version: adding, publishing or editing a lesson retires them."""

import pytest
from django.template.loader import render_to_string

from taro import versions
from videos import selectors


def guides_version():
    return versions.current()[versions.GUIDES]


@pytest.mark.django_db
def test_adding_a_lesson_retires_pages_that_list_lessons(make_lesson):
    before = guides_version()
    make_lesson()
    assert guides_version() > before


@pytest.mark.django_db
def test_an_admin_edit_retires_them_and_renames_the_search_copy(client, make_user, make_lesson):
    lesson = make_lesson()
    admin = make_user(staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    before = guides_version()
    form = client.get(f"/admin/videos/lesson/{lesson.pk}/change/")
    assert form.status_code == 200
    response = client.post(
        f"/admin/videos/lesson/{lesson.pk}/change/",
        {
            "title": "Renamed lesson",
            "slug": lesson.slug,
            "summary": lesson.summary,
            "topics": [t.pk for t in lesson.topics.all()],
            "chapters": '[{"start": 0, "title": "Work log"}]',
            "related": "[]",
            "order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert guides_version() > before
    lesson.refresh_from_db()
    assert not lesson.is_published and lesson.status == "ready"  # no new upload: no transcode
    assert set(lesson.cues.values_list("lesson_title", flat=True)) == {"Renamed lesson"}


@pytest.mark.django_db
def test_lesson_cards_include_renders_for_the_hub(make_lesson, django_assert_max_num_queries):
    make_lesson("Build a promotion case")
    with django_assert_max_num_queries(2):
        lessons = selectors.playable_lessons(limit=3)
    html = render_to_string(
        "videos/includes/lesson_cards.html", {"lessons": lessons, "heading_level": 3}
    )
    assert '<h3><a class="stretched" href="/videos/build-a-promotion-case/">' in html
    assert 'src="/videos/build-a-promotion-case/media/poster.jpg"' in html
    assert "Video · 0:02" in html
