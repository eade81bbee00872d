"""The thread's cached parts are shared by every member, but the vote buttons in them are each
member's own (issue 29's "bugs the suite would miss"): if the answers section's key left out the
viewer's votes, member O would get member V's pressed buttons, and O's click would send "undo"."""

import pytest

from forum import services

pytestmark = pytest.mark.django_db

PRESSED = 'name="action" value="undo"'


def vote_forms(page: str) -> list[str]:
    return [part.split("</form>")[0] for part in page.split('class="vote"')[1:]]


@pytest.fixture
def voted_thread(make_user, make_question, make_answer, django_capture_on_commit_callbacks):
    question = make_question(title="Whose vote is pressed?")
    answer = make_answer(question, body="An answer one member upvoted.")
    voter = make_user("voter")
    with django_capture_on_commit_callbacks(execute=True):
        services.upvote(user=voter, post=answer)
    return question.get_absolute_url(), voter


@pytest.mark.parametrize("voter_first", [True, False])
def test_a_members_votes_are_never_another_members_pressed_buttons(
    client, make_user, voted_thread, voter_first
):
    url, voter = voted_thread
    other = make_user("other")
    order = [voter, other] if voter_first else [other, voter]
    pages = {}
    for _ in range(2):  # the second round reads the parts each first view cached
        for member in order:
            client.force_login(member)
            pages[member.pk] = client.get(url).content.decode()
    assert any(PRESSED in form for form in vote_forms(pages[voter.pk]))
    assert vote_forms(pages[other.pk]) and not any(
        PRESSED in form for form in vote_forms(pages[other.pk])
    )
