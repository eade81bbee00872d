"""A thread's posts as cached HTML, so a 50-answer thread isn't 51 template renders a request.

Keyed on versions that move in the writing transaction:

- the question's own post, per (thread version, people version, kind of viewer);
- the answers section, per (thread version, people version, viewer signature). The signature
  is what changes the HTML for this viewer: anonymous or member, staff, asker, and which of the
  thread's answers they wrote or voted on. Most readers share the plain "member" signature;
- each answer's block, per (answer version, people version, kind of viewer), used to rebuild a
  section when it isn't cached: a vote or an edit re-renders one block, not fifty.

For members, the thread page's own parts around them (its head, the question's title and
dates, the answer form) are cached as well, per thread version, people version and kind of reader
(thread_parts): a member's thread then renders only the site's shell. Every one of these
fragments is declared in forum/cache_entries.py and bound here.

The one truly per-person bit, the CSRF token, is rendered as a placeholder and swapped in for
each response (the HTML is stored with the placeholder, never with anyone's token).
"""

import functools
import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from forum import cache_entries
from forum.forms import AnswerForm
from forum.selectors import ANSWER_SORT_LABELS
from taro import pagecache
from taro.fragments import Bound, html_of_many
from taro.pagecache import CSRF_PLACEHOLDER


def thread_blocks(request, question, answers, state: dict, sort: str) -> tuple[str, str]:
    """The question's own post and the answers section for this viewer, both from the cache in
    one round trip (rendered and stored when missing), with the CSRF placeholder still in them:
    thread_parts() stores them inside the page's parts and swaps the reader's token in last.
    `question` comes from selectors.get_question() (it carries `people_version`); `answers` is
    the lazy list of the answers this viewer may see, evaluated only when the section must be
    rendered; `state` is selectors.viewer_state(); `sort` a canonical answer order
    (selectors.ANSWER_SORTS: never what the URL said, so junk values can't make new entries)."""
    user = request.user
    people = question.people_version
    bound = {
        "question": cache_entries.QUESTION_POST.bind(
            question.pk, question.version, people, _question_kind(user, question, state)
        ),
        "answers": cache_entries.ANSWERS_SECTION.bind(
            question.pk, question.version, people, sort, _signature(user, question, state)
        ),
    }

    def render_missing(names) -> dict:
        renderers = {
            "question": lambda: _render_question(user, question, state),
            "answers": lambda: _render_answers(user, question, answers, state, sort),
        }
        return {name: renderers[name]() for name in names}

    html = html_of_many(bound, render_missing)
    return html["question"], html["answers"]


PART_MARKER = "<!--taro:part-->"


def thread_parts_fragment(request, context: dict) -> Bound | None:
    """The thread page's parts for this reader, bound (cache_entries.THREAD_PARTS), or None when
    they aren't
    cached (anonymous readers, whose whole page is; a form sent back with its errors). The key
    names everything the parts show: the thread's and people's versions, the kinds of reader the
    question's post and the answers section look different to, why they may not answer (if so),
    and the host (canonical URLs)."""
    question, user = context["question"], request.user
    if not user.is_authenticated or context["answer_form"].is_bound:
        return None
    state = context["state"]
    reader = (
        _question_kind(user, question, state),
        _signature(user, question, state),
        context["sort"],  # canonical (selectors.answer_sort): junk makes no new entry
        str(context["can_answer"]),
        request.scheme,
        request.get_host(),
    )
    digest = hashlib.sha256(repr(reader).encode()).hexdigest()[:24]
    return cache_entries.THREAD_PARTS.bind(
        question.pk, question.version, question.people_version, digest
    )


def thread_parts(request, context: dict, render_blocks, *, bound: Bound | None) -> dict:
    """The thread page's description, head, main column and answer form
    (forum/includes/thread_parts.html) for this reader: cached under `bound`
    (thread_parts_fragment()) or rendered. `render_blocks()` gives the question's and the
    answers' HTML, with the CSRF placeholder still in it, when the parts must be rendered."""

    def render() -> str:
        # Rendered with the CSRF placeholder throughout (the blocks' own included), so what is
        # stored holds nobody's token; this reader's is swapped in last.
        question_html, answers_html = render_blocks()
        return render_to_string(
            "forum/includes/thread_parts.html",
            {
                **context,
                "request": request,
                "user": request.user,
                "question_html": question_html,
                "answers_html": answers_html,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        )

    html = bound.html(render, request=request) if bound else render()
    return _split_parts(_with_token(request, html))


def _split_parts(html: str) -> dict:
    description, head, main, answer_form = html.split(PART_MARKER)
    return {
        "description": mark_safe(description),
        "head": mark_safe(head),
        "main": mark_safe(main),
        "answer_form": mark_safe(answer_form),
    }


def _question_kind(user, question, state: dict) -> str:
    """The kinds of viewer the question's post looks different to: anonymous, or a member who
    may be its author, staff, and may have voted on it or bookmarked it."""
    if not user.is_authenticated:
        return "anonymous"
    facts = {
        "staff": user.is_staff,
        "author": user.pk == question.author_id,
        "voted": state["voted_question"],
        "bookmarked": state["bookmarked"],
        "following": state["following"],
    }
    return "-".join(["member", *(name for name, true in facts.items() if true)])


def _render_question(user, question, state: dict) -> str:
    context = {
        "user": user,
        "question": question,
        "voted_question": state["voted_question"],
        "bookmarked": state["bookmarked"],
        "following": state["following"],
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return render_to_string("forum/includes/question_block.html", context)


def _render_answers(user, question, answers, state: dict, sort: str) -> str:
    _add_blocks(user, question, answers, state, question.people_version)
    context = {
        "answers": answers,
        "question": question,
        "sort": sort,
        "sort_labels": ANSWER_SORT_LABELS,
    }
    return render_to_string("forum/includes/answers.html", context)


def _with_token(request, html: str):
    """Members' blocks carry forms: the CSRF placeholder becomes their token. Anonymous readers'
    blocks have no form (and must not set a token cookie on a shared page)."""
    if request.user.is_authenticated:
        return pagecache.with_csrf_token(request, html)
    return mark_safe(html)


@functools.cache
def blank_answer_fields() -> str:
    """An empty answer form's fields. They come from code alone (no initial data, no viewer), so
    each process renders them once; a bound form (an answer sent back with its errors) is
    rendered by the page itself."""
    return render_to_string("includes/form_fields.html", {"form": AnswerForm()})


def _signature(user, question, state: dict) -> str:
    if not user.is_authenticated:
        return "anonymous"
    facts = (
        user.is_staff,
        user.pk == question.author_id,
        sorted(state["own_answers"]),
        sorted(state["voted_answers"]),
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def block_kind(user, question, answer, state: dict) -> str:
    if not user.is_authenticated:
        return "anonymous"
    kind = ["member"]
    if user.is_staff:
        kind.append("staff")
    if user.pk == answer.author_id:
        kind.append("author")
    if user.pk == question.author_id:
        kind.append("asker")
    if question.is_locked:  # no vote button: a lock moves the thread's version, not the answer's
        kind.append("locked")
    if answer.pk in state["voted_answers"]:
        kind.append("voted")
    return "-".join(kind)


def _add_blocks(user, question, answers: list, state: dict, people: int) -> None:
    """Set `answer.block` on each answer, from the cache where possible (one round trip)."""
    by_pk = {answer.pk: answer for answer in answers}
    kinds = {pk: block_kind(user, question, answer, state) for pk, answer in by_pk.items()}
    bound = {
        pk: cache_entries.ANSWER_BLOCK.bind(pk, by_pk[pk].version, people, kind)
        for pk, kind in kinds.items()
    }
    blocks = html_of_many(
        bound,
        lambda missing: {pk: _render_block(user, question, by_pk[pk], kinds[pk]) for pk in missing},
    )
    for pk, answer in by_pk.items():
        answer.block = blocks[pk]


def _render_block(user, question, answer, kind: str) -> str:
    context = {
        "user": user,
        "question": question,
        "answer": answer,
        "voted": kind.endswith("-voted"),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return render_to_string("forum/includes/answer_block.html", context)
