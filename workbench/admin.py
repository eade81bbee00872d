"""Staff see how much each person keeps in the workbench, never what it says: no workbench
model is registered, only this count per account (no detail page, no edit, no export)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count

from taro.admin import ReadOnlyAdmin

User = get_user_model()


# get_user_model() is a value to mypy, not a class it can check a subclass of.
class WorkbenchUsage(User):  # type: ignore[misc, valid-type]
    class Meta:
        proxy = True
        verbose_name = "workbench usage (counts only)"
        verbose_name_plural = "workbench usage (counts only)"


@admin.register(WorkbenchUsage)
class WorkbenchUsageAdmin(ReadOnlyAdmin):
    list_display = [
        "username",
        "entries",
        "peers",
        "feedback_drafts",
        "documents",
        "growth_areas",
        "goals",
    ]
    list_display_links = None
    search_fields = ["username"]
    ordering = ["username"]
    actions = None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_entries=Count("workbench_entries", distinct=True),
                n_peers=Count("workbench_peers", distinct=True),
                n_feedback=Count("workbench_feedback", distinct=True),
                n_drafts=Count("workbench_drafts", distinct=True),
                n_growth=Count("workbench_growth", distinct=True),
                n_goals=Count("workbench_goals", distinct=True),
            )
            .filter(n_entries__gt=0)
        )

    @admin.display(description="log entries", ordering="n_entries")
    def entries(self, obj):
        return obj.n_entries

    @admin.display(description="peers", ordering="n_peers")
    def peers(self, obj):
        return obj.n_peers

    @admin.display(description="feedback drafts", ordering="n_feedback")
    def feedback_drafts(self, obj):
        return obj.n_feedback

    @admin.display(description="edited documents", ordering="n_drafts")
    def documents(self, obj):
        return obj.n_drafts

    @admin.display(description="growth-area themes", ordering="n_growth")
    def growth_areas(self, obj):
        return obj.n_growth

    @admin.display(description="goals", ordering="n_goals")
    def goals(self, obj):
        return obj.n_goals

    def lookup_allowed(self, lookup, value, request=None):
        """No filters by URL: the admin would otherwise accept any relation as a query parameter,
        and `?workbench_entries=<id>` would list the account that owns that entry. Refused
        lookups answer 400 (Django's DisallowedModelAdminLookup); search by username stays."""
        return False

    def has_view_permission(self, request, obj=None):
        # The list only: there is no page for one account's workbench.
        return request.user.is_staff and obj is None
