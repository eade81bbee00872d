from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from forum import guide_panels
        from forum.selectors import suspension_message
        from taro import restrictions

        guide_panels.register()  # citations, related discussions and "Ask" on guide pages
        restrictions.register(suspension_message)  # a suspension also freezes the profile
