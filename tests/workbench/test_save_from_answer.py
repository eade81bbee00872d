"""“Save to my log” on an answer: a note in the reader's private log; the form lives in the
cached answer block with the CSRF placeholder swapped per response."""

import re

import pytest
from django.test import Client

from forum import services as forum_services
from taro.pagecache import CSRF_PLACEHOLDER
from workbench.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_question, make_answer, make_user):
    question = make_question(title="How early should I start my promotion document?")
    answer = make_answer(question, body="Start a running log **today**; add numbers as you go.")
    return question, answer


def test_member_saves_an_answer_as_a_note(login, make_user, thread):
    question, answer = thread
    reader = make_user()
    client = login(reader)
    response = client.post(f"/answers/{answer.pk}/save-to-log/")
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    note = Entry.objects.get(owner=reader)
    assert note.kind == "note" and note.is_note
    assert note.title == f"Advice: {question.title}"
    assert note.did_source == answer.body_source and "<strong>today</strong>" in note.did_html
    assert note.source_url == answer.get_absolute_url()
    assert note.scopes == []
    log = client.get("/workbench/").content.decode()
    assert "Where this advice came from" in log
    # Notes never count as work: readiness and drafts ignore them.
    assert (
        "How early should I start" not in client.get("/workbench/draft/download/").content.decode()
    )


def test_anonymous_is_sent_to_log_in_and_get_is_refused(client, thread):
    _, answer = thread
    response = client.post(f"/answers/{answer.pk}/save-to-log/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Entry.objects.exists()


def test_deleted_or_missing_answer_is_404(login, make_user, thread):
    question, answer = thread
    forum_services.delete_post(user=answer.author, post=answer)
    reader = make_user()
    client = login(reader)
    assert client.post(f"/answers/{answer.pk}/save-to-log/").status_code == 404
    assert client.post("/answers/999999/save-to-log/").status_code == 404
    assert client.get(f"/answers/{answer.pk}/save-to-log/").status_code == 405
    assert not Entry.objects.exists()


def test_csrf_is_required(make_user, thread):
    _, answer = thread
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert client.post(f"/answers/{answer.pk}/save-to-log/").status_code == 403


def test_form_is_in_members_cached_block_with_their_token(make_user, thread):
    question, answer = thread
    url = question.get_absolute_url()
    anonymous = Client().get(url).content.decode()
    assert "Save to my log" not in anonymous
    for _ in range(2):  # rendered, then from the fragment cache
        client = Client()
        client.force_login(make_user())
        page = client.get(url).content.decode()
        assert CSRF_PLACEHOLDER not in page
        form = re.search(
            rf'<form method="post" action="/answers/{answer.pk}/save-to-log/">'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
            page,
        )
        assert form, "the save form with a real token"
        # The token works: posting with it through a CSRF-enforcing client succeeds.
        strict = Client(enforce_csrf_checks=True)
        strict.cookies = client.cookies
        response = strict.post(
            f"/answers/{answer.pk}/save-to-log/", {"csrfmiddlewaretoken": form.group(1)}
        )
        assert response.status_code == 302
