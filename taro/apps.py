from django.apps import AppConfig


class TaroConfig(AppConfig):
    name = "taro"
    verbose_name = "Taro identity and taxonomy"

    def ready(self):
        from taro import signals  # noqa: F401  (creates a Profile with every account)
