"""The demo lessons `manage.py load_demo` adds (through the real pipeline): see generate.py."""

import datetime as dt

from django.conf import settings

from taro.models import Topic
from videos import services
from videos.demo import generate
from videos.demo.scripts import LESSONS
from videos.models import Lesson

REVIEWED = dt.date(2026, 12, 4)


def load(write=print) -> int:
    """Generate (or find cached) and add the demo lessons that are missing; how many were added."""
    if not settings.VIDEOS_DEMO_LESSONS:
        return 0  # the test suite: its tests make their own tiny clips
    added = 0
    for order, script in enumerate(LESSONS):
        if Lesson.objects.filter(slug=script["slug"]).exists():
            continue
        made = generate.generate(script)
        write(f"Demo lesson {script['slug']}: {'cached' if made.cached else 'generated'} media")
        services.add_lesson(
            video_path=made.video,
            captions=made.captions.read_bytes(),
            chapters=made.chapters.read_bytes(),
            title=script["title"],
            summary=script["summary"],
            topics=Topic.objects.filter(slug__in=script["topics"]),
            slug=script["slug"],
            publish=True,
            related=script["related"],
            last_reviewed=REVIEWED,
            order=order,
        )
        added += 1
    return added
