from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The promotion workbench: a private work log that becomes a promotion document. Lives
    under taro (it imports taro only); the forum may link to it, nothing public reads it."""

    name = "workbench"
    label = "workbench"
    verbose_name = "Promotion workbench"
    default_auto_field = "django.db.models.BigAutoField"
    # Mail the notification worker sends for this app on each run (dotted paths, imported by
    # the worker at run time: the forum never names the workbench).
    mail_jobs = ("workbench.reminders.send_weekly_reminders",)
