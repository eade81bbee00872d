"""Thread views, counted off the request path: a page view adds one to a Redis hash, and the
worker moves the hash into PostgreSQL in batches (`flush_pending_views`).

A view is counted once per visitor per hour (the marker the page lookup sets, forum.services
.view_marker); for an anonymous reader served from the page cache that is the same round trip as
the page. The request never writes to PostgreSQL, so a popular thread costs no row lock per new
reader, and cached pages keep serving with no SQL.

Exactly once, through a worker restart: a flush first renames the pending hash to a batch of its
own with a random id (atomically, in Redis), then applies the batch and records its id in one
PostgreSQL transaction, and only then deletes the batch. A worker that dies before the commit
finds the same batch next time and applies it; one that dies after the commit finds its id
already recorded and only deletes it. Views that arrive meanwhile go to a new pending hash.
Without Redis (the database cache in development) the view is written at once, as before.
"""

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from forum.models import Question, ViewBatch

logger = logging.getLogger(__name__)

PENDING, BATCH = "views:pending", "views:batch"
ID_FIELD = "__batch__"
KEEP_BATCH_IDS = timedelta(days=2)
# Like every key in the cache, the pending views expire: a worker stopped for a day loses them.
PENDING_SECONDS = 24 * 60 * 60

# Move the pending hash into a batch of its own, unless an earlier batch is still unapplied;
# either way, return the batch to apply (empty when there is nothing).
TAKE_BATCH = """
if redis.call('EXISTS', KEYS[2]) == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return redis.call('HGETALL', KEYS[2])
"""


def _redis():
    """The raw client when the cache is Redis, else None."""
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except (ImportError, NotImplementedError):
        return None


def add_view(question_id: int) -> None:
    client = _redis()
    if client is None:
        Question.objects.filter(pk=question_id).update(view_count=F("view_count") + 1)
        return
    try:
        key = cache.make_key(PENDING)
        pipe = client.pipeline(transaction=False)  # one round trip
        pipe.hincrby(key, str(question_id), 1)
        pipe.expire(key, PENDING_SECONDS)
        pipe.execute()
    except Exception:  # noqa: BLE001 - an unreachable cache counts nothing, as the marker does
        logger.warning("View of question %s not counted: the cache is unreachable", question_id)


def flush_pending_views() -> int:
    """Apply the views waiting in Redis to the questions; how many views were applied. The
    worker runs it on every tick (taro.periodic, registered in forum/apps.py). A dead Redis
    leaves the views where they are, for the next tick; a database error is the caller's."""
    client = _redis()
    if client is None:
        return 0
    keys = [cache.make_key(PENDING), cache.make_key(BATCH)]
    try:
        fields = client.eval(TAKE_BATCH, 2, *keys, ID_FIELD, uuid.uuid4().hex, PENDING_SECONDS)
    except Exception:  # noqa: BLE001 - redis-py's errors: nothing was taken, try next tick
        logger.warning("Thread views stay in Redis for now: it could not be reached")
        return 0
    batch = {fields[i].decode(): fields[i + 1].decode() for i in range(0, len(fields), 2)}
    if not batch:
        return 0
    batch_id = batch.pop(ID_FIELD)
    counts = {int(pk): int(n) for pk, n in batch.items() if pk.isdigit() and int(n) > 0}
    applied = _apply_once(batch_id, counts)
    try:
        client.delete(keys[1])
    except Exception:  # noqa: BLE001 - the next tick finds the batch applied and deletes it
        logger.warning("An applied batch of thread views stays in Redis until the next tick")
    return applied


def _apply_once(batch_id: str, counts: dict[int, int]) -> int:
    try:
        with transaction.atomic():
            ViewBatch.objects.create(id=uuid.UUID(batch_id))
            _add_counts(counts)
    except IntegrityError:  # applied before the worker stopped: only the Redis copy was left
        return 0
    ViewBatch.objects.filter(applied_at__lt=timezone.now() - KEEP_BATCH_IDS).delete()
    return sum(counts.values())


def _add_counts(counts: dict[int, int]) -> None:
    """One UPDATE for the whole batch (questions deleted since are skipped by the join)."""
    if not counts:
        return
    rows = ", ".join(["(%s, %s)"] * len(counts))
    params = [value for item in sorted(counts.items()) for value in item]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Question._meta.db_table} AS q SET view_count = q.view_count + v.n "
            f"FROM (VALUES {rows}) AS v(id, n) WHERE q.id = v.id",
            params,
        )
