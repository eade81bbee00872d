"""A loop for background processes (the Procfile's workers): run a job every N seconds until
SIGTERM/SIGINT, letting the job in hand finish first."""

import signal
import threading


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def run_every(seconds: int, job, write, *, what: str) -> None:
    stop = stop_on_signals()
    write(f"{what} every {seconds}s; stop with Ctrl-C or SIGTERM.")
    while not stop.is_set():
        job()
        stop.wait(seconds)
