from django.contrib import admin

from taro.models import Company, Position, Profile, Topic


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that lists and shows rows but never adds, changes or deletes one (an audit log,
    counts): whoever registers it says why."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email_domain"]
    search_fields = ["name", "slug", "email_domain"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "company", "track", "rank"]
    list_filter = ["company", "track"]
    search_fields = ["title", "level"]
    list_select_related = ["company"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "position", "verified_company", "email_preference"]
    list_filter = ["verified_company", "email_preference", "position__company", "position__track"]
    search_fields = ["user__username", "user__email", "display_name"]
    list_select_related = ["user", "position__company", "verified_company"]
    raw_id_fields = ["user"]
    readonly_fields = ["bio_html"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug", "about"]
    prepopulated_fields = {"slug": ["name"]}
