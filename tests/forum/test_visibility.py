"""Deleted and hidden posts are gone for everyone but moderators, on every surface that shows
posts: the thread, the lists (home, company hub, questions, topic), search, the feeds, the
sitemap and the author's profile. Moderators see them on the thread, each with a clear mark, so
they can restore them.

Each surface is read through the client as a reader would, anonymous pages from the page cache
included; one post per way of going away (deleted by its author, hidden by a moderator, gone
with its hidden question), each with a word found nowhere else.
"""

import pytest

from forum import moderation, services
from tests.forum.test_feeds_sitemap import FEED_URLS

pytestmark = pytest.mark.django_db

DELETED_ANSWER_MARK = "Deleted answer (visible to moderators only)."
DELETED_QUESTION_MARK = "This question is deleted. Only moderators can see it."


@pytest.fixture
def site(make_user, make_question, make_answer):
    author, moderator = make_user("author"), make_user("moderator", staff=True)
    other = make_user()
    thread = make_question(other, title="A visible thread about the quarterly capybara review")
    kept = make_answer(thread, author, body="A kept answer about the visible wombat calibration.")
    deleted = make_answer(thread, author, body="An answer its author deleted about a tapir promo.")
    hidden = make_answer(thread, author, body="An answer a moderator hid about a narwhal rating.")
    gone_question = make_question(author, title="A question a moderator hid about an okapi manager")
    gone_answer = make_answer(
        gone_question, author, body="An answer whose question went, about a pangolin mentor."
    )
    own_question = make_question(author, title="A question its author deleted about a quokka PIP")
    services.delete_post(user=author, post=deleted)
    services.delete_post(user=author, post=own_question)
    moderation.hide_post(moderator=moderator, post=hidden, reason="spam")
    moderation.hide_post(moderator=moderator, post=gone_question, reason="spam")
    return {
        "author": author,
        "moderator": moderator,
        "member": make_user(),
        "thread": thread,
        "kept": kept,
        "deleted": deleted,
        "hidden": hidden,
        "gone_question": gone_question,
        "gone_answer": gone_answer,
        "own_question": own_question,
    }


GONE_WORDS = ["tapir", "narwhal", "okapi", "pangolin", "quokka"]
GONE_TITLES = ["about an okapi manager", "about a quokka PIP"]
READERS = ["anonymous", "member", "author"]


def read(client, site, who, url):
    if who != "anonymous":
        client.force_login(site[who])
    response = client.get(url)
    if who == "anonymous":  # the second read is the cached page
        response = client.get(url)
    return response


@pytest.mark.parametrize("who", READERS)
def test_thread_hides_deleted_and_hidden_answers(client, site, who):
    response = read(client, site, who, site["thread"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "visible wombat calibration" in html
    assert "tapir" not in html and "narwhal" not in html
    assert DELETED_ANSWER_MARK not in html
    assert f'id="answer-{site["deleted"].pk}"' not in html
    assert "1 answer" in html  # the count leaves them out too


@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize("post", ["gone_question", "own_question"])
def test_deleted_and_hidden_questions_are_404(client, site, who, post):
    response = read(client, site, who, site[post].get_absolute_url())
    if who == "author" and post == "gone_question":
        # Hidden by a moderator: its author is sent to its own page, which says why.
        assert response.status_code == 302
        assert response["Location"] == f"/questions/{site[post].pk}/hidden/"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", READERS)
@pytest.mark.parametrize(
    "url", ["/", "/companies/amazon/", "/questions/", "/questions/?sort=new", "/topics/promotion/"]
)
def test_lists_leave_deleted_and_hidden_questions_out(client, site, who, url):
    response = read(client, site, who, url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "quarterly capybara review" in html
    for title in GONE_TITLES:
        assert title not in html


@pytest.mark.parametrize("who", [*READERS, "moderator"])
@pytest.mark.parametrize("word", GONE_WORDS)
def test_search_finds_nothing_deleted_or_hidden(client, site, who, word):
    # Moderators included (docs/states.md): search is no place to restore from.
    html = read(client, site, who, f"/search/?q={word}").content.decode()
    assert "capybara" not in html  # the thread of the deleted and hidden answers
    for title in GONE_TITLES:
        assert title not in html
    for post in ("deleted", "hidden", "gone_answer"):
        assert f"#answer-{site[post].pk}" not in html


def test_search_still_finds_the_visible_posts(client, site):
    assert "quarterly capybara review" in client.get("/search/?q=wombat").content.decode()
    assert "quarterly capybara review" in client.get("/search/?q=capybara").content.decode()


@pytest.mark.parametrize("url", [*FEED_URLS, "/sitemap.xml"])
def test_feeds_and_sitemap_leave_deleted_and_hidden_questions_out(client, site, url):
    response = client.get(url)
    xml = response.content.decode()
    assert response.status_code == 200
    assert f"/questions/{site['thread'].pk}/" in xml
    for post in ("gone_question", "own_question"):
        assert f"/questions/{site[post].pk}/" not in xml
    for title in GONE_TITLES:
        assert title not in xml


@pytest.mark.parametrize("who", [*READERS, "moderator"])
def test_profile_lists_only_the_authors_visible_posts(client, site, who):
    html = read(client, site, who, "/users/author/").content.decode()
    assert f"#answer-{site['kept'].pk}" in html
    for post in ("deleted", "hidden", "gone_answer"):
        assert f"#answer-{site[post].pk}" not in html
    for title in GONE_TITLES:
        assert title not in html


def test_moderators_see_deleted_and_hidden_answers_marked(client, site):
    client.force_login(site["moderator"])
    html = client.get(site["thread"].get_absolute_url()).content.decode()
    assert "visible wombat calibration" in html
    assert "tapir promo" in html and "narwhal rating" in html
    assert html.count(DELETED_ANSWER_MARK) == 2
    assert html.count("post--deleted") == 2
    assert DELETED_QUESTION_MARK not in html


@pytest.mark.parametrize("post", ["gone_question", "own_question"])
def test_moderators_see_deleted_and_hidden_questions_marked(client, site, post):
    client.force_login(site["moderator"])
    response = client.get(site[post].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert DELETED_QUESTION_MARK in html
    assert site[post].title in html


def test_restored_posts_come_back_for_anonymous_readers(client, site):
    thread_url = site["thread"].get_absolute_url()
    question_url = site["gone_question"].get_absolute_url()
    assert "narwhal" not in client.get(thread_url).content.decode()
    assert client.get(question_url).status_code == 404
    for post in ("hidden", "gone_question"):
        moderation.restore_hidden_post(moderator=site["moderator"], post=site[post])
    assert "narwhal rating" in client.get(thread_url).content.decode()
    html = client.get(question_url).content.decode()
    assert "about an okapi manager" in html and "pangolin mentor" in html
    assert DELETED_QUESTION_MARK not in html and DELETED_ANSWER_MARK not in html


@pytest.mark.parametrize("who, status", [("member", 404), ("author", 404), ("moderator", 403)])
@pytest.mark.parametrize("post", ["gone_question", "own_question"])
def test_nobody_answers_a_deleted_or_hidden_question(client, site, who, status, post):
    # Moderators too: it would notify the asker of a thread they can't open. Restore it first.
    client.force_login(site[who])
    question = site[post]
    body = "An answer to a thread that is gone, long enough for the answer form."
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body})
    assert response.status_code == status
    assert not question.answers.filter(body_source=body).exists()


def test_the_thread_says_why_you_cannot_answer(client, site):
    moderation.set_locked(moderator=site["moderator"], question=site["thread"], locked=True)
    client.force_login(site["member"])
    html = client.get(site["thread"].get_absolute_url()).content.decode()
    assert "This question is locked: it no longer takes new answers." in html
    assert 'name="body"' not in html
