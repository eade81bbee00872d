"""Staff edit the reported assumptions (value, source, dates). Members' saved scenarios are not
registered: they are private, like the workbench."""

from django.contrib import admin

from money.models import Assumption


@admin.register(Assumption)
class AssumptionAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "unit", "publisher", "published", "as_of"]
    list_editable = ["value"]
    search_fields = ["key", "label", "publisher"]
    ordering = ["order", "key"]
