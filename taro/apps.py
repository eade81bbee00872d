from django.apps import AppConfig


class TaroConfig(AppConfig):
    name = "taro"
    verbose_name = "Taro identity and taxonomy"

    def ready(self):
        from taro import onboarding, signals  # noqa: F401  (a Profile with every account; login)
