from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from forum import guide_panels, lesson_panels
        from forum.selectors import suspension_message
        from forum.viewcounts import flush_pending_views
        from taro import periodic, restrictions

        guide_panels.register()  # citations, related discussions and "Ask" on guide pages
        lesson_panels.register()  # the threads citing a lesson, on its page
        restrictions.register(suspension_message)  # a suspension also freezes the profile
        # Thread views counted in Redis move into PostgreSQL on every tick of the worker.
        periodic.register("thread views", flush_pending_views, every_seconds=lambda: 0)
