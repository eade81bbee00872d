"""Posts keep a plain-text rendering beside their HTML (body_text), search indexes that instead of
the Markdown source, and the vocabulary that misspelt searches are corrected against."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from taro.markdown import plain_text

BATCH = 2000


def fill_body_text(apps, schema_editor):
    for name in ("Question", "Answer"):
        model = apps.get_model("forum", name)
        last = 0
        while True:
            rows = list(
                model.objects.filter(pk__gt=last).order_by("pk").only("pk", "body_html")[:BATCH]
            )
            if not rows:
                break
            for row in rows:
                row.body_text = plain_text(row.body_html)
            model.objects.bulk_update(rows, ["body_text"], batch_size=500)
            last = rows[-1].pk


VOCABULARY = """
    INSERT INTO forum_searchword (word, documents)
    SELECT word, ndoc FROM ts_stat($$
        SELECT to_tsvector('simple', title || ' ' || body_text) FROM forum_question
        WHERE NOT is_deleted
        UNION ALL
        SELECT to_tsvector('simple', body_text) FROM forum_answer WHERE NOT is_deleted
    $$) WHERE word ~ '^[a-z]{3,40}$'
"""


def vector(*parts):
    expression = None
    for column, weight in parts:
        part = django.contrib.postgres.search.SearchVector(column, config="english", weight=weight)
        expression = part if expression is None else expression + part
    return models.GeneratedField(
        db_persist=True,
        expression=expression,
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_thread_and_answer_versions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("documents", models.PositiveIntegerField(default=1)),
            ],
        ),
        migrations.AddField(
            model_name="answer",
            name="body_text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="question",
            name="body_text",
            field=models.TextField(blank=True, default=""),
        ),
        # A generated column's expression can't be altered: drop it, fill body_text, add it anew.
        migrations.RemoveIndex(model_name="question", name="question_search"),
        migrations.RemoveIndex(model_name="answer", name="answer_search"),
        migrations.RemoveField(model_name="question", name="search_vector"),
        migrations.RemoveField(model_name="answer", name="search_vector"),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
        migrations.AddField(
            model_name="question",
            name="search_vector",
            field=vector(("title", "A"), ("body_text", "B")),
        ),
        migrations.AddField(
            model_name="answer",
            name="search_vector",
            field=vector(("body_text", "B")),
        ),
        migrations.AddIndex(
            model_name="question",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="question_search"
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="answer_search"
            ),
        ),
        migrations.RunSQL(VOCABULARY, migrations.RunSQL.noop),
        # The vector columns are new: without statistics the planner guesses how many rows a
        # search matches (100 where the reference data has 3,500) until autovacuum analyzes them.
        migrations.RunSQL("ANALYZE forum_question, forum_answer", migrations.RunSQL.noop),
    ]
