"""Every public write is visible to the next anonymous reader, through the caches.

One row per public function of the write modules (forum/services.py, forum/changes.py,
forum/moderation/, forum/notifications/, guides/services.py, taro/services.py). A row is a
generator: it arranges its data and yields the pages the write affects; the runner reads each
anonymously until it is served from the cache (the versions and rows its keys name, not the
page's own reads); the row then performs the write and yields what each page must show now.
A page that still shows the old content means a key that doesn't name a version the write moved.

Functions that change nothing an anonymous reader sees are listed in NOT_SHOWN with the reason;
a public function in none of the two tables fails `test_every_public_function_has_a_row`, so a
new service can't be added without saying how its writes reach the caches.
"""

import inspect
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import changes, moderation, services
from forum.models import Flag
from forum.moderation import actions as moderation_actions
from forum.moderation import audit as moderation_audit
from forum.moderation import flags as moderation_flags
from forum.moderation import suspensions as moderation_suspensions
from forum.notifications import services as notification_services
from forum.notifications import unsubscribe
from guides import services as guide_services
from taro import services as taro_services

pytestmark = pytest.mark.django_db

GUIDES_DIR = Path(settings.BASE_DIR) / "guides" / "content"
BODY = "A body long enough for the forms, about {}."


def shows(*texts):
    def check(response):
        html = response.content.decode()
        return response.status_code == 200 and all(text in html for text in texts)

    check.description = f"200 showing {texts}"
    return check


def hides(*texts):
    def check(response):
        html = response.content.decode()
        return response.status_code in (200, 404) and not any(text in html for text in texts)

    check.description = f"no {texts}"
    return check


def answers_404(response):
    return response.status_code == 404


answers_404.description = "404"


class World:
    """The fixtures a row needs, in one object."""

    def __init__(self, make_user, make_question, make_answer, amazon, topics, tmp_path):
        self.make_user, self.make_question, self.make_answer = make_user, make_question, make_answer
        self.amazon, self.topics, self.tmp_path = amazon, topics, tmp_path
        self.staff = make_user("moderator", staff=True)


# forum/services.py ------------------------------------------------------------------------------


def ask_question(w):
    yield ["/", "/questions/", "/topics/promotion/", "/search/?q=xylophone"]
    services.ask_question(
        author=w.make_user(),
        company=w.amazon,
        title="Is a xylophone allowed in my promo doc?",
        body_source=BODY.format("xylophones"),
        topics=[w.topics["promotion"]],
        is_anonymous=False,
    )
    title = "Is a xylophone allowed in my promo doc?"
    yield {
        "/": shows(title),
        "/questions/": shows(title),
        "/topics/promotion/": shows(title),
        "/search/?q=xylophone": shows(title),
    }


def post_answer(w):
    question = w.make_question(title="What does a zebra review look like?")
    url = question.get_absolute_url()
    yield [url, "/questions/", "/search/?q=quokka"]
    services.post_answer(
        author=w.make_user(),
        question=question,
        body_source=BODY.format("a quokka manager"),
        is_anonymous=False,
    )
    yield {
        url: shows("a quokka manager", "1 answer"),
        "/questions/": shows("<strong>1</strong> answer"),
        "/search/?q=quokka": shows("What does a zebra review look like?"),
    }


def edit_question(w):
    question = w.make_question(title="Original title about calibration")
    old_url = question.get_absolute_url()
    yield [old_url, "/questions/", "/search/?q=walrus"]
    services.edit_question(
        editor=question.author,
        question=question,
        title="Edited title about a walrus",
        body_source=BODY.format("walruses"),
        topics=[w.topics["promotion"]],
    )
    new_url = f"/questions/{question.pk}/edited-title-about-a-walrus/"
    yield {
        new_url: shows("Edited title about a walrus", "walruses"),
        "/questions/": shows("Edited title about a walrus"),
        "/search/?q=walrus": shows("Edited title about a walrus"),
    }


def edit_answer(w):
    answer = w.make_answer(w.make_question())
    url = answer.question.get_absolute_url()
    yield [url]
    services.edit_answer(
        editor=answer.author, answer=answer, body_source=BODY.format("an edited pangolin")
    )
    yield {url: shows("an edited pangolin")}


def delete_post(w):
    question = w.make_question(title="A question that its author deletes")
    answer = w.make_answer(
        w.make_question(title="A thread that loses an answer"), body=BODY.format("lemurs")
    )
    thread = answer.question.get_absolute_url()
    yield [question.get_absolute_url(), "/questions/", thread, "/search/?q=lemurs"]
    services.delete_post(user=question.author, post=question)
    services.delete_post(user=answer.author, post=answer)
    yield {
        question.get_absolute_url(): answers_404,
        "/questions/": hides("A question that its author deletes"),
        thread: hides("lemurs"),
        "/search/?q=lemurs": hides("A thread that loses an answer"),
    }


def set_deleted(w):
    # Moderation's path (hide, restore, auto-hide): deleted, then back.
    question = w.make_question(title="A question that comes back")
    answer = w.make_answer(w.make_question(), body=BODY.format("returning narwhals"))
    services.set_deleted(post=question, deleted=True)
    services.set_deleted(post=answer, deleted=True)
    thread = answer.question.get_absolute_url()
    yield ["/questions/", thread]
    services.set_deleted(post=question, deleted=False)
    services.set_deleted(post=answer, deleted=False)
    yield {
        "/questions/": shows("A question that comes back"),
        question.get_absolute_url(): shows("A question that comes back"),
        thread: shows("returning narwhals"),
    }


def upvote(w):
    answer = w.make_answer(w.make_question(title="A thread whose answer gets votes"))
    question = answer.question
    url = question.get_absolute_url()
    yield [url, "/questions/?sort=top"]
    services.upvote(user=w.make_user(), post=answer)
    services.upvote(user=w.make_user(), post=question)
    yield {
        url: shows('<span data-score>1</span><span class="visually-hidden"> votes</span>'),
        "/questions/?sort=top": shows("<strong>1</strong> vote"),
    }


def remove_upvote(w):
    question = w.make_question()
    voter = w.make_user()
    services.upvote(user=voter, post=question)
    url = question.get_absolute_url()
    yield [url]
    services.remove_upvote(user=voter, post=question)
    yield {url: shows("<span data-score>0</span>")}


def accept_answer(w):
    answer = w.make_answer(w.make_question(title="A thread about to be resolved"))
    url = answer.question.get_absolute_url()
    yield [url, "/questions/"]
    services.accept_answer(user=answer.question.author, answer=answer)
    yield {url: shows("Accepted answer"), "/questions/": shows("(has an accepted answer)")}


def unaccept_answer(w):
    answer = w.make_answer(w.make_question())
    services.accept_answer(user=answer.question.author, answer=answer)
    url = answer.question.get_absolute_url()
    yield [url, "/questions/"]
    services.unaccept_answer(user=answer.question.author, answer=answer)
    yield {url: hides("Accepted answer"), "/questions/": hides("(has an accepted answer)")}


# forum/moderation/ -------------------------------------------------------------------------------


def flag_post(w):
    question = w.make_question(title="A question the community flags away")
    yield [question.get_absolute_url(), "/questions/"]
    for _ in range(moderation.AUTO_HIDE_FLAGS):
        moderation.flag_post(
            reporter=w.make_user(), post=question, reason=Flag.Reason.SPAM, note=""
        )
    yield {
        question.get_absolute_url(): answers_404,
        "/questions/": hides("A question the community flags away"),
    }


def dismiss_flags(w):
    question = w.make_question(title="A wrongly flagged question")
    for _ in range(moderation.AUTO_HIDE_FLAGS):
        moderation.flag_post(
            reporter=w.make_user(), post=question, reason=Flag.Reason.SPAM, note=""
        )
    yield ["/questions/"]
    question.refresh_from_db()
    moderation.dismiss_flags(moderator=w.staff, post=question)
    yield {
        "/questions/": shows("A wrongly flagged question"),
        question.get_absolute_url(): shows("A wrongly flagged question"),
    }


def hide_post(w):
    answer = w.make_answer(w.make_question(), body=BODY.format("an abusive iguana"))
    url = answer.question.get_absolute_url()
    yield [url]
    moderation.hide_post(moderator=w.staff, post=answer, reason="abuse")
    yield {url: hides("an abusive iguana")}


def restore_hidden_post(w):
    answer = w.make_answer(w.make_question(), body=BODY.format("a restored ibis"))
    moderation.hide_post(moderator=w.staff, post=answer, reason="mistake")
    url = answer.question.get_absolute_url()
    yield [url]
    answer.refresh_from_db()
    moderation.restore_hidden_post(moderator=w.staff, post=answer)
    yield {url: shows("a restored ibis")}


def set_locked(w):
    question = w.make_question()
    url = question.get_absolute_url()
    yield [url]
    moderation.set_locked(moderator=w.staff, question=question, locked=True)
    yield {url: shows("This question is locked")}


# guides/services.py -------------------------------------------------------------------------------


def sync_guides(w):
    content = w.tmp_path / "content"
    shutil.copytree(GUIDES_DIR, content)
    guide_services.sync_guides(content_dir=content)
    yield ["/", "/guides/", "/guides/pip/"]
    path = content / "pip.md"
    text = path.read_text()
    path.write_text(text.replace("\ntitle: ", "\ntitle: Freshly renamed: ", 1), encoding="utf-8")
    guide_services.sync_guides(content_dir=content)
    yield {
        "/": shows("Freshly renamed: "),
        "/guides/": shows("Freshly renamed: "),
        "/guides/pip/": shows("Freshly renamed: "),
    }


# taro/services.py ---------------------------------------------------------------------------------


def update_profile(w):
    author = w.make_user("renamed", display_name="Old Name")
    answer = w.make_answer(w.make_question(), author)
    thread = answer.question.get_absolute_url()
    yield [thread, "/users/renamed/"]
    profile = author.profile
    taro_services.update_profile(
        profile=profile,
        display_name="Brand New Name",
        position=profile.position,
        bio_source="",
        email_preference=profile.email_preference,
    )
    yield {thread: shows("Brand New Name"), "/users/renamed/": shows("Brand New Name")}


def refresh_verified_company(w):
    from allauth.account.models import EmailAddress

    user = w.make_user("soon_verified")
    yield ["/users/soon_verified/"]
    EmailAddress.objects.create(user=user, email="soon_verified@amazon.com", verified=True)
    taro_services.refresh_verified_company(user=user)
    yield {"/users/soon_verified/": shows("badge__verified")}


def finish_onboarding(w):
    from taro.models import Position

    author = w.make_user("newcomer", level=None)
    w.make_answer(w.make_question(), author)
    yield ["/users/newcomer/"]
    taro_services.finish_onboarding(
        profile=author.profile, position=Position.objects.get(level="SDE 3")
    )
    yield {"/users/newcomer/": shows("[SDE 3] at Amazon")}


WRITES = {
    services: [
        ask_question,
        post_answer,
        edit_question,
        edit_answer,
        delete_post,
        set_deleted,
        upvote,
        remove_upvote,
        accept_answer,
        unaccept_answer,
    ],
    changes: [],
    moderation_flags: [flag_post],
    moderation_actions: [dismiss_flags, hide_post, restore_hidden_post, set_locked],
    moderation_suspensions: [],
    moderation_audit: [],
    notification_services: [],
    unsubscribe: [],
    guide_services: [sync_guides],
    taro_services: [update_profile, refresh_verified_company, finish_onboarding],
}
NOT_SHOWN = {
    services: {
        "question_slug": "text helper, writes nothing",
        "badge_snapshot": "read helper for posting",
        "refresh_answer_count": "part of set_deleted, checked there",
        "bookmark_question": "bookmarks are private: shown only on signed-in pages, never cached",
        "remove_bookmark": "bookmarks are private: shown only on signed-in pages, never cached",
        "follow_question": "follows are private: shown only on signed-in pages, never cached",
        "unfollow_question": "follows are private: shown only on signed-in pages, never cached",
        "record_view": "view counts catch up with the next write by design (README: decisions)",
        "view_marker": "names the cache key record_view sets, writes nothing",
    },
    notification_services: {
        "notify": "notifications are private: signed-in pages only",
        "notify_new_answer": "notifications are private: signed-in pages only",
        "notify_answer_accepted": "notifications are private: signed-in pages only",
        "notify_staff_edit": "notifications are private: signed-in pages only",
        "mark_notification_read": "notifications are private: signed-in pages only",
        "mark_all_notifications_read": "notifications are private: signed-in pages only",
        "mark_thread_read": "notifications are private: signed-in pages only",
    },
    unsubscribe: {
        "unsubscribe_token": "signs a link, writes nothing",
        "user_for_unsubscribe_token": "a read",
        "unsubscribe": "the email preference is private: shown on no page anyone else reads",
        "unfollow_token": "signs a link, writes nothing",
        "follow_for_unfollow_token": "a read",
    },
    changes: {
        "forum_changed": "the version bump every row above goes through",
        "thread_version_name": "names a thread's version for the cache mirror",
    },
    moderation_flags: {},
    moderation_actions: {
        "act_on_post": "runs one of the rows above, by the name a moderator's button sends",
        "keep_hidden": "answers an appeal: the post stays hidden, nothing any reader sees moves",
    },
    moderation_suspensions: {
        "suspend_user": "a suspension changes what the user may do, not what any page shows",
        "unsuspend_user": "a suspension changes what the user may do, not what any page shows",
    },
    moderation_audit: {
        "record": "the audit row every moderator action above writes",
    },
    guide_services: {
        "default_content_dir": "a path helper",
        "load_guide_sources": "reads files, writes nothing",
    },
    taro_services: {},
}


def public_functions(module) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if value.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_public_function_has_a_row():
    for module, rows in WRITES.items():
        listed = {row.__name__ for row in rows} | set(NOT_SHOWN[module])
        missing = public_functions(module) - listed
        assert not missing, (
            f"{module.__name__}: add a row to WRITES or NOT_SHOWN for {sorted(missing)}"
        )


def read_from_cache(url: str):
    """Read `url` anonymously twice: the second read must come from what the first one cached
    (fewer queries: the versions and rows the keys name, not the page's own reads)."""
    client = Client()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    if response.status_code == 200:
        assert len(second) < len(first) and len(second) <= 3, (
            f"{url} is not served from the cache: {len(first)} then {len(second)} queries"
        )
    return response


@pytest.mark.parametrize(
    "row", [row for rows in WRITES.values() for row in rows], ids=lambda row: row.__name__
)
def test_write_is_visible_to_the_next_anonymous_reader(
    row, make_user, make_question, make_answer, amazon, topics, tmp_path
):
    steps = row(World(make_user, make_question, make_answer, amazon, topics, tmp_path))
    for url in next(steps):
        read_from_cache(url)
    expected = next(steps)  # the row performs its write before yielding this
    for url, check in expected.items():
        response = Client().get(url)
        assert check(response), f"after {row.__name__}, {url} should give {check.description}"
