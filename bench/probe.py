"""Run by bench/run.py through `manage.py shell -c`, against the bench database: reports the cache
backend Django is configured with, the posts the mixed phase will vote on (with their authors), and
the votes the chosen voters already have on them. Input and output are JSON (BENCH_PROBE in the
environment; one stdout line starting with "BENCH_PROBE ")."""

import json
import os

from django.conf import settings
from django.db.models import Q

from forum.models import Answer, Question, Vote

wanted = json.loads(os.environ["BENCH_PROBE"])
posts = [
    {"kind": "question", "pk": q.pk, "url": q.get_absolute_url(), "author": q.author.username}
    for q in Question.objects.filter(pk__in=wanted["questions"], is_deleted=False).select_related(
        "author"
    )
] + [
    {
        "kind": "answer",
        "pk": a.pk,
        "url": a.question.get_absolute_url(),
        "author": a.author.username,
    }
    for a in Answer.objects.filter(question_id=wanted["thread"], is_deleted=False)
    .select_related("author", "question")
    .order_by("pk")
]
question_ids = [p["pk"] for p in posts if p["kind"] == "question"]
answer_ids = [p["pk"] for p in posts if p["kind"] == "answer"]
votes = Vote.objects.filter(
    Q(question_id__in=question_ids) | Q(answer_id__in=answer_ids),
    user__username__in=wanted["voters"],
)
voted = [
    [username, "question" if question_id else "answer", question_id or answer_id]
    for username, question_id, answer_id in votes.values_list(
        "user__username", "question_id", "answer_id"
    )
]
cache = settings.CACHES["default"]
print(
    "BENCH_PROBE "
    + json.dumps(
        {
            "cache_backend": cache["BACKEND"],
            "cache_location": str(cache.get("LOCATION", "")),
            "posts": posts,
            "voted": voted,
        }
    )
)
