"""Find or start the PostgreSQL that development and tests use, then run a command with it.

    python -m taro.devdb [--prefer-server] -- COMMAND...
    python -m taro.devdb stop          # `make stop`: stop the embedded server

DATABASE_URL wins when set. With --prefer-server (used by `make test`) the server at
127.0.0.1:5432 is used when it answers (its database `taro` is created when missing). Otherwise
an embedded PostgreSQL 16 from the pgserver wheel is started with its data under .data/pg
(TARO_PGDATA to move it); it keeps running for the next command, until `make stop`.

pgserver keeps its lock (and, for a long data path, its socket) in the user's runtime directory;
without XDG_RUNTIME_DIR it warns and falls back to the system temporary directory, so we give it
.data/run. As root it runs PostgreSQL as a system user `pgserver`, created on first use, and
makes every folder above its data, its socket and its programs readable by everyone
(chmod g+rx,o+rx): a clone under /root would turn /root from 0700 into 0755. So as root we
refuse when that would change any folder, and say what to do instead (a server in
DATABASE_URL, a non-root user, or TARO_PGSERVER_AS_ROOT=1 to accept the change).
"""

import os
import signal
import socket
import stat
import sys
import time
from pathlib import Path

LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/{name}"
DATA_ROOT = Path(__file__).resolve().parent.parent / ".data"
DATA_DIR = Path(os.environ.get("TARO_PGDATA") or DATA_ROOT / "pg")
RUNTIME_DIR = DATA_ROOT / "run"


def local_server_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def import_pgserver():
    """pgserver, with a runtime directory of ours (read once, when it is imported)."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
        RUNTIME_DIR.chmod(0o700)  # what the XDG specification (and platformdirs) requires
        os.environ["XDG_RUNTIME_DIR"] = str(RUNTIME_DIR)
    import pgserver

    return pgserver


# What pgserver adds, as root, to every folder above the paths it uses.
OPENED_BITS = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
AS_ROOT_ANYWAY = "TARO_PGSERVER_AS_ROOT"


def folders_pgserver_would_open(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """{folder: (mode now, mode after)} for the existing folders above `paths` (as pgserver walks
    them: the path as given, symlinks not resolved) that pgserver's chmod would change."""
    changes = {}
    for path in paths:
        for folder in Path(os.path.abspath(path)).parents:
            try:
                mode = stat.S_IMODE(folder.stat().st_mode)
            except FileNotFoundError:
                continue
            if mode & OPENED_BITS != OPENED_BITS:
                changes[folder] = (mode, mode | OPENED_BITS)
    return changes


def refuse_to_open_private_folders() -> None:
    """As root, stop before pgserver makes private folders readable by everyone, unless asked."""
    if os.geteuid() != 0 or os.environ.get(AS_ROOT_ANYWAY) == "1":
        return
    from pgserver._commands import POSTGRES_BIN_PATH

    runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or RUNTIME_DIR)
    changes = folders_pgserver_would_open([DATA_DIR, runtime, POSTGRES_BIN_PATH])
    if not changes:
        return
    listed = "\n".join(
        f"  {folder}: {before:04o} -> {after:04o}"
        for folder, (before, after) in sorted(changes.items())
    )
    raise SystemExit(
        "Not starting the embedded PostgreSQL as root: pgserver runs it as the user `pgserver` "
        "and would make these folders readable by everyone (chmod g+rx,o+rx):\n"
        f"{listed}\n"
        "Instead: run `make run` as a user other than root; or set DATABASE_URL to a PostgreSQL "
        "server (e.g. Debian's postgresql package); or keep the checkout and its data in folders "
        "others may already enter, e.g. `git clone … /srv/taro-dev` with "
        "TARO_PGDATA=/var/lib/taro-dev/pg. To let pgserver change them anyway: "
        f"{AS_ROOT_ANYWAY}=1."
    )


def embedded_url(name: str) -> str:
    pgserver = import_pgserver()
    refuse_to_open_private_folders()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(DATA_DIR, cleanup_mode=None)
    server.psql("SELECT 1")  # fail early and loudly if it did not start
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}"')
    return server.get_uri(name)


def local_server_url(name: str) -> str:
    """The local server's database `name`, created when missing."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return LOCAL_SERVER_URL.format(name=name)


def dedicated_url(name: str) -> str:
    """A database of its own for a tool (bench, audit): on the local server, else embedded."""
    return local_server_url(name) if local_server_answers() else embedded_url(name)


def resolve_url(prefer_server: bool, name: str = "taro") -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if prefer_server and local_server_answers():
        return local_server_url(name)
    return embedded_url(name)


def embedded_pid(data_dir: Path = DATA_DIR) -> int | None:
    """The embedded server's postmaster process, when one runs on `data_dir`."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
        os.kill(pid, 0)
    except (FileNotFoundError, IndexError, ValueError, ProcessLookupError):
        return None
    except PermissionError:  # alive, owned by another user (not ours to stop as non-root)
        pass
    return pid


def stop(data_dir: Path = DATA_DIR, timeout: float = 30.0) -> str:
    """Stop the embedded server (a fast shutdown: sessions are closed, data is kept).

    pg_ctl refuses to run as root, and as root the server runs as the `pgserver` user, so we
    signal the postmaster ourselves: SIGINT is PostgreSQL's "fast" shutdown.
    """
    pid = embedded_pid(data_dir)
    if pid is None:
        return f"No embedded PostgreSQL is running on {data_dir}."
    os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return f"Stopped the embedded PostgreSQL (pid {pid}); its data stays in {data_dir}."
        time.sleep(0.1)
    raise SystemExit(f"The embedded PostgreSQL (pid {pid}) did not stop within {timeout:.0f}s.")


def main(argv: list[str]) -> None:
    if argv[:1] == ["stop"]:
        print(stop())
        return
    prefer_server = "--prefer-server" in argv
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    url = resolve_url(prefer_server)
    if not command:
        print(url)
        return
    os.environ["DATABASE_URL"] = url
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
