import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    # Drop what the test settings put in the environment, so the child sees production defaults.
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "EMAIL_BACKEND",
        "SITE_URL",
        "TRUSTED_PROXY_COUNT",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", env_overrides={"DEBUG": "0", "ALLOWED_HOSTS": "taro.example"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_secret():
    result = run_manage(
        "check", env_overrides={"DEBUG": "0", "SECRET_KEY": "django-insecure-taro-development-only"}
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    secret = "p" * 20 + "-Zq8#k2!vR7@mW4$tY9^" + "x" * 20
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "taro.example",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SITE_URL": "https://taro.example",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_only_postgres_urls_are_accepted():
    from django.core.exceptions import ImproperlyConfigured

    from taro.dburl import parse_database_url

    with pytest.raises(ImproperlyConfigured):
        parse_database_url("sqlite:///db.sqlite3")
    socket_url = parse_database_url("postgresql://postgres:@/taro?host=/tmp/pg")
    assert socket_url["HOST"] == "/tmp/pg" and socket_url["NAME"] == "taro"


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.postgresql.base import DatabaseWrapper

    def broken_cursor(self, *args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(DatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_security_headers_on_a_page(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_policy_built_once_is_django_csps_and_follows_the_settings(client, settings):
    """taro.middleware.SettingsCSPMiddleware sends what django-csp would build, and builds it
    again when the settings change."""
    from csp.utils import build_policy

    assert client.get("/healthz").headers["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in client.get("/healthz").headers
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}
    }
    reported = client.get("/healthz").headers["Content-Security-Policy-Report-Only"]
    assert reported == build_policy(report_only=True) and "report-uri /csp-report/" in reported


@pytest.mark.django_db
def test_the_admin_keeps_only_djangos_own_protections(client):
    # It ships inline scripts: django-csp leaves it out (EXCLUDE_URL_PREFIXES), as before.
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
