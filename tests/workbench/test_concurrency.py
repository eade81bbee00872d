"""One plan and one draft of each kind per person, even when two tabs save at the same moment
(real threads, each with its own PostgreSQL connection)."""

import pytest

from tests.forum.test_limits_concurrency import run_together
from workbench import services
from workbench.models import Draft, Plan

# serialized_rollback brings back the seeded positions that the flush after a transactional test
# (this one, or a browser journey run before it) would otherwise lose.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_first_saves_make_one_plan_and_one_draft(make_user):
    owner = make_user()
    run_together(6, lambda i: services.set_move(owner=owner, move="sde2-sde3"))
    assert Plan.objects.filter(owner=owner).count() == 1
    run_together(
        6,
        lambda i: services.save_draft(
            owner=owner, kind="promotion", text=f"# Tab {i}", entry_ids=[]
        ),
    )
    drafts = Draft.objects.filter(owner=owner)
    assert drafts.count() == 1 and drafts.get().text.startswith("# Tab ")
