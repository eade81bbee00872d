"""What the site search suggests from a question's title, with the same engine as /search/ (one
parse, the synonym map, the same ranking): the ask form's similar questions and guide sections
while a title is typed, and a thread's related box."""

from typing import Any

from django.db import connection
from django.urls import reverse

from forum.models import Answer, Citation, LessonCitation, Question, thread_url
from forum.search.hits import Hit
from forum.search.query import MAX_QUERY_LENGTH, parse
from forum.search.ranking import MATCHES_RANKED, SECTIONS_PER_GUIDE, question_hits, section_hits
from guides.models import Guide, GuideSection
from videos.selectors import lesson_moment

SIMILAR_QUESTIONS = 5
SIMILAR_SECTIONS = 3


def similar(title: str, *, exclude: int | None = None) -> dict:
    """Questions and guide sections that match any term of `title` (synonyms included), best
    first: two queries, none for a title without a meaningful word."""
    parsed = parse(title[:MAX_QUERY_LENGTH])
    if parsed.is_empty:
        return {"questions": [], "sections": []}
    query = parsed.loose()
    questions = [
        hit for hit in question_hits(query, limit=SIMILAR_QUESTIONS + 1) if hit.pk != exclude
    ]
    return {
        "questions": questions[:SIMILAR_QUESTIONS],
        "sections": section_hits(query, limit=SIMILAR_SECTIONS),
    }


def related_to(question) -> dict:
    """A thread's related box: questions and guide sections similar to its title, and the guide
    sections and video lessons the thread itself (its question or a visible answer) links to.
    One query, so the thread page stays within its query budget when nothing is cached:
    `similar()` and the thread's citations in one statement, ranked the same way. A cited
    section is listed once; a cited lesson once, with the moments cited in it."""
    parsed = parse(question.title[:MAX_QUERY_LENGTH])
    with connection.cursor() as cursor:
        cursor.execute(
            RELATED_SQL,
            {
                "query": parsed.loose_text,
                "pk": question.pk,
                "matches": MATCHES_RANKED,
                "questions": SIMILAR_QUESTIONS,
                "sections": SIMILAR_SECTIONS * SECTIONS_PER_GUIDE * 2,
            },
        )
        rows = cursor.fetchall()
    found: dict[str, list[Any]] = {"questions": [], "sections": [], "lessons": cited_lessons(rows)}
    cited: list[tuple[Any, ...]] = []
    per_guide: dict[str, int] = {}
    for kind, _, _, title, slug, number, section, anchor, position in rows:
        url = reverse("guides:detail", args=[slug]) + (f"#{anchor}" if anchor else "")
        if kind == "cited":  # in guide order, then section order; the whole guide first
            cited.append((number, slug, position, {"guide": title, "section": section, "url": url}))
    cited_urls = {entry["url"] for *_, entry in cited}
    for kind, pk, rank, title, slug, number, section, anchor, _ in rows:
        if kind == "question":
            found["questions"].append(
                Hit(kind, pk, rank, title, thread_url(pk, slug), answer_count=number)
            )
            continue
        url = reverse("guides:detail", args=[slug]) + (f"#{anchor}" if anchor else "")
        # A cited section is listed once, as cited; cited lessons are listed apart.
        if kind != "section" or url in cited_urls:
            continue
        per_guide[slug] = per_guide.get(slug, 0) + 1
        if per_guide[slug] <= SECTIONS_PER_GUIDE and len(found["sections"]) < SIMILAR_SECTIONS:
            found["sections"].append(Hit("guide", pk, rank, title, url, section=section))
    found["cited"] = [entry for *_, entry in sorted(cited, key=lambda row: row[:3])]
    return found


def cited_lessons(rows) -> list[dict]:
    """The 'lesson' rows (one per lesson and moment, in the lessons' order, then by time) as one
    entry per lesson: its title and link, and the moments cited (none: the lesson as a whole)."""
    lessons: dict[str, dict] = {}
    for kind, _, _, title, slug, _, _, _, seconds in rows:
        if kind != "lesson":
            continue
        url, _ = lesson_moment(slug, 0)
        lesson = lessons.setdefault(slug, {"title": title, "url": url, "moments": []})
        if seconds:
            moment_url, label = lesson_moment(slug, seconds)
            lesson["moments"].append({"url": moment_url, "label": label})
    return list(lessons.values())


QUESTIONS = Question._meta.db_table
ANSWERS = Answer._meta.db_table
CITATIONS = Citation._meta.db_table
SECTIONS = GuideSection._meta.db_table
GUIDES = Guide._meta.db_table
LESSON_CITATIONS = LessonCitation._meta.db_table
# The lessons' table through the citation's foreign key: forum reaches videos only through its
# seams (videos.selectors, videos.panels), not its models.
LESSON_MODEL = LessonCitation._meta.get_field("lesson").related_model
LESSONS = LESSON_MODEL._meta.db_table
# Reached through the relation: forum may not import videos.models (.importlinter).
LESSON_READY = LESSON_MODEL.Status.READY.value  # type: ignore[attr-defined]
LESSONS_CITED_PER_THREAD = 20  # moments, over all lessons: a box, not an index
# Columns: kind, id, rank, title, slug, number (answers, or the guide's order), section heading,
# anchor, position. The first two parts are ranking.question_hits() and section_hits() for one
# page (the first MATCHES_RANKED matches ranked, as there); the third is the thread's citations
# of guides, the fourth its citations of published, ready lessons (position: the moment's
# seconds).
RELATED_SQL = f"""
WITH search AS (SELECT to_tsquery('english', %(query)s) AS query)
(SELECT 'question', q.id, ts_rank(q.search_vector, search.query), q.title, q.slug,
        q.answer_count, '', '', 0
   FROM {QUESTIONS} q, search
  WHERE q.id IN (SELECT m.id FROM {QUESTIONS} m, search
                  WHERE m.search_vector @@ search.query AND NOT m.is_deleted
                  LIMIT %(matches)s)
    AND q.id <> %(pk)s
  ORDER BY 3 DESC, q.id DESC LIMIT %(questions)s)
UNION ALL
(SELECT 'section', s.id, ts_rank(s.search_vector, search.query), s.guide_title, g.slug,
        g."order", s.heading, s.anchor, s.position
   FROM {SECTIONS} s JOIN {GUIDES} g ON g.id = s.guide_id, search
  WHERE s.search_vector @@ search.query
  ORDER BY 3 DESC, g."order", s.position LIMIT %(sections)s)
UNION ALL
(SELECT 'cited', 0, 0, g.title, g.slug, g."order", coalesce(s.heading, ''), c.anchor,
        coalesce(s.position, -1)
   FROM (SELECT c.guide_id, c.anchor FROM {CITATIONS} c WHERE c.question_id = %(pk)s
          UNION  -- two indexed lookups: an OR across the join read every citation and answer
         SELECT c.guide_id, c.anchor FROM {ANSWERS} a JOIN {CITATIONS} c ON c.answer_id = a.id
          WHERE a.question_id = %(pk)s AND NOT a.is_deleted) c
   JOIN {GUIDES} g ON g.id = c.guide_id
   LEFT JOIN {SECTIONS} s ON s.guide_id = c.guide_id AND s.anchor = c.anchor AND c.anchor <> '')
UNION ALL
(SELECT 'lesson', l.id, 0, l.title, l.slug, l."order", '', '', c.seconds
   FROM (SELECT c.lesson_id, c.seconds FROM {LESSON_CITATIONS} c WHERE c.question_id = %(pk)s
          UNION
         SELECT c.lesson_id, c.seconds FROM {ANSWERS} a
           JOIN {LESSON_CITATIONS} c ON c.answer_id = a.id
          WHERE a.question_id = %(pk)s AND NOT a.is_deleted) c
   JOIN {LESSONS} l ON l.id = c.lesson_id
  WHERE l.is_published AND l.status = '{LESSON_READY}'
  ORDER BY l."order", l.title, c.seconds LIMIT {LESSONS_CITED_PER_THREAD})
"""
