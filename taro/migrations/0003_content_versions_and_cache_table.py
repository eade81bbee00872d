from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations, models

CACHE_TABLE = "taro_cache"


def create_cache_table(apps, schema_editor):
    """The shared cache for production without REDIS_URL (settings.CACHES), made by `migrate`
    so deploying stays one command; harmless when Redis is used."""
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f'DROP TABLE IF EXISTS "{CACHE_TABLE}"')


def seed_versions(apps, schema_editor):
    ContentVersion = apps.get_model("taro", "ContentVersion")
    for name in ("forum", "votes", "ranking", "guides", "people"):
        ContentVersion.objects.get_or_create(name=name)


class Migration(migrations.Migration):

    dependencies = [
        ("taro", "0002_seed_amazon_positions_topics"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("number", models.BigIntegerField(default=1)),
            ],
        ),
        migrations.RunPython(seed_versions, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
