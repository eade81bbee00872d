"""taro.devdb, behind `make run`, `make test` and `make stop`: the embedded PostgreSQL starts
without warnings, `make stop` stops it and keeps its data; `--prefer-server` creates the database
it points at."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest

from taro import devdb

ROOT = Path(__file__).resolve().parents[2]
PRINT_URL = ("--", sys.executable, "-c", "import os; print(os.environ['DATABASE_URL'])")


def devdb_command(*args, data_dir: Path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    environment.pop("XDG_RUNTIME_DIR", None)
    environment.update(TARO_PGDATA=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "taro.devdb", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def data_dir():
    # Under .data (not /tmp/pytest-of-…): as root pgserver opens the path to its own user.
    (ROOT / ".data").mkdir(exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="stop-test-", dir=ROOT / ".data"))
    # mkdtemp makes it 0700; as root devdb refuses to let pgserver open a private folder
    # (tests/taro/test_devdb_private_tree.py), so this one is open from the start.
    directory.chmod(0o755)
    yield directory / "pg"
    devdb.stop(directory / "pg")
    shutil.rmtree(directory, ignore_errors=True)


def test_make_stop_stops_the_embedded_server_and_keeps_its_data(data_dir):
    started = devdb_command(*PRINT_URL, data_dir=data_dir)
    assert started.returncode == 0, started.stderr
    # Our own runtime directory: no "XDG_RUNTIME_DIR is not set" warning from platformdirs.
    assert "XDG_RUNTIME_DIR" not in started.stderr, started.stderr
    url = started.stdout.strip()
    pid = devdb.embedded_pid(data_dir)
    assert pid is not None and url.startswith("postgresql://")
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")

    stopped = devdb_command("stop", data_dir=data_dir)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout.startswith(f"Stopped the embedded PostgreSQL (pid {pid})")
    assert devdb.embedded_pid(data_dir) is None
    with pytest.raises(OSError):
        os.kill(pid, 0)
    again = devdb_command("stop", data_dir=data_dir)
    assert again.stdout.startswith("No embedded PostgreSQL is running")

    # The next command starts it again on the same data.
    restarted = devdb_command(*PRINT_URL, data_dir=data_dir)
    with psycopg2.connect(restarted.stdout.strip()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT note FROM kept")
        assert cursor.fetchall() == [("still here",)]


def test_make_stop_is_a_target():
    makefile = (ROOT / "Makefile").read_text()
    stop = makefile.split("\nstop:\n")[1].split("\n\n")[0]
    assert "$(PY) -m taro.devdb stop" in stop
    assert "\nclean-db: stop\n" in makefile


@pytest.mark.skipif(not devdb.local_server_answers(), reason="needs the server at 127.0.0.1:5432")
def test_prefer_server_creates_the_database_it_points_at():
    """`make test` ran makemigrations --check against a database it never made ("database taro
    does not exist" warning): the database is created when missing."""
    name = "taro_h16_devdb_check" if "taro_h16" in os.environ.get("DATABASE_URL", "") else None
    name = name or f"taro_devdb_check_{os.getpid()}"
    admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        saved = os.environ.pop("DATABASE_URL", None)
        try:
            url = devdb.resolve_url(prefer_server=True, name=name)
        finally:
            if saved is not None:
                os.environ["DATABASE_URL"] = saved
        assert url.endswith(f"/{name}")
        with psycopg2.connect(url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone() == (name,)
        connection.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
