from django.apps import AppConfig


class TaroConfig(AppConfig):
    name = "taro"
    verbose_name = "Taro identity and taxonomy"

    def ready(self):
        # A Profile with every account, the onboarding flag on login, and `check --deploy`'s
        # refusal of undelivered mail and a local SITE_URL.
        from taro import checks, onboarding, signals  # noqa: F401
