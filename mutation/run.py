"""`make mutation`: mutmut 2 on the modules where a silent bug costs most, each against its tests.

    python -m mutation.run              every module below, then the score table
    python -m mutation.run limits ...   only these modules (names from MODULES)
    python -m mutation.run --report     the table from the last run, running nothing

mutmut changes one module in place per mutant (and puts it back), runs the module's tests
(mutation/runtests.py) and records the outcome in .mutmut-cache. Killed mutants stay killed
across runs; survivors are run again whenever the tests change, so after adding a test a second
`make mutation` only re-runs the survivors. `.venv/bin/mutmut show <id>` shows one mutant's
diff; docs/mutation.md has the last scores and the survivors we accept.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from mutation.db import make_template

# name → (module, its tests, mutation types left out). The tests are the ones that exercise the
# module's rules, quickest first (-x stops at the first failure). String mutations are left out
# except in search parsing, where strings are the syntax: elsewhere they are mostly messages,
# and they would double the run (the Markdown allow-lists are guarded by the XSS corpus).
MODULES = {
    "permissions": (
        "forum/permissions.py",
        "tests/security/test_authorization_matrix.py tests/forum/test_posting_limits.py "
        "tests/forum/test_visibility.py tests/forum/test_state_machine.py",
        "string,fstring",
    ),
    "services": (
        "forum/services.py",
        "tests/forum/test_service_details.py tests/test_freshness.py "
        "tests/forum/test_write_rules.py tests/forum/test_editing.py "
        "tests/forum/test_post_kinds.py tests/forum/test_hidden_thread_answers.py "
        "tests/forum/test_visibility.py",
        "string,fstring",
    ),
    "limits": (
        "forum/limits.py",
        "tests/forum/test_posting_limits.py tests/forum/test_limits_concurrency.py",
        "string,fstring",
    ),
    "markdown": (
        "taro/markdown.py",
        "tests/taro/test_markdown_rules.py tests/taro/test_markdown.py "
        "tests/taro/test_markdown_hostile.py",
        "string,fstring",
    ),
    "pagecache": (
        "taro/pagecache.py",
        "tests/taro/test_pagecache.py tests/test_freshness.py tests/forum/test_cache_bounds.py "
        "tests/taro/test_cache_failure.py tests/taro/test_multiworker.py",
        "string,fstring",
    ),
    "search-query": (
        "forum/search/query.py",
        "tests/forum/test_search_parsing.py tests/forum/test_search.py "
        "tests/forum/test_search_synonyms.py tests/forum/test_search_intent.py",
        "",
    ),
    "search-intent": (
        "forum/search/intent.py",
        "tests/forum/test_search_intent.py",
        "",
    ),
    "search-grouping": (
        "forum/search/grouping.py",
        "tests/forum/test_search_grouping.py",
        "",
    ),
}

CACHE = Path(".mutmut-cache")
KILLED = ("ok_killed", "bad_timeout", "ok_suspicious")


def run(names: list[str]) -> None:
    make_template("tests/forum/test_write_rules.py")
    for name in names:
        path, tests, disabled = MODULES[name]
        existing = " ".join(t for t in tests.split() if Path(t).exists())
        command = [
            sys.executable,
            "-m",
            "mutmut",
            "run",
            "--paths-to-mutate",
            path,
            "--runner",
            f"{sys.executable} -m mutation.runtests {existing}",
            "--simple-output",
            "--no-progress",
        ]
        if disabled:
            command += ["--disable-mutation-types", disabled]
        print(f"== {name}: {path} against {existing}", flush=True)
        _forget_baseline()  # mutmut keeps one baseline time for all: each module needs its own
        untested = None
        while not _run_mutmut(command, path):
            left = _counts().get(path, {}).get("untested", 0)
            if left == untested:  # no mutant done since the last start: give up on this one
                print(f"mutmut makes no progress on {path}; {left} mutants left untested")
                break
            untested = left


# mutmut 2's worker now and then dies on a cache lookup (an AssertionError in
# cached_mutation_status) and leaves the main process waiting forever. The results so far are
# in the cache, so we stop it and start it again: it goes on from the first untested mutant.


def _run_mutmut(command: list[str], path: str) -> bool:
    """True when mutmut finished (its exit code is a bit field of outcomes, not an error).

    mutmut runs in a session of its own, so that it can be stopped with its worker and their
    tests; stopping this script (Ctrl-C, SIGTERM) stops them too and puts the module back."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )

    def stop(*_):
        _stop(process, path)
        sys.exit("Stopped; the module is as it was. Results so far are in .mutmut-cache.")

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("Traceback"):
                time.sleep(5)
                _stop(process, path)
                print(f"mutmut stopped on an error; starting it again for {path}", flush=True)
                return False
        process.wait()
        return True
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(process, path: str) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    process.wait()
    time.sleep(1)  # the worker's pytest (and any server a test started) goes with the group
    if Path(path + ".bak").exists():  # a mutant was on disk: put the module back
        shutil.move(path + ".bak", path)


def _forget_baseline() -> None:
    if CACHE.exists():
        with sqlite3.connect(CACHE) as connection:
            connection.execute("DELETE FROM miscdata WHERE key = 'baseline_time_elapsed'")


def _counts() -> dict[str, dict[str, int]]:
    """{module path: {mutmut status: number of mutants}} from .mutmut-cache."""
    if not CACHE.exists():
        return {}
    with sqlite3.connect(CACHE) as connection:
        rows = connection.execute(
            "SELECT f.filename, m.status, COUNT(*) FROM mutant m JOIN line l ON m.line = l.id "
            "JOIN sourcefile f ON l.sourcefile = f.id GROUP BY f.filename, m.status"
        ).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for filename, status, count in rows:
        counts.setdefault(filename, {})[status] = count
    return counts


def report() -> None:
    if not CACHE.exists():
        sys.exit("No .mutmut-cache yet: run `make mutation` first.")
    counts = _counts()
    header = ("module", "mutants", "killed", "survived", "untested", "score")
    print("{:28} {:>7} {:>6} {:>8} {:>8} {:>6}".format(*header))
    for _name, (path, _tests, _disabled) in MODULES.items():
        by_status = counts.get(path, {})
        killed = sum(by_status.get(s, 0) for s in KILLED)
        survived = by_status.get("bad_survived", 0)
        total = sum(by_status.values())
        untested = total - killed - survived - by_status.get("skipped", 0)
        score = f"{100 * killed / (killed + survived):.0f}%" if killed + survived else "-"
        print(f"{path:28} {total:7} {killed:6} {survived:8} {untested:8} {score:>6}")
    print("Survivors: `.venv/bin/mutmut results`; one mutant: `.venv/bin/mutmut show <id>`.")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments != ["--report"]:
        unknown = [a for a in arguments if a not in MODULES]
        if unknown:
            sys.exit(f"Unknown module(s) {unknown}; choose from {', '.join(MODULES)}.")
        run(arguments or list(MODULES))
    report()
