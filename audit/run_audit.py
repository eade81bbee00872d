"""`make audit`: accessibility, HTML validity and Lighthouse for the key pages, in one table.

    python audit/run_audit.py [--skip-tests] [--skip-lighthouse] [--runs 3] [--reports DIR]

1. Checks the tools: audit/node_modules (`npm ci --prefix audit`), Java, /usr/bin/chromium.
2. Finds PostgreSQL: AUDIT_DATABASE_URL, else database taro_audit on the server at
   127.0.0.1:5432 (created if missing), else the embedded one; migrates it and loads the guides
   and the demo forum (idempotent).
3. Runs tests/e2e/test_accessibility.py (axe at both widths and in dark mode, vnu, keyboard)
   on its own test database, test_taro_audit.
4. Serves the site with gunicorn and production settings (DEBUG off, WhiteNoise, plain HTTP on
   loopback) and, page by page (forms also sent back with errors): axe-core at 1280 px and 375 px,
   the Nu HTML checker on the HTML as served, and Lighthouse (mobile, its default; median of
   3 runs) on home, a guide and a question.
5. Prints the table; exits non-zero on any axe violation, vnu error, failed test, or a
   Lighthouse score under 95.
gunicorn is always stopped at the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT_DIR = ROOT / "audit"
sys.path.insert(0, str(ROOT))

from bench import loopback  # noqa: E402  (gunicorn on loopback with production settings, shared with bench)
from bench.loopback import dedicated_database_url, production_env  # noqa: E402
from tests.e2e import browser as e2e_browser  # noqa: E402  (the Chromium binary, flags and viewports the tests use)
from tests.e2e import test_accessibility as checks  # noqa: E402  (shared page list, axe and vnu helpers)

DATABASE_NAME = "taro_audit"
LIGHTHOUSE = AUDIT_DIR / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {"home", "guide", "question"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_FLOOR = 95


def log(message: str) -> None:
    print(f"audit: {message}", file=sys.stderr, flush=True)


def check_tools(lighthouse: bool) -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in (checks.AXE_JS, checks.VNU_JAR) + ((LIGHTHOUSE,) if lighthouse else ())
        if not p.exists()
    ]
    if missing:
        raise SystemExit(
            f"audit: missing {', '.join(missing)}: run `make audit-setup` (npm ci --prefix audit)"
        )
    if subprocess.run(["java", "-version"], capture_output=True).returncode:
        raise SystemExit(
            "audit: the Nu HTML checker needs Java 11+ (apt-get install default-jre-headless)"
        )
    if not os.path.exists(e2e_browser.CHROMIUM):
        raise SystemExit(f"audit: no Chromium at {e2e_browser.CHROMIUM} (apt-get install chromium)")


# Database and server ------------------------------------------------------------------------------


def database_url() -> str:
    return dedicated_database_url(DATABASE_NAME, "AUDIT_DATABASE_URL")


def manage(env: dict, *args: str) -> str:
    return loopback.manage(env, *args, tool="audit")


def prepare_data(env: dict) -> str:
    """Migrate, load guides and demo content, collect static files; returns the demo question's
    path."""
    log("migrating and loading the guides and the demo forum")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "sync_guides", "-v", "0")
    manage(env, "load_demo", "--allow-production")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return manage(
        env,
        "shell",
        "-c",
        "from forum.models import Question; "
        f"print(Question.objects.get(title={checks.QUESTION_TITLE!r}).get_absolute_url())",
    ).split()[-1]


# Checks -------------------------------------------------------------------------------------------


def run_tests(db_url: str) -> bool:
    log("running tests/e2e/test_accessibility.py")
    env = {**os.environ, "DATABASE_URL": db_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return (
        subprocess.run(
            [sys.executable, "-m", "pytest", "tests/e2e/test_accessibility.py", "-q"],
            cwd=ROOT,
            env=env,
        ).returncode
        == 0
    )


def browser_checks(base: str, question_url: str) -> tuple[dict, list[str]]:
    """axe at each width and vnu on each page: {(page, path): {"desktop": n, "phone": n, "vnu": n}},
    details."""
    from playwright.sync_api import sync_playwright

    axe_source = checks.AXE_JS.read_text()
    results, details, documents = {}, [], {}
    pages = list(checks.pages_to_audit(question_url))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=e2e_browser.CHROMIUM, args=e2e_browser.CHROMIUM_ARGS
        )
        for width in e2e_browser.VIEWPORTS:
            tabs = {}
            for member in (False, True):
                context = browser.new_context(
                    base_url=base, bypass_csp=True, **e2e_browser.VIEWPORTS[width]
                )
                tabs[member] = context.new_page()
                if member:
                    checks.log_in(tabs[member])
            for member, name, path, bad_input in pages:
                response = checks.visit(tabs[member], path, bad_input)
                if width == "desktop":
                    documents[f"{name} {path}"] = response.text()
                violations = checks.axe_violations(tabs[member], axe_source)
                results.setdefault((name, path), {})[width] = sum(
                    len(v["nodes"]) for v in violations
                )
                if violations:
                    details.append(
                        checks.describe_violations(f"[{width}] {name} {path}", violations)
                    )
            for tab in tabs.values():
                tab.context.close()
        browser.close()
    errors = checks.vnu_errors(checks.VNU_JAR, documents)
    for (name, path), counts in results.items():
        counts["vnu"] = sum(1 for error in errors if error.startswith(f"{name} {path} "))
    details.extend(errors)
    return results, details


def lighthouse_once(url: str, report: Path) -> dict:
    """One Lighthouse run; it fails now and then (NO_NAVSTART on a busy machine), so retry twice."""
    env = {**os.environ, "CHROME_PATH": e2e_browser.CHROMIUM}
    for attempt in range(3):
        report.unlink(missing_ok=True)
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode == 0 and report.exists():
            data = json.loads(report.read_text())
            if all(data["categories"][key]["score"] is not None for key in CATEGORIES):
                return data
        log(f"lighthouse attempt {attempt + 1} on {url} failed: {result.stderr.strip()[-300:]}")
    raise SystemExit(f"audit: lighthouse failed three times on {url}")


def worth_noting(audit: dict) -> bool:
    """A failed binary audit, a slow metric, or an opportunity that would actually save
    something."""
    mode, shown = audit.get("scoreDisplayMode"), str(audit.get("displayValue", ""))
    if mode == "binary":
        return True
    return (
        mode in {"numeric", "metricSavings"}
        and bool(shown)
        and not shown.endswith(" 0 ms")
        and shown != "0"
    )


def lighthouse(url: str, folder: Path, name: str, runs: int) -> dict:
    """The median of each category over `runs` runs (performance varies from run to run), and the
    audits that lost points in the median performance run."""
    reports = [
        lighthouse_once(url, folder / f"lighthouse-{name.replace(' ', '-')}-{i + 1}.json")
        for i in range(runs)
    ]
    scores = {
        key: statistics.median_low([round(r["categories"][key]["score"] * 100) for r in reports])
        for key in CATEGORIES
    }
    median = next(
        r
        for r in reports
        if round(r["categories"]["performance"]["score"] * 100) == scores["performance"]
    )
    scores["notes"] = [
        (audit["id"], audit["title"], audit.get("displayValue", ""))
        for audit in median["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and worth_noting(audit)
    ]
    return scores


# Report -------------------------------------------------------------------------------------------


def print_table(results: dict, scores: dict) -> None:
    header = ["page", "axe 1280", "axe 375", "vnu", "perf", "a11y", "best-pr", "seo"]
    rows = []
    for (name, path), counts in results.items():
        lh = scores.get(name, {})
        rows.append(
            [
                f"{name} {path}" if len(path) < 40 else f"{name} {path[:37]}...",
                str(counts.get("desktop", "-")),
                str(counts.get("phone", "-")),
                str(counts.get("vnu", "-")),
                *[str(lh.get(key, "")) for key in CATEGORIES],
            ]
        )
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        )

    print()
    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    print(
        "\naxe: nodes in violation of WCAG 2.0/2.1/2.2 A and AA rules; "
        "vnu: Nu HTML checker errors; "
        "Lighthouse: median of the runs, mobile emulation with simulated throttling (its defaults)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-tests", action="store_true", help="do not run tests/e2e/test_accessibility.py"
    )
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; the median is reported"
    )
    parser.add_argument("--reports", metavar="DIR", help="keep the Lighthouse JSON reports in DIR")
    args = parser.parse_args()
    check_tools(lighthouse=not args.skip_lighthouse)
    db_url = database_url()
    env = production_env(db_url)
    question_url = prepare_data(env)
    tests_ok = args.skip_tests or run_tests(db_url)

    server = loopback.Server(
        env,
        workers=2,
        log_path=Path(tempfile.gettempdir()) / "taro-audit-gunicorn.log",
        tool="audit",
    )
    try:
        server.wait_ready()
        log(f"axe and vnu on {server.base}")
        results, details = browser_checks(server.base, question_url)
        scores = {}
        if not args.skip_lighthouse:
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(args.reports or scratch)
                folder.mkdir(parents=True, exist_ok=True)
                for name, path in checks.PUBLIC_PAGES:
                    if name in LIGHTHOUSE_PAGES:
                        log(f"lighthouse {path.format(question=question_url)}")
                        scores[name] = lighthouse(
                            server.base + path.format(question=question_url),
                            folder,
                            name,
                            args.runs,
                        )
    finally:
        server.stop()

    if details:
        print("\n".join(details))
    for name, lh in scores.items():
        for audit_id, title, score in lh.pop("notes"):
            print(f"lighthouse {name}: {title} ({audit_id}): {score}")
    print_table(results, scores)
    low = [
        f"{name} {key} {value}"
        for name, lh in scores.items()
        for key, value in lh.items()
        if value < LIGHTHOUSE_FLOOR
    ]
    failed = (not tests_ok) or bool(details) or bool(low)
    if not tests_ok:
        print("audit: tests/e2e/test_accessibility.py failed (see above)")
    if low:
        print(f"audit: Lighthouse scores under {LIGHTHOUSE_FLOOR}: {', '.join(low)}")
    print("audit: " + ("FAILED" if failed else "all clear"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
