from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from forum import guide_panels

        guide_panels.register()  # citations, related discussions and "Ask" on guide pages
