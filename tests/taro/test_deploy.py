"""Production, written down and runnable: docs/deploying.md is what ops/deploy_check.py
rehearses (`make deploy-check`, `make backup-check`), and the rehearsal passes: a blank database,
the release steps, the shipped systemd units (ops/systemd/) behind a simulated Caddy with
TRUSTED_PROXY_COUNT=1, the superuser's login, then pg_dump, drop, pg_restore and the data found
again."""

import datetime as dt
import importlib.util
import os
import re
import runpy
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forum.notifications import worker
from taro.dburl import parse_database_url

ROOT = Path(__file__).resolve().parents[2]
DEPLOYING = (ROOT / "docs/deploying.md").read_text()


def load_deploy_check():
    spec = importlib.util.spec_from_file_location("deploy_check", ROOT / "ops/deploy_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deploy_check = load_deploy_check()


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```\w*\n(.*?)```", text, flags=re.S)


@pytest.mark.django_db
def test_the_rehearsal_of_deploying_and_restoring_passes():
    """`make deploy-check` and `make backup-check` in one run, on a database of this suite's own."""
    name = f"{connection.settings_dict['NAME']}_deploy"
    result = subprocess.run(
        [sys.executable, "ops/deploy_check.py", "all", "--database", name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "deploy-check: all: all done" in result.stdout
        for evidence in (
            "the superuser logs in to the admin and to the site",
            "plain HTTP redirected to https",
            "one log line per request",
            "systemd-analyze verify: taro-web.service, taro-worker.service, taro-digest.service",
            f"web: {ROOT}/.venv/bin/gunicorn taro.wsgi (gunicorn.conf.py) answers",
            "behind the proxy, one client's failed logins lock out that client only",
            f"worker: {ROOT}/.venv/bin/python {ROOT}/manage.py send_notification_emails "
            "--loop 60 runs and stops",
            "database dropped",
            "restored with pg_restore: found 1 questions",
            # Redis (a server of the rehearsal's own) kept the lost timeline's pages: a restore
            # is still served as restored (taro/generation.py).
            "The cache: redis://127.0.0.1:",
            "with Redis left running: the restored questions served, none of the lost; a new "
            "one at once",
        ):
            assert evidence in result.stdout
    finally:
        url = deploy_check.server_url(name)
        admin = psycopg2.connect(deploy_check.server_url_of(url, "postgres"))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_the_guide_release_steps_are_the_rehearsed_ones():
    written = [
        command
        for command in re.findall(r"manage\.py ([a-z_]+(?: --[\w-]+(?: [A-Z]+)?)*)", DEPLOYING)
        if not command.startswith("send_notification_emails")  # the Procfile's processes
    ]
    rehearsed = [" ".join(step) for step in deploy_check.DEPLOY_STEPS]
    # The guide's createsuperuser asks its questions; the rehearsal answers them by options.
    assert written == [*rehearsed[:-1], "createsuperuser"]
    assert rehearsed[-1].startswith("createsuperuser --noinput")
    assert "createcachetable" in DEPLOYING  # says why it is not needed; the rehearsal checks it


def test_the_guide_installs_the_shipped_units_and_caddyfile():
    [install] = [block for block in code_blocks(DEPLOYING) if "/etc/systemd/system/" in block]
    for name in deploy_check.UNIT_FILES.values():
        assert f"ops/systemd/{name}" in install and (ROOT / "ops/systemd" / name).exists()
    assert "systemctl enable --now taro-web taro-worker taro-digest" in install
    caddyfile = (ROOT / "ops/Caddyfile").read_text()
    site = "".join(line + "\n" for line in caddyfile.splitlines() if not line.startswith("#"))
    assert site in code_blocks(DEPLOYING)
    assert "reverse_proxy 127.0.0.1:8000" in site
    assert "ops/Caddyfile" in DEPLOYING and "/etc/caddy/Caddyfile" in DEPLOYING


def test_the_guide_needs_no_sudo_and_installs_production_requirements_only():
    # Debian 12 doesn't install sudo: no command of the guide uses it.
    assert not [block for block in code_blocks(DEPLOYING) if re.search(r"\bsudo\b", block)]
    assert "runuser -u taro --" in DEPLOYING
    installs = re.findall(r"pip install (.*)", DEPLOYING)
    assert installs and all(line == "-r requirements.txt" for line in installs)


def test_the_guide_warns_about_connections_on_big_hosts():
    assert "max_connections" in DEPLOYING and "WEB_CONCURRENCY" in DEPLOYING
    assert "CONN_MAX_AGE" in DEPLOYING and "2 × cores + 1" in DEPLOYING


def test_the_guide_shows_the_rehearsed_backup_commands():
    dump = " ".join(deploy_check.BACKUP_COMMAND[:3]).replace("{dump}", "")
    restore = " ".join(deploy_check.RESTORE_COMMAND[:3])
    assert dump == "pg_dump --format=custom --file="
    assert f"{dump}/srv/taro/backups/" in DEPLOYING
    assert f"{restore} --dbname=taro" in DEPLOYING
    makefile = (ROOT / "Makefile").read_text()
    assert "\ndeploy-check: $(STAMP) systemd-tools\n\t$(PY) ops/deploy_check.py deploy" in makefile
    assert "\nbackup-check: $(STAMP)\n\t$(PY) ops/deploy_check.py backup" in makefile


def test_the_guide_settings_file_reads_in_sh_and_passes_check_deploy(tmp_path):
    """Step 3's /etc/taro.env, sourced as step 4 does, is a production configuration Django
    accepts with no warning; its DATABASE_URL is PostgreSQL's socket, as user taro."""
    [script] = [block for block in code_blocks(DEPLOYING) if "/etc/taro.env <<" in block]
    script = script.replace("/etc/taro.env", str(tmp_path / "taro.env")).replace(
        "chown taro:taro", "true"
    )
    subprocess.run(["sh", "-c", script], check=True)
    env_file = tmp_path / "taro.env"
    result = subprocess.run(
        [
            "sh",
            "-c",
            f'set -a; . {env_file}; set +a; "{sys.executable}" manage.py check --deploy '
            "--fail-level WARNING && env",
        ],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "taro.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    environment = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert environment["DEFAULT_FROM_EMAIL"] == "Taro <noreply@taro.example.com>"
    assert environment["TRUSTED_PROXY_COUNT"] == "1"  # behind Caddy
    assert len(environment["SECRET_KEY"]) >= 80
    database = parse_database_url(environment["DATABASE_URL"])
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "/var/run/postgresql",
        "taro",
        "taro",
    )


def test_gunicorn_conf_sizes_the_workers_from_the_cores(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["timeout"] == 30 and config["graceful_timeout"] == 30
    assert config["max_requests"] == 10_000 and config["max_requests_jitter"] == 1_000
    assert config["errorlog"] == "-" and config["accesslog"] is None  # Taro logs each request
    assert "%(q)s" not in config["access_log_format"]  # no query strings: people's searches
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3


def test_the_digest_process_waits_for_the_next_time_of_day():
    at = worker.parse_daily_time("07:00")
    utc = dt.UTC
    assert worker.next_run(dt.datetime(2026, 11, 27, 6, 59, tzinfo=utc), at) == dt.datetime(
        2026, 11, 27, 7, 0, tzinfo=utc
    )
    # At 07:00 or after, tomorrow: a restart at 07:30 sends nothing early or twice.
    for now in (
        dt.datetime(2026, 11, 27, 7, 0, tzinfo=utc),
        dt.datetime(2026, 11, 27, 7, 30, tzinfo=utc),
    ):
        assert worker.next_run(now, at) == dt.datetime(2026, 11, 28, 7, 0, tzinfo=utc)


@pytest.mark.parametrize(
    "args, error",
    [
        (["--digest", "--daily-at", "25:00"], "not a time of day"),
        (["--daily-at", "07:00"], "--daily-at goes with --digest alone"),
        (
            ["--digest", "--daily-at", "07:00", "--loop", "60"],
            "--daily-at goes with --digest alone",
        ),
    ],
)
def test_daily_at_refuses_what_it_cannot_do(args, error):
    with pytest.raises(CommandError, match=error):
        call_command("send_notification_emails", *args, stdout=StringIO())


@pytest.mark.django_db
def test_createsuperuser_makes_someone_who_can_log_in_on_the_site(
    client, monkeypatch, make_question
):
    """Logins need a confirmed email; the operator typed the superuser's, so it counts as one."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-Operator-passphrase-7")
    call_command(
        "createsuperuser",
        "--noinput",
        "--username",
        "operator",
        "--email",
        "ops@taro.example",
        stdout=StringIO(),
    )
    response = client.post(
        "/accounts/login/",
        {"login": "ops@taro.example", "password": "a-long-Operator-passphrase-7"},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/settings/profile/").status_code == 200
    # ... and moderate at once, as the README says: the queue, and a lock on any question.
    from forum.models import ModerationAction, Question

    assert client.get("/moderation/").status_code == 200
    question = make_question()
    assert 'value="lock">Lock</button>' in client.get(question.get_absolute_url()).content.decode()
    assert client.post(question.urls.moderate, {"action": "lock"}).status_code == 302
    assert Question.objects.get(pk=question.pk).is_locked
    assert ModerationAction.objects.get().moderator.username == "operator"
