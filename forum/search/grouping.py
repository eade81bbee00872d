"""Answers under their question: a thread appears once in the results, where its best hit (the
question or one of its answers) ranks, with the answers that match listed under it ("2 answers
match")."""

from collections.abc import Iterable, Iterator

from forum.models import Question
from forum.search.hits import Hit

ANSWERS_SHOWN = 3  # under a question; the count says how many more match


def grouped(hits: list[Hit]) -> list[Hit]:
    """`hits`, best first, with each answer moved under its question's hit (made from the
    answer when the question itself didn't match: `matched` False), in the same order."""
    results: list[Hit] = []
    questions: dict[int, Hit] = {}
    for hit in hits:
        if hit.kind == Question.kind:
            group = questions.get(hit.pk)
            if group is None:
                questions[hit.pk] = hit
                results.append(hit)
            else:  # its answers ranked higher: the question joins the group they started
                _take_question(group, hit)
        elif hit.question_id:
            group = questions.get(hit.question_id)
            if group is None:
                group = Hit(
                    kind=Question.kind,
                    pk=hit.question_id,
                    rank=hit.rank,
                    title=hit.title,
                    url=hit.question_url,
                    matched=False,
                )
                questions[hit.question_id] = group
                results.append(group)
            group.answers_matching += 1
            if len(group.answers) < ANSWERS_SHOWN:
                group.answers = (*group.answers, hit)
        else:
            results.append(hit)
    return results


def _take_question(group: Hit, question: Hit) -> None:
    for field in ("badge_short", "is_anonymous", "author_label", "score", "answer_count"):
        setattr(group, field, getattr(question, field))
    group.matched = True


def each_hit(hits: Iterable[Hit]) -> Iterator[Hit]:
    """Every hit on a page, the answers under a question included."""
    for hit in hits:
        yield hit
        yield from hit.answers
