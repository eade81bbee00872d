"""Measure the database time of the site search on the reference data set.

    python manage.py search_latency [--no-seed] [--runs 3]

Seeds the reference data set (seed_bench, idempotent) unless told not to, then runs 55
realistic queries the way /search/ does (the strict ranking for all kinds, the any-word fallback
when it finds little, synonyms expanded, snippets for page one) and reports p50 / p95 / max of
the SQL time per search.
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from forum import search

QUERIES = [
    "promotion",
    "promoted",
    "HV3",
    "HV2 vs HV3",
    "TT",
    "LE rating",
    "SDE 2",
    "SDE2 promotion",
    "L6",
    "L7 principal",
    "pivot",
    "focus",
    "PIP survival",
    "pip -severance",
    '"promotion document"',
    "five scopes",
    "peer feedback",
    "60 words",
    "unregretted attrition",
    "calibration",
    "OLR",
    "refresher",
    "refreshers zero",
    "sign-on bonus",
    "vesting schedule",
    "back-loaded",
    "raise",
    "dive and save",
    "boomerang",
    "layoff",
    "severance",
    "interview loop",
    "bar raiser",
    "leadership principles",
    "customer obsession",
    "bias for action",
    "disagree and commit",
    "manager",
    "return to office",
    "on-call",
    "burnout",
    "job search",
    "referral",
    "offer negotiation",
    "legacy tools",
    "technical complexity",
    "scope influence impact",
    "performance review",
    "self review",
    "what does meets mean",
    "should I worry about an HV1 rating",
    "what happens after pivot",
    "performance improvement plan",
    "promo -HV3",
    '"SDE 2 promo"',
]


class Command(BaseCommand):
    help = "Run 55 realistic searches and report the database time per search (p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seed", action="store_true", help="Use the data already in the database."
        )
        parser.add_argument(
            "--runs", type=int, default=3, help="Repeat the 55 queries this many times."
        )

    def handle(self, *args, no_seed=False, runs=3, **options):
        if not no_seed:
            call_command("seed_bench")
        search_times = [self.timed_search(q) for _ in range(runs) for q in QUERIES]
        ordered = sorted(search_times)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        self.stdout.write(
            f"{len(search_times)} searches ({len(QUERIES)} queries x {runs}): "
            "database time per search "
            f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"
        )

    @staticmethod
    def timed_search(text: str) -> float:
        spent = [0.0]

        def timer(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - start

        with connection.execute_wrapper(timer):
            parsed = search.parse(text)
            ranking = search.search(parsed)
            search.add_snippets(ranking.hits[:20], parsed.highlight())
        return spent[0] * 1000
