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


def test_two_workers_at_once_send_each_reminder_once(make_user):
    from django.core import mail
    from django.utils import timezone

    from workbench import reminders

    today = timezone.localdate()
    for n in range(4):
        services.set_reminder(owner=make_user(f"weekly{n}"), day=today.weekday())
    results = run_together(3, lambda i: reminders.send_weekly_reminders(today=today))
    assert all(kind == "ok" for kind, _ in results), results
    assert sum(result.sent for _, result in results) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(set(m.to[0] for m in mail.outbox))
    assert len(mail.outbox) == 4
