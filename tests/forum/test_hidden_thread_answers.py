"""An answer is as gone as its thread: once a moderator hides (or the author deletes) a question,
no URL of its answers shows or acts on them for anyone but moderators.

Before, /answers/<id>/revisions/ still showed the hidden title and the answer text to anonymous
readers (answer ids are sequential), and votes, flags and edits on those answers were accepted.
"""

import pytest

from forum import moderation
from forum.models import Answer, Flag, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_thread(make_user, make_question, make_answer):
    asker, answerer = make_user(), make_user()
    question = make_question(asker, title="A thread a moderator is about to hide from view")
    answer = make_answer(question, answerer, body="An answer whose thread gets hidden later on.")
    moderation.hide_post(moderator=make_user(staff=True), post=question, reason="spam")
    return question, answer, asker, answerer


READS = ["/answers/{pk}/revisions/"]
WRITES = [
    ("/answers/{pk}/vote/", {"value": "up"}),
    ("/answers/{pk}/accept/", {}),
    ("/answers/{pk}/edit/", {"body": "Trying to edit an answer of a hidden thread, long enough."}),
    ("/answers/{pk}/flag/", {"reason": "spam", "details": ""}),
    ("/answers/{pk}/delete/", {}),
]


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize("who", ["anonymous", "member", "answerer"])
def test_answer_pages_of_a_hidden_question_are_404(client, hidden_thread, make_user, url, who):
    question, answer, _, answerer = hidden_thread
    if who != "anonymous":
        client.force_login(answerer if who == "answerer" else make_user())
    response = client.get(url.format(pk=answer.pk))
    assert response.status_code == 404
    assert question.title.encode() not in response.content


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_actions_on_answers_of_a_hidden_question_are_refused(
    client, hidden_thread, make_user, url, data
):
    question, answer, asker, answerer = hidden_thread
    # The asker may accept, the answerer may edit or delete, anyone else may vote or flag.
    actor = (
        asker
        if "accept" in url
        else answerer
        if ("edit" in url or "delete" in url)
        else make_user()
    )
    client.force_login(actor)
    response = client.post(url.format(pk=answer.pk), data)
    assert response.status_code == 404
    answer.refresh_from_db()
    assert not answer.is_accepted and not answer.is_deleted and "Trying" not in answer.body_source
    assert not Vote.objects.filter(answer=answer).exists()
    assert not Flag.objects.filter(answer=answer).exists()


def test_moderators_still_see_the_answers_of_a_hidden_question(client, hidden_thread, make_user):
    question, answer, _, _ = hidden_thread
    client.force_login(make_user(staff=True))
    assert client.get(f"/answers/{answer.pk}/revisions/").status_code == 200
    assert Answer.objects.filter(pk=answer.pk, is_deleted=False).exists()
