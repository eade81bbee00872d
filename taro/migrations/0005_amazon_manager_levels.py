"""Amazon's manager positions show their real levels in badges (issue #25).

0002 labelled the manager track "SDM 1/2/3", which made a Director look like a third-level
manager. Public reporting puts software development managers at L5-L6, senior managers at L7
and directors at L8 (the same L numbers the principal engineers' badges already use).
Idempotent, and reversible to the old labels.
"""

from django.db import migrations

# title -> (old level, new level)
MANAGER_LEVELS = {
    "Software Development Manager": ("SDM 1", "L5-L6"),
    "Senior Software Development Manager": ("SDM 2", "L7"),
    "Director of Software Development": ("SDM 3", "L8"),
}


def _relabel(apps, *, forwards: bool) -> None:
    Position = apps.get_model("taro", "Position")
    for title, (old, new) in MANAGER_LEVELS.items():
        before, after = (old, new) if forwards else (new, old)
        Position.objects.filter(company__slug="amazon", title=title, level=before).update(
            level=after
        )


def relabel(apps, schema_editor):
    _relabel(apps, forwards=True)


def restore(apps, schema_editor):
    _relabel(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("taro", "0004_profile_needs_onboarding")]
    operations = [migrations.RunPython(relabel, restore)]
