"""Career video fixtures: a tiny clip made by ffmpeg (lavfi) once per run, media in a temporary
MEDIA_ROOT per test, lessons added through the real pipeline (ffmpeg, ffprobe)."""

import subprocess

import pytest

from videos import services

CAPTIONS = b"""WEBVTT

00:00.000 --> 00:01.000
Your work log is the spine of a promotion case.

00:01.000 --> 00:01.900
Feedback providers add the evidence.
"""

CHAPTERS = b"""WEBVTT

00:00.000 --> 00:01.000
Work log

00:01.000 --> 00:02.000
Feedback
"""


def make_clip(path, *, seconds=2, audio=True):
    inputs = ["-f", "lavfi", "-i", f"testsrc=size=320x240:rate=25:duration={seconds}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", *inputs, "-c:v", "libx264", "-c:a", "aac"]
        + ["-shortest", str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="session")
def clip(tmp_path_factory):
    """A 2-second H.264/AAC MP4 (a test card and a tone), generated offline."""
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def make_lesson(db, clip, topics):
    def make(title="Build a promotion case", *, publish=True, topic_slugs=("promotion",), **kw):
        return services.add_lesson(
            video_path=clip,
            captions=kw.pop("captions", CAPTIONS),
            chapters=kw.pop("chapters", CHAPTERS),
            title=title,
            summary=kw.pop("summary", "Work log, evidence and feedback providers."),
            topics=[topics[slug] for slug in topic_slugs],
            publish=publish,
            **kw,
        )

    return make


def stored_files(media_root):
    files = (p for p in media_root.rglob("*") if p.is_file())
    return sorted(p.relative_to(media_root).as_posix() for p in files)
