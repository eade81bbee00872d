"""A redis-server of a test's own, on a free port: the faults a test drives (pause, sleep,
stop, memory limits) never reach the machine's shared Redis, which other suites use."""

import contextlib
import shutil
import signal
import socket
import subprocess
import time

import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on `port` (no persistence, as the suite's)."""

    def __init__(self, port: int):
        self.port = port
        self.process = None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "the suite needs redis-server (make redis installs it)"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--enable-debug-command", "local"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if self.client().ping():
                    return
            time.sleep(0.02)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)  # in case a test left it stopped
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def client(self, timeout: float = 1) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=timeout, socket_connect_timeout=timeout)


@contextlib.contextmanager
def private_cache():
    """The site's cache (production's backend and options) on a redis-server of its own."""
    from django.conf import settings
    from django.test import override_settings

    from taro import redisconn

    server = RedisServer(free_port())
    server.start()
    cache = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    try:
        with override_settings(CACHES=cache):
            yield server
    finally:
        server.stop()
        redisconn.reset()
