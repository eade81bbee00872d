"""The rollups PostgreSQL keeps in the transaction of every write (ContributorMonth,
QuestionCount: migration 0008; CitedThread, SectionCitations: 0009): rebuilt from the rows they
sum here.

A rebuild takes the rollup tables in EXCLUSIVE mode first: writers that already changed a summed
row finish (and their deltas are in the rows the rebuild reads), and writers after it wait for it
and then apply their deltas on top. So the result is exact even while people write.
"""

from django.db import connection, transaction

from forum.models import (
    Answer,
    Citation,
    CitedThread,
    ContributorMonth,
    Question,
    QuestionCount,
    SectionCitations,
)

ANSWERS = Answer._meta.db_table
QUESTIONS = Question._meta.db_table
CONTRIBUTORS = ContributorMonth._meta.db_table
COUNTS = QuestionCount._meta.db_table
CITATIONS = Citation._meta.db_table
CITED = CitedThread._meta.db_table
SECTIONS = SectionCitations._meta.db_table

# The same sums as the triggers (ACCEPTED_ANSWER_REPUTATION is 15 there and here).
REBUILD_SQL = [
    f"LOCK TABLE {CONTRIBUTORS}, {COUNTS}, {CITED}, {SECTIONS} IN EXCLUSIVE MODE",
    f"DELETE FROM {CONTRIBUTORS}",
    f"""INSERT INTO {CONTRIBUTORS} (company_id, user_id, month, points, answers)
        SELECT q.company_id, a.author_id,
               date_trunc('month', a.created_at AT TIME ZONE 'UTC')::date,
               SUM(a.score + 15 * a.is_accepted::int), COUNT(*)
          FROM {ANSWERS} a JOIN {QUESTIONS} q ON q.id = a.question_id
         WHERE NOT a.is_deleted AND NOT a.is_anonymous
         GROUP BY 1, 2, 3""",
    f"DELETE FROM {COUNTS}",
    f"""INSERT INTO {COUNTS} (company_id, questions, unanswered)
        SELECT company_id, COUNT(*), COUNT(*) FILTER (WHERE answer_count = 0)
          FROM {QUESTIONS} WHERE NOT is_deleted GROUP BY company_id""",
    # No row triggers on TRUNCATE; the inserts below then count the sections again.
    f"TRUNCATE {CITED}, {SECTIONS}",
    f"""INSERT INTO {CITED} (guide_id, anchor, question_id, posts)
        SELECT c.guide_id, c.anchor, q.id, COUNT(*)
          FROM {CITATIONS} c LEFT JOIN {ANSWERS} a ON a.id = c.answer_id
          JOIN {QUESTIONS} q ON q.id = COALESCE(c.question_id, a.question_id)
         WHERE NOT q.is_deleted AND (a.id IS NULL OR NOT a.is_deleted)
         GROUP BY 1, 2, 3""",
]


def rebuild() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in REBUILD_SQL:
            cursor.execute(sql)
