from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The promotion workbench: a private work log that becomes a promotion document. Lives
    under taro (it imports taro only); the forum may link to it, nothing public reads it."""

    name = "workbench"
    label = "workbench"
    verbose_name = "Promotion workbench"
    default_auto_field = "django.db.models.BigAutoField"
