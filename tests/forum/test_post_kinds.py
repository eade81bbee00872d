"""What a post knows about itself: its kind, its thread, the rows that point at it, its URLs."""

import pytest

from forum.models import Answer, Notification, Question, Vote

pytestmark = pytest.mark.django_db


def test_question_and_answer_know_their_kind_and_thread(make_question, make_answer):
    question = make_question()
    answer = make_answer(question)
    assert (question.kind, answer.kind) == ("question", "answer") == (Question.kind, Answer.kind)
    assert question.thread == question and answer.thread == question
    assert question.thread_ids == {"question_id": question.pk, "answer_id": None}
    assert answer.thread_ids == {"question_id": question.pk, "answer_id": answer.pk}
    assert question.as_target() == {"question": question}
    assert answer.as_target() == {"answer": answer}
    assert Vote.objects.filter(**answer.as_target()).count() == 0


def test_post_urls_name_the_kind(make_question, make_answer):
    question = make_question()
    answer = make_answer(question)
    assert question.get_absolute_url() == f"/questions/{question.pk}/{question.slug}/"
    thread = f"/questions/{question.pk}/{question.slug}/"
    assert answer.get_absolute_url() == f"{thread}#answer-{answer.pk}"
    assert question.urls.flag == f"/questions/{question.pk}/flag/"
    assert answer.urls.edit == f"/answers/{answer.pk}/edit/"
    assert answer.urls.history == f"/answers/{answer.pk}/revisions/"
    assert question.urls.moderate == f"/moderation/questions/{question.pk}/"
    with pytest.raises(AttributeError):
        question.urls.nothing  # noqa: B018


def test_notification_links_to_the_answer_it_is_about(make_question, make_answer):
    question = make_question()
    answer = make_answer(question)
    notification = Notification.objects.get(question=question)
    assert notification.post == answer
    assert notification.get_absolute_url() == answer.get_absolute_url()
