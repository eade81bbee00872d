"""Serving Taro on loopback with production settings, for `make bench` and `make audit`."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dedicated_database_url(name: str, override_variable: str) -> str:
    """The URL in `override_variable` when set, else a database of the tool's own."""
    if os.environ.get(override_variable):
        return os.environ[override_variable]
    from taro.devdb import dedicated_url  # the scripts put the project root on sys.path

    return dedicated_url(name)


def production_env(db_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DATABASE_URL": db_url,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; production sits behind TLS
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "taro.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env: dict, *args: str, tool: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(
            f"{tool}: manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, so stopping it stops every worker."""

    def __init__(self, env: dict, *, workers: int, log_path: Path, tool: str):
        self.tool = tool
        self.port = free_port()
        self.log_file = open(log_path, "w")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "taro.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--worker-tmp-dir",
            "/dev/shm",
            "--backlog",
            "2048",
            # gunicorn.conf.py recycles workers every ~10,000 requests in production; a load run
            # serves that many in seconds, and would measure the restarts, not the pages.
            "--max-requests",
            "0",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def status(self, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        finally:
            connection.close()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"{self.tool}: gunicorn exited ({self.process.returncode}); "
                    f"see {self.log_file.name}"
                )
            try:
                if self.status("/healthz") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{self.tool}: gunicorn did not become ready in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log_file.close()
