"""Find or start the PostgreSQL that development and tests use, then run a command with it.

    python -m taro.devdb [--prefer-server] -- COMMAND...

DATABASE_URL wins when set. With --prefer-server (used by `make test`) the server at
127.0.0.1:5432 is used when it answers. Otherwise an embedded PostgreSQL 16 from the pgserver
wheel is started with its data under .data/pg; it keeps running for the next command.
"""

import os
import socket
import sys
from pathlib import Path

LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/{name}"
DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "pg"


def local_server_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def embedded_url(name: str) -> str:
    import pgserver

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
        return LOCAL_SERVER_URL.format(name=name)
    return embedded_url(name)


def main(argv: list[str]) -> None:
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
