"""What search reads, stored when things are saved: posts' plain text (body_text), guide
sections (guides.GuideSection, by sync_guides), and the vocabulary for spelling suggestions."""

import importlib
import shutil
import time

import pytest
from django.apps import apps
from django.core.management import call_command

from forum import services
from forum.models import Answer, Question, SearchWord
from forum.search.query import parse
from forum.search.spelling import corrected, edit_distance, rebuild_vocabulary
from guides.models import GuideSection
from guides.services import sync_guides
from taro.markdown import plain_text, render_markdown
from tests.hostile_markdown import CORPUS

pytestmark = pytest.mark.django_db

MARKDOWN = """See [the OLR table](/guides/performance-review/#olr-ratings) **first**.

- one *item*
- two &amp; <b>three</b>

| Rating | Share |
|---|---|
| HV1 | 35% |

> quoted `code`
"""


def test_plain_text_keeps_the_words_and_drops_the_markup():
    text = plain_text(render_markdown(MARKDOWN))
    assert text == (
        "See the OLR table first.\none item\ntwo & three\nRating · Share\nHV1 · 35%\nquoted code"
    )


def test_plain_text_of_hostile_html_is_text():
    assert plain_text(render_markdown("<script>alert(1)</script>x &lt;b&gt;")) == "x <b>"


def test_posts_store_their_plain_text_when_saved(make_question, make_answer, make_user):
    question = make_question(body=MARKDOWN)
    assert question.body_text.startswith("See the OLR table first.")
    answer = make_answer(question, body="An answer that links [a guide](/guides/pip/#pip), long.")
    assert answer.body_text == "An answer that links a guide, long."
    services.edit_question(
        editor=question.author,
        question=question,
        title=question.title,
        body_source="Now **bold** and [linked](https://example.com) text here.",
        topics=question.topics.all(),
    )
    services.edit_answer(editor=answer.author, answer=answer, body_source="Edited *answer* text.")
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.body_text == "Now bold and linked text here."
    assert answer.body_text == "Edited answer text."


def test_search_indexes_the_plain_text_not_the_markdown(client, make_question):
    make_question(
        title="A thread about nothing in particular",
        body="Read [this](https://zebrahost.example/quokka) before asking anything.",
    )
    assert client.get("/search/", {"q": "quokka"}).context["page"].paginator.count == 0
    assert client.get("/search/", {"q": "read this"}).context["page"].paginator.count == 1


def test_the_migration_fills_body_text_for_existing_posts(make_question, make_answer):
    question = make_question(body="Old **bold** body for the backfill test.")
    answer = make_answer(question, body="Old *answer* body for the backfill test.")
    Question.objects.update(body_text="")
    Answer.objects.update(body_text="")
    migration = importlib.import_module("forum.migrations.0005_post_body_text_and_search_words")
    migration.fill_body_text(apps, None)
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.body_text == "Old bold body for the backfill test."
    assert answer.body_text == "Old answer body for the backfill test."


def test_sync_stores_each_h2_and_h3_as_a_section():
    call_command("sync_guides", verbosity=0)
    sections = list(GuideSection.objects.filter(guide__slug="pip").order_by("position"))
    assert sections[0].anchor == "" and sections[0].heading == ""  # the opening
    assert "midnight" in sections[0].body_text
    by_anchor = {s.anchor: s for s in sections}
    assert by_anchor["pivot"].heading == "Pivot" and by_anchor["pivot"].level == 3
    assert by_anchor["focus-pivot-pip"].level == 2
    assert "[" not in by_anchor["how-the-risk-starts"].body_text  # links as words
    assert "**" not in "".join(s.body_text for s in sections)
    assert {s.guide_title for s in sections} == {"Performance Improvement Plans at Amazon"}
    # Every toc entry has its section, in order.
    guide = sections[0].guide
    assert [s.anchor for s in sections if s.anchor] == [entry["id"] for entry in guide.toc]


@pytest.fixture
def content_dir(tmp_path, settings):
    """A copy of the real guides to change."""
    folder = tmp_path / "guides"
    shutil.copytree(settings.BASE_DIR / "guides" / "content", folder)
    return folder


def test_a_changed_guide_replaces_its_sections_and_search_sees_it(client, content_dir):
    sync_guides(content_dir=content_dir)
    assert client.get("/search/", {"q": "wombat"}).context["page"].paginator.count == 0
    path = content_dir / "pip.md"
    path.write_text(path.read_text() + "\n## Wombat appendix\n\nA wombat is not a PIP.\n")
    sync_guides(content_dir=content_dir)
    hits = client.get("/search/", {"q": "wombat"}).context["page"].object_list
    assert [(h.title, h.section, h.url) for h in hits] == [
        (
            "Performance Improvement Plans at Amazon",
            "Wombat appendix",
            "/guides/pip/#wombat-appendix",
        )
    ]
    (content_dir / "pip.md").unlink()
    sync_guides(content_dir=content_dir)
    assert not GuideSection.objects.filter(guide__slug="pip").exists()


def test_saved_posts_add_their_words_to_the_vocabulary(make_question, make_answer):
    question = make_question(title="Calibrations and quokkas in my org", body="Zanzibar trip body.")
    make_answer(question, body="Marmalade is the answer here, long enough.")
    words = dict(SearchWord.objects.values_list("word", "documents"))
    assert {"calibrations", "quokkas", "zanzibar", "marmalade"} <= set(words)
    assert "the" not in words and "in" not in words  # stop words are never suggested
    make_answer(question, body="More marmalade, another answer long enough.")
    assert SearchWord.objects.get(word="marmalade").documents == words["marmalade"] + 1


def test_rebuild_counts_the_posts_using_each_word(make_question):
    make_question(title="Calibration question one here", body="calibration details body")
    make_question(title="Calibration question two here", body="more words in the body")
    SearchWord.objects.all().delete()
    rebuild_vocabulary()
    assert SearchWord.objects.get(word="calibration").documents == 2


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("promtion", "promotion", 1),
        ("pormotion", "promotion", 1),
        ("promo", "promo", 0),
        ("calibraiton", "calibration", 1),
        ("pivit", "pivot", 1),
        ("abc", "xyz", 3),
    ],
)
def test_edit_distance_counts_swaps_as_one(a, b, distance):
    assert edit_distance(a, b, limit=5) == distance


def test_corrections_come_from_posts_and_guide_sections(make_question):
    call_command("sync_guides", verbosity=0)
    make_question(title="Quarterly marmalade meetings", body="Body about the marmalade team.")
    assert corrected(parse("marmelade")) == ""  # a word only one post holds is never offered
    make_question(title="More marmalade talk here", body="Another body about it.")
    assert corrected(parse("marmelade meetings")) == "marmalade meetings"
    assert corrected(parse("severence")) == "severance"  # from the PIP guide's text
    assert corrected(parse("Promtion -HV3")) == "promotion -HV3"
    assert corrected(parse("promotion")) == ""  # known words are left alone
    assert corrected(parse("xqzvw")) == ""  # nothing close


def test_ask_this_question_prefills_the_title(client, make_user):
    client.force_login(make_user())
    html = client.get("/questions/ask/", {"title": "Can a PIP be extended?"}).content.decode()
    assert 'value="Can a PIP be extended?"' in html
    long = client.get("/questions/ask/", {"title": "x" * 500})
    assert long.status_code == 200 and "x" * 151 not in long.content.decode()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_plain_text_of_hostile_input_is_fast(name):
    """Stored on every save: linear on the 35 worst-case inputs (tests/hostile_markdown.py)."""
    html = render_markdown(CORPUS[name])
    start = time.perf_counter()
    plain_text(html)
    assert time.perf_counter() - start < 0.5, name
