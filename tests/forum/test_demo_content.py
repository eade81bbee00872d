"""The demo forum (forum/seeding/demo_content.json): every person has a written story, and what
can be checked mechanically about the timeline holds. `load_demo` loads it through the services."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import Answer, Question
from forum.seeding import demo

DATA = json.loads(demo.CONTENT.read_text())
USERS = {user["username"]: user for user in DATA["users"]}


def posts():
    """(question, answer or None) for every post."""
    for question in DATA["questions"]:
        yield question, None
        for answer in question.get("answers", []):
            yield question, answer


def test_every_demo_person_has_a_story_and_every_author_is_one():
    assert all(len(user.get("story", "")) > 80 for user in USERS.values())
    for question, answer in posts():
        post = answer or question
        assert post["author"] in USERS
        assert set(post.get("upvotes", [])) <= set(USERS)
        assert post["author"] not in post.get("upvotes", []), post["body"][:60]


def test_answers_come_after_their_question_and_one_is_accepted_at_most():
    for question in DATA["questions"]:
        answers = question.get("answers", [])
        assert all(a["days_ago"] <= question["days_ago"] for a in answers), question["title"]
        assert sum(bool(a.get("accepted")) for a in answers) <= 1


def test_the_timelines_the_issue_found_contradictory_now_agree():
    by_author = {}
    for question, answer in posts():
        post = answer or question
        by_author.setdefault(post["author"], []).append((post["days_ago"], post["body"]))
    dana = " ".join(body for _, body in by_author["dana_seeks"])
    assert "four months" not in dana and "I took the package" not in dana
    # The sign-on question is asked by someone inside their first two years; Ana has five.
    [sign_on] = [q for q in DATA["questions"] if "sign-on would I owe back" in q["title"]]
    assert sign_on["author"] == "maya_sde1" and "14 months" in sign_on["body"]
    assert "14 months" in USERS["maya_sde1"]["bio"] and "five years" in USERS["ana_m_codes"]["bio"]
    # Whoever faces Pivot is the one who was in Focus, and after the four weeks it lasts.
    [focus] = [q for q in DATA["questions"] if q["title"].startswith("I was just put in Focus")]
    [pivot] = [q for q in DATA["questions"] if q["title"].startswith("Pivot or take")]
    assert pivot["author"] == focus["author"] and focus["days_ago"] - pivot["days_ago"] >= 28


@pytest.mark.django_db
def test_load_demo_loads_everything_once(amazon, topics):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert Question.objects.count() == len(DATA["questions"])
    assert Answer.objects.count() == sum(len(q.get("answers", [])) for q in DATA["questions"])
    pivot = Question.objects.get(title__startswith="Pivot or take")
    assert pivot.author.username == "kwame_dev" and pivot.is_anonymous
