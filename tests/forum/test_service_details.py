"""Details of the writes that other tests pass over (each found by `make mutation`): slugs,
badge snapshots, revision numbers and the all-or-nothing of a write."""

import pytest
from django.db import connection

from forum import services
from forum.models import Question, Revision
from taro.models import Topic

pytestmark = pytest.mark.django_db


def test_slug_is_at_most_80_characters_and_never_empty(make_question):
    long_title = "Why " + "does my promotion take so long " * 4 + "at Amazon?"
    question = make_question(title=long_title)
    assert len(question.slug) <= 80 and question.slug == services.question_slug(long_title)
    assert question.slug == (
        "why-does-my-promotion-take-so-long-does-my-promotion-take-so-long-does-my-promot"
    )
    assert services.question_slug("¿¡!! ??? !!") == "question"


def test_posts_keep_the_badge_their_author_had(make_user, make_question, make_answer, position):
    author = make_user(level="SDE 2")
    question = make_question(author)
    answer = make_answer(question, author)
    badge = position("SDE 2")
    for post in (question, answer):
        assert post.badge_label == badge.badge_label and post.badge_label
        assert post.badge_short == badge.short_label and post.badge_short
    author.profile.position = position("SDE 3")
    author.profile.save()
    question.refresh_from_db()
    assert question.badge_label == badge.badge_label  # a snapshot, not a join


def test_revisions_are_numbered_from_one(make_user, make_question, make_answer, topics):
    question = make_question()
    answer = make_answer(question)
    assert list(Revision.objects.filter(question=question).values_list("number", flat=True)) == [1]
    assert list(Revision.objects.filter(answer=answer).values_list("number", flat=True)) == [1]
    for n in range(2):
        services.edit_question(
            editor=question.author,
            question=question,
            title=f"An edited title, version {n + 2} of it",
            body_source=f"An edited body long enough for the forms, version {n + 2}.",
            topics=[topics["promotion"]],
        )
        services.edit_answer(
            editor=answer.author,
            answer=answer,
            body_source=f"An edited answer long enough for the forms, version {n + 2}.",
        )
    numbers = Revision.objects.order_by("number").values_list("number", flat=True)
    assert list(numbers.filter(question=question)) == [1, 2, 3]
    assert list(numbers.filter(answer=answer)) == [1, 2, 3]


UNSAVED_TOPIC = Topic(slug="not-saved", name="Not saved")


def test_a_question_that_fails_halfway_leaves_nothing(make_user, amazon):
    with pytest.raises(ValueError):
        services.ask_question(
            author=make_user(),
            company=amazon,
            title="A question whose topics can't be set",
            body_source="A body long enough for the forms, written and then undone.",
            topics=[UNSAVED_TOPIC],
            is_anonymous=False,
        )
    assert not Question.objects.filter(title="A question whose topics can't be set").exists()


def test_an_edit_that_fails_halfway_leaves_the_question_as_it_was(make_question):
    question = make_question(title="The title before an edit that fails")
    with pytest.raises(ValueError):
        services.edit_question(
            editor=question.author,
            question=question,
            title="The title of an edit that fails",
            body_source="A body long enough for the forms, written and then undone.",
            topics=[UNSAVED_TOPIC],
        )
    question.refresh_from_db()
    assert question.title == "The title before an edit that fails"


# Outside any test transaction, as in production (no ATOMIC_REQUESTS): a write that counts
# rows under the author's lock needs its own transaction, or the lock is refused outright.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writes_run_in_their_own_transaction(make_user, make_question, make_answer):
    assert connection.get_autocommit()
    question = make_question()  # ask_question
    answer = make_answer(question)  # post_answer
    services.upvote(user=make_user(), post=answer)
    assert Question.objects.get(pk=question.pk).answer_count == 1
