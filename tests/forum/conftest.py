"""Fixtures shared by the forum's search tests."""

import pytest
from django.core.management import call_command
from django.db import transaction

from forum.seeding import demo


@pytest.fixture(scope="module")
def _demo_rows(django_db_setup, django_db_blocker):
    """The guides (guides/content, synced as `sync_guides` does) and the demo content, loaded
    once per module inside a transaction rolled back at the end; each test's own transaction
    nests inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("sync_guides", verbosity=0)
            demo.load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_content(_demo_rows, db):
    return None
