"""Rehearse docs/deploying.md on this machine, as written, on a blank database.

    python ops/deploy_check.py deploy   # `make deploy-check`
    python ops/deploy_check.py backup   # `make backup-check`
    python ops/deploy_check.py all      # both on one database (what the test suite runs)

deploy: a new database, then the documented commands with production settings (DEBUG off, a
fresh SECRET_KEY, host taro.example, TRUSTED_PROXY_COUNT=1 as behind Caddy): migrate,
collectstatic (into a temporary STATIC_ROOT, never the working tree's), sync_guides,
check --deploy, createsuperuser. `createcachetable --dry-run` must have nothing to do (migrate
made its table). Then the three shipped systemd units (ops/systemd/), their paths pointed at this
checkout: `systemd-analyze verify` accepts them, and each one's ExecStart is run as systemd would
(no shell, no PATH lookup). `web` (gunicorn with gunicorn.conf.py) is asked what Caddy would ask
(X-Forwarded-Proto: https, X-Forwarded-For: the client): /healthz, the home page with HSTS, a
redirect to https for plain HTTP, the superuser logs in to the admin and to the site, and one
client's failed logins lock out that client only; `worker` and `digest` start, say what they do,
and stop cleanly on SIGTERM.

backup: the README's pg_dump, then the database is dropped, created again and restored with its
pg_restore; the guides, the superuser (who can still log in) and every migration are found.

The database is NAME (--database, default taro_deploy_check) on the server at 127.0.0.1:5432
when it answers, else on the embedded one; it is dropped first and left for inspection. The
cache is a redis-server of the run's own (on a free port, stopped at the end), or --redis URL,
or PostgreSQL's with --no-redis. With Redis, the backup check also proves that a restore is
served as restored while Redis keeps what it held: pages are cached, pg_dump, a question asked
and the dumped one deleted (and both read, so Redis holds the lost timeline's pages), the
restore steps of docs/operations.md with Redis left running, then the list shows the restored
questions and not the lost one, and a question asked after the restore shows at once.
"""

import argparse
import html
import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taro import devdb  # noqa: E402

HOST = "taro.example"
# The shipped units (docs/deploying.md step 5) name the app's directory on the server.
UNITS = ROOT / "ops/systemd"
UNIT_APP_DIR, UNIT_ENV_FILE = "/srv/taro/app", "/etc/taro.env"
UNIT_FILES = {
    "web": "taro-web.service",
    "worker": "taro-worker.service",
    "digest": "taro-digest.service",
}
# Behind Caddy each request names its client in X-Forwarded-For.
MEMBER_ADDRESS, ATTACKER_ADDRESS = "198.51.100.7", "203.0.113.66"
SUPERUSER = ("admin", "admin@taro.example")
# docs/deploying.md's commands, in its order (tests/taro/test_deploy.py holds the guide to them).
MIGRATE = ["migrate", "--noinput"]
SYNC_GUIDES = ["sync_guides"]
CREATE_SUPERUSER = [
    "createsuperuser",
    "--noinput",
    "--username",
    SUPERUSER[0],
    "--email",
    SUPERUSER[1],
]
DEPLOY_STEPS = [
    MIGRATE,
    ["collectstatic", "--noinput"],
    SYNC_GUIDES,
    ["check", "--deploy", "--fail-level", "WARNING"],
    CREATE_SUPERUSER,  # the first time only; DJANGO_SUPERUSER_PASSWORD answers for the operator
]
BACKUP_COMMAND = ["pg_dump", "--format=custom", "--file={dump}", "{url}"]
RESTORE_COMMAND = ["pg_restore", "--no-owner", "--exit-on-error", "--dbname={url}", "{dump}"]


def say(line: str) -> None:
    print(line, flush=True)


def fail(what: str, output: str = "") -> None:
    raise SystemExit(f"deploy-check: FAILED: {what}\n{output}".rstrip())


# The database ------------------------------------------------------------------------------


def server_url(name: str) -> str:
    """`name` on the local server when it answers, else on the embedded one."""
    maintenance = devdb.dedicated_url("postgres")
    parts = urlsplit(maintenance)
    return urlunsplit(parts._replace(path="/" + name))


def admin_connection(url: str):
    import psycopg2

    connection = psycopg2.connect(server_url_of(url, "postgres"))
    connection.autocommit = True
    return connection


def server_url_of(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def recreate(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def drop(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    connection.close()


def query(url: str, sql: str) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    connection.close()
    return rows


def pg_tool(name: str, url: str) -> str:
    """pg_dump or pg_restore at least as new as the server (the embedded one is PostgreSQL 16)."""
    server_major = int(query(url, "SHOW server_version_num")[0][0]) // 10000
    candidates = [shutil.which(name)]
    if "host=/" in url:  # the embedded server: its own tools come with it
        candidates.insert(
            0, str(Path(devdb.import_pgserver().__file__).parent / "pginstall/bin" / name)
        )
    for candidate in filter(None, candidates):
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)\.", version)
        if match and int(match.group(1)) >= server_major:
            return candidate
    fail(f"no {name} for PostgreSQL {server_major}: install Debian's postgresql-client")
    return ""


# Production, as an operator runs it ----------------------------------------------------------


PASSED_THROUGH = {"HOME", "LANG", "LC_ALL", "TMPDIR", "TZ", "USER"}


def production_env(url: str, redis_url: str, password: str) -> dict:
    # Only what docs/deploying.md's /etc/taro.env sets: nothing of the caller's settings (DEBUG,
    # the test suite's SECURE_SSL_REDIRECT=0, …) leaks in. Two differences: the mail server is
    # one that is never reached (nothing is sent), and collectstatic writes to a temporary
    # folder, not the working tree's staticfiles/ that another run may be serving.
    env = {key: value for key, value in os.environ.items() if key in PASSED_THROUGH}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="taro.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        SITE_URL=f"https://{HOST}",
        REDIS_URL=redis_url,
        TRUSTED_PROXY_COUNT="1",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        STATIC_ROOT=tempfile.mkdtemp(prefix="deploy-check-static-"),
        DJANGO_SUPERUSER_PASSWORD=password,
        PATH=os.environ.get("PATH", "/usr/bin:/bin"),
    )
    return env


def manage(args: list[str], env: dict, label: str = "") -> str:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        fail(label or "manage.py " + " ".join(args), result.stdout + result.stderr)
    say(f"  ok  {label or 'manage.py ' + ' '.join(args)} ({time.monotonic() - started:.1f}s)")
    return result.stdout + result.stderr


def unit_text(process: str, env_file: str = UNIT_ENV_FILE) -> str:
    """The shipped unit for `process`, its paths pointed at this checkout."""
    text = (UNITS / UNIT_FILES[process]).read_text().replace(UNIT_APP_DIR, str(ROOT))
    return text.replace(UNIT_ENV_FILE, env_file)


def unit_command(process: str) -> list[str]:
    """The unit's ExecStart, as systemd runs it: split into words, no shell, no PATH lookup."""
    [line] = re.findall(r"(?m)^ExecStart=(.*)$", unit_text(process))
    command = shlex.split(line)
    if not Path(command[0]).is_absolute():
        fail(f"{UNIT_FILES[process]}: ExecStart must start with an absolute path: {line}")
    return command


def unit_directory(process: str) -> str:
    [directory] = re.findall(r"(?m)^WorkingDirectory=(.*)$", unit_text(process))
    return directory


def verify_units(env: dict) -> None:
    """`systemd-analyze verify` on the three units, with their paths pointed at this checkout."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        fail("systemd-analyze is missing: install Debian's systemd package (make test does)")
    with tempfile.TemporaryDirectory(prefix="deploy-check-units-") as directory:
        env_file = Path(directory) / "taro.env"
        env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
        for process, name in UNIT_FILES.items():
            (Path(directory) / name).write_text(unit_text(process, str(env_file)))
        result = subprocess.run(
            [analyze, "verify", *(str(Path(directory) / name) for name in UNIT_FILES.values())],
            capture_output=True,
            text=True,
        )
    if result.returncode != 0 or result.stderr.strip():
        fail("systemd-analyze verify on ops/systemd/", result.stdout + result.stderr)
    say(f"  ok  systemd-analyze verify: {', '.join(UNIT_FILES.values())}")


class Proxy:
    """What Caddy in front sends to gunicorn (ops/Caddyfile): Host, X-Forwarded-Proto, and the
    client's address in X-Forwarded-For."""

    def __init__(self, port: int, client: str = MEMBER_ADDRESS):
        self.port, self.cookies, self.client = port, {}, client

    def request(self, method, path, *, body=None, tls=True, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, "X-Forwarded-For": self.client, **(headers or {})}
        if tls:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{HOST}"
            sent["Referer"] = f"https://{HOST}{path}"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response, text

    def log_in(self, form_path: str, fields: dict) -> http.client.HTTPResponse:
        from urllib.parse import urlencode

        self.cookies.clear()
        _, page = self.request("GET", form_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            fail(f"no CSRF token on {form_path}", page[:500])
        body = urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        response, text = self.request("POST", form_path, body=body)
        return response, text


def start_web(env: dict) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="deploy-check-web-", suffix=".log")[1])
    web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    process = subprocess.Popen(
        unit_command("web"),
        cwd=unit_directory("web"),
        env=web_env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail("gunicorn exited", log.read_text())
        try:
            if Proxy(port).request("GET", "/healthz")[0].status == 200:
                return process, port, log
        except OSError:
            time.sleep(0.2)
    fail("gunicorn did not answer", log.read_text())
    return process, port, log


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def check_web(env: dict, password: str) -> None:
    process, port, log = start_web(env)
    say(f"  ok  web: {' '.join(unit_command('web'))} (gunicorn.conf.py) answers on port {port}")
    try:
        proxy = Proxy(port)
        response, text = proxy.request("GET", "/healthz")
        if response.status != 200 or '"status": "ok"' not in text:
            fail("/healthz", text)
        response, _ = proxy.request("GET", "/", tls=False)
        if response.status != 301 or response.getheader("Location") != f"https://{HOST}/":
            fail(f"plain HTTP is not sent to https (status {response.status})")
        response, text = proxy.request("GET", "/")
        if response.status != 200 or "max-age" not in (
            response.getheader("Strict-Transport-Security") or ""
        ):
            fail(f"home page over TLS: status {response.status}, no HSTS")
        say("  ok  /healthz; home page with HSTS; plain HTTP redirected to https")

        username, email = SUPERUSER
        response, text = proxy.log_in(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        if response.status != 302:
            fail("the superuser's admin login", text[:2000])
        response, text = proxy.request("GET", "/admin/")
        if response.status != 200 or "Site administration" not in text:
            fail("the admin after logging in", text[:2000])
        response, text = proxy.log_in("/accounts/login/", {"login": email, "password": password})
        if response.status != 302 or response.getheader("Location") != "/":
            fail("the superuser's login on the site", text[:2000])
        response, text = proxy.request("GET", "/settings/profile/")
        if response.status != 200:
            fail("a signed-in page after the site login", text[:2000])
        say("  ok  the superuser logs in to the admin and to the site")
        check_clients_behind_the_proxy(port, password)
    finally:
        stop(process)
    lines = log.read_text()
    if not re.search(r"taro\.requests \d+: GET /healthz 200 [\d.]+ms user=anonymous", lines):
        fail("no request line in the web process's log", lines[-3000:])
    say("  ok  one log line per request on stderr (taro.requests)")
    log.unlink()


def check_clients_behind_the_proxy(port: int, password: str) -> None:
    """Every request comes from 127.0.0.1 (the proxy): with TRUSTED_PROXY_COUNT=1 allauth's
    per-address limits count each client, so one attacker's failed logins (10 a minute) lock
    out the attacker, not every member."""
    attacker = Proxy(port, client=ATTACKER_ADDRESS)
    for attempt in range(11):
        attacker.log_in("/accounts/login/", {"login": f"nobody{attempt}@{HOST}", "password": "x"})
    response, text = attacker.log_in(
        "/accounts/login/", {"login": SUPERUSER[1], "password": password}
    )
    if response.status != 429 and "Too many failed login attempts" not in text:
        fail(f"the attacker was not stopped after 11 failed logins (status {response.status})")
    response, text = Proxy(port).log_in(
        "/accounts/login/", {"login": SUPERUSER[1], "password": password}
    )
    if response.status != 302:
        fail("a member behind the same proxy was locked out by another client's failures", text)
    say("  ok  behind the proxy, one client's failed logins lock out that client only")


def check_workers(env: dict) -> None:
    expected = {
        "worker": "Sending notification emails every",
        "digest": "Sending digests every day",
    }
    for name, announcement in expected.items():
        process = subprocess.Popen(
            unit_command(name),
            cwd=unit_directory(name),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        time.sleep(4)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
        if process.returncode != 0 or announcement not in output:
            fail(f"{UNIT_FILES[name]} (exit {process.returncode})", output)
        say(f"  ok  {name}: {' '.join(unit_command(name))} runs and stops on SIGTERM")


def deploy(url: str, env: dict, password: str) -> None:
    say(f"Deploying on a blank database ({urlsplit(url).path.lstrip('/')}), production settings:")
    recreate(url)
    for step in DEPLOY_STEPS:
        manage(step, env)
    # The table is for a site without Redis (the cache's default then): asked without REDIS_URL.
    if "already exists" not in manage(["createcachetable", "--dry-run"], {**env, "REDIS_URL": ""}):
        fail("migrate did not make the cache table")
    say("  ok  createcachetable has nothing to do: migrate made the cache table")
    verify_units(env)
    check_web(env, password)
    check_workers(env)


# Backups -----------------------------------------------------------------------------------


QUESTION = "Backup check: is this question still here after a restore?"
LOST = "Backup check: written after the dump, lost by the restore"
AFTER = "Backup check: written after the restore, shown at once"


def ask(title: str) -> str:
    """A manage.py shell script: the superuser asks `title`; prints the question's URL."""
    return f"""
from django.contrib.auth import get_user_model
from forum import services
from taro.models import Company, Topic
question = services.ask_question(
    author=get_user_model().objects.get(username={SUPERUSER[0]!r}),
    company=Company.objects.get(slug="amazon"),
    title={title!r},
    body_source="Written by the backup check, to be looked for around pg_restore: " + {title!r},
    topics=Topic.objects.filter(slug="promotion"),
    is_anonymous=False,
)
print("URL", question.get_absolute_url())
"""


def delete(title: str) -> str:
    return f"""
from forum import services
from forum.models import Question
question = Question.objects.get(title={title!r})
services.delete_post(user=question.author, post=question)
"""


def asked_url(output: str) -> str:
    return re.search(r"^URL (\S+)$", output, flags=re.M).group(1)


FINDINGS = {
    "questions": f"SELECT count(*) FROM forum_question WHERE title = '{QUESTION}'",
    "guides": "SELECT count(*) FROM guides_guide",
    "superusers": "SELECT count(*) FROM auth_user WHERE is_superuser",
    "migrations": "SELECT count(*) FROM django_migrations",
}


def backup(url: str, env: dict, password: str) -> None:
    manage(["shell", "-c", ask(QUESTION)], env, label="the superuser asks a question")
    before = {what: query(url, sql)[0][0] for what, sql in FINDINGS.items()}
    if not all(before.values()):
        fail(f"nothing to back up: {before}")
    web = start_web(env)
    try:
        cached_list(web[1], shows=[QUESTION], hides=[LOST])
        with tempfile.TemporaryDirectory(prefix="deploy-check-") as directory:
            dump = Path(directory) / "taro.dump"
            pg_dump, pg_restore = pg_tool("pg_dump", url), pg_tool("pg_restore", url)
            run([pg_dump, *(a.format(dump=dump, url=url) for a in BACKUP_COMMAND[1:])], "pg_dump")
            say(f"  ok  pg_dump --format=custom: {dump.stat().st_size // 1024} KB")
            lost_url = lost_timeline(web[1], env)
            # The restore steps (docs/operations.md): the site stopped, Redis left running.
            stop(web[0])
            drop(url)
            if query(
                server_url_of(url, "postgres"),
                f"SELECT 1 FROM pg_database WHERE datname = '{urlsplit(url).path.lstrip('/')}'",
            ):
                fail("the database was not dropped")
            say("  ok  database dropped")
            recreate(url)
            run(
                [pg_restore, *(a.format(dump=dump, url=url) for a in RESTORE_COMMAND[1:])],
                "pg_restore",
            )
        web = start_web(env)
        restored_state_served(web[1], env, lost_url, with_redis=bool(env["REDIS_URL"]))
    finally:
        stop(web[0])
        web[2].unlink(missing_ok=True)
    after = {what: query(url, sql)[0][0] for what, sql in FINDINGS.items()}
    if after != before:
        fail(f"restored {after}, dumped {before}")
    say(f"  ok  restored with pg_restore: found {', '.join(f'{n} {w}' for w, n in after.items())}")
    manage(["migrate", "--check"], env)
    manage(
        [
            "shell",
            "-c",
            "from django.contrib.auth import authenticate; "
            f"assert authenticate(username={SUPERUSER[0]!r}, password={password!r})",
        ],
        env,
        label="the superuser's password works",
    )
    say("  ok  nothing left to migrate; the superuser's password still works")


def cached_list(port: int, *, shows: list[str], hides: list[str]) -> None:
    """The question list as an anonymous reader gets it, twice (the second from the cache)."""
    for _ in range(2):
        response, page = Proxy(port).request("GET", "/questions/")
        if response.status != 200:
            fail(f"/questions/: status {response.status}", page[:2000])
        page = html.unescape(page)
        for title in shows:
            if title not in page:
                fail(f"/questions/ does not show {title!r}")
        for title in hides:
            if title in page:
                fail(f"/questions/ shows {title!r}")


def lost_timeline(port: int, env: dict) -> str:
    """Writes after the dump, each read by anonymous readers (so Redis holds pages of them):
    a question asked and the dumped one deleted. Returns the lost question's URL."""
    lost_url = asked_url(manage(["shell", "-c", ask(LOST)], env, label="a question after pg_dump"))
    manage(["shell", "-c", delete(QUESTION)], env, label="the dumped question deleted")
    cached_list(port, shows=[LOST], hides=[QUESTION])
    for _ in range(2):
        if Proxy(port).request("GET", lost_url)[0].status != 200:
            fail(f"{lost_url} is not served before the restore")
    say("  ok  after pg_dump: a question asked, one deleted; Redis holds the pages that show it")
    return lost_url


def restored_state_served(port: int, env: dict, lost_url: str, *, with_redis: bool) -> None:
    """With Redis left running, readers get the restored database, not the lost timeline's
    pages kept under the same version numbers, and a write after the restore shows at once."""
    cached_list(port, shows=[QUESTION], hides=[LOST])
    status = Proxy(port).request("GET", lost_url)[0].status
    if status != 404:
        fail(f"{lost_url}, asked after the dump, answers {status} after the restore")
    asked = manage(["shell", "-c", ask(AFTER)], env, label="a question after the restore")
    after_url = asked_url(asked)
    cached_list(port, shows=[QUESTION, AFTER], hides=[LOST])
    if Proxy(port).request("GET", after_url)[0].status != 200:
        fail(f"{after_url}, asked after the restore, is not served")
    cache = "with Redis left running" if with_redis else "without Redis"
    say(f"  ok  {cache}: the restored questions served, none of the lost; a new one at once")


def run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail(what, result.stdout + result.stderr)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["deploy", "backup", "all"])
    parser.add_argument("--database", default="taro_deploy_check")
    parser.add_argument(
        "--redis", default="", metavar="URL", help="REDIS_URL (default: a redis-server of its own)"
    )
    parser.add_argument("--no-redis", action="store_true", help="the cache in PostgreSQL")
    args = parser.parse_args(argv)
    url = server_url(args.database)
    password = secrets.token_urlsafe(16)
    redis_server = None
    if not args.redis and not args.no_redis:
        redis_server, args.redis = own_redis()
    try:
        rehearse(args, url, password)
    finally:
        if redis_server is not None:
            redis_server.terminate()
            redis_server.wait(timeout=30)


def own_redis() -> tuple[subprocess.Popen, str]:
    """A redis-server for this run alone (production's settings but persistence: nothing in it
    outlives the run), on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:
        fail("no redis-server: `make redis` installs it (or give --redis URL, or --no-redis)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    process.kill()
    fail(f"redis-server did not start on port {port}")
    return process, ""


def rehearse(args, url: str, password: str) -> None:
    env = production_env(url, args.redis, password)
    say(f"The cache: {args.redis or 'PostgreSQL (no REDIS_URL)'}")
    started = time.monotonic()
    try:
        if args.what in {"deploy", "all"}:
            deploy(url, env, password)
        else:
            steps = "migrate, collectstatic, sync_guides, superuser"
            say(f"A site to back up ({args.database}): {steps}:")
            recreate(url)
            for step in (MIGRATE, DEPLOY_STEPS[1], SYNC_GUIDES, CREATE_SUPERUSER):
                manage(step, env)
        if args.what in {"backup", "all"}:
            say("Backup and restore, as docs/deploying.md says:")
            backup(url, env, password)
    finally:  # the static files both rehearsals serve, collected into a folder of their own
        shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    say(f"deploy-check: {args.what}: all done in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
