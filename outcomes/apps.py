from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcome ledger"

    def ready(self):
        from django.conf import settings

        from outcomes import base_rates, publication
        from taro import periodic

        # The worker republishes the tables on a schedule (never a request).
        periodic.register(
            "outcomes.refresh",
            publication.refresh,
            every_seconds=lambda: settings.OUTCOMES_REFRESH_SECONDS,
        )
        base_rates.register()  # the workbench's readiness page asks taro.base_rates
