"""/sitemap.xml follows the content's versions like the pages: a hidden, deleted or renamed
question leaves it (URL and title words) for the very next reader, while unchanged content is
served from the cache without SQL."""

import re

import pytest
from django.test import Client

from forum import services
from forum.moderation import actions

pytestmark = pytest.mark.django_db


def sitemap() -> str:
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    return response.content.decode()


def test_a_stored_sitemap_is_served_without_sql(make_question, django_assert_max_num_queries):
    question = make_question(title="Which sitemap question is cached here?")
    assert question.get_absolute_url() in sitemap()
    with django_assert_max_num_queries(0):
        assert question.get_absolute_url() in sitemap()


def test_a_hidden_question_leaves_the_sitemap_at_once(
    make_question, make_user, django_capture_on_commit_callbacks
):
    question = make_question(title="A question a moderator will hide soon")
    url = question.get_absolute_url()
    assert url in sitemap() and url in sitemap()  # stored, then served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=make_user(staff=True), post=question, reason="spam")
    assert url not in sitemap()
    assert "moderator-will-hide" not in sitemap()


def test_a_deleted_question_leaves_the_sitemap_at_once(
    make_question, django_capture_on_commit_callbacks
):
    question = make_question(title="A question its author deletes quickly")
    url = question.get_absolute_url()
    assert url in sitemap() and url in sitemap()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_post(user=question.author, post=question)
    assert url not in sitemap()


def test_a_renamed_question_drops_its_old_title_words(
    make_question, topics, django_capture_on_commit_callbacks
):
    question = make_question(title="My manager name is in this title oops")
    assert "manager-name" in sitemap() and "manager-name" in sitemap()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_question(
            editor=question.author,
            question=question,
            title="A question about promotion timelines",
            body_source=question.body_source,
            topics=[topics["promotion"]],
        )
    page = sitemap()
    assert "manager-name" not in page
    assert re.search(r"/questions/\d+/a-question-about-promotion-timelines/", page)
