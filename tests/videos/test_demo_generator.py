"""The demo lessons' generator, run for real on one short script (espeak-ng and ffmpeg), and the
shipped scripts checked without generating them."""

import re
import subprocess
import wave

import pytest

from videos import media, services
from videos.demo import generate
from videos.demo.scripts import LESSONS
from videos.models import TranscriptCue

SHORT = {
    "slug": "tiny",
    "title": "A tiny lesson",
    "chapters": [
        {"title": "Hello", "bullets": ["One"], "sentences": ["Keep a work log."]},
        {"title": "Bye", "bullets": ["Two"], "sentences": ["Ask for feedback early.", "Done."]},
    ],
}


def seconds_of(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


@pytest.mark.django_db
def test_generator_times_captions_from_the_speech_and_caches(tmp_path, topics):
    made = generate.generate(SHORT, root=tmp_path)
    assert not made.cached
    cues = media.parse_webvtt(made.captions.read_bytes())
    assert [c.text for c in cues] == ["Keep a work log.", "Ask for feedback early.", "Done."]
    # Each cue lasts exactly as long as espeak-ng takes to say its sentence.
    spoken = tmp_path / "check.wav"
    for cue in cues:
        generate.speak(cue.text, spoken)
        with wave.open(str(spoken)) as clip:
            length = clip.getnframes() / clip.getframerate()
        assert cue.end - cue.start == pytest.approx(length, abs=0.002)
    assert all(a.end < b.start for a, b in zip(cues, cues[1:], strict=False))
    chapters = media.parse_webvtt(made.chapters.read_bytes(), what="chapters file")
    assert [c.text for c in chapters] == ["Hello", "Bye"] and chapters[0].start == 0
    assert cues[0].end < chapters[1].start < cues[1].start
    duration = seconds_of(made.video)
    assert cues[-1].end < duration < cues[-1].end + 2

    stamp = made.video.stat().st_mtime_ns
    again = generate.generate(SHORT, root=tmp_path)
    assert again.cached and again.video == made.video and made.video.stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob(".tmp-*"))
    # A changed script is a new key: generated afresh, not served stale.
    changed = {**SHORT, "title": "Another tiny lesson"}
    assert not generate.generate(changed, root=tmp_path).cached

    # And the pipeline takes it as it takes any upload.
    lesson = services.add_lesson(
        video_path=made.video,
        captions=made.captions.read_bytes(),
        chapters=made.chapters.read_bytes(),
        title=SHORT["title"],
        publish=True,
    )
    assert lesson.status == "ready" and [c["title"] for c in lesson.chapters] == ["Hello", "Bye"]
    assert TranscriptCue.objects.filter(lesson=lesson).count() == 3


@pytest.mark.parametrize("script", LESSONS, ids=[s["slug"] for s in LESSONS])
def test_shipped_scripts_fit_60_to_120_seconds_and_short_cues(script, topics):
    sentences = [s for chapter in script["chapters"] for s in chapter["sentences"]]
    words = sum(len(s.split()) for s in sentences)
    # espeak-ng at 165 words a minute plus the pauses: measured 69-76 s for ~180-200 words.
    estimate = words / 165 * 60 + len(sentences) * generate.SENTENCE_GAP + 3
    assert 60 <= estimate <= 120, (script["slug"], words, estimate)
    assert all(len(s) <= 110 for s in sentences), "a cue per sentence: two lines at most"
    assert set(script["topics"]) <= set(topics)
    for item in script["related"]:
        assert re.match(r"^/guides/[-a-z]+/(#[-a-z]+)?$", item["url"])
