"""Warm service time in-process: the median time of each key page, signed in, with every cache
warm, through Django's test client under production settings (DEBUG off). No server, no network,
no other load: steadier than the load test for comparing two versions of the code (run it in
each checkout in turn, alternating; docs/benchmark.md).

    DATABASE_URL=... REDIS_URL=... python bench/warm.py [--requests 300]

Uses the data set `manage.py seed_bench` made (bench/cold.py's reader, bench00001), and
REDIS_URL's database as the cache (it is not flushed).
"""

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cold  # noqa: E402  (after the path is set)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    args = parser.parse_args(argv)
    cold.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from forum.seeding.bench import fifty_answer_thread

    logging.disable(logging.INFO)  # one log line per request would be most of what is timed
    client = Client()
    client.force_login(get_user_model().objects.get(username=cold.READER))
    pages = [
        (name, path or fifty_answer_thread().get_absolute_url()) for name, path in cold.PAGES
    ] + [("own profile", f"/users/{cold.READER}/"), ("notifications", "/notifications/")]
    for name, path in pages:
        for _ in range(30):  # warm every cache this page reads
            assert client.get(path).status_code == 200, path
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        print(f"{name:<22} {statistics.median(times) * 1000:6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
