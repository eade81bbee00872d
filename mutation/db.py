"""The test database of a mutation run: made once, then copied from its template per mutant."""

import os
import subprocess
import sys

import psycopg2

TEMPLATE_SUFFIX = "_mutation_template"


def _names() -> tuple[str, str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taro.settings_test")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    test_name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
    return test_name, test_name + TEMPLATE_SUFFIX


def _admin_connection():
    from django.conf import settings

    database = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def make_template(seed_tests: str) -> None:
    """Create the test database from the migrations (a short pytest run keeps it), then save it
    as the template every mutant's run starts from."""
    test_name, template = _names()
    _run(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')  # a stopped run's connections
    subprocess.check_call(
        [sys.executable, "-m", "pytest", "-q", "--create-db", "--reuse-db", seed_tests],
        stdout=subprocess.DEVNULL,
    )
    _run(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    _run(f'CREATE DATABASE "{template}" TEMPLATE "{test_name}"')


def reset_test_database() -> None:
    test_name, template = _names()
    _run(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
    _run(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')


def _run(statement: str) -> None:
    connection = _admin_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()
