"""Guides: long-form Markdown articles kept in guides/content/ and synced into the database.

The files are the source of truth; rows are a rendered cache of them that `sync_guides` keeps
in step (see guides/services.py). Pages read only the stored HTML.
"""

from typing import Self

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from taro.models import Topic


class GuideQuerySet(models.QuerySet["Guide"]):
    def with_topics(self) -> Self:
        """Topics in the order the front matter lists them: the first one is the guide's main
        topic."""
        return self.prefetch_related(
            models.Prefetch(
                "guide_topics",
                queryset=GuideTopic.objects.select_related("topic").order_by("position"),
            )
        )

    def with_neighbours(self) -> Self:
        """Annotate the previous and next guide (by order, then slug) in the same query."""
        before = Q(order__lt=OuterRef("order")) | Q(
            order=OuterRef("order"), slug__lt=OuterRef("slug")
        )
        after = Q(order__gt=OuterRef("order")) | Q(
            order=OuterRef("order"), slug__gt=OuterRef("slug")
        )
        previous = Guide.objects.filter(before).order_by("-order", "-slug")
        following = Guide.objects.filter(after).order_by("order", "slug")
        return self.annotate(
            previous_slug=Subquery(previous.values("slug")[:1]),
            previous_title=Subquery(previous.values("title")[:1]),
            next_slug=Subquery(following.values("slug")[:1]),
            next_title=Subquery(following.values("title")[:1]),
        )

    def for_list(self) -> Self:
        return self.with_topics().defer("body_source", "body_html", "toc").order_by("order", "slug")


class Guide(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    topics = models.ManyToManyField(Topic, through="GuideTopic", related_name="guides")
    body_source = models.TextField()
    body_html = models.TextField(
        help_text="Rendered and sanitized at sync time; pages never render Markdown."
    )
    toc = models.JSONField(
        default=list, blank=True, help_text="Headings as [{id, name, level}], in document order."
    )
    word_count = models.PositiveIntegerField(default=0)
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    last_reviewed = models.DateField()
    order = models.PositiveSmallIntegerField(default=0, db_index=True)
    source_checksum = models.CharField(
        max_length=64, help_text="sha256 of the source file and the render version."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by PostgreSQL (stored generated column) for the site search; title and summary weigh
    # most.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="A", config="english")
        + SearchVector("body_source", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        indexes = [GinIndex(fields=["search_vector"], name="guide_search")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:detail", args=[self.slug])

    @property
    def topic_list(self) -> list[Topic]:
        """Ordered topics; free when the queryset used `with_topics()`."""
        return [link.topic for link in self.guide_topics.all()]

    @property
    def primary_topic(self) -> Topic | None:
        topics = self.topic_list
        return topics[0] if topics else None

    @property
    def has_change_log(self) -> bool:
        """Whether the guide keeps its dated "What changed" section (docs/guides.md), which the
        page's "Last reviewed" date then links to."""
        return any(entry["id"] == "what-changed" for entry in self.toc)

    @property
    def source_count(self) -> int:
        """How many sources the guide's Sources list holds (guides/citations.py numbers them)."""
        return self.body_html.count('<li id="source-')

    @property
    def toc_tree(self) -> list[dict]:
        """The flat stored toc nested one level: each h2 with its h3 entries as `children`."""
        tree: list[dict] = []
        for entry in self.toc:
            if entry["level"] > 2 and tree:
                tree[-1]["children"].append(entry)
            else:
                tree.append({**entry, "children": []})
        return tree


class GuideTopic(models.Model):
    """The guide–topic link, with the position the front matter gave it."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="guide_topics")
    # PROTECT: deleting a topic a guide names would only make the next sync fail.
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="guide_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "topic"], name="guide_topic_unique")
        ]

    def __str__(self):
        return f"{self.guide.slug} · {self.topic.slug}"


class GuideSection(models.Model):
    """One section of a guide (the text under an h2 or h3 heading, up to the next one; the text
    before the first heading is the section with no anchor), kept by `sync_guides` so the site
    search ranks and links sections, not whole guides."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=100, blank=True, help_text="The heading's id.")
    heading = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(default=2)
    # The guide's title, copied: a generated column can only read its own row.
    guide_title = models.CharField(max_length=200)
    body_text = models.TextField(help_text="The section's words without markup.")
    search_vector = models.GeneratedField(
        expression=SearchVector("heading", weight="A", config="english")
        + SearchVector("body_text", weight="B", config="english")
        + SearchVector("guide_title", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "position"], name="guide_section_position")
        ]
        indexes = [GinIndex(fields=["search_vector"], name="guide_section_search")]

    def __str__(self):
        return f"{self.guide_title} › {self.heading}" if self.heading else self.guide_title

    def get_absolute_url(self):
        url = reverse("guides:detail", args=[self.guide.slug])
        return f"{url}#{self.anchor}" if self.anchor else url
