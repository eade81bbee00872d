"""First renders with every cache empty: the median time of each key page, signed in, and its
slowest queries (docs/benchmark.md).

    DATABASE_URL=... REDIS_URL=... python bench/cold.py [--runs 15] [--queries 3] [--json]
        [--explain]

Runs in-process with production settings (DEBUG off) against a database that `manage.py
seed_bench` filled, through Django's test client signed in as bench00001. Before each request
the cache (REDIS_URL's database: it is flushed) and this process's near cache are emptied, so
every fragment, count and statistic is computed again, as on the first render after a write.
With --explain, the slowest queries are also timed in PostgreSQL itself: every SELECT of one
first render run again under EXPLAIN ANALYZE (median of five), steadier than the client's clock
on a busy machine.
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("home", "/"),
    ("guide", "/guides/performance-review/"),
    ("thread (50 answers)", None),
    ("questions p1", "/questions/"),
    ("questions p200", "/questions/?page=200"),
    ("search", "/search/?q=promotion+document"),
]
READER = "bench00001"
SLOW_MS = 10  # the limit for any one query at ten times the data


def setup() -> None:
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "taro.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    override_settings(STORAGES=storages).enable()  # no collectstatic manifest needed


def empty_caches() -> None:
    from django.core.cache import cache

    from taro import nearcache

    cache.clear()
    near = nearcache.near_cache()
    if near is not None:
        near.check()  # takes in the flush Redis pushed: everything held is dropped


def measure(client, path: str, runs: int, shown: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, slowest = [], {}
    for _ in range(runs):
        empty_caches()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        times.append(elapsed * 1000)
        for q in queries.captured_queries:
            sql = q["sql"]
            slowest.setdefault(sql, []).append(float(q["time"]) * 1000)
    top = sorted(((statistics.median(t), sql) for sql, t in slowest.items()), reverse=True)[:shown]
    return {
        "median_ms": round(statistics.median(times), 1),
        "queries": len(queries.captured_queries),
        "slowest": [{"ms": round(ms, 1), "sql": sql[:300]} for ms, sql in top],
    }


def server_times(client, path: str, shown: int, repeats: int = 5) -> list[dict]:
    """The `shown` slowest SELECTs of one first render by PostgreSQL's own time (planning and
    execution, EXPLAIN ANALYZE, median of `repeats`)."""
    from django.db import connection

    seen = []

    def keep(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH", "(")):
            seen.append((sql, params))
        return execute(sql, params, many, context)

    empty_caches()
    with connection.execute_wrapper(keep):
        client.get(path)
    timed = []
    with connection.cursor() as cursor:
        for sql, params in seen:
            runs = []
            for _ in range(repeats):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
                found = cursor.fetchone()[0]
                plan = (json.loads(found) if isinstance(found, str) else found)[0]
                runs.append(plan["Planning Time"] + plan["Execution Time"])
            timed.append((statistics.median(runs), sql))
    top = sorted(timed, key=lambda t: -t[0])[:shown]
    return [{"ms": round(ms, 2), "sql": sql[:300]} for ms, sql in top]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--queries", type=int, default=3, help="slowest queries shown per page")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument(
        "--explain", action="store_true", help="also time the slowest queries in PostgreSQL"
    )
    args = parser.parse_args(argv)
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from forum.seeding.bench import fifty_answer_thread

    client = Client()
    client.force_login(get_user_model().objects.get(username=READER))
    wanted = {p for p in args.pages.split(",") if p}
    results = {}
    for name, path in PAGES:
        if wanted and name not in wanted:
            continue
        path = path or fifty_answer_thread().get_absolute_url()
        client.get(path)  # imports and templates loaded once, as in a running worker
        results[name] = measure(client, path, args.runs, args.queries)
        if args.explain:
            results[name]["server"] = server_times(client, path, args.queries)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, r in results.items():
        print(f"{name:<20} {r['median_ms']:>7.1f} ms  {r['queries']:>3} queries")
        for q in r["slowest"]:
            print(f"    {q['ms']:>6.1f} ms  {q['sql'][:160]}")
        for q in r.get("server", []):
            print(f"    {q['ms']:>6.2f} ms in PostgreSQL  {' '.join(q['sql'].split())[:140]}")
    slow = [
        (name, q)
        for name, r in results.items()
        for q in r.get("server", r["slowest"])
        if q["ms"] > SLOW_MS
    ]
    clock = "in PostgreSQL" if args.explain else "as the client saw them"
    print(f"queries over {SLOW_MS} ms (median, {clock}): {len(slow) or 'none'}")
    for name, q in slow:
        print(f"    {name}: {q['ms']:.1f} ms  {q['sql'][:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
