"""What the forum shows on lesson pages, through videos' extension point (videos/panels.py):
the threads that cite the lesson ("Discussed in the forum"). Registered in ForumConfig.ready()."""

from forum.models import thread_url
from forum.selectors import lesson_threads
from videos import panels


def discussed_in_forum(lesson) -> dict:
    """The newest visible threads citing the lesson: one query (none shown: no panel)."""
    threads = [
        {"title": q.title, "url": thread_url(q.pk, q.slug), "answers": q.answer_count}
        for q in lesson_threads(lesson.pk)
    ]
    return {"threads": threads} if threads else {}


def register() -> None:
    panels.register(
        panels.Panel("discussed-in-forum", "forum/includes/lesson_threads.html", discussed_in_forum)
    )
