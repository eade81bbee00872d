"""The mixed phase's writers and the freshness check that follows it.

VoteWriter upvotes, then undoes, posts at a steady rate (open loop) as signed-in people (one voter
per post: never its author, never someone who has voted on it already), and remembers the score each
acknowledged write returned. check_freshness then reads the pages anonymously, as the cached readers
do, and compares.
"""

import json
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.browser import Browser

MAX_IN_FLIGHT = (
    32  # writes waiting for an answer at once; beyond that, sending falls behind the rate
)
SCORE = re.compile(r"data-score[^>]*>\s*(-?\d+)\s*<")


@dataclass(frozen=True)
class Post:
    kind: str  # "question" or "answer"
    pk: int
    url: str  # the thread page that shows it
    author: str

    @property
    def vote_path(self) -> str:
        return f"/{self.kind}s/{self.pk}/vote/"

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


def plan_votes(
    posts: list[Post], voters: list[str], already_voted: set[tuple[str, str, int]]
) -> list[tuple[Post, str]]:
    """(post, voter) pairs, voters taken round-robin, skipping authors and existing votes."""
    plan, turn = [], 0
    for post in posts:
        for attempt in range(len(voters)):
            voter = voters[(turn + attempt) % len(voters)]
            if voter != post.author and (voter, post.kind, post.pk) not in already_voted:
                plan.append((post, voter))
                turn += attempt + 1
                break
    return plan


@dataclass
class WriteStats:
    attempted: int = 0
    acknowledged: int = 0
    limited: int = 0  # 429: the per-person vote limit
    failed: Counter = field(default_factory=Counter)  # status (or exception name) -> count
    latencies_ms: list = field(default_factory=list)
    seconds: float = 0.0  # how long writes were being sent
    scores: dict = field(
        default_factory=dict
    )  # Post -> the score the last acknowledged write returned

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    def latency(self, percentile: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[percentile - 1]


class VoteWriter(threading.Thread):
    """Sends a write every 1/per_second s, whether or not the last one came back (the server is
    under load, so one write can take longer than the interval): a few threads carry them. The plan
    is cycled: each pass upvotes every post, the next undoes those votes, and so on; a post's writes
    never overlap."""

    def __init__(
        self, browsers: dict[str, Browser], plan: list[tuple[Post, str]], per_second: float
    ):
        super().__init__(daemon=True)
        self.browsers, self.plan, self.interval = browsers, plan, 1 / per_second
        self.voted: dict[Post, bool] = {}
        self.post_locks = {post: threading.Lock() for post, _ in plan}
        self.stats_lock = threading.Lock()
        self.stats = WriteStats()
        self.stopping = threading.Event()

    def stop(self) -> WriteStats:
        """Stop sending, wait for the writes in flight, and return the counts."""
        self.stopping.set()
        self.join()
        return self.stats

    def run(self) -> None:
        started, sent = time.monotonic(), 0
        with ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="bench-vote") as pool:
            while not self.stopping.is_set():
                post, voter = self.plan[sent % len(self.plan)]
                pool.submit(self.write, post, self.browsers[voter])
                sent += 1
                self.stopping.wait(max(0.0, started + sent * self.interval - time.monotonic()))
            self.stats.seconds = time.monotonic() - started
            pool.shutdown(
                wait=True, cancel_futures=True
            )  # writes not started yet are not attempted

    def write(self, post: Post, browser: Browser) -> None:
        with self.post_locks[post]:
            action = "undo" if self.voted.get(post) else "up"
            with self.stats_lock:
                self.stats.attempted += 1
            started = time.monotonic()
            try:
                response = browser.post(
                    post.vote_path,
                    {"csrfmiddlewaretoken": browser.form_token, "action": action},
                    headers={"Accept": "application/json"},
                )
            except OSError as error:
                self.count_failure(type(error).__name__)
                return
            with self.stats_lock:
                self.stats.latencies_ms.append((time.monotonic() - started) * 1000)
            if 200 <= response.status < 300:
                self.acknowledge(post, action, response.body)
            elif response.status == 429:
                with self.stats_lock:
                    self.stats.limited += 1
            else:
                self.count_failure(response.status)

    def restore(self) -> int:
        """Undo the votes the run left in place, so the data set stays as seeded; returns how many
        failed."""
        failed = 0
        for post, voter in self.plan:
            if self.voted.get(post):
                browser = self.browsers[voter]
                response = browser.post(
                    post.vote_path,
                    {"csrfmiddlewaretoken": browser.form_token, "action": "undo"},
                    headers={"Accept": "application/json"},
                )
                failed += not 200 <= response.status < 300
        return failed

    def count_failure(self, reason) -> None:
        with self.stats_lock:
            self.stats.failed[reason] += 1

    def acknowledge(self, post: Post, action: str, body: str) -> None:
        """Called holding the post's lock, so the score kept is the one of the post's latest
        write."""
        try:
            score = int(json.loads(body)["score"])
        except (ValueError, KeyError, TypeError):
            self.count_failure("bad JSON")
            return
        with self.stats_lock:
            self.stats.scores[post] = score
            self.stats.acknowledged += 1
        self.voted[post] = action == "up"


def shown_score(html: str, post: Post) -> int | None:
    """The score the page shows for the post: the question's is the first on the page."""
    start = 0
    if post.kind == "answer":
        start = html.find(f'id="answer-{post.pk}"')
        if start < 0:
            return None
    match = SCORE.search(html, start)
    return int(match.group(1)) if match else None


def check_freshness(port: int, scores: dict[Post, int], reads: int) -> tuple[int, int, list[str]]:
    """Read each written-to thread `reads` times anonymously, each on a new connection (so different
    workers answer); a post is fresh when every read shows the last acknowledged score.
    Returns (fresh posts, posts, a line per stale post)."""
    by_page = defaultdict(list)
    for post in scores:
        by_page[post.url].append(post)
    seen = defaultdict(list)  # Post -> what each read showed
    for url, posts in by_page.items():
        for _ in range(reads):
            response = Browser(port).get(url)
            for post in posts:
                seen[post].append(
                    shown_score(response.body, post)
                    if response.status == 200
                    else f"HTTP {response.status}"
                )
    stale = [
        f"{post}: last acknowledged score {scores[post]}, anonymous reads showed {seen[post]}"
        for post in scores
        if any(shown != scores[post] for shown in seen[post])
    ]
    return len(scores) - len(stale), len(scores), stale
