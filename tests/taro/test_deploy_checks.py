"""`check --deploy` fails (exit status, not a warning) on a production configuration that can't
sign anyone up: mail that is never delivered, or links that point at the server itself or
off TLS."""

import pytest

from tests.taro.test_settings_and_health import run_manage

SECRET = "p" * 20 + "-Zq8#k2!vR7@mW4$tY9^" + "x" * 20
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def check_deploy(**overrides):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "taro.example",
        "EMAIL_BACKEND": SMTP,
        "SITE_URL": "https://taro.example",
        **overrides,
    }
    # No --fail-level: errors alone must stop a release.
    return run_manage("check", "--deploy", env_overrides=env)


def test_the_defaults_of_development_fail_check_deploy():
    """DEBUG off but neither EMAIL_BACKEND nor SITE_URL set: the console backend and
    http://127.0.0.1:8000. Both are reported, and the command fails."""
    result = check_deploy(EMAIL_BACKEND="", SITE_URL="")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "taro.E001" in output and "console.EmailBackend" in output
    assert "taro.E002" in output and "http://127.0.0.1:8000" in output


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_mail_that_is_never_delivered_fails(backend):
    result = check_deploy(EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert "taro.E001" in result.stderr and "taro.E002" not in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "https://127.0.0.1",
        "https://localhost:8000",
        "https://[::1]/",
        "https://0.0.0.0",
        "http://taro.example",  # a public name, but plain http
    ],
)
def test_a_local_or_plain_http_site_url_fails(site_url):
    result = check_deploy(SITE_URL=site_url)
    assert result.returncode != 0
    assert "taro.E002" in result.stderr and "taro.E001" not in result.stderr


def test_a_delivering_backend_and_a_public_https_site_pass():
    result = check_deploy(SITE_URL="https://taro.example.com")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_check_leaves_development_alone():
    """Only --deploy asks: `make run` (DEBUG=1, console mail, 127.0.0.1) checks clean."""
    result = run_manage("check", env_overrides={"DEBUG": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
