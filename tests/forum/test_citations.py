import pytest
from django.core.management import call_command

from forum import services
from forum.models import Citation

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(db):
    call_command("sync_guides", verbosity=0)


def test_links_to_guides_and_sections_are_recorded(guides, make_question, make_answer):
    question = make_question(
        body=(
            "See https://taro.example/guides/promotion/#the-five-scopes "
            "and /guides/pip/ too, please."
        )
    )
    answer = make_answer(
        question, body="Also [OLR](/guides/performance-review/#olr-ratings) and /guides/nope/#x."
    )
    assert set(Citation.objects.filter(question=question).values_list("guide__slug", "anchor")) == {
        ("promotion", "the-five-scopes"),
        ("pip", ""),
    }
    assert set(Citation.objects.filter(answer=answer).values_list("guide__slug", "anchor")) == {
        ("performance-review", "olr-ratings")
    }


def test_editing_replaces_citations(guides, make_question, make_user):
    author = make_user()
    question = make_question(
        author, body="Linking /guides/promotion/#the-five-scopes in this question body."
    )
    services.edit_question(
        editor=author,
        question=question,
        title=question.title,
        body_source="No more links in this edited question body.",
        topics=question.topics.all(),
    )
    assert not Citation.objects.filter(question=question).exists()


def test_guide_page_lists_citing_questions_and_section_counts(
    guides, client, make_question, make_answer, django_assert_max_num_queries
):
    make_question(
        title="How do the five scopes get judged in a promo?",
        body="Reading /guides/promotion/#the-five-scopes and still confused about scope.",
    )
    make_answer(
        make_question(title="A question whose answer cites the guide"),
        body="The guide explains it: /guides/promotion/ has the details you need.",
    )
    hidden = make_question(
        title="A deleted question citing the scopes section",
        body="Also /guides/promotion/#the-five-scopes here in the body.",
    )
    services.delete_post(user=hidden.author, post=hidden)
    with django_assert_max_num_queries(8):
        html = client.get("/guides/promotion/").content.decode()
    assert "Questions citing this guide" in html
    assert "How do the five scopes get judged in a promo?" in html
    assert "A question whose answer cites the guide" in html
    assert "A deleted question citing" not in html
    assert 'href="#cited-the-five-scopes">1 question cites this section</a>' in html


def test_ask_form_suggests_guide_sections_for_a_title(guides, client):
    data = client.get(
        "/questions/similar/", {"title": "What are the five scopes in a promotion document?"}
    ).json()
    urls = [s["url"] for s in data["sections"]]
    assert any(url.startswith("/guides/promotion/") for url in urls)
    assert client.get("/questions/similar/", {"title": ""}).json()["sections"] == []


def test_a_much_cited_section_shows_a_count_and_the_newest_few(
    guides, client, make_question, django_assert_max_num_queries
):
    for n in range(8):
        make_question(
            title=f"Scopes question number {n} for the guide",
            body="Reading /guides/promotion/#the-five-scopes and still confused about scope.",
        )
    with django_assert_max_num_queries(8):
        html = client.get("/guides/promotion/").content.decode()
    assert "8 questions cite this section" in html
    citing = html.split('id="citing-heading"')[1].split("</section>")[0]
    assert citing.count("Scopes question number") == 5
    assert "The newest 5 of 8 questions." in html
