"""Threads that cite a lesson (issue 32): a post linking /videos/<slug>/ (at a moment: #t=N or
?t=N) records a citation; the lesson page lists the visible citing threads ("Discussed in the
forum") and the thread's related box lists the lessons it cites."""

import pytest

from forum import services
from forum.models import LessonCitation

pytestmark = pytest.mark.django_db


def cited(**target) -> set[tuple[str, int]]:
    rows = LessonCitation.objects.filter(**target).values_list("lesson__slug", "seconds")
    return set(rows)


def test_links_to_lessons_and_moments_are_recorded_and_replaced_on_edit(
    make_lesson, make_question, make_answer, make_user
):
    lesson = make_lesson("Build a promotion case")
    draft = make_lesson("Not published yet", publish=False)
    author = make_user()
    question = make_question(
        author,
        body=(
            f"Watched https://taro.example/videos/{lesson.slug}/#t=83 and "
            f"[the draft](/videos/{draft.slug}/?t=12.5), but /videos/no-such-lesson/ is gone."
        ),
    )
    answer = make_answer(question, body=f"The whole lesson helps: /videos/{lesson.slug}/ really.")
    assert cited(question=question) == {(lesson.slug, 83), (draft.slug, 12)}
    assert cited(answer=answer) == {(lesson.slug, 0)}

    services.edit_question(
        editor=author,
        question=question,
        title=question.title,
        body_source=f"Only the start now: /videos/{lesson.slug}/?t=0 in this edited body.",
        topics=question.topics.all(),
    )
    assert cited(question=question) == {(lesson.slug, 0)}


def test_the_lesson_page_lists_visible_citing_threads_newest_first(
    client, make_lesson, make_question, make_answer, django_assert_max_num_queries
):
    lesson = make_lesson("Build a promotion case")
    older = make_question(
        title="Is a work log enough for a promo?", body=f"See /videos/{lesson.slug}/#t=1 here."
    )
    newer = make_question(title="How many feedback providers do I need?")
    make_answer(newer, body=f"The lesson covers it: /videos/{lesson.slug}/?t=1 and more.")
    hidden = make_question(
        title="A deleted question citing the lesson", body=f"Also /videos/{lesson.slug}/ here."
    )
    services.delete_post(user=hidden.author, post=hidden)
    hidden_answer = make_answer(
        make_question(title="A thread whose only citation was deleted"),
        body=f"Deleted later: /videos/{lesson.slug}/ in this answer.",
    )
    services.delete_post(user=hidden_answer.author, post=hidden_answer)
    make_question(title="An unrelated thread", body="No lesson links in this question body.")

    # The page's own three queries (lesson, topics, transcript) plus the panel's one, however
    # many threads and posts cite the lesson.
    with django_assert_max_num_queries(4):
        html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Discussed in the forum" in html
    listed = html.split("Discussed in the forum", 1)[1]
    assert f'href="{newer.get_absolute_url()}"' in listed
    assert listed.index(newer.title) < listed.index(older.title)
    for absent in ("A deleted question", "only citation was deleted", "An unrelated thread"):
        assert absent not in html


def test_at_most_five_threads_are_listed(client, make_lesson, make_question):
    lesson = make_lesson()
    for number in range(7):
        make_question(
            title=f"Lesson question number {number} about promotions",
            body=f"Citing /videos/{lesson.slug}/#t={number} in question {number}.",
        )
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Lesson question number 6" in html and "Lesson question number 2" in html
    assert "Lesson question number 1 " not in html and "Lesson question number 0" not in html


def test_a_lesson_nobody_cites_has_no_discussion_section(client, make_lesson):
    html = client.get(make_lesson().get_absolute_url()).content.decode()
    assert "Discussed in the forum" not in html


def test_the_lesson_page_is_fresh_after_answering_hiding_restoring_and_deleting(
    client, make_lesson, make_question, make_user
):
    lesson = make_lesson()
    question = make_question(title="What goes into a promotion document?")
    url = lesson.get_absolute_url()
    assert question.title not in client.get(url).content.decode()  # read (and cached, if at all)

    author = make_user()
    client.force_login(author)
    body = {"body": f"This lesson walks through it: /videos/{lesson.slug}/#t=1 worth a look."}
    assert client.post(f"/questions/{question.pk}/answer/", body).status_code == 302
    assert question.title in client.get(url).content.decode()
    answer = question.answers.get()

    client.force_login(make_user(staff=True))
    hide = {"action": "hide", "reason": "test", "confirmed": "1"}
    assert client.post(f"/moderation/answers/{answer.pk}/", hide).status_code == 302
    assert question.title not in client.get(url).content.decode()

    restore = {"action": "restore", "reason": "test", "confirmed": "1"}
    assert client.post(f"/moderation/answers/{answer.pk}/", restore).status_code == 302
    assert question.title in client.get(url).content.decode()

    client.force_login(author)
    assert client.post(f"/answers/{answer.pk}/delete/").status_code == 302
    assert question.title not in client.get(url).content.decode()


def related_box(html: str) -> str:
    return html.split('class="thread-related"', 1)[1].split("</aside>", 1)[0]


def test_the_thread_lists_the_lessons_it_cites_within_its_query_budget(
    client, make_lesson, make_question, make_answer, django_assert_max_num_queries
):
    lesson = make_lesson("Build a promotion case")
    draft = make_lesson("A draft nobody may see", publish=False)
    question = make_question(
        title="What goes into a promotion document?",
        body=f"Watched /videos/{lesson.slug}/#t=83 and /videos/{draft.slug}/ before asking.",
    )
    make_answer(question, body=f"Start at /videos/{lesson.slug}/?t=5 and the whole thing.")
    hidden = make_answer(
        make_question(title="Another thread"), body=f"Unrelated: /videos/{lesson.slug}/#t=9 ok."
    )
    services.delete_post(user=hidden.author, post=hidden)
    plain = make_question(title="What goes into a promotion document for L6?")

    # The same query count as a thread that cites nothing: the lessons come in the related
    # box's one statement (forum/search/suggestions.py).
    with django_assert_max_num_queries(11) as plain_queries:
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(len(plain_queries)):
        html = client.get(question.get_absolute_url()).content.decode()
    box = related_box(html)
    assert "Lessons cited here" in box
    assert f'<a href="/videos/{lesson.slug}/">Build a promotion case</a>' in box
    assert f'href="/videos/{lesson.slug}/#t=5">0:05</a>' in box
    assert f'href="/videos/{lesson.slug}/#t=83">1:23</a>' in box
    assert "#t=9" not in box  # another thread's (hidden) answer
    assert draft.title not in html
    assert "Lessons cited here" not in related_box(
        client.get(plain.get_absolute_url()).content.decode()
    )


def test_the_related_box_follows_hiding_an_answer_and_publishing_a_lesson(
    client, make_lesson, make_question, make_answer, make_user
):
    from videos import services as lesson_services

    lesson = make_lesson("Build a promotion case")
    draft = make_lesson("Focus, Pivot and PIP", publish=False)
    question = make_question(title="What goes into a promotion document?")
    answer = make_answer(
        question, body=f"See /videos/{lesson.slug}/ and /videos/{draft.slug}/#t=1 here."
    )
    url = question.get_absolute_url()
    box = related_box(client.get(url).content.decode())  # now cached for this version
    assert lesson.title in box and draft.title not in box

    draft.is_published = True
    draft.save()
    lesson_services.lesson_changed(draft)  # what the admin's save does
    assert draft.title in related_box(client.get(url).content.decode())

    client.force_login(make_user(staff=True))
    hide = {"action": "hide", "reason": "test", "confirmed": "1"}
    assert client.post(f"/moderation/answers/{answer.pk}/", hide).status_code == 302
    client.logout()
    assert "Lessons cited here" not in related_box(client.get(url).content.decode())
