"""Every query a key page runs on its first render (every cache empty) that reads questions,
answers, votes or citations can use an index: none of them scans those tables whole, so first
renders don't grow with the data (docs/benchmark.md).

On a data set small enough for CI (seed_bench --scale 0.1: 1,000 questions, 5,000 answers) the
planner rightly prefers a sequential scan of a small table even where an index would serve, so
the plans are asked for with sequential scans priced out (enable_seqscan off). That doesn't
forbid them: PostgreSQL still scans the table when no index can answer the query, and that
Seq Scan in the plan is what fails the test. It is the question that matters at ten times the
reference data: is there an index path at all. (It doesn't tell an index walked end to end
from a selective one: the guide's citation counts use the citation index yet read all of a
guide's citations; docs/benchmark.md lists what still grows.)
"""

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from forum.models import Answer, Citation, Question, Vote
from forum.seeding.bench import BENCH_PASSWORD, BENCH_THREAD_TITLE

pytestmark = pytest.mark.django_db

WATCHED = {m._meta.db_table for m in (Question, Answer, Vote, Citation)}
KEY_PAGES = [
    "/",
    "/guides/performance-review/",
    "/questions/",
    "/questions/?page=20",
    "/search/?q=promotion+document",
    "THREAD",
]


@pytest.fixture(scope="module")
def _scaled_rows(django_db_setup, django_db_blocker):
    """Seeded once for the module in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_bench", scale=0.1, verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def reader(_scaled_rows, db, client):
    assert client.login(username="bench00001", password=BENCH_PASSWORD)
    return client


def first_render_queries(client, url: str) -> list[tuple[str, tuple]]:
    """The SELECTs of the page rendered with every cache empty, with their parameters."""
    cache.clear()
    seen = []

    def keep(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH", "(")):
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep), CaptureQueriesContext(connection):
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return seen


def plan_of(sql: str, params) -> dict:
    """The executed plan (EXPLAIN ANALYZE, JSON) with sequential scans priced out."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            found = cursor.fetchone()[0]
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def scans(node: dict):
    """(table, node type, rows it read) for each scan of a watched table in the plan."""
    if node.get("Relation Name") in WATCHED:
        read = sum(
            node.get(k, 0)
            for k in ("Actual Rows", "Rows Removed by Filter", "Rows Removed by Index Recheck")
        ) * node.get("Actual Loops", 1)
        yield node["Relation Name"], node["Node Type"], read
    for child in node.get("Plans", []):
        yield from scans(child)


def sequential_scans(sql: str, params) -> set[str]:
    return {table for table, kind, _ in scans(plan_of(sql, params)) if kind == "Seq Scan"}


@pytest.mark.parametrize("url", KEY_PAGES)
def test_key_page_queries_read_questions_answers_votes_and_citations_by_index(reader, url):
    # Catches: an aggregate over all answers (top contributors), COUNT(*) of all questions, an OR
    # across a join that reads every citation (a thread's related box): plans whose cost grows
    # with the tables however the page is cached.
    if url == "THREAD":
        url = Question.objects.get(title=BENCH_THREAD_TITLE).get_absolute_url()
    queries = first_render_queries(reader, url)
    watched = [
        (sql, p) for sql, p in queries if any(f'"{t}"' in sql or f" {t} " in sql for t in WATCHED)
    ]
    assert watched, "the page read none of the watched tables: the capture is broken"
    scans = {
        sql[:200]: tables for sql, params in watched if (tables := sequential_scans(sql, params))
    }
    assert not scans, f"{url}: sequential scans of {scans}"


def test_a_query_without_an_index_path_is_caught(reader):
    # The check itself can fail: a filter no index serves is reported as a Seq Scan.
    sql = f'SELECT count(*) FROM "{Answer._meta.db_table}" WHERE body_text LIKE %s'
    assert sequential_scans(sql, ["%promotion%"]) == {Answer._meta.db_table}
