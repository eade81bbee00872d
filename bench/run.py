"""`make bench`: Taro under load, on the reference data set, with production settings.

    python bench/run.py [--duration 10] [--service-duration 3] [--mixed-duration 20]
                        [--phases anonymous,signed-in,service,cold,mixed] [--connections 32]
                        [--workers 3] [--scale 1] [--seed-only] [--strict]

Setup: PostgreSQL (DATABASE_URL, else the server at 127.0.0.1:5432 with database taro_bench, else
the embedded one), migrated and seeded with the reference data set if it is not there (--scale N,
or SCALE=N from `make bench SCALE=10`: N times it, in a database of its own, taro_bench_x10).
The cache: REDIS_URL when set; else, when Redis answers on 127.0.0.1:6379, its db 14 (flushed
first); else none, and the production settings fall back to Django's database cache. collectstatic,
then gunicorn with production settings (DEBUG off, a generated SECRET_KEY, plain HTTP on loopback;
bench/settings.py, which adds only the ceiling's URL) on a free port. Every page is warmed up, then
/bench/ceiling (a fixed 20 KB response, no database) is loaded: every req/s below is also given as a
ratio to it, measured in the same run.

Phases (all by default; --phases picks some):
  anonymous  every page at 32 connections, as an anonymous reader (whole pages from the page cache).
  signed-in  the key pages plus the user's own profile and /notifications/, at 32 connections, with
             the session cookie of a user who signed in through /accounts/login/: nothing from the
             page cache.
  service    each signed-in page at one connection: the time one request takes (p50, p99).
  cold       first renders with every cache empty, as after a write: for each key page, the cache
             is flushed and the page fetched once, signed in, COLD_RENDERS times, while signed-in
             people vote as in the mixed phase; the median.
  mixed      anonymous readers at 32 connections cycling through six pages while a thread votes,
             signed in, 5 times a second (upvote, then undo) on the fifty-answer thread and a few
             questions; then the freshness check: anonymous reads of each thread, on new
             connections, must show the score the last acknowledged vote returned.
The workers' peak memory is sampled throughout. The report (with the targets, misses marked *) goes
to stdout and bench-results.txt; --strict exits 1 when a target is missed. gunicorn is always
stopped.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench import loopback  # noqa: E402
from bench.browser import Browser, log_in  # noqa: E402
from bench.loopback import dedicated_database_url, production_env  # noqa: E402
from bench.writes import Post, VoteWriter, check_freshness, plan_votes  # noqa: E402

DATABASE_NAME = "taro_bench"
BENCH_REDIS_URL = os.environ.get(
    "BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"
)  # a db number of the bench's own: it is flushed
PASSWORD = "taro-bench-password"  # seed_bench's users bench00001 ... bench02000
READER = "bench00001"
VOTERS = [f"bench{n:05d}" for n in range(1991, 2001)]
WRITES_PER_SECOND = 5
OTHER_QUESTIONS = 3  # voted on besides the fifty-answer thread (its question and answers)
FRESHNESS_READS = 5

THREAD = "question, 50 answers"
KEY_PAGES = [
    ("home", "/"),
    ("guide", "/guides/performance-review/"),
    ("questions, page 1", "/questions/"),
    ("questions, page 200", "/questions/?page=200"),
    (THREAD, None),  # its URL comes from seed_bench
    ("search", "/search/?q=promotion+document"),
]
HEALTHZ = ("healthz (one SQL query)", "/healthz")
CEILING = ("ceiling (fixed 20 KB)", "/bench/ceiling")
PAGES = KEY_PAGES + [HEALTHZ, CEILING]
SIGNED_IN_EXTRA = [("own profile", f"/users/{READER}/"), ("notifications", "/notifications/")]
MIXED_ROTATION = ["home", "questions, page 1", THREAD, "guide", "search", "questions, page 200"]
PHASES = ["anonymous", "signed-in", "service", "cold", "mixed"]
COLD_RENDERS = 15
TARGETS = {
    "anonymous_ratio": 0.6,
    "signed_in_ratio": 0.1,
    "signed_in_p99_ms": 150.0,
    "service_p50_ms": 15.0,
    "mixed_ratio": 0.4,
    "cold_p50_ms": 30.0,
    "worker_rss_mb": 150.0,
}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# Database and cache -------------------------------------------------------------------------------


def database_url(scale: float) -> str:
    name = DATABASE_NAME if scale == 1 else f"{DATABASE_NAME}_x{scale:g}".replace(".", "_")
    return dedicated_database_url(name, "DATABASE_URL")


def manage(env: dict, *args: str) -> str:
    return loopback.manage(env, *args, tool="bench")


def prepare_data(env: dict, scale: float) -> str:
    """Migrate and seed; returns the fifty-answer thread's URL."""
    log("migrating")
    manage(env, "migrate", "--noinput", "-v", "0")
    log(f"seeding the reference data set at scale {scale:g} (skipped if present)")
    output = manage(env, "seed_bench", "--scale", f"{scale:g}")
    sys.stderr.write(output)
    match = re.search(r"Fifty-answer thread: (\S+)", output)
    if not match:
        raise SystemExit("bench: seed_bench did not report the fifty-answer thread")
    return match.group(1)


def choose_cache(env: dict) -> None:
    """Without REDIS_URL, use the local Redis if it answers: a dedicated db, flushed so no run sees
    the last."""
    if env.get("REDIS_URL"):
        return
    import redis

    client = redis.Redis.from_url(BENCH_REDIS_URL, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        client.ping()
        client.flushdb()
    except (redis.RedisError, OSError):
        log(
            "no Redis on 127.0.0.1:6379 and no REDIS_URL: "
            "production settings use the database cache"
        )
        return
    env["REDIS_URL"] = BENCH_REDIS_URL
    log(f"cache: {BENCH_REDIS_URL} (flushed)")


def probe(env: dict, thread_pk: int, question_pks: list[int]) -> dict:
    """Ask Django (bench/probe.py) for its cache backend and the posts to vote on, with their
    authors."""
    probe_env = {
        **env,
        "BENCH_PROBE": json.dumps(
            {"thread": thread_pk, "questions": question_pks, "voters": VOTERS}
        ),
    }
    output = manage(probe_env, "shell", "-c", (BENCH_DIR / "probe.py").read_text())
    line = next(
        (
            output_line
            for output_line in output.splitlines()
            if output_line.startswith("BENCH_PROBE ")
        ),
        None,
    )
    if line is None:
        raise SystemExit(f"bench: bench/probe.py printed no result:\n{output}")
    return json.loads(line.removeprefix("BENCH_PROBE "))


def cache_label(env: dict, found: dict) -> str:
    backend = found["cache_backend"]
    if "redis" in backend.lower():
        return f"redis ({found['cache_location']})"
    if backend.endswith("DatabaseCache"):
        return "database (no REDIS_URL)"
    if backend.endswith("LocMemCache"):
        return "local memory, per worker (no REDIS_URL)"
    return f"{backend}{'' if env.get('REDIS_URL') else ' (no REDIS_URL)'}"


# gunicorn -----------------------------------------------------------------------------------------


class Server(loopback.Server):
    def __init__(self, env: dict, workers: int, log_path: Path):
        super().__init__(env, workers=workers, log_path=log_path, tool="bench")

    def drain(self, timeout: float = 60) -> None:
        """Wait until requests left queued by the last load run are served, so they don't slow the
        next. A trivial request that comes back fast twice in a row means the workers' queue is
        empty."""
        fast, deadline = 0, time.monotonic() + timeout
        while fast < 2 and time.monotonic() < deadline:
            started = time.monotonic()
            self.status("/bench/ceiling")
            fast = fast + 1 if time.monotonic() - started < 0.02 else 0


class MemorySampler(threading.Thread):
    """Peak resident memory of each gunicorn worker, sampled every 100 ms."""

    def __init__(self, master_pid: int):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peaks: dict[int, int] = {}
        self.running = True

    def run(self) -> None:
        import psutil

        master = psutil.Process(self.master_pid)
        while self.running:
            try:
                for worker in master.children():
                    rss = worker.memory_info().rss
                    self.peaks[worker.pid] = max(rss, self.peaks.get(worker.pid, 0))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 2**20


# Load ---------------------------------------------------------------------------------------------


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    cookie: str = "",
    rotation: list[str] | None = None,
) -> dict:
    """One wrk run; `rotation` makes each connection cycle through those paths instead of
    `url`'s."""
    # A 10 s timeout (wrk's default is 2 s) keeps slow responses in the percentiles instead of
    # dropping them.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(BENCH_DIR / ("wrk_rotation.lua" if rotation else "wrk_report.lua")),
    ]
    # As every browser does: Taro sends its stored (shared) pages gzipped to such clients.
    command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    env = {**os.environ, "BENCH_LUA_DIR": str(BENCH_DIR), "BENCH_PATHS": " ".join(rotation or [])}
    output = subprocess.run(
        command + [url], capture_output=True, text=True, check=True, env=env
    ).stdout
    line = next(
        (output_line for output_line in output.splitlines() if output_line.startswith("BENCH ")),
        None,
    )
    if line is None:
        raise SystemExit(f"bench: unexpected wrk output:\n{output}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    return {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "requests": values["requests"],
        "p50_ms": values["p50_us"] / 1000,
        "p99_ms": values["p99_us"] / 1000,
        "non2xx": values["non2xx"],
        "errors": values["socket_errors"],
    }


class Bench:
    """The phases, run against one server; results go into self.results, keyed by phase."""

    def __init__(self, server: Server, env: dict, thread_url: str, args):
        self.server, self.env, self.thread_url, self.args = server, env, thread_url, args
        self.anonymous_pages = [(name, path or thread_url) for name, path in PAGES]
        key_pages = [(name, path or thread_url) for name, path in KEY_PAGES]
        self.signed_in_pages = key_pages + SIGNED_IN_EXTRA
        self.results: dict = {}
        self.reader: Browser | None = None
        self.voters: dict[str, Browser] = {}
        self.plan: list[tuple[Post, str]] = []
        self.cache = ""

    def load(self, path: str, *, seconds: float, connections: int, cookie: str = "") -> dict:
        log(
            f"loading {path} for {seconds:g} s "
            f"at {connections} connection{'s' if connections > 1 else ''}"
            f"{', signed in' if cookie else ''}"
        )
        result = wrk(
            self.server.base + path,
            seconds=seconds,
            connections=connections,
            threads=min(self.args.threads, connections),
            cookie=cookie,
        )
        self.server.drain()
        return result

    # Setup

    def prepare(self, phases: list[str]) -> None:
        self.check_status(self.anonymous_pages, Browser(self.server.port))
        question_pks = self.other_questions() if {"mixed", "cold"} & set(phases) else []
        found = probe(self.env, self.thread_pk, question_pks)
        self.cache = cache_label(self.env, found)
        if {"signed-in", "service", "cold"} & set(phases):
            log(f"signing in as {READER}")
            self.reader = log_in(self.server.port, READER, PASSWORD)
            self.check_status(self.signed_in_pages, self.reader)
        if {"mixed", "cold"} & set(phases):
            self.prepare_voters(found)
        self.warm_up()

    @property
    def thread_pk(self) -> int:
        return int(re.search(r"/questions/(\d+)/", self.thread_url).group(1))

    def other_questions(self) -> list[int]:
        """The thread's question and the first OTHER_QUESTIONS others listed on /questions/."""
        listing = Browser(self.server.port).get("/questions/").body
        pks = [self.thread_pk]
        for pk in map(int, re.findall(r'href="/questions/(\d+)/', listing)):
            if pk not in pks and len(pks) <= OTHER_QUESTIONS:
                pks.append(pk)
        return pks

    def prepare_voters(self, found: dict) -> None:
        posts = [Post(**post) for post in found["posts"]]
        already = {(user, kind, pk) for user, kind, pk in found["voted"]}
        self.plan = plan_votes(posts, VOTERS, already)
        if not self.plan:
            raise SystemExit("bench: found no post to vote on for the mixed phase")
        log(f"signing in {len(VOTERS)} voters")
        self.voters = {name: log_in(self.server.port, name, PASSWORD) for name in VOTERS}

    def check_status(self, pages: list[tuple[str, str]], browser: Browser) -> None:
        for _, path in pages:
            status = browser.get(path).status
            if status != 200:
                log(
                    f"warning: {path} answers {status}, "
                    f"not 200{' (signed in)' if browser.cookies else ''}"
                )

    def warm_up(self) -> None:
        log("warming up")
        for _, path in self.anonymous_pages:
            wrk(self.server.base + path, seconds=self.args.warmup, connections=8, threads=1)
            self.server.drain()
        if self.reader:
            for _, path in self.signed_in_pages:
                wrk(
                    self.server.base + path,
                    seconds=self.args.warmup,
                    connections=8,
                    threads=1,
                    cookie=self.reader.cookie_header(),
                )
                self.server.drain()

    # Phases

    def run(self, phases: list[str]) -> None:
        self.results["ceiling"] = self.load(
            CEILING[1], seconds=self.args.duration, connections=self.args.connections
        )
        for phase in phases:
            getattr(self, "phase_" + phase.replace("-", "_"))()

    def phase_anonymous(self) -> None:
        self.results["anonymous"] = [
            (name, self.load(path, seconds=self.args.duration, connections=self.args.connections))
            for name, path in self.anonymous_pages
            if path != CEILING[1]
        ]

    def phase_signed_in(self) -> None:
        self.results["signed-in"] = [
            (
                name,
                self.load(
                    path,
                    seconds=self.args.duration,
                    connections=self.args.connections,
                    cookie=self.reader.cookie_header(),
                ),
            )
            for name, path in self.signed_in_pages
        ]

    def phase_service(self) -> None:
        self.results["service"] = [
            (
                name,
                self.load(
                    path,
                    seconds=self.args.service_duration,
                    connections=1,
                    cookie=self.reader.cookie_header(),
                ),
            )
            for name, path in self.signed_in_pages
        ]

    def phase_cold(self) -> None:
        """Each key page fetched signed in right after the cache was emptied (Redis FLUSHDB: the
        workers' near caches drop what they hold when Redis tells them), COLD_RENDERS times,
        while signed-in people vote as in the mixed phase (their votes are undone after)."""
        flush = cache_flusher(self.env)
        if flush is None:
            log("cold: no Redis cache to empty; phase skipped")
            return
        writer = VoteWriter(self.voters, self.plan, WRITES_PER_SECOND)
        writer.start()
        try:
            self.results["cold"] = self.cold_renders(flush)
        finally:
            writer.stop()
            self.undo_votes(writer)
        self.server.drain()

    def cold_renders(self, flush) -> list[tuple[str, dict]]:
        results = []
        for name, path in self.signed_in_pages[: len(KEY_PAGES)]:
            log(f"cold: {path}, {COLD_RENDERS} first renders")
            times, statuses = [], set()
            for _ in range(COLD_RENDERS):
                flush()
                time.sleep(0.05)  # the near caches' invalidation arrives asynchronously
                started = time.perf_counter()
                statuses.add(self.reader.get(path).status)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results.append(
                (
                    name,
                    {
                        "p50_ms": times[len(times) // 2],
                        "min_ms": times[0],
                        "max_ms": times[-1],
                        "statuses": statuses,
                    },
                )
            )
        return results

    def phase_mixed(self) -> None:
        paths = dict(self.anonymous_pages)
        writer = VoteWriter(self.voters, self.plan, WRITES_PER_SECOND)
        writer.start()
        try:
            log(
                f"mixed: readers cycling through {len(MIXED_ROTATION)} pages "
                f"for {self.args.mixed_duration:g} s, "
                f"{WRITES_PER_SECOND} votes/s"
            )
            readers = wrk(
                self.server.base + "/",
                seconds=self.args.mixed_duration,
                connections=self.args.connections,
                threads=self.args.threads,
                rotation=[paths[name] for name in MIXED_ROTATION],
            )
            writes = writer.stop()
            log(
                f"mixed: {writes.attempted} writes, {writes.acknowledged} acknowledged; "
                "checking freshness"
            )
            fresh = check_freshness(self.server.port, writes.scores, FRESHNESS_READS)
            self.results["mixed"] = {"readers": readers, "writes": writes, "fresh": fresh}
        finally:
            writer.stop()
            self.undo_votes(writer)
        self.server.drain()

    def undo_votes(self, writer: VoteWriter) -> None:
        """Leave the data set as seeded: undo the votes the mixed phase left in place."""
        try:
            failed = writer.restore()
        except OSError as error:
            failed = f"({error})"
        if failed:
            log(f"warning: {failed} of the votes left by the mixed phase could not be undone")


def cache_flusher(env: dict):
    """A function that empties the bench's Redis database, or None without Redis."""
    if not env.get("REDIS_URL"):
        return None
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"], socket_timeout=5)
    return client.flushdb


# Report -------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(
            cpuinfo_line.split(":", 1)[1].strip()
            for cpuinfo_line in open("/proc/cpuinfo")
            if cpuinfo_line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM"
    except ImportError:
        memory = ""
    return f"{os.cpu_count()} CPU ({cpu}), {memory}, {platform.system()} {platform.release()}"


class Report:
    """The text report, built section by section; each target is (label, misses, ran)."""

    RULE = "-" * 86

    def __init__(self, bench: Bench, peak_mb: float, server_log: Path, args, phases: list[str]):
        self.results, self.args, self.phases = bench.results, args, phases
        self.bench, self.peak_mb, self.server_log = bench, peak_mb, server_log
        self.ceiling = self.results["ceiling"]["rps"]
        self.targets: list[tuple[str, list[str], bool]] = []
        self.lines: list[str] = []

    def ratio(self, rps: float) -> float:
        return rps / self.ceiling if self.ceiling else 0.0

    def text(self) -> tuple[str, bool]:
        self.header()
        for phase in PHASES:
            if phase in self.results:
                getattr(self, "section_" + phase.replace("-", "_"))()
            else:
                self.target(f"{phase}: not run", [], ran=False)
        self.memory()
        ok = not any(misses for _, misses, _ in self.targets)
        self.target_block(ok)
        return "\n".join(self.lines) + "\n", ok

    def header(self) -> None:
        a, c = self.args, self.results["ceiling"]
        self.lines += [
            f"Taro benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"Machine: {machine()}",
            f"Server: gunicorn, {a.workers} sync workers, production settings (DEBUG off), "
            "plain HTTP on loopback",
            f"Cache: {self.bench.cache}",
            f"Load: wrk, {a.connections} connections, {a.duration:g} s per page; "
            f"service time at 1 connection, {a.service_duration:g} s per page; "
            f"mixed phase {a.mixed_duration:g} s; "
            "every request sends Accept-Encoding: gzip, as browsers do",
            f"Data: seed_bench --scale {a.scale:g} ({10_000 * a.scale:,.0f} questions, "
            f"{50_000 * a.scale:,.0f} answers, {2_000 * a.scale:,.0f} users)",
            f"Phases: {', '.join(self.phases)}",
            f"Ceiling: /bench/ceiling (fixed 20 KB, no database) {c['rps']:.0f} req/s, "
            f"p50 {c['p50_ms']:.1f} ms, p99 {c['p99_ms']:.1f} ms, "
            f"non-2xx {c['non2xx']}, errors {c['errors']}; every 'vs ceiling' is to this",
        ]

    def target(self, label: str, misses: list[str], ran: bool = True) -> None:
        self.targets.append((label, misses, ran))

    def table(self, title: str, rows: list[tuple[str, dict]], miss) -> list[str]:
        """A load table; `miss(name, result)` lists what a row misses. Returns "page (what it
        misses)" for each."""
        lines = [
            "",
            title,
            f"  {'page':<26} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7} "
            f"{'vs ceiling':>11}",
            "  " + self.RULE[2:],
        ]
        misses = []
        for name, r in rows:
            why = ", ".join(miss(name, r))
            if why:
                misses.append(f"{name} ({why})")
            lines.append(
                f"  {name:<26} {r['rps']:>7.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
                f"{r['non2xx']:>8} "
                f"{r['errors']:>7} {self.ratio(r['rps']):>10.0%}{'  *' if why else ''}"
            )
        self.lines += lines
        return misses

    @staticmethod
    def failures(r: dict) -> list[str]:
        return [
            f"{r[key]} {label}"
            for key, label in [("non2xx", "non-2xx"), ("errors", "errors")]
            if r[key]
        ]

    def below(self, r: dict, share: float) -> list[str]:
        ratio = self.ratio(r["rps"])
        return [f"{ratio:.1%} of ceiling"] if ratio < share else []

    def section_anonymous(self) -> None:
        share = TARGETS["anonymous_ratio"]
        key_pages = {name for name, _ in KEY_PAGES}

        def miss(name: str, r: dict) -> list[str]:
            return (self.below(r, share) if name in key_pages else []) + self.failures(r)

        misses = self.table(
            f"1. Anonymous readers ({self.args.connections} connections): whole pages from the "
            f"page cache",
            self.results["anonymous"],
            miss,
        )
        self.target(
            f"anonymous: every key page >= {share:.0%} of the ceiling; no non-2xx or errors", misses
        )

    def section_signed_in(self) -> None:
        share, p99 = TARGETS["signed_in_ratio"], TARGETS["signed_in_p99_ms"]

        def miss(name: str, r: dict) -> list[str]:
            slow = [f"p99 {r['p99_ms']:.0f} ms"] if r["p99_ms"] >= p99 else []
            return self.below(r, share) + slow + self.failures(r)

        misses = self.table(
            f"2. Signed-in readers ({self.args.connections} connections, session of {READER}): "
            f"nothing from the page cache",
            self.results["signed-in"],
            miss,
        )
        self.target(
            f"signed-in: every page >= {share:.0%} of the ceiling, p99 < {p99:g} ms; "
            "no non-2xx or errors",
            misses,
        )

    def section_service(self) -> None:
        p50 = TARGETS["service_p50_ms"]

        def miss(name: str, r: dict) -> list[str]:
            return ([f"p50 {r['p50_ms']:.1f} ms"] if r["p50_ms"] > p50 else []) + self.failures(r)

        misses = self.table(
            f"3. Service time: signed in, 1 connection, {self.args.service_duration:g} s per page",
            self.results["service"],
            miss,
        )
        self.target(f"service time: every signed-in page p50 <= {p50:g} ms", misses)

    def section_cold(self) -> None:
        limit = TARGETS["cold_p50_ms"]
        self.lines += [
            "",
            f"4. Cold: first renders, signed in, the cache emptied before each "
            f"({COLD_RENDERS} per page), while {WRITES_PER_SECOND} votes/s are written",
            f"  {'page':<26} {'p50 ms':>8} {'min ms':>8} {'max ms':>8} {'statuses':>10}",
            "  " + self.RULE[2:],
        ]
        misses = []
        for name, r in self.results["cold"]:
            why = [f"p50 {r['p50_ms']:.1f} ms"] if r["p50_ms"] > limit else []
            if r["statuses"] != {200}:
                why.append(f"statuses {sorted(r['statuses'])}")
            if why:
                misses.append(f"{name} ({', '.join(why)})")
            self.lines.append(
                f"  {name:<26} {r['p50_ms']:>8.1f} {r['min_ms']:>8.1f} {r['max_ms']:>8.1f} "
                f"{','.join(map(str, sorted(r['statuses']))):>10}{'  *' if why else ''}"
            )
        self.target(f"cold: every key page's first render p50 <= {limit:g} ms", misses)

    def section_mixed(self) -> None:
        mixed, share = self.results["mixed"], TARGETS["mixed_ratio"]
        misses = self.table(
            f"5. Mixed ({self.args.mixed_duration:g} s): "
            f"anonymous readers cycling through {len(MIXED_ROTATION)} "
            f"pages ({'; '.join(MIXED_ROTATION)}) while signed-in people vote",
            [("readers, page rotation", mixed["readers"])],
            lambda name, r: self.below(r, share) + self.failures(r),
        )
        self.target(f"mixed: readers >= {share:.0%} of the ceiling; no non-2xx or errors", misses)
        self.writes_lines(mixed["writes"])
        self.freshness_lines(*mixed["fresh"])

    def writes_lines(self, w) -> None:
        failed = (
            ", ".join(f"{count} x {reason}" for reason, count in w.failed.most_common()) or "none"
        )
        per_second = (lambda count: count / w.seconds) if w.seconds else (lambda count: 0.0)
        self.lines += [
            f"  writes (upvote, then undo; {len(VOTERS)} voters round-robin, "
            f"aiming at {WRITES_PER_SECOND}/s): "
            f"{w.attempted} attempted, {w.acknowledged} acknowledged (2xx), "
            f"{w.limited} limited (429), {w.failures} failed ({failed})",
            f"  write rate achieved: {per_second(w.attempted):.1f}/s attempted, "
            f"{per_second(w.acknowledged):.1f}/s acknowledged; "
            f"write latency p50 {w.latency(50):.0f} ms, p99 {w.latency(99):.0f} ms",
        ]

    def freshness_lines(self, fresh: int, total: int, stale: list[str]) -> None:
        self.lines.append(
            f"  fresh: {fresh}/{total} posts "
            f"(each thread read {FRESHNESS_READS} times anonymously, "
            f"a new connection each time){'  *' if stale or not total else ''}"
        )
        self.lines += [f"    not fresh: {line}" for line in stale[:10]]
        if len(stale) > 10:
            self.lines.append(f"    ... and {len(stale) - 10} more")
        misses = (
            [f"{len(stale)} not fresh"] if stale else [] if total else ["no write was acknowledged"]
        )
        self.target("writes: every acknowledged write visible to anonymous readers", misses)

    def memory(self) -> None:
        limit = TARGETS["worker_rss_mb"]
        miss = self.peak_mb >= limit
        self.lines += [
            "",
            f"Peak worker memory (RSS), all phases: {self.peak_mb:.0f} MB{'  *' if miss else ''}",
        ]
        self.target(f"worker RSS < {limit:g} MB", [f"{self.peak_mb:.0f} MB"] if miss else [])
        tracebacks = (
            self.server_log.read_text(errors="replace").count("Traceback")
            if self.server_log.exists()
            else 0
        )
        if tracebacks:
            self.lines.append(f"Server log: {tracebacks} tracebacks in {self.server_log}")

    def target_block(self, ok: bool) -> None:
        self.lines += ["", "Targets (* = missed):"]
        for label, misses, ran in self.targets:
            mark = "*" if misses else (" " if ran else "-")
            self.lines.append(f"  {mark} {label}{': ' + '; '.join(misses) if misses else ''}")
        self.lines.append("All met." if ok else "Missed where marked *.")


# Main ---------------------------------------------------------------------------------------------


def interrupt(signum, frame):
    """SIGTERM (from make, CI or kill) unwinds through `finally` as Ctrl-C does, so gunicorn is
    stopped."""
    raise KeyboardInterrupt


def phase_list(text: str) -> list[str]:
    phases = [p.strip() for p in text.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown or not phases:
        raise argparse.ArgumentTypeError(f"phases are {', '.join(PHASES)} (comma-separated)")
    return [p for p in PHASES if p in phases]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds of load per page (default 10)"
    )
    parser.add_argument(
        "--service-duration",
        type=float,
        default=3,
        help="seconds per page at one connection, service-time phase (default 3)",
    )
    parser.add_argument(
        "--mixed-duration", type=float, default=20, help="seconds of the mixed phase (default 20)"
    )
    parser.add_argument(
        "--phases",
        type=phase_list,
        default=list(PHASES),
        help=f"comma-separated, of {','.join(PHASES)} (default all)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up load per page")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results.txt")
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("SCALE") or 1),
        help="times the reference data set, in a database of its own (default SCALE or 1)",
    )
    parser.add_argument("--seed-only", action="store_true", help="migrate and seed, then stop")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.seed_only and shutil.which("wrk") is None:
        raise SystemExit(
            "bench: wrk is not installed (apt-get install -y wrk; `make bench` does it)"
        )
    env = production_env(database_url(args.scale))
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # production settings, plus /bench/ceiling
    if not args.seed_only:
        choose_cache(env)
    thread_url = prepare_data(env, args.scale)
    if args.seed_only:
        return 0
    log("collecting static files")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    signal.signal(signal.SIGTERM, interrupt)
    log_path = Path("/tmp") / f"taro-bench-gunicorn-{os.getpid()}.log"
    server = Server(env, args.workers, log_path)
    sampler = MemorySampler(server.process.pid)
    bench = Bench(server, env, thread_url, args)
    try:
        server.wait_ready()
        log(f"gunicorn ready on {server.base}")
        sampler.start()
        bench.prepare(args.phases)
        bench.run(args.phases)
    finally:
        sampler.running = False
        server.stop()
        log("gunicorn stopped")
    text, ok = Report(bench, sampler.peak_mb(), log_path, args, args.phases).text()
    sys.stdout.write(text)
    args.output.write_text(text)
    log(f"written to {args.output}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
