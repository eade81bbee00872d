"""Demo lessons made offline and reproducibly from scripts.py: narration by Debian's espeak-ng,
slides rendered by ffmpeg from the same text, captions and chapters timed from the measured
length of each spoken sentence (so captions match speech).

Cached under .data/videos-demo/<slug>-<key>/, the key a hash of the script, this generator's
version and the tools' versions: a warm `make run` finds the files and does nothing.
"""

import hashlib
import json
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from videos import media
from videos.media import Cue, MediaError

GENERATOR_VERSION = "1"
VOICE = ["-v", "en-us", "-s", "165"]
LEAD_IN, SENTENCE_GAP, CHAPTER_GAP, TAIL = 0.6, 0.35, 0.9, 1.2
WIDTH, HEIGHT, FPS = 1280, 720, 25
FONTS = Path("/usr/share/fonts/truetype/dejavu")
BACKGROUND = "0x211a3d"


@dataclass(frozen=True)
class Generated:
    video: Path
    captions: Path
    chapters: Path
    cached: bool


def cache_root() -> Path:
    return Path(os.environ.get("VIDEOS_DEMO_CACHE") or settings.BASE_DIR / ".data" / "videos-demo")


def tool_versions() -> str:
    for tool in ("ffmpeg", "espeak-ng"):
        if not shutil.which(tool):
            raise MediaError(f"{tool} not found: install Debian's {tool} (make media-deps).")
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True)
    espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    return ffmpeg.stdout.splitlines()[0] + "|" + espeak.stdout.strip()


def cache_key(script: dict) -> str:
    text = json.dumps(script, sort_keys=True) + GENERATOR_VERSION + tool_versions()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def generate(script: dict, root: Path | None = None) -> Generated:
    root = root or cache_root()
    target = root / f"{script['slug']}-{cache_key(script)}"
    if not (target / "done").exists():
        work = root / f".tmp-{target.name}-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            build(script, work)
            (work / "done").write_text("ok\n")
            shutil.rmtree(target, ignore_errors=True)
            work.rename(target)  # whole or not at all: an interrupted run leaves only .tmp-*
        finally:
            shutil.rmtree(work, ignore_errors=True)
        cached = False
    else:
        cached = True
    return Generated(
        video=target / "lesson.mp4",
        captions=target / "captions.vtt",
        chapters=target / "chapters.vtt",
        cached=cached,
    )


def speak(text: str, path: Path) -> float:
    """One sentence to a WAV file; its length in seconds, measured from the samples."""
    subprocess.run(["espeak-ng", *VOICE, "-w", str(path), text], check=True, capture_output=True)
    with wave.open(str(path), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


def build(script: dict, work: Path) -> None:
    cues, chapter_cues, clips = [], [], []
    at = LEAD_IN
    for number, chapter in enumerate(script["chapters"]):
        chapter_start = 0.0 if number == 0 else at - CHAPTER_GAP / 2
        for index, sentence in enumerate(chapter["sentences"]):
            clip = work / f"s{number:02d}{index:02d}.wav"
            length = speak(sentence, clip)
            clips.append((at, clip))
            cues.append(Cue(start=round(at, 3), end=round(at + length, 3), text=sentence))
            at += length + SENTENCE_GAP
        at += CHAPTER_GAP - SENTENCE_GAP
        chapter_cues.append(Cue(start=round(chapter_start, 3), end=0, text=chapter["title"]))
    total = at - CHAPTER_GAP + TAIL
    ends = [c.start for c in chapter_cues[1:]] + [round(total, 3)]
    chapter_cues = [Cue(c.start, end, c.text) for c, end in zip(chapter_cues, ends, strict=True)]
    mix_narration(clips, total, work / "narration.wav")
    render_video(script, chapter_cues, work)
    (work / "captions.vtt").write_text(media.build_webvtt(cues))
    (work / "chapters.vtt").write_text(media.build_webvtt(chapter_cues))


def mix_narration(clips: list[tuple[float, Path]], total: float, target: Path) -> None:
    """The sentences at their measured times, silence between (same format as espeak's)."""
    with wave.open(str(clips[0][1]), "rb") as first:
        params = first.getparams()
    rate, width = params.framerate, params.sampwidth * params.nchannels
    pcm = bytearray(int(total * rate) * width)
    for start, clip in clips:
        with wave.open(str(clip), "rb") as source:
            frames = source.readframes(source.getnframes())
        offset = int(start * rate) * width
        pcm[offset : offset + len(frames)] = frames
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(bytes(pcm[: int(total * rate) * width]))


def font(bold: bool = False) -> str:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return f"fontfile={path}" if path.exists() else "font=Sans"


def text_layer(work: Path, name: str, text: str, *, size: int, y: int, color: str, bold=False):
    path = work / f"{name}.txt"
    path.write_text(text)
    return f"drawtext={font(bold)}:textfile={path}:fontsize={size}:fontcolor={color}:x=90:y={y}"


def render_video(script: dict, chapters: list[Cue], work: Path) -> None:
    inputs, filters = [], []
    for number, chapter in enumerate(chapters):
        spec = script["chapters"][number]
        duration = chapter.end - chapter.start
        inputs += ["-f", "lavfi", "-t", f"{duration:.3f}"]
        inputs += ["-i", f"color=c={BACKGROUND}:s={WIDTH}x{HEIGHT}:r={FPS}"]
        layers = [
            text_layer(work, f"t{number}", script["title"], size=34, y=80, color="0xc2b5ff"),
            text_layer(work, f"c{number}", spec["title"], size=68, y=200, color="white", bold=True),
            text_layer(
                work,
                f"n{number}",
                f"{number + 1} / {len(chapters)}   ·   Taro career videos",
                size=26,
                y=HEIGHT - 90,
                color="0xa9a7b8",
            ),
        ]
        for line, bullet in enumerate(spec["bullets"]):
            layers.append(
                text_layer(
                    work,
                    f"b{number}{line}",
                    f"•  {bullet}",
                    size=42,
                    y=340 + line * 78,
                    color="0xecebf3",
                )
            )
        filters.append(f"[{number}:v]{','.join(layers)}[v{number}]")
    joined = "".join(f"[v{n}]" for n in range(len(chapters)))
    filters.append(f"{joined}concat=n={len(chapters)}:v=1:a=0[v]")
    audio = len(chapters)
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", *inputs, "-i", str(work / "narration.wav")]
        + ["-filter_complex", ";".join(filters), "-map", "[v]", "-map", f"{audio}:a"]
        + ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-pix_fmt", "yuv420p"]
        + ["-c:a", "aac", "-b:a", "96k", "-shortest", str(work / "lesson.mp4")],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise MediaError(f"ffmpeg could not render the slides: {media.last_line(result.stderr)}")
