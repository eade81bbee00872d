"""Markdown's output is bounded relative to its input (taro.markdown.check_rendered_size): text
that would make a page many times its own size (bare short links, wide tables of empty cells)
is refused with a form error and a 4xx, the text kept; ordinary text of any allowed length,
tables and link lists included, passes."""

import pytest
from django.core.exceptions import ValidationError

from forum.models import Answer, Question
from taro.markdown import RENDERED_RATIO, check_rendered_size, render_markdown

# 20,000 characters each, as long as a post may be.
BARE_LINKS = ("www.a.co " * 2300)[:19_990]  # 7x: an <a … rel="nofollow ugc noopener"> each
EMPTY_CELLS = "|" * 101 + "\n" + "|" + "-|" * 100 + "\n" + ("|" * 101 + "\n") * 190  # 10x
PROSE = ("The quick brown fox jumps over the lazy dog. " * 450)[:19_990]
LINK_LIST = ("- https://example.com/docs/page\n" * 700)[:19_990]
TABLE = "| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * 1400
MESSAGE = "more than the"


@pytest.mark.parametrize("text", [BARE_LINKS, EMPTY_CELLS])
def test_text_that_expands_many_times_is_refused(text):
    assert len(render_markdown(text)) > RENDERED_RATIO * len(text)
    with pytest.raises(ValidationError, match="Formatted, this text makes a page of"):
        check_rendered_size(text)


@pytest.mark.parametrize("text", [PROSE, LINK_LIST, TABLE, "[a](https://x.org) " * 10])
def test_ordinary_text_passes_and_renders_as_before(text):
    assert check_rendered_size(text) == render_markdown(text)


@pytest.mark.django_db
def test_asking_with_an_oversized_rendering_is_400_and_keeps_the_text(client, make_user):
    client.force_login(make_user())
    title = "Why does my question make such a big page?"
    response = client.post(
        "/questions/ask/", {"title": title, "body": BARE_LINKS, "topics": ["promotion"]}
    )
    assert response.status_code == 400
    assert MESSAGE in " ".join(response.context["form"].errors["body"])
    assert title in response.content.decode() and "www.a.co www.a.co" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_answering_with_an_oversized_rendering_is_400(client, make_user, make_question):
    question = make_question()
    client.force_login(make_user())
    response = client.post(f"/questions/{question.pk}/answer/", {"body": EMPTY_CELLS})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_previews_refuse_it_too(client, make_user):
    client.force_login(make_user())
    response = client.post("/questions/preview/", {"body": BARE_LINKS})
    assert response.status_code == 400 and MESSAGE in response.json()["error"]
    step = client.post(
        "/questions/ask/",
        {"title": "A title long enough here", "body": BARE_LINKS, "preview": "1"},
    )
    assert step.status_code in (200, 400) and MESSAGE in step.content.decode()


@pytest.mark.django_db
def test_workbench_drafts_are_bounded_the_same_way(client, make_user):
    client.force_login(make_user())
    big = BARE_LINKS * 8  # within the draft's 200,000 characters
    response = client.post("/workbench/draft/", {"text": big})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
