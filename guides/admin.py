from typing import cast

from django.contrib import admin

from guides.models import Guide, GuideQuerySet, GuideTopic


class GuideTopicInline(admin.TabularInline):
    model = GuideTopic
    extra = 0
    fields = ["position", "topic"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    """Read-only: the Markdown files are the source of truth, and sync_guides would undo edits."""

    list_display = [
        "title",
        "slug",
        "order",
        "topic_names",
        "reading_minutes",
        "last_reviewed",
        "updated_at",
    ]
    list_filter = ["topics", "last_reviewed", "updated_at"]
    search_fields = ["title", "slug", "summary", "body_source"]
    ordering = ["order", "slug"]
    inlines = [GuideTopicInline]
    readonly_fields = ["updated_at"]

    def get_queryset(self, request):
        return cast(GuideQuerySet, super().get_queryset(request)).with_topics()

    @admin.display(description="Topics")
    def topic_names(self, guide):
        return ", ".join(topic.name for topic in guide.topic_list)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
