import pytest

from forum import services
from forum.models import Answer, Notification, Question, Revision

pytestmark = pytest.mark.django_db


def test_owner_edits_question_and_history_shows_diff(
    client, make_question, make_user, django_assert_max_num_queries
):
    author = make_user()
    question = make_question(
        author,
        title="What is the bar for SDE 2 promotion?",
        body="Original body text that is long enough here.",
    )
    client.force_login(author)
    response = client.post(
        f"/questions/{question.pk}/edit/",
        {
            "title": "What is the real bar for SDE 2 promotion?",
            "body": "Edited body text that is long enough here.",
            "topics": ["promotion"],
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.slug == "what-is-the-real-bar-for-sde-2-promotion" and question.edited_at
    assert Revision.objects.filter(question=question).count() == 2
    with django_assert_max_num_queries(12):
        history = client.get(f"/questions/{question.pk}/revisions/")
    html = history.content.decode()
    assert (
        "<del>Original</del>" in html and "<ins>Edited</ins>" in html and "<ins>real</ins>" in html
    )


def test_others_cannot_edit_but_staff_can_and_author_is_notified(
    client, make_question, make_answer, make_user
):
    author = make_user()
    answer = make_answer(make_question(), author)
    client.force_login(make_user())
    assert client.post(f"/answers/{answer.pk}/edit/", {"body": "Hijacked " * 10}).status_code == 403
    client.force_login(make_user(staff=True))
    assert (
        client.post(
            f"/answers/{answer.pk}/edit/", {"body": "Moderator tidied this answer up a little."}
        ).status_code
        == 302
    )
    assert Revision.objects.filter(answer=answer).count() == 2
    assert Notification.objects.filter(recipient=author, kind="staff_edit").count() == 1
    assert client.get(f"/answers/{answer.pk}/revisions/").status_code == 200


def test_edit_bad_input_keeps_text(client, make_question, make_user):
    author = make_user()
    question = make_question(author)
    client.force_login(author)
    response = client.post(
        f"/questions/{question.pk}/edit/",
        {
            "title": "Short",
            "body": "My carefully typed new body text stays here.",
            "topics": ["pip"],
        },
    )
    assert response.status_code == 400
    assert "My carefully typed new body text stays here." in response.content.decode()


def test_delete_own_restore_by_staff(client, make_question, make_answer, make_user):
    author = make_user()
    question = make_question(author)
    answer = make_answer(question)
    client.force_login(author)
    assert client.post(f"/questions/{question.pk}/delete/").status_code == 302
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.post(f"/questions/{question.pk}/restore/").status_code == 403
    staff = make_user(staff=True)
    client.force_login(staff)
    assert client.get(question.get_absolute_url()).status_code == 200
    client.post(f"/questions/{question.pk}/restore/")
    question.refresh_from_db()
    assert not question.is_deleted
    assert answer.question_id == question.pk


def test_accepted_answer_cannot_be_deleted_by_its_author(
    client, make_question, make_answer, make_user
):
    answerer = make_user()
    answer = make_answer(make_question(), answerer)
    services.accept_answer(user=answer.question.author, answer=answer)
    client.force_login(answerer)
    response = client.post(f"/answers/{answer.pk}/delete/")
    assert response.status_code == 403 and "accepted answer" in response.content.decode()
    assert not Answer.objects.get(pk=answer.pk).is_deleted


def test_deleting_an_answer_keeps_the_counter_true(client, make_question, make_answer, make_user):
    question = make_question()
    author = make_user()
    answer = make_answer(question, author)
    make_answer(question)
    client.force_login(author)
    client.post(f"/answers/{answer.pk}/delete/")
    question.refresh_from_db()
    assert (
        question.answer_count
        == 1
        == Answer.objects.filter(question=question, is_deleted=False).count()
    )


def test_anonymity_cannot_be_flipped_by_editing(client, make_question, make_user):
    author = make_user()
    question = make_question(author, anonymous=True)
    client.force_login(author)
    client.post(
        f"/questions/{question.pk}/edit/",
        {
            "title": question.title,
            "body": "A body that is long enough to be valid.",
            "topics": ["pip"],
            "anonymous": "",
        },
    )
    assert Question.objects.get(pk=question.pk).is_anonymous
