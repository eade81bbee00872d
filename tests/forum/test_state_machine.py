"""The states of a post and of a person, each against each action, as docs/states.md tells them.

POST_TABLE and PERSON_TABLE are that document's two tables, cell for cell (test_the_document_
and_these_tables_agree parses it). Every cell is one test through the public URLs with the
Django test client, on a fresh thread; conftest empties the cache between tests, so the
hour-long cache of /sitemap.xml never answers for another state.

Outcomes: `shown` (200, the post's text on the page), `hidden page` (sent to the post's own page,
which shows it with the moderators' reason), `absent` (200 without it), `listed` /
`absent` for feeds, search and the sitemap, `ok` (done, and the row is written), `403`
(refused with a reason), `404` (as if it didn't exist; nothing of it in the page), `login`
(sent to log in), `n/a` (the action doesn't apply). A cell is one outcome for every reader, or
four: visitor / member / author / moderator.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from forum import moderation, services
from forum.models import Answer, Bookmark, Flag, ModerationAction, Question, Suspension, Vote
from taro.models import Profile

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "states.md"
ACTORS = ("visitor", "member", "author", "moderator")

# Post state × action. "author" is the author of the post in that state, except under accept:
# there it is the asker, the one person who may accept (an answer's author is just a member).
POST_TABLE = {
    "visible question": {
        "view": "shown",
        "answer": "login / ok / ok / ok",
        "vote": "login / ok / 403 / ok",
        "flag": "login / ok / 403 / ok",
        "edit": "login / 403 / ok / ok",
        "accept": "login / 403 / ok / 403",
        "revisions": "shown",
        "feeds": "listed",
        "search": "listed",
        "sitemap": "listed",
    },
    "locked question": {
        "view": "shown",
        "answer": "login / 403 / 403 / 403",
        "vote": "login / 403 / 403 / 403",
        "flag": "login / ok / 403 / ok",
        "edit": "login / 403 / ok / ok",
        "accept": "login / 403 / ok / 403",
        "revisions": "shown",
        "feeds": "listed",
        "search": "listed",
        "sitemap": "listed",
    },
    "question deleted by its author": {
        "view": "404 / 404 / 404 / shown",
        "answer": "login / 404 / 404 / 403",
        "vote": "login / 404 / 404 / 404",
        "flag": "login / 404 / 404 / ok",
        "edit": "login / 404 / 404 / ok",
        "accept": "login / 404 / 404 / 404",
        "revisions": "404 / 404 / 404 / shown",
        "feeds": "absent",
        "search": "absent",
        "sitemap": "absent",
    },
    "visible answer": {
        "view": "shown",
        "answer": "login / ok / ok / ok",
        "vote": "login / ok / 403 / ok",
        "flag": "login / ok / 403 / ok",
        "edit": "login / 403 / ok / ok",
        "accept": "login / 403 / ok / 403",
        "revisions": "shown",
        "feeds": "n/a",
        "search": "listed",
        "sitemap": "n/a",
    },
    "answer in a locked thread": {
        "view": "shown",
        "answer": "login / 403 / 403 / 403",
        "vote": "login / 403 / 403 / 403",
        "flag": "login / ok / 403 / ok",
        "edit": "login / 403 / ok / ok",
        "accept": "login / 403 / ok / 403",
        "revisions": "shown",
        "feeds": "n/a",
        "search": "listed",
        "sitemap": "n/a",
    },
    "answer deleted by its author": {
        "view": "absent / absent / absent / shown",
        "answer": "login / ok / ok / ok",
        "vote": "login / 404 / 404 / 404",
        "flag": "login / 404 / 404 / ok",
        "edit": "login / 404 / 404 / ok",
        "accept": "login / 404 / 404 / 404",
        "revisions": "404 / 404 / 404 / shown",
        "feeds": "n/a",
        "search": "absent",
        "sitemap": "n/a",
    },
    "answer whose question is gone": {
        "view": "404 / 404 / 404 / shown",
        "answer": "login / 404 / 404 / 403",
        "vote": "login / 404 / 404 / 404",
        "flag": "login / 404 / 404 / ok",
        "edit": "login / 404 / 404 / ok",
        "accept": "login / 404 / 404 / 404",
        "revisions": "404 / 404 / 404 / shown",
        "feeds": "n/a",
        "search": "absent",
        "sitemap": "n/a",
    },
}
# Hiding is deleting with a moderator's audit record: readers see the same.
# Like a deletion, except that its author is sent to the post's own page, with the reason.
POST_TABLE["question hidden by a moderator"] = {
    **POST_TABLE["question deleted by its author"],
    "view": "404 / 404 / hidden page / shown",
}
POST_TABLE["answer hidden by a moderator"] = POST_TABLE["answer deleted by its author"]

# Person state × action, for a member in that state: answer, vote, flag and bookmark act on
# someone else's question; edit, delete and accept on their own question (and its answer).
PERSON_TABLE = {
    "active": {
        "view": "shown",
        "ask": "ok",
        "answer": "ok",
        "vote": "ok",
        "flag": "ok",
        "edit": "ok",
        "delete": "ok",
        "accept": "ok",
        "bookmark": "ok",
        "profile": "ok",
    },
    "unconfirmed email": {
        "view": "shown",
        "ask": "403",
        "answer": "403",
        "vote": "ok",
        "flag": "ok",
        "edit": "403",
        "delete": "ok",
        "accept": "ok",
        "bookmark": "ok",
        "profile": "ok",
    },
    "suspended until a date": {
        "view": "shown",
        "ask": "403",
        "answer": "403",
        "vote": "403",
        "flag": "403",
        "edit": "403",
        "delete": "ok",
        "accept": "403",
        "bookmark": "ok",
        "profile": "403",
    },
    "suspended indefinitely": {
        "view": "shown",
        "ask": "403",
        "answer": "403",
        "vote": "403",
        "flag": "403",
        "edit": "403",
        "delete": "ok",
        "accept": "403",
        "bookmark": "ok",
        "profile": "403",
    },
    "suspension over (its date passed)": {
        "view": "shown",
        "ask": "ok",
        "answer": "ok",
        "vote": "ok",
        "flag": "ok",
        "edit": "ok",
        "delete": "ok",
        "accept": "ok",
        "bookmark": "ok",
        "profile": "ok",
    },
    "suspension lifted by a moderator": {
        "view": "shown",
        "ask": "ok",
        "answer": "ok",
        "vote": "ok",
        "flag": "ok",
        "edit": "ok",
        "delete": "ok",
        "accept": "ok",
        "bookmark": "ok",
        "profile": "ok",
    },
}


def per_actor(cell: str) -> dict[str, str]:
    parts = [part.strip() for part in cell.split(" / ")]
    if len(parts) == 1:
        parts *= len(ACTORS)
    assert len(parts) == len(ACTORS), cell
    return dict(zip(ACTORS, parts, strict=True))


# Observing an outcome ---------------------------------------------------------------------------


def page(response, text: str) -> str:
    """Whether `text` is on the page, as HTML shows it (escaped) or as data carries it."""
    content = response.content.decode()
    spellings = {text, escape(text)}
    if response.status_code == 404:
        # Nothing of the post, bar the address asked for (the "Log in" link's next= repeats it).
        content = content.replace(response.wsgi_request.path, "")
        assert not any(spelling in content for spelling in spellings)
        return "404"
    assert response.status_code == 200, response.status_code
    return "shown" if any(spelling in content for spelling in spellings) else "absent"


def listing(response, marker: str) -> str:
    assert response.status_code == 200, response.status_code
    return "listed" if marker in response.content.decode() else "absent"


def write(response, done) -> str:
    """`done()` says whether the write happened; a refusal must have written nothing."""
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        assert not done()
        return "login"
    if response.status_code in (403, 404):
        assert not done()
        return str(response.status_code)
    assert response.status_code == 302, response.status_code
    return "ok" if done() else "302 without effect"


# A thread in each post state --------------------------------------------------------------------

QUESTION_WORD, ANSWER_WORD = "quetzalcoatlus", "ankylosaurid"


@dataclass
class Thread:
    people: dict
    question: Question
    answer: Answer
    post: Question | Answer  # the post in the state under test


def lock(t):
    moderation.set_locked(moderator=t.people["moderator"], question=t.question, locked=True)


def hide(t, post):
    moderation.hide_post(moderator=t.people["moderator"], post=post, reason="Testing states")


# state: (which post the row is about, how the thread gets into that state)
POST_STATES = {
    "visible question": ("question", lambda t: None),
    "locked question": ("question", lock),
    "question deleted by its author": (
        "question",
        lambda t: services.delete_post(user=t.question.author, post=t.question),
    ),
    "question hidden by a moderator": ("question", lambda t: hide(t, t.question)),
    "visible answer": ("answer", lambda t: None),
    "answer in a locked thread": ("answer", lock),
    "answer deleted by its author": (
        "answer",
        lambda t: services.delete_post(user=t.answer.author, post=t.answer),
    ),
    "answer hidden by a moderator": ("answer", lambda t: hide(t, t.answer)),
    "answer whose question is gone": ("answer", lambda t: hide(t, t.question)),
}


def make_thread(state, make_user, make_question, make_answer) -> Thread:
    people = {name: make_user(name) for name in ("asker", "answerer", "member")}
    people["moderator"] = make_user("mod", staff=True)
    question = make_question(
        people["asker"],
        title=f"What does {QUESTION_WORD} mean in a performance review?",
        body=f"My manager wrote {QUESTION_WORD} in my review and I don't know what it means.",
    )
    answer = make_answer(
        question,
        people["answerer"],
        body=f"It is the {ANSWER_WORD} rating: the middle of the curve, nothing to worry about.",
    )
    kind, enter = POST_STATES[state]
    thread = Thread(people, question, answer, question if kind == "question" else answer)
    enter(thread)
    for post in (question, answer):
        post.refresh_from_db()
    return thread


def word(post) -> str:
    return QUESTION_WORD if post.kind == "question" else ANSWER_WORD


def do_view(client, user, t):
    response = client.get(t.question.get_absolute_url())
    if response.status_code == 302 and response["Location"].endswith("/hidden/"):
        hidden = client.get(response["Location"])  # the hidden post's own page, for its author
        assert "Hidden by moderators" in hidden.content.decode()
        return "hidden page" if page(hidden, word(t.post)) == "shown" else "absent"
    return page(response, word(t.post))


def do_answer(client, user, t):
    before = Answer.objects.filter(question=t.question).count()
    body = "Another answer, long enough for the form, from whoever is trying."
    response = client.post(f"/questions/{t.question.pk}/answer/", {"body": body})
    return write(response, lambda: Answer.objects.filter(question=t.question).count() > before)


def do_vote(client, user, t):
    response = client.post(t.post.urls.vote, {"action": "up"})
    return write(response, lambda: Vote.objects.filter(user=user, **t.post.as_target()).exists())


def do_flag(client, user, t):
    response = client.post(t.post.urls.flag, {"reason": "spam"})
    target = t.post.as_target()
    return write(response, lambda: Flag.objects.filter(reporter=user, **target).exists())


def do_edit(client, user, t):
    body = "Edited: a body long enough for the forms, rewritten by whoever edits."
    data = {"body": body}
    if t.post.kind == "question":
        data.update(title="An edited title for this question?", topics=["promotion"])
    response = client.post(t.post.urls.edit, data)
    return write(response, lambda: type(t.post).objects.get(pk=t.post.pk).body_source == body)


def do_accept(client, user, t):
    response = client.post(f"/answers/{t.answer.pk}/accept/")
    return write(response, lambda: Answer.objects.get(pk=t.answer.pk).is_accepted)


def do_revisions(client, user, t):
    return page(client.get(t.post.urls.history), word(t.post))


def do_feeds(client, user, t):
    return listing(client.get("/feeds/questions/"), QUESTION_WORD)


def do_search(client, user, t):
    # The page repeats the query itself, so a hit is its link, not the word.
    hit = t.question.get_absolute_url() + (f"#answer-{t.answer.pk}" if t.post == t.answer else "")
    return listing(client.get(f"/search/?q={word(t.post)}"), f'href="{hit}"')


def do_sitemap(client, user, t):
    return listing(client.get("/sitemap.xml"), t.question.get_absolute_url())


POST_ACTIONS = {
    "view": do_view,
    "answer": do_answer,
    "vote": do_vote,
    "flag": do_flag,
    "edit": do_edit,
    "accept": do_accept,
    "revisions": do_revisions,
    "feeds": do_feeds,
    "search": do_search,
    "sitemap": do_sitemap,
}


def acting(t, action: str, actor: str):
    if actor == "visitor":
        return None
    if actor == "author":
        asker = action == "accept" or t.post.kind == "question"
        return t.people["asker" if asker else "answerer"]
    return t.people[actor]


POST_CELLS = [
    (state, action, actor, expected)
    for state, row in POST_TABLE.items()
    for action, cell in row.items()
    for actor, expected in per_actor(cell).items()
    if expected != "n/a"
]


@pytest.mark.parametrize(
    "state, action, actor, expected",
    POST_CELLS,
    ids=[f"{s}-{a}-{who}".replace(" ", "_") for s, a, who, _ in POST_CELLS],
)
def test_post_state_cell(make_user, make_question, make_answer, state, action, actor, expected):
    thread = make_thread(state, make_user, make_question, make_answer)
    user = acting(thread, action, actor)
    client = Client()
    if user is not None:
        client.force_login(user)
    assert POST_ACTIONS[action](client, user, thread) == expected


# A person in each state -------------------------------------------------------------------------


@dataclass
class Person:
    user: object
    own_question: Question
    answer_to_own: Answer
    others_question: Question


def suspend(ends_at):
    def enter(person, moderator):
        moderation.suspend_user(
            moderator=moderator, user=person, reason="Testing states", ends_at=ends_at
        )

    return enter


def suspension_over(person, moderator):
    # The form only takes future dates: this is a suspension whose date has since passed.
    Suspension.objects.create(
        user=person,
        reason="Testing states",
        created_by=moderator,
        ends_at=timezone.now() - timedelta(minutes=1),
    )


def suspension_lifted(person, moderator):
    suspend(None)(person, moderator)
    moderation.unsuspend_user(moderator=moderator, user=person, reason="Served")


PERSON_STATES = {
    "active": lambda person, moderator: None,
    # Reachable by a signed-in person only if an address is un-confirmed behind their back (the
    # admin): the login form refuses an unconfirmed account (test below).
    "unconfirmed email": lambda person, moderator: EmailAddress.objects.filter(user=person).update(
        verified=False
    ),
    "suspended until a date": suspend(timezone.now() + timedelta(days=7)),
    "suspended indefinitely": suspend(None),
    "suspension over (its date passed)": suspension_over,
    "suspension lifted by a moderator": suspension_lifted,
}


def make_person(state, make_user, make_question, make_answer) -> Person:
    user, other = make_user("person"), make_user("other")
    own = make_question(user, title=f"A question the person asked about {QUESTION_WORD}?")
    person = Person(
        user=user,
        own_question=own,
        answer_to_own=make_answer(own, other),
        others_question=make_question(other, title="Someone else's question for the person?"),
    )
    PERSON_STATES[state](user, make_user("mod", staff=True))
    return person


def person_view(client, p):
    return page(client.get(p.others_question.get_absolute_url()), p.others_question.title)


def person_ask(client, p):
    title = "A brand new question from the person?"
    data = {"title": title, "body": "A question body long enough for the form. " * 2}
    response = client.post("/questions/ask/", {**data, "topics": ["promotion"]})
    return write(response, lambda: Question.objects.filter(title=title).exists())


def person_answer(client, p):
    body = "An answer from the person, long enough for the form."
    response = client.post(f"/questions/{p.others_question.pk}/answer/", {"body": body})
    return write(response, lambda: Answer.objects.filter(author=p.user, body_source=body).exists())


def person_vote(client, p):
    response = client.post(f"/questions/{p.others_question.pk}/vote/", {"action": "up"})
    return write(response, lambda: Vote.objects.filter(user=p.user).exists())


def person_flag(client, p):
    response = client.post(f"/questions/{p.others_question.pk}/flag/", {"reason": "spam"})
    return write(response, lambda: Flag.objects.filter(reporter=p.user).exists())


def person_edit(client, p):
    body = "Edited by the person: a body long enough for the forms."
    data = {"title": "The person's edited question title?", "body": body, "topics": ["promotion"]}
    response = client.post(f"/questions/{p.own_question.pk}/edit/", data)
    return write(response, lambda: Question.objects.filter(body_source=body).exists())


def person_delete(client, p):
    response = client.post(f"/questions/{p.own_question.pk}/delete/")
    return write(response, lambda: Question.objects.get(pk=p.own_question.pk).is_deleted)


def person_accept(client, p):
    response = client.post(f"/answers/{p.answer_to_own.pk}/accept/")
    return write(response, lambda: Answer.objects.get(pk=p.answer_to_own.pk).is_accepted)


def person_bookmark(client, p):
    response = client.post(f"/questions/{p.others_question.pk}/bookmark/")
    return write(response, lambda: Bookmark.objects.filter(user=p.user).exists())


def person_profile(client, p):
    data = {
        "display_name": "A New Name",
        "position": "",
        "bio_source": "",
        "email_preference": "each",
    }
    response = client.post("/settings/profile/", data)
    if response.status_code == 403:  # the form is shown again, with the reason
        assert "suspended" in response.content.decode()
    return write(response, lambda: Profile.objects.get(user=p.user).display_name == "A New Name")


PERSON_ACTIONS = {
    "view": person_view,
    "ask": person_ask,
    "answer": person_answer,
    "vote": person_vote,
    "flag": person_flag,
    "edit": person_edit,
    "delete": person_delete,
    "accept": person_accept,
    "bookmark": person_bookmark,
    "profile": person_profile,
}

PERSON_CELLS = [
    (state, action, expected)
    for state, row in PERSON_TABLE.items()
    for action, expected in row.items()
]


@pytest.mark.parametrize(
    "state, action, expected",
    PERSON_CELLS,
    ids=[f"{s}-{a}".replace(" ", "_") for s, a, _ in PERSON_CELLS],
)
def test_person_state_cell(make_user, make_question, make_answer, state, action, expected):
    person = make_person(state, make_user, make_question, make_answer)
    client = Client()
    client.force_login(person.user)
    assert PERSON_ACTIONS[action](client, person) == expected


def test_an_unconfirmed_account_cannot_sign_in(client, make_user):
    make_user("unconfirmed", verified=False)
    response = client.post(
        "/accounts/login/", {"login": "unconfirmed", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and "/confirm-email/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and "unconfirmed@example.com" in mail.outbox[0].to


def test_a_suspended_persons_posts_stay_visible(client, make_user, make_question):
    question = make_question(title=f"A question whose author gets suspended: {QUESTION_WORD}?")
    moderation.suspend_user(moderator=make_user(staff=True), user=question.author, reason="r")
    assert page(client.get(question.get_absolute_url()), question.title) == "shown"
    assert listing(client.get("/feeds/questions/"), question.title) == "listed"


# Entering and leaving a state --------------------------------------------------------------------


def flagged_three_times(t):
    for name in ("member", "answerer", "moderator"):  # anyone but the author; the third hides it
        moderation.flag_post(reporter=t.people[name], post=t.question, reason="spam", note="")


# name: (state first, who, URL, POST data, status, then: question deleted?, locked?, answer
# deleted?, the audit log's kinds oldest first)
TRANSITIONS = {
    "the author deletes their question": (
        "visible question",
        "asker",
        "/questions/{q}/delete/",
        {},
        302,
        (True, False, False),
        [],
    ),
    "the author deletes their answer": (
        "visible answer",
        "answerer",
        "/answers/{a}/delete/",
        {},
        302,
        (False, False, True),
        [],
    ),
    "a moderator deletes someone's question from the post": (
        "visible question",
        "moderator",
        "/questions/{q}/delete/",
        {},
        302,
        (True, False, False),
        ["hide"],
    ),
    "a moderator hides a question from the moderation page": (
        "visible question",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "hide", "confirmed": "1", "reason": "Shares a colleague's name"},
        302,
        (True, False, False),
        ["hide"],
    ),
    "hiding without a reason for its author asks again and changes nothing": (
        "visible question",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "hide", "confirmed": "1"},
        400,
        (False, False, False),
        [],
    ),
    "hiding without the confirmation step's button changes nothing yet": (
        "visible question",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "hide"},
        200,
        (False, False, False),
        [],
    ),
    "three flags hide a post, dismissing them brings it back": (
        "flagged three times",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "dismiss"},
        302,
        (False, False, False),
        ["auto_hide", "dismiss_flags"],
    ),
    "the author cannot restore their deleted question": (
        "question deleted by its author",
        "asker",
        "/questions/{q}/restore/",
        {},
        403,
        (True, False, False),
        [],
    ),
    "a moderator restores it from the post": (
        "question deleted by its author",
        "moderator",
        "/questions/{q}/restore/",
        {},
        302,
        (False, False, False),
        ["restore"],
    ),
    "a moderator restores a hidden question from the moderation page": (
        "question hidden by a moderator",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "restore"},
        302,
        (False, False, False),
        ["hide", "restore"],
    ),
    "a moderator locks a question": (
        "visible question",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "lock"},
        302,
        (False, True, False),
        ["lock"],
    ),
    "a moderator unlocks it": (
        "locked question",
        "moderator",
        "/moderation/questions/{q}/",
        {"action": "unlock"},
        302,
        (False, False, False),
        ["lock", "unlock"],
    ),
    "an answer cannot be locked": (
        "visible answer",
        "moderator",
        "/moderation/answers/{a}/",
        {"action": "lock"},
        400,
        (False, False, False),
        [],
    ),
    "a member cannot lock": (
        "visible question",
        "member",
        "/moderation/questions/{q}/",
        {"action": "lock"},
        403,
        (False, False, False),
        [],
    ),
}


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition(client, make_user, make_question, make_answer, name):
    before, who, url, data, status, flags, audit = TRANSITIONS[name]
    flagged = before == "flagged three times"
    thread = make_thread(
        "visible question" if flagged else before, make_user, make_question, make_answer
    )
    if flagged:
        flagged_three_times(thread)
        assert Question.objects.get(pk=thread.question.pk).is_deleted
    client.force_login(thread.people[who])
    response = client.post(url.format(q=thread.question.pk, a=thread.answer.pk), data)
    assert response.status_code == status
    question, answer = (type(p).objects.get(pk=p.pk) for p in (thread.question, thread.answer))
    assert (question.is_deleted, question.is_locked, answer.is_deleted) == flags
    kinds = ModerationAction.objects.order_by("created_at", "id").values_list("kind", flat=True)
    assert list(kinds) == audit


@pytest.mark.parametrize(
    "data, open_until",
    [
        (
            {"action": "suspend", "reason": "Spam", "ends_on": "2999-12-31", "confirmed": "1"},
            "2999-12-31",
        ),
        ({"action": "suspend", "reason": "Spam", "confirmed": "1"}, None),
        ({"action": "unsuspend"}, "lifted"),
    ],
)
def test_suspension_transitions(client, make_user, data, open_until):
    person, moderator = make_user("person"), make_user("mod", staff=True)
    if data["action"] == "unsuspend":
        moderation.suspend_user(moderator=moderator, user=person, reason="Earlier")
    client.force_login(moderator)
    assert client.post("/moderation/users/person/", data).status_code == 302
    suspension = Suspension.objects.filter(user=person).get()
    if open_until == "lifted":
        assert suspension.lifted_at is not None
    else:
        assert suspension.lifted_at is None
        ends = suspension.ends_at and f"{suspension.ends_at:%Y-%m-%d}"
        assert ends == open_until
    kinds = ModerationAction.objects.filter(target_user=person).values_list("kind", flat=True)
    assert data["action"] in kinds


def test_a_locked_thread_offers_no_vote_buttons_until_unlocked(
    client, make_user, make_question, make_answer
):
    thread = make_thread("visible answer", make_user, make_question, make_answer)
    client.force_login(thread.people["member"])
    url, locked = thread.question.get_absolute_url(), 'it no longer takes votes"'
    assert locked not in client.get(url).content.decode()  # and the blocks are now cached
    lock(thread)
    assert client.get(url).content.decode().count(locked) == 2  # the question and its answer
    moderation.set_locked(
        moderator=thread.people["moderator"], question=thread.question, locked=False
    )
    assert locked not in client.get(url).content.decode()


# The document and these tables ------------------------------------------------------------------


def markdown_tables(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """{first header cell: {row label: {column: cell}}} for every table in `text`."""
    tables, header, rows = {}, None, None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header, rows = cells, {}
            tables[cells[0]] = rows
        elif not set("".join(cells)) <= set("-: "):
            rows[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return tables


def normal(table: dict) -> dict:
    return {
        row: {action: " / ".join(per_actor(cell).values()) for action, cell in cells.items()}
        for row, cells in table.items()
    }


def test_the_document_and_these_tables_agree():
    tables = markdown_tables(DOC.read_text())
    assert normal(tables["post state"]) == normal(POST_TABLE)
    assert normal(tables["person state"]) == normal(PERSON_TABLE)
