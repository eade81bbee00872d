"""`make bench`: Taro under load, on the reference data set, with production settings.

    python bench/run.py [--duration 10] [--connections 32] [--workers 3] [--seed-only] [--strict]

1. Finds PostgreSQL (DATABASE_URL, else the server at 127.0.0.1:5432 with database taro_bench,
   else the embedded one) and migrates it; seeds the reference data set if it is not there.
2. collectstatic, then gunicorn with production settings (DEBUG off, a generated SECRET_KEY,
   plain HTTP on loopback) on a free port.
3. Warms every page up, then drives each with wrk (32 connections, 10 s), the ceiling view
   /bench/ceiling included, while sampling the workers' memory.
4. Prints requests/s, p50, p99, non-2xx and the ratio to the ceiling; writes bench-results.txt.
gunicorn is always stopped at the end, whatever happens.
"""
import argparse
import datetime as dt
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
from bench.loopback import dedicated_database_url, production_env  # noqa: E402

DATABASE_NAME = "taro_bench"
THREAD = "question, 50 answers"
PAGES = [
    ("home", "/"),
    ("guide", "/guides/performance-review/"),
    ("questions, page 1", "/questions/"),
    ("questions, page 200", "/questions/?page=200"),
    (THREAD, None),  # its URL comes from seed_bench
    ("search", "/search/?q=promotion+document"),
    ("healthz (one SQL query)", "/healthz"),
    ("ceiling (fixed 20 KB)", "/bench/ceiling"),
]
TARGETS = {"ratio": 0.5, "p99_ms": 60.0, "worker_rss_mb": 150.0}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# Database ----------------------------------------------------------------------------------------

def database_url() -> str:
    return dedicated_database_url(DATABASE_NAME, "DATABASE_URL")


def manage(env: dict, *args: str) -> str:
    return loopback.manage(env, *args, tool="bench")


def prepare_data(env: dict) -> str:
    """Migrate and seed; returns the fifty-answer thread's URL."""
    log("migrating")
    manage(env, "migrate", "--noinput", "-v", "0")
    log("seeding the reference data set (skipped if present)")
    output = manage(env, "seed_bench")
    sys.stderr.write(output)
    match = re.search(r"Fifty-answer thread: (\S+)", output)
    if not match:
        raise SystemExit("bench: seed_bench did not report the fifty-answer thread")
    return match.group(1)


# gunicorn -----------------------------------------------------------------------------------------

class Server(loopback.Server):
    def __init__(self, env: dict, workers: int, log_path: Path):
        super().__init__(env, workers=workers, log_path=log_path, tool="bench")

    def drain(self, timeout: float = 60) -> None:
        """Wait until requests left queued by the last load run are served, so they don't slow the next.
        A trivial request that comes back fast twice in a row means the workers' queue is empty."""
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


# Load ------------------------------------------------------------------------------------------------

def wrk(url: str, *, seconds: float, connections: int, threads: int) -> dict:
    # A 10 s timeout (wrk's default is 2 s) keeps slow responses in the percentiles instead of dropping them.
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "--latency", "-s", str(BENCH_DIR / "wrk_report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((l for l in output.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"bench: unexpected wrk output:\n{output}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    return {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "requests": values["requests"],
        "p50_ms": values["p50_us"] / 1000, "p99_ms": values["p99_us"] / 1000,
        "non2xx": values["non2xx"], "errors": values["socket_errors"],
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM"
    except ImportError:
        memory = ""
    return f"{os.cpu_count()} CPU ({cpu}), {memory}, {platform.system()} {platform.release()}"


def report(results: list[tuple[str, str, dict]], peak_mb: float, args, cache: str) -> tuple[str, bool]:
    ceiling = next(r for name, _, r in results if name.startswith("ceiling"))["rps"]
    lines = [
        f"Taro benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"Machine: {machine()}",
        f"Server: gunicorn, {args.workers} sync workers, production settings (DEBUG off), cache: {cache}; "
        f"load: wrk, {args.connections} connections, {args.duration:g} s per page, loopback; anonymous readers",
        "Data: 10,000 questions, 50,000 answers, 2,000 users (seed_bench)",
        "",
        f"{'page':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7} {'vs ceiling':>11}",
        "-" * 80,
    ]
    ok = True
    for name, path, r in results:
        ratio = r["rps"] / ceiling if ceiling else 0
        meets = (ratio >= TARGETS["ratio"] or name.startswith("ceiling")) and r["p99_ms"] < TARGETS["p99_ms"] \
            and r["non2xx"] == 0 and r["errors"] == 0
        ok &= meets
        lines.append(f"{name:<24} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['non2xx']:>8} "
                     f"{r['errors']:>7} {ratio:>10.0%}{'' if meets else '  *'}")
    ok &= peak_mb < TARGETS["worker_rss_mb"]
    lines += [
        "-" * 80,
        f"Peak worker memory (RSS): {peak_mb:.0f} MB",
        f"Targets: >= {TARGETS['ratio']:.0%} of the ceiling's req/s, p99 < {TARGETS['p99_ms']:g} ms, no non-2xx, "
        f"worker RSS < {TARGETS['worker_rss_mb']:g} MB. {'All met.' if ok else 'Missed where marked *.'}",
    ]
    return "\n".join(lines) + "\n", ok


# Main ---------------------------------------------------------------------------------------------

def interrupt(signum, frame):
    """SIGTERM (from make, CI or kill) unwinds through `finally` as Ctrl-C does, so gunicorn is stopped."""
    raise KeyboardInterrupt

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up load per page")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results.txt")
    parser.add_argument("--seed-only", action="store_true", help="migrate and seed, then stop")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.seed_only and shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install -y wrk; `make bench` does it)")
    env = production_env(database_url())
    thread_url = prepare_data(env)
    if args.seed_only:
        return 0
    log("collecting static files")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    signal.signal(signal.SIGTERM, interrupt)
    server = Server(env, args.workers, Path("/tmp") / f"taro-bench-gunicorn-{os.getpid()}.log")
    sampler = MemorySampler(server.process.pid)
    try:
        server.wait_ready()
        log(f"gunicorn ready on {server.base}")
        pages = [(name, path or thread_url) for name, path in PAGES]
        for name, path in pages:
            status = server.status(path)
            if status != 200:
                log(f"warning: {path} answers {status}, not 200")
        log("warming up")
        for _, path in pages:
            wrk(server.base + path, seconds=args.warmup, connections=8, threads=1)
            server.drain()
        sampler.start()
        results = []
        for name, path in pages:
            log(f"loading {path} for {args.duration:g} s")
            results.append((name, path, wrk(server.base + path, seconds=args.duration,
                                           connections=args.connections, threads=args.threads)))
            server.drain()
    finally:
        sampler.running = False
        server.stop()
        log("gunicorn stopped")
    cache = "redis" if env.get("REDIS_URL") else "local memory (per worker)"
    text, ok = report(results, sampler.peak_mb(), args, cache)
    sys.stdout.write(text)
    args.output.write_text(text)
    log(f"written to {args.output}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
