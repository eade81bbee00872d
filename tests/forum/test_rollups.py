"""The rollups the database keeps in each write's transaction (forum/rollups.py, migration 0008)
equal what a rebuild from the rows gives: after every kind of write, and with writers running
at once in real threads. And the pages read them: the hub's top contributors and the lists'
page counts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from forum import rollups, services
from forum.models import (
    Answer,
    CitedThread,
    ContributorMonth,
    Question,
    QuestionCount,
    SectionCitations,
)
from tests.forum.test_limits_concurrency import concurrent, fresh, run_together


def kept() -> tuple[set, ...]:
    """The rollups' rows as the triggers left them (rows summing to nothing left out)."""
    months = {
        (r.company_id, r.user_id, r.month, r.points, r.answers)
        for r in ContributorMonth.objects.all()
        if r.points or r.answers
    }
    counts = {(r.company_id, r.questions, r.unanswered) for r in QuestionCount.objects.all()}
    cited = {
        (r.guide_id, r.anchor, r.question_id, r.posts)
        for r in CitedThread.objects.filter(posts__gt=0)
    }
    sections = {
        (r.guide_id, r.anchor, r.threads) for r in SectionCitations.objects.filter(threads__gt=0)
    }
    return months, counts, cited, sections


def assert_exact() -> None:
    before = kept()
    rollups.rebuild()
    assert before == kept()


def test_every_kind_of_write_keeps_the_rollups_exact(make_user, make_question, make_answer):
    # Catches: a write path the triggers miss (votes, acceptance moving, soft delete and restore,
    # anonymous answers, a deleted question's count).
    asker, alice, bob, carol = (make_user() for _ in range(4))
    question = make_question(asker)
    other = make_question(asker)
    first = make_answer(question, alice)
    second = make_answer(question, bob)
    make_answer(other, carol, anonymous=True)
    assert_exact()
    services.upvote(user=carol, post=first)
    services.upvote(user=bob, post=first)
    services.upvote(user=alice, post=second)
    services.remove_upvote(user=bob, post=first)
    services.accept_answer(user=asker, answer=first)
    assert_exact()
    services.accept_answer(user=asker, answer=Answer.objects.get(pk=second.pk))
    assert_exact()
    services.set_deleted(post=Answer.objects.get(pk=second.pk), deleted=True)  # as moderators do
    assert_exact()
    services.set_deleted(post=Answer.objects.get(pk=second.pk), deleted=False)
    services.delete_post(user=asker, post=Question.objects.get(pk=other.pk))
    assert_exact()
    row = ContributorMonth.objects.get(user=alice)
    assert (row.points, row.answers) == (1, 1)  # carol's vote; its acceptance moved to bob's
    counts = QuestionCount.objects.get()
    assert (counts.questions, counts.unanswered) == (1, 0)


def test_rebuild_command_repairs_a_damaged_rollup(make_user, make_question, make_answer):
    answer = make_answer(make_question(), make_user())
    ContributorMonth.objects.update(points=999)
    QuestionCount.objects.update(questions=0)
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert ContributorMonth.objects.get(user=answer.author).points == 0
    assert QuestionCount.objects.get().questions == 1


@concurrent
def test_rollups_stay_exact_with_concurrent_writers(make_user, make_question, make_answer):
    # Catches: a read-then-write counter (lost updates), or a delta applied outside the row's
    # lock: votes, answers, acceptances and deletions racing on the same rows.
    asker = make_user()
    question = make_question(asker)
    author = make_user()
    answer = make_answer(question, author)
    voters = [make_user() for _ in range(8)]
    answerers = [make_user() for _ in range(4)]

    def write(i):
        if i < 8:
            return services.upvote(user=fresh(voters[i]), post=Answer.objects.get(pk=answer.pk))
        if i < 12:
            return services.post_answer(
                author=fresh(answerers[i - 8]),
                question=Question.objects.get(pk=question.pk),
                body_source=f"A concurrent answer long enough to be accepted, number {i}.",
                is_anonymous=False,
            ).pk
        if i == 12:
            return services.accept_answer(
                user=fresh(asker), answer=Answer.objects.get(pk=answer.pk)
            )
        return services.ask_question(
            author=fresh(answerers[i - 13]),
            company=question.company,
            title=f"A concurrent question about promotions, number {i}?",
            body_source=f"A concurrent question body long enough to pass the rules ({i}).",
            topics=list(question.topics.all()),
            is_anonymous=False,
        ).pk

    run_together(16, write)
    row = ContributorMonth.objects.get(user=author)
    assert (row.points, row.answers) == (8 + 15, 1)
    counts = QuestionCount.objects.get()
    assert (counts.questions, counts.unanswered) == (4, 3)
    assert_exact()

    def delete_and_vote(i):
        target = Answer.objects.get(pk=answer.pk)
        if i == 0:
            return services.set_deleted(post=target, deleted=True)
        return services.remove_upvote(user=fresh(voters[i - 1]), post=target)

    run_together(5, delete_and_vote)
    assert not ContributorMonth.objects.filter(user=author).exclude(points=0, answers=0).exists()
    assert_exact()


def test_hub_shows_this_months_contributors_from_one_small_query(
    client, make_user, make_question, make_answer
):
    helper = make_user("steady_helper", display_name="Steady Helper")
    for _ in range(3):
        make_answer(make_question(), helper)
    with CaptureQueriesContext(connection) as queries:
        contributors = client.get("/").context["contributors"]
        assert [c["username"] for c in contributors] == ["steady_helper"]
    assert contributors[0]["answers"] == 3
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"forum_answer"' not in sql  # the rollup, not an aggregate over answers


def test_question_lists_count_pages_from_the_maintained_counts(client, make_question, make_answer):
    for _ in range(21):
        make_question()
    make_answer(Question.objects.first())
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/questions/").context["page"]
    assert page.paginator.count == 21 and page.paginator.num_pages == 2
    assert not any("COUNT(*)" in q["sql"] for q in queries.captured_queries)
    assert client.get("/questions/?sort=unanswered").context["page"].paginator.count == 20


CITING = "See [the ratings](/guides/performance-review/#olr-ratings) for how tiers work here, ({})."


@pytest.fixture
def guides(db):
    call_command("sync_guides", verbosity=0)


def section_count(anchor: str = "olr-ratings") -> int:
    row = SectionCitations.objects.filter(anchor=anchor).first()
    return row.threads if row else 0


def test_citation_rollups_follow_posts_edits_and_visibility(
    guides, client, make_user, make_question, make_answer
):
    # Catches: a citation counted while its post (or its thread) is hidden, a thread counted
    # twice for two citing answers, an edit that drops the link leaving the count behind.
    asker = make_user()
    question = make_question(asker, body=CITING.format("question"))
    first = make_answer(question, body=CITING.format("first"))
    make_answer(question, body=CITING.format("second"))
    other = make_question()
    cited_other = make_answer(other, body=CITING.format("other thread"))
    assert section_count() == 2
    assert_exact()
    services.edit_answer(
        editor=cited_other.author,
        answer=cited_other,
        body_source="No link any more, just words long enough to be an answer.",
    )
    assert section_count() == 1
    services.set_deleted(post=Question.objects.get(pk=question.pk), deleted=True)
    assert section_count() == 0
    assert_exact()
    services.set_deleted(post=Question.objects.get(pk=question.pk), deleted=False)
    services.set_deleted(post=Answer.objects.get(pk=first.pk), deleted=True)
    assert section_count() == 1
    assert_exact()
    html = client.get("/guides/performance-review/").content.decode()
    assert "1 question cites this section" in html and question.title in html


@concurrent
def test_citation_rollups_stay_exact_with_concurrent_writers(guides, make_user, make_question):
    # Catches: a citation's visibility read without waiting for a concurrent hide (counted in a
    # hidden thread), or lost updates on the section's count.
    question = make_question(body=CITING.format("question"))
    others = [make_question() for _ in range(6)]
    authors = [make_user() for _ in range(6)]

    def write(i):
        if i == 6:
            return services.set_deleted(post=Question.objects.get(pk=question.pk), deleted=True)
        if i == 7:
            try:
                return services.post_answer(
                    author=fresh(authors[0]),
                    question=Question.objects.get(pk=question.pk),
                    body_source=CITING.format("racing the hide"),
                    is_anonymous=False,
                ).pk
            except Http404:  # the hide committed first: answering a deleted question is refused
                return None
        return services.post_answer(
            author=fresh(authors[i]),
            question=Question.objects.get(pk=others[i].pk),
            body_source=CITING.format(f"answer {i}"),
            is_anonymous=False,
        ).pk

    run_together(8, write)
    assert section_count() == 6
    assert_exact()
