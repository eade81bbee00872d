"""`manage.py add_lesson VIDEO --captions FILE.vtt --title "…" [--publish]`: transcode, store."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from taro.models import Topic
from videos import services
from videos.media import MediaError


class Command(BaseCommand):
    help = (
        "Add a career video lesson: transcodes VIDEO to H.264/AAC MP4 with ffmpeg (in this "
        "process), checks the WebVTT captions against it and stores everything."
    )

    def add_arguments(self, parser):
        parser.add_argument("video", type=Path)
        parser.add_argument("--captions", type=Path, required=True, help="WebVTT captions.")
        parser.add_argument("--chapters", type=Path, help="WebVTT chapters (one cue each).")
        parser.add_argument("--title", required=True)
        parser.add_argument("--summary", default="")
        parser.add_argument("--slug")
        parser.add_argument("--topic", action="append", default=[], help="A topic slug; repeat.")
        parser.add_argument("--publish", action="store_true", help="Show it on the site.")

    def handle(self, *args, video, captions, chapters, title, summary, slug, topic, publish, **_):
        topics = list(Topic.objects.filter(slug__in=topic))
        unknown = set(topic) - {t.slug for t in topics}
        if unknown:
            raise CommandError(f"Unknown topic(s): {', '.join(sorted(unknown))}.")
        try:
            lesson = services.add_lesson(
                video_path=existing(video, "video"),
                captions=existing(captions, "captions file").read_bytes(),
                chapters=existing(chapters, "chapters file").read_bytes() if chapters else None,
                title=title,
                summary=summary,
                slug=slug,
                topics=topics,
                publish=publish,
            )
        except MediaError as error:
            raise CommandError(str(error)) from error
        state = "published" if publish else "not published (publish it in the admin)"
        self.stdout.write(
            f"Added {lesson.title!r} ({lesson.duration_label}, {lesson.width}x{lesson.height}, "
            f"{(lesson.size_bytes or 0) / 1e6:.1f} MB), {state}: {lesson.get_absolute_url()}"
        )


def existing(path: Path, what: str) -> Path:
    if not path.is_file():
        raise CommandError(f"No {what} at {path}.")
    return path
